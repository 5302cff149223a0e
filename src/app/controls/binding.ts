/**
 * What binds instead of a control, read from the scenario and the other controls (pure): the rule a moved control
 * drives may be held by another one — the stockpile's release ration over a declared disruption caps what its monthly
 * limit can release; rivals that never reach the tolerated share (in the run on screen) leave the adaptive
 * strategist competing exactly as scripted; a levy or a contract for difference without a floor charges or pays
 * nothing. Each function returns the bound or a plain sentence saying what binds and what would make the control act,
 * so a control can stop its range there or say so instead of moving nothing.
 */
import { monthIndex, monthLabel } from '../../scenario/months.ts';
import type { Scenario, ScenarioEvent } from '../../scenario/schema.ts';
import { MODES, type RunResult } from '../../results/contract.ts';
import { monthlyColumn } from '../../state/result-columns.ts';
import { type ValueOf, percent } from './control-types.ts';

/** Returns the index of the preset's ban on exports to members (an export restriction cutting 100%), or -1. */
export function findMemberBan(events: ScenarioEvent[]): number {
  return events.findIndex((e) => e.kind === 'export-restriction' && e.to === 'member' && e.cut === 1);
}

/** Returns the index of the first scheduled floor event for a stage (or for both), or -1. */
export function firstFloorEvent(events: Scenario['events'], stage: 'mine' | 'refine'): number {
  return events.findIndex((e) => e.kind === 'floor' && e.stage === stage);
}

const tonnes = (x: number) => `${Math.round(x).toLocaleString('en-US')} t`;

/** A disruption the scenario schedules, in month indices: it starts at `from` and lasts `months`. */
export interface ScheduledDisruption {
  from: number;
  months: number;
  why: string;
}

/**
 * Returns the disruptions the scenario schedules given the controls (MODEL.md §4.6): each `disruption` event, and each
 * export restriction by the dominant supplier that covers members — until its end, or for the stockpile's
 * `openEndedMonths` without one — with the member ban where the Export ban control puts it (or gone at its far right).
 */
export function scheduledDisruptions(s: Scenario, valueOf: ValueOf): ScheduledDisruption[] {
  const ban = findMemberBan(s.events);
  const banMonth = Number(valueOf('export-ban'));
  const openEnded = s.zone?.stockpile?.openEndedMonths ?? 24;
  const out: ScheduledDisruption[] = [];
  const restriction = (from: number, until: number | null, quota: boolean) => {
    // A cut measured on the last year's exports starts in month 1 (policies.ts).
    const start = from <= 0 && !quota ? 1 : Math.max(0, from);
    const months = until === null ? openEnded : until - start;
    if (start < s.months && months > 0) out.push({ from: start, months, why: 'the export ban' });
  };
  s.events.forEach((e, i) => {
    if (e.kind === 'disruption') {
      out.push({ from: monthIndex(s.start, e.month), months: e.months, why: 'the declared disruption' });
    } else if (e.kind === 'export-restriction' && i !== ban && coversMembers(s, e)) {
      const until = e.until ? monthIndex(s.start, e.until) : null;
      restriction(monthIndex(s.start, e.month), until, e.quotaTpy !== undefined);
    }
  });
  if (banMonth < s.months) {
    const e = ban >= 0 ? (s.events[ban] as Extract<ScenarioEvent, { kind: 'export-restriction' }>) : null;
    restriction(banMonth, e?.until ? monthIndex(s.start, e.until) : null, e?.quotaTpy !== undefined);
  }
  return out.filter((d) => d.from < s.months);
}

function coversMembers(s: Scenario, e: Extract<ScenarioEvent, { kind: 'export-restriction' }>): boolean {
  if (e.country && e.country !== s.dominant?.country) return false;
  return e.to === 'member' || e.to === 'all' || s.countries.some((c) => c.code === e.to && c.role === 'member');
}

/** The stockpile's storage given the controls: the Storage control, or what the Stockpile budget creates. */
export function stockpileStorageT(s: Scenario, valueOf: ValueOf): number {
  return (
    Number(valueOf('stockpile-capacity')) ||
    Math.round((Number(valueOf('stockpile-budget')) * 1000) / s.market.referencePrice.refine)
  );
}

