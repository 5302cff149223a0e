/**
 * The facility life cycle (MODEL.md §4.2):
 * project → construction (lead time) → ramp-up (capacity rises linearly) → operating ⇄ idle → closed.
 *
 * Timers hold absolute month indices: `fTimer` is when construction or ramp-up ends, `fRestart` when a restart
 * completes. Each facility draws exactly two uniforms from its own stream `outage:<id>` every month, used or not, so
 * its draws never depend on the rest of the world.
 */
import { log as dLog } from '../../lib/dmath.ts';
import { monthLabel } from '../../scenario/months.ts';
import { Owner, FacilityKind, FacilityState, type World, emit, isStrategist } from '../world/world.ts';
import { addBrownfield, priceCollapse, type ScarringClosure } from './investors.ts';

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));

/** Step 2: advances construction, ramp-up, restarts and outages; sets each facility's available capacity (t/yr). */
export function advanceFacilities(w: World): void {
  const rules = w.scenario.facilityRules;
  for (let f = 0; f < w.facilities.count; f++) {
    const stream = w.facilities.streams[f]!;
    const u = stream();
    const ud = stream();
    w.facilities.outputT[f] = 0;
    w.facilities.surplusSoldT[f] = 0;
    w.facilities.processedT[f] = 0;
    w.facilities.processingOffer[f] = -1;
    w.facilities.feedT[f] = 0;
    w.facilities.availableTpy[f] = 0;
    const state = w.facilities.state[f]!;
    if (state === FacilityState.construction && w.month >= w.facilities.stateEndsMonth[f]!) {
      w.facilities.state[f] = FacilityState.rampUp;
      w.facilities.stateEndsMonth[f] = w.month + w.facilities.rampMonths[f]!;
      w.facilities.commissionedMonth[f] = w.month;
      emit(
        w,
        'commissioned',
        w.facilities.id[f]!,
        w.facilities.country[f]!,
        `Construction finished; ramping up over ${w.facilities.rampMonths[f]} months.`,
        '4.2 commissioning',
      );
    }
    if (w.facilities.state[f] === FacilityState.rampUp && w.month >= w.facilities.stateEndsMonth[f]!)
      w.facilities.state[f] = FacilityState.operating;
    if (
      w.facilities.state[f] === FacilityState.idle &&
      w.facilities.restartMonth[f]! > 0 &&
      w.month >= w.facilities.restartMonth[f]!
    ) {
      w.facilities.state[f] = FacilityState.operating;
      w.facilities.restartMonth[f] = 0;
      w.facilities.idleSpellMonths[f] = 0;
      w.facilities.monthsBelow[f] = 0;
      emit(
        w,
        'restart',
        w.facilities.id[f]!,
        w.facilities.country[f]!,
        'Back in operation after its restart.',
        '4.2 restart',
      );
    }
    const now = w.facilities.state[f]!;
    if (now !== FacilityState.operating && now !== FacilityState.rampUp) continue;
    if (w.facilities.outageMonths[f]! > 0) {
      w.facilities.outageMonths[f]!--;
      continue;
    }
    if (u < rules.outageProbability) {
      const months = Math.max(1, Math.round(-dLog(1 - ud) * rules.outageMonths));
      w.facilities.outageMonths[f] = months - 1;
      emit(
        w,
        'outage',
        w.facilities.id[f]!,
        w.facilities.country[f]!,
        `Unplanned outage of ${months} month${months > 1 ? 's' : ''}.`,
        '4.2 outage',
      );
      continue;
    }
    const ramp = w.facilities.rampMonths[f]!;
    const frac =
      now === FacilityState.rampUp && ramp > 0
        ? Math.min(1, (w.month - (w.facilities.stateEndsMonth[f]! - ramp) + 1) / (ramp + 1))
        : 1;
    w.facilities.availableTpy[f] = w.facilities.capacityTpy[f]! * frac;
  }
}

/**
 * Step 7: private decisions after the month is settled — idle after `idleAfter` months in which the netback fell
 * below cash cost or, with `fixedCostIdle`, the expected operating margin (expected netback − cash cost) × capacity
 * fell below the fixed cost idling would save, (1 − careCost) × fixed cost (MODEL.md §4.2); restart after
 * `restartAfter` months above cost × (1 + restartHurdle), close on bankruptcy (cash < −maxLoss) or after `maxIdle` idle
 * months. The strategist's facilities and state facilities with support left do not idle or close.
 * Returns the closures (outside the dominant country) that followed a price collapse, for the investors' scar.
 */
