/**
 * Step 1 of a month: scheduled events and the policies in force (MODEL.md §4.6–4.7). Rules that last (tariffs,
 * subsidies, export duties, export restrictions, demand shocks) are recomputed from the event list every month, so a
 * rule is in force exactly from its `month` until its `until`; one-off events (outages, mode changes, floor changes,
 * disruptions) fire in their month. Membership follows each member's `joins` and `leaves`. A disruption event, and an
 * export restriction of the dominant supplier covering members, declare a disruption (policy/stockpile.ts).
 */
import { monthIndex } from '../../scenario/months.ts';
import type { ScenarioEvent } from '../../scenario/schema.ts';
import { MODES } from '../../results/contract.ts';
import { Mode, Role, type Restriction, type World, emit, type ModeCode } from '../world/world.ts';
import { declareDisruption, declareRestrictionDisruption } from './stockpile.ts';

const FOREVER = 1_000_000;
const stagesOf = (st: 'mine' | 'refine' | 'both'): number[] => (st === 'both' ? [0, 1] : st === 'mine' ? [0] : [1]);

/** Months of each event relative to the start, computed once per world. */
const spans = new WeakMap<World, { from: number; until: number }[]>();
/** Quotas of cut-based restrictions, fixed when they take effect. */
const quotas = new WeakMap<World, Map<number, number>>();

/** Applies the month's events and recomputes the policies in force. */
export function applyEvents(w: World): void {
  updateMembership(w);
  let sp = spans.get(w);
  if (!sp) {
    sp = w.scenario.events.map((e) => ({
      from: monthIndex(w.scenario.start, e.month),
      until: 'until' in e && e.until ? monthIndex(w.scenario.start, e.until) : FOREVER,
    }));
    spans.set(w, sp);
    quotas.set(w, new Map());
  }
  w.countries.subsidyUsdPerKg.fill(0);
  w.countries.exportDutyShare.fill(0);
  w.countries.demandShock.fill(1);
  w.policies.tariffs = [];
  w.policies.restrictions = w.policies.restrictions.filter((r) => r.source === 'retaliation' && r.until > w.month);
  const qmap = quotas.get(w)!;
  w.scenario.events.forEach((e, k) => {
    const { from, until } = sp[k]!;
    const starts = from === w.month || (w.month === 0 && from < 0);
    if (e.kind === 'demand-shock') {
      if (w.month >= from && w.month < from + e.months) {
        for (let c = 0; c < w.countries.count; c++)
          if (!e.country || w.countries.codes[c] === e.country) w.countries.demandShock[c]! *= e.factor;
      }
      return;
    }
    if (isLasting(e)) {
      const active = w.month >= from && w.month < until;
      if (w.month === until && until !== FOREVER) announceEnd(w, e);
      if (!active) return;
      if (starts) announceStart(w, e);
      applyLasting(w, e, k, qmap, starts);
      // A restriction of the dominant's exports to members declares a disruption (a cut starts in month 1).
      if (e.kind === 'export-restriction' && !(e.quotaTpy === undefined && w.month === 0))
        declareRestrictionDisruption(w, exporterOf(w, e.country), e.to, until === FOREVER ? null : until);
      return;
    }
    if (starts) applyOneOff(w, e);
  });
  if (w.policies.restrictions.some((r) => r.exporter === w.countries.dominant)) {
    if (w.strategist.mode !== Mode.restrict) {
      w.strategist.modeBeforeRestrict = w.strategist.mode;
      w.strategist.mode = Mode.restrict;
      const detail =
        'Exports are restricted: the strategist switches to restrict (export quotas on top of its pricing).';
      emit(w, 'mode', 'dominant', w.countries.dominant, detail, '4.4 restrict');
    }
  } else if (w.strategist.mode === Mode.restrict) {
    w.strategist.mode = w.strategist.modeBeforeRestrict;
    const detail = `Export restrictions lifted: the strategist returns to ${MODES[w.strategist.mode]}.`;
    emit(w, 'mode', 'dominant', w.countries.dominant, detail, '4.4 restrict');
  }
}

function isLasting(e: ScenarioEvent): boolean {
  return e.kind === 'export-restriction' || e.kind === 'export-duty' || e.kind === 'tariff' || e.kind === 'subsidy';
}