/** What caps the stockpile's release during scheduled disruptions: the most a month, t, and why. */
export interface ReleaseRation {
  boundT: number;
  storageT: number;
  disruption: ScheduledDisruption;
}

/**
 * Returns the most the stockpile can release in a month of a scheduled disruption, whatever its monthly limit, or
 * null when the scenario schedules none. During a disruption with L months left it releases at most its stock / L
 * (MODEL.md §4.6), and its stock is at most its storage, so the shortest scheduled disruption bounds the ration at
 * storage / L, rounded up to 10 t.
 */
export function releaseRation(s: Scenario, valueOf: ValueOf): ReleaseRation | null {
  const list = scheduledDisruptions(s, valueOf);
  if (!list.length) return null;
  const disruption = list.reduce((a, b) => (b.months < a.months ? b : a));
  const storageT = stockpileStorageT(s, valueOf);
  return { boundT: Math.ceil(storageT / disruption.months / 10) * 10, storageT, disruption };
}

/**
 * Says why a release limit above the ration changes nothing in a scheduled disruption, and when it would still act;
 * null while the limit is within the ration (or nothing is scheduled).
 */
export function releaseRemark(s: Scenario, valueOf: ValueOf, limitT: number): string | null {
  const r = releaseRation(s, valueOf);
  if (!r || !(limitT > r.boundT)) return null;
  const sp = s.zone?.stockpile;
  const buy = sp?.buyBelow ?? s.zone?.floor.refine ?? s.market.referencePrice.refine;
  const release = Math.round(sp?.releaseAbove ?? 1.5 * buy);
  return (
    `The ration binds: during ${r.disruption.why} (${r.disruption.months} months from ${monthLabel(s.start, r.disruption.from)}) ` +
    `it releases its stock over the months left, at most ${tonnes(r.storageT)} / ${r.disruption.months} ≈ ` +
    `${tonnes(r.boundT)} a month, so a limit above that releases nothing more then; it acts outside a disruption ` +
    `only once the price reaches its release price ($${release}/kg). Lower it below ${tonnes(r.boundT)} a month for it to act in the disruption.`
  );
}

/**
 * Says why the stockpile's release limit changes nothing in the run on screen, or null: the stockpile sold nothing in
 * it (the price never reached its release price, and no declared disruption found a buyer at or above its floor), and
 * a cap on releases cannot start one, so the run is the same at any limit.
 */
export function noReleaseRemark(s: Scenario, run: RunResult | null | undefined): string | null {
  if (!run || !s.zone?.stockpile || !(run.kpis.stockpile_sales_musd === 0)) return null;
  return (
    'the stockpile sold nothing in this run, and a cap on its releases cannot start one: it acts once the stockpile ' +
    'sells (the price at its release price, or a declared disruption with a buyer at or above the floor).'
  );
}

/** Returns whether the zone's floor, a levy or a CfD strike, is set anywhere given the controls. */
export function hasFloor(s: Scenario, valueOf: ValueOf): boolean {
  if (Number(valueOf('floor-refine')) > 0 || Number(valueOf('floor-mine')) > 0) return true;
  const opening = new Set([firstFloorEvent(s.events, 'refine'), firstFloorEvent(s.events, 'mine')]);
  return s.events.some((e, i) => e.kind === 'floor' && !opening.has(i) && (e.price ?? 0) > 0);
}

/**
 * Says why the chosen mechanism charges or pays nothing — a levy lifts imports to the floor and a contract for
 * difference pays the gap below it (its strike), so without a floor neither acts — or null.
 */
export function mechanismRemark(s: Scenario, valueOf: ValueOf): string | null {
  const m = valueOf('mechanism');
  if (hasFloor(s, valueOf)) return null;
  if (m === 'levy' || (m === 'preset' && s.zone?.variableLevy && !s.zone.cfd && !(s.zone.fixedTariff > 0))) {
    return 'There is no floor here, so the levy charges nothing: set a floor (refined or concentrate) for it to act.';
  }
  const strike = s.zone?.cfdTerms?.strike;
  if (m === 'cfd' && !(strike?.refine ?? strike?.mine)) {
    return 'There is no floor here, so the contract pays nothing (its strike is the floor): set a floor (refined or concentrate) for it to act.';
  }
  return null;
}