export function decideFacilities(w: World): ScarringClosure[] {
  const rules = w.scenario.facilityRules;
  const scarred: ScarringClosure[] = [];
  for (let f = 0; f < w.facilities.count; f++) {
    const state = w.facilities.state[f]!;
    if (state !== FacilityState.operating && state !== FacilityState.rampUp && state !== FacilityState.idle) continue;
    if (isStrategist(w, f)) continue;
    const c = w.facilities.country[f]!;
    if (w.facilities.owner[f] === Owner.state && c !== w.countries.dominant && w.countries.supportLeftMusd[c]! > 0)
      continue;
    const st = w.facilities.kind[f] === FacilityKind.mine ? 0 : 1;
    const cost = w.facilities.cashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2 + st]!;
    const netback = w.facilities.netbackUsdPerKg[f]!;
    const id = w.facilities.id[f]!;
    if (w.facilities.cashMusd[f]! < -rules.maxLossMusd) {
      close(
        w,
        f,
        scarred,
        `Bankrupt: cash ${fmt(w.facilities.cashMusd[f]!)} M$ is below the −${rules.maxLossMusd} M$ limit after losses at a netback of $${fmt(netback)}/kg against a cash cost of $${fmt(cost)}/kg.`,
        '4.2 bankruptcy',
      );
      continue;
    }
    if (state !== FacilityState.idle) {
      // A refinery that could buy no concentrate earns nothing: it counts as a month below cost.
      const starved =
        w.facilities.kind[f] === FacilityKind.refine &&
        w.facilities.feedT[f] === 0 &&
        w.facilities.availableTpy[f]! > 0;
      // A netback equal to the cash cost (to rounding: a refinery whose bid gave away its margin) covers it.
      const below = netback < cost - 1e-6 * Math.max(1, Math.abs(cost));
      // With `fixedCostIdle`, the expected operating margin at full output must also cover the fixed cost idling
      // would save (from full operation on: a plant in its ramp-up or an outage cannot earn it).
      const marginMusd = expectedMarginMusd(w, f, cost);
      const savedMusd = ((1 - rules.careCost) * w.facilities.fixedCostMusdPerYr[f]!) / 12;
      const short =
        rules.fixedCostIdle &&
        !below &&
        state === FacilityState.operating &&
        w.facilities.availableTpy[f]! > 0 &&
        marginMusd < savedMusd - 1e-9 * Math.max(1, savedMusd);
      w.facilities.monthsBelow[f] = below || starved || short ? w.facilities.monthsBelow[f]! + 1 : 0;
      if (w.facilities.monthsBelow[f]! >= rules.idleAfter && starved && netback >= cost) {
        w.facilities.state[f] = FacilityState.idle;
        w.facilities.idleSpellMonths[f] = 0;
        w.facilities.monthsAbove[f] = 0;
        emit(
          w,
          'idle',
          id,
          c,
          `No concentrate to refine for ${w.facilities.monthsBelow[f]} months (bids outbid or supply cut): care and maintenance.`,
          '4.2 idle',
        );
      } else if (w.facilities.monthsBelow[f]! >= rules.idleAfter) {
        w.facilities.state[f] = FacilityState.idle;
        w.facilities.idleSpellMonths[f] = 0;
        w.facilities.monthsAbove[f] = 0;
        const why = below
          ? `Netback $${fmt(netback)}/kg below its cash cost $${fmt(cost)}/kg`
          : `Expected operating margin ${fmt(marginMusd)} M$/month (expected netback $${fmt(expectedNetback(w, f))}/kg, cash cost $${fmt(cost)}/kg, ${fmt(w.facilities.capacityTpy[f]! / 12)} t a month) below the ${fmt(savedMusd)} M$/month of fixed cost idling would save (1 − careCost ${rules.careCost})`;
        emit(w, 'idle', id, c, `${why} for ${w.facilities.monthsBelow[f]} months: care and maintenance.`, '4.2 idle');
      }
      continue;
    }
    w.facilities.idleSpellMonths[f]!++;
    w.facilities.idleTotalMonths[f]!++;
    if (w.facilities.idleSpellMonths[f]! >= rules.maxIdle) {
      close(
        w,
        f,
        scarred,
        `Idle for ${w.facilities.idleSpellMonths[f]} months (limit ${rules.maxIdle}) without prices to restart: closed for good.`,
        '4.2 max idle',
      );
      continue;
    }
    if (w.facilities.restartMonth[f]! > 0) continue;
    const hurdle = cost * (1 + rules.restartHurdle);
    // With `fixedCostIdle`, a restart also waits until the expected margin covers the fixed cost idling saves.
    const pays =
      !rules.fixedCostIdle ||
      expectedMarginMusd(w, f, cost) >= ((1 - rules.careCost) * w.facilities.fixedCostMusdPerYr[f]!) / 12;
    w.facilities.monthsAbove[f] = netback > hurdle && pays ? w.facilities.monthsAbove[f]! + 1 : 0;
    if (w.facilities.monthsAbove[f]! >= rules.restartAfter) {
      w.facilities.cashMusd[f]! -= rules.restartCostMusd;
      w.facilities.restartMonth[f] = w.month + Math.max(1, rules.restartMonths);
      w.facilities.monthsAbove[f] = 0;
      emit(
        w,
        'restart',
        id,
        c,
        `Netback $${fmt(netback)}/kg above the restart hurdle $${fmt(hurdle)}/kg for ${rules.restartAfter} months: restart decided (${rules.restartCostMusd} M$, back in ${Math.max(1, rules.restartMonths)} months, ${monthLabel(w.scenario.start, w.facilities.restartMonth[f]!)}).`,
        '4.2 restart',
      );
    }
  }
  return scarred;
}