function updateMembership(w: World): void {
  for (let c = 0; c < w.countries.count; c++) {
    const now =
      w.countries.role[c] === Role.member &&
      w.month >= w.countries.joinMonth[c]! &&
      w.month < w.countries.leaveMonth[c]!
        ? 1
        : 0;
    if (w.month > 0 && now !== w.countries.member[c]) {
      emit(
        w,
        now ? 'join' : 'leave',
        w.countries.codes[c]!,
        c,
        `${w.countries.codes[c]} ${now ? 'joins' : 'leaves'} the zone.`,
        '4.6 membership',
      );
    } else if (w.month === 0 && now && w.countries.joinMonth[c]! === 0) {
      emit(w, 'join', w.countries.codes[c]!, c, `${w.countries.codes[c]} joins the zone.`, '4.6 membership');
    }
    if (now && w.countries.member[c] === 0) recordPreZoneExports(w, c);
    w.countries.member[c] = now;
  }
}

/**
 * Records, the first time country c joins the zone, the dominant's mean monthly exports to it per stage over the 12
 * months before (the months on record): the trade the zone's instruments had not yet touched, retaliation's longer
 * look-back (agents/retaliation.ts).
 */
function recordPreZoneExports(w: World, c: number): void {
  const d = w.countries.dominant;
  if (d < 0 || w.strategist.preZoneExportsT[c * 2] === w.strategist.preZoneExportsT[c * 2]) return;
  for (const st of [0, 1]) w.strategist.preZoneExportsT[c * 2 + st] = recentExportsTo(w, d, c, st);
}

function exporterOf(w: World, code: string | undefined): number {
  return code ? w.countries.index.get(code)! : w.countries.dominant;
}

function applyLasting(w: World, e: ScenarioEvent, k: number, qmap: Map<number, number>, starts: boolean): void {
  if (e.kind === 'subsidy') {
    const c = w.countries.index.get(e.country)!;
    for (const st of stagesOf(e.stage)) w.countries.subsidyUsdPerKg[c * 2 + st]! += e.usdPerKg;
  } else if (e.kind === 'export-duty') {
    const c = exporterOf(w, e.country);
    for (const st of stagesOf(e.stage)) w.countries.exportDutyShare[c * 2 + st]! += e.rate;
  } else if (e.kind === 'tariff') {
    for (const st of stagesOf(e.stage)) {
      w.policies.tariffs.push({
        importer: e.importer,
        exporter: e.exporter,
        stage: st,
        adValorem: e.adValorem,
        perKg: e.perKg,
        until: FOREVER,
      });
    }
  } else if (e.kind === 'export-restriction') {
    const c = exporterOf(w, e.country);
    stagesOf(e.stage).forEach((st, j) => {
      const key = k * 2 + j;
      // A cut needs a history of exports: in the first month there is none, so a cut starts in month 1.
      if (e.quotaTpy === undefined && w.month === 0) return;
      if (starts || !qmap.has(key)) {
        const q = e.quotaTpy !== undefined ? e.quotaTpy / 12 : (1 - (e.cut ?? 0)) * recentExports(w, c, st, e.to);
        qmap.set(key, q);
      }
      const r: Restriction = {
        exporter: c,
        stage: st,
        dest: e.to,
        quotaT: qmap.get(key)!,
        until: FOREVER,
        source: 'event',
      };
      w.policies.restrictions.push(r);
    });
  }
}

/** Returns the mean monthly exports of the last 12 months from `c` at stage `st` to a destination selector, t. */
export function recentExports(w: World, c: number, st: number, dest: string): number {
  let sum = 0;
  const months = Math.min(12, w.month);
  if (months === 0) return 0;
  for (let k = 0; k < 12; k++) {
    for (let b = 0; b < w.countries.count; b++) {
      if (b !== c && matchesDestination(w, b, dest))
        sum += w.countries.exportRingT[((k * w.countries.count + c) * w.countries.count + b) * 2 + st]!;
    }
  }
  return sum / months;
}