/** Returns whether the zone burdens the dominant's exports (a levy up to a floor, or a tariff): what it retaliates against. */
function zoneBurdens(s: Scenario, valueOf: ValueOf): boolean {
  if (!s.zone && valueOf('members') === '') return false;
  const m = valueOf('mechanism');
  const levy = m === 'levy' || (m === 'preset' && (s.zone?.variableLevy ?? true));
  const tariff = m === 'tariff' || (m === 'preset' && (s.zone?.fixedTariff ?? 0) > 0);
  return tariff || (levy && hasFloor(s, valueOf));
}

/** The rules by which the adaptive strategist departs from the script (their events' `rule`). */
const ADAPTIVE_RULES = new Set(['4.4 flood', '4.4 flood exit', '4.4 harvest', '4.4 retaliation']);

/** The largest rivals' share of world output the adaptive strategist weighed in a run, and the month it was produced. */
export interface RivalShareSeen {
  share: number;
  month: number;
}

/**
 * Returns the largest share of world output at `stage` that rivals (every country but the dominant supplier's)
 * produced in a month after which the strategist chose its mode — every month m ≥ 1 outside restrict weighs month
 * m − 1's production (MODEL.md §4.4) — or null when the run has no such month.
 */
export function rivalShareSeen(run: RunResult, stage: 'mine' | 'refine'): RivalShareSeen | null {
  const dominant = monthlyColumn(run, `dominant_share_${stage}_world`);
  const restrict = MODES.indexOf('restrict');
  let seen: RivalShareSeen | null = null;
  for (let m = 1; m < run.meta.months; m++) {
    if (run.buffers.mode[m] === restrict) continue;
    const share = 1 - dominant[m - 1]!;
    if (share === share && (!seen || share > seen.share)) seen = { share, month: m - 1 };
  }
  return seen;
}

/**
 * Says why the adaptive strategy acts here exactly as the scripted one, and what would make it act, or null. Adaptive
 * departs from the script only by flooding once rivals supply more than the tolerated share of world output (and
 * harvesting or giving up after), or by retaliating against the zone's levy or tariff (MODEL.md §4.4). Read from the
 * run on screen: no such event in it, rivals always under the tolerated share when the strategist chose its mode, and
 * no levy or tariff to retaliate against. Null on a preset whose own strategy is adaptive (what it does is the
 * preset's story) or without a run of this scenario.
 */
export function adaptiveIdle(s: Scenario, valueOf: ValueOf, run: RunResult | null | undefined): string | null {
  if (!s.dominant || s.dominant.strategy === 'adaptive' || !run || run.meta.scenarioId !== s.id) return null;
  if (run.events.some((e) => ADAPTIVE_RULES.has(e.rule)) || zoneBurdens(s, valueOf)) return null;
  const stage = s.dominant.focusStage;
  const seen = rivalShareSeen(run, stage);
  const tolerated = Number(valueOf('tolerated-share'));
  if (!seen || !(seen.share <= tolerated)) return null;
  const name = stage === 'mine' ? 'mining' : 'refining';
  return (
    `Here it acts exactly as scripted: in this run rivals never supplied more than the tolerated ${percent(tolerated)} ` +
    `of world ${name} output when it chose its mode (at most ${percent(seen.share)}, in ${monthLabel(s.start, seen.month)}), ` +
    `so it never floods, and the zone charges no levy or tariff to retaliate against. Lower Tolerated rival share ` +
    `below ${percent(seen.share)}, or set a floor, for it to act.`
  );
}

/** Says, for the flood's parameters, that no flood comes in this run while rivals stay under the tolerated share, or null. */
export function noFloodRemark(s: Scenario, valueOf: ValueOf, run: RunResult | null | undefined): string | null {
  if (valueOf('strategy') !== 'adaptive' || !adaptiveIdle(s, valueOf, run)) return null;
  const seen = rivalShareSeen(run!, s.dominant!.focusStage)!;
  return `No flood in this run: rivals supplied at most ${percent(seen.share)} of world output, under the tolerated share (see Strategy).`;
}