/**
 * Returns the netback a facility expects, USD/kg: its investor's expectation (an exponentially weighted mean of its
 * country's netbacks, half-life `expectationHalfLife`, MODEL.md §4.3); for an integrated plant the refined price
 * (refining margin plus concentrate / recovery).
 */
function expectedNetback(w: World, f: number): number {
  const c = w.facilities.country[f]!;
  const e = w.investors.expectedUsdPerKg;
  const kind = w.facilities.kind[f]!;
  if (kind === FacilityKind.mine) return e[c * 2]!;
  if (kind === FacilityKind.refine) return e[c * 2 + 1]!;
  return e[c * 2 + 1]! + e[c * 2]! / w.scenario.market.recovery;
}

/** Returns the operating margin a facility expects at full capacity, M$/month: (expected netback − cost) × capacity. */
function expectedMarginMusd(w: World, f: number, cost: number): number {
  return ((expectedNetback(w, f) - cost) * w.facilities.capacityTpy[f]!) / 12 / 1000;
}

/**
 * Closes a facility. A closure outside the dominant country that followed a price collapse scars investors
 * (MODEL.md §4.3): it is added to `scarred` and the event says so.
 */
function close(w: World, f: number, scarred: ScarringClosure[], detail: string, rule: string): void {
  w.facilities.state[f] = FacilityState.closed;
  w.facilities.closedMonth[f] = w.month;
  const c = w.facilities.country[f]!;
  const st = w.facilities.kind[f] === FacilityKind.mine ? 0 : 1;
  const collapse = c === w.countries.dominant ? null : priceCollapse(w, c, st);
  let scar = '';
  if (collapse) {
    scarred.push({ country: c, stage: st });
    const inv = w.scenario.investors;
    scar = ` It followed a price collapse (12-month mean netback $${fmt(collapse.recent)}/kg against $${fmt(collapse.best)}/kg at best within memory): investors' scar rises by ${fmt(inv.scarStep * 100)} pts in ${w.countries.codes[c]} and ${fmt(inv.scarSpillover * inv.scarStep * 100)} pts elsewhere.`;
  }
  const lead = addBrownfield(w, f);
  const restart = lead > 0 ? ` The site may restart as a brownfield project (${lead} months' lead time).` : '';
  emit(w, 'closed', w.facilities.id[f]!, c, detail + scar + restart, rule);
}