/** Returns the mean monthly exports of the last 12 months from `c` to importer `b` at stage `st`, t. */
export function recentExportsTo(w: World, c: number, b: number, st: number): number {
  const months = Math.min(12, w.month);
  if (months === 0 || b === c) return 0;
  let sum = 0;
  for (let k = 0; k < 12; k++)
    sum += w.countries.exportRingT[((k * w.countries.count + c) * w.countries.count + b) * 2 + st]!;
  return sum / months;
}

/** Returns true when importer `b` is covered by a destination selector ("member", "non-member", "all" or a code). */
export function matchesDestination(w: World, b: number, dest: string): boolean {
  if (dest === 'all') return true;
  if (dest === 'member') return w.countries.member[b] === 1;
  if (dest === 'non-member') return w.countries.member[b] === 0;
  return w.countries.codes[b] === dest;
}

function announceStart(w: World, e: ScenarioEvent): void {
  const note = 'note' in e && e.note ? ` ${e.note}` : '';
  if (e.kind === 'export-restriction') {
    const who = e.country ?? w.countries.codes[w.countries.dominant]!;
    const what =
      e.quotaTpy !== undefined
        ? `a quota of ${e.quotaTpy} t/yr`
        : e.cut === 1
          ? 'a ban'
          : `a ${Math.round((e.cut ?? 0) * 100)}% cut`;
    emit(
      w,
      'restriction',
      who,
      w.countries.index.get(who)!,
      `${who} puts ${what} on ${e.stage} exports to ${e.to}.${note}`,
      '4.7 export control',
    );
  } else {
    const who = eventAgent(w, e);
    emit(w, 'policy', who, w.countries.index.get(who) ?? -1, `${describe(e)} takes effect.${note}`, '4.7 policy');
  }
}

/** Returns who an event's sentence names: its country, a tariff's importer, or else the dominant supplier. */
function eventAgent(w: World, e: ScenarioEvent): string {
  if ('country' in e && e.country) return e.country;
  return e.kind === 'tariff' ? e.importer : (w.countries.codes[w.countries.dominant] ?? '');
}

function announceEnd(w: World, e: ScenarioEvent): void {
  const who = eventAgent(w, e);
  const type = e.kind === 'export-restriction' ? 'restriction' : 'policy';
  emit(w, type, who, w.countries.index.get(who) ?? -1, `${describe(e)} ends.`, '4.7 policy');
}

function describe(e: ScenarioEvent): string {
  switch (e.kind) {
    case 'tariff':
      return `A tariff on ${e.stage} imports into ${e.importer} from ${e.exporter} (${Math.round(e.adValorem * 100)}% + $${e.perKg}/kg)`;
    case 'subsidy':
      return `A production subsidy of $${e.usdPerKg}/kg in ${e.country} (${e.stage})`;
    case 'export-duty':
      return `An export duty of ${Math.round(e.rate * 100)}% on ${e.stage} exports`;
    case 'export-restriction':
      return `The export restriction on ${e.stage} exports to ${e.to}`;
    default:
      return `The ${e.kind} event`;
  }
}

function applyOneOff(w: World, e: ScenarioEvent): void {
  switch (e.kind) {
    case 'outage': {
      const f = w.facilities.id.indexOf(e.facility);
      w.facilities.outageMonths[f] = Math.max(w.facilities.outageMonths[f]!, e.months);
      emit(w, 'outage', e.facility, w.facilities.country[f]!, `Scheduled outage of ${e.months} months.`, '4.2 outage');
      break;
    }
    case 'mode': {
      const mode = MODES.indexOf(e.mode) as ModeCode;
      if (mode !== w.strategist.mode) {
        w.policies.forcedMode = mode;
        emit(
          w,
          'mode',
          'dominant',
          w.countries.dominant,
          `Scheduled change of strategy to ${e.mode}.${e.note ? ` ${e.note}` : ''}`,
          '4.4 scripted',
        );
      }
      break;
    }
    case 'floor': {
      const st = e.stage === 'mine' ? 0 : 1;
      w.zone.floorUsdPerKg[st] = e.price ?? NaN;
      const text =
        e.price === null ? `The ${e.stage} floor is lifted.` : `The ${e.stage} floor is set to $${e.price}/kg.`;
      emit(w, 'policy', 'zone', -1, text, '4.6 floor');
      break;
    }
    case 'disruption':
      declareDisruption(w, w.month + e.months, 'scheduled');
      break;
    default:
      break;
  }
}
