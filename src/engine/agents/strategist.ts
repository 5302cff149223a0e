/**
 * The dominant supplier's strategist (MODEL.md §4.4). It runs the dominant country's state facilities as one pool and
 * sets, per stage, a domestic ask (own marginal cash cost × (1 + domesticMargin)) and an export ask by mode:
 * - compete: marginal cash cost × (1 + normalMargin);
 * - flood: the cheapest operating rival's cash cost × (1 − undercut), never below own cost × (1 − maxBelowCost);
 * - harvest: the ask rises by `harvestRamp` a month up to `harvestPrice`;
 * - restrict: as compete, with export quotas in force (policies.ts).
 * The difference export − domestic ask is a wedge on every export route (an export duty when positive, an export
 * subsidy paid from the state support budget when negative), which is how two-tier prices arise.
 *
 * Adaptive transitions, measured on `focusStage` with last month's figures:
 * compete → flood when rivals' share of world production exceeds `toleratedRivalShare`;
 * flood → harvest once rivals' operating-capacity share has stayed below `rivalCollapseShare` for `harvestAfter` months;
 * harvest → flood when rivals' production share exceeds the tolerated share again.
 * flood → compete when the flood has cost `floodBudgetMusd` or rivals' operating capacity (t/yr) has not fallen for
 * `floodPatienceMonths` (see `floodExit`).
 * Retaliation: when the zone's tariffs on its exports exceed `retaliationTrigger` × its ask, it restricts exports to
 * members to (1 − `retaliationCut`) × their pre-dispute level for `retaliationMonths`, then forgives for
 * `forgiveMonths` (retaliation.ts).
 * The `dominant-firm` strategy instead sets the refined export ask against its residual demand (`dominantFirmAsk`).
 * With `meritOrderOffers` each state plant offers at home at its own cost × (1 + domesticMargin) (pool.ts).
 *
 * "Own marginal cash cost" is the unit cost of the state facility that would supply the last tonne at last month's
 * pool output (refineries: conversion + feed at the home concentrate price / recovery).
 */
import { MODES } from '../../results/contract.ts';
import { monthLabel } from '../../scenario/months.ts';
import { priceAgainstResidual } from './dominant-firm.ts';
import { retaliate } from './retaliation.ts';
import { inStage, running, unitCost } from './pool.ts';
import { exportMarket } from './residual-demand.ts';
import { FacilityKind, Mode, type World, costOrder, emit, isStrategist, type ModeCode } from '../world/world.ts';

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

function marginalCost(w: World, st: number, feedCost: number): number {
  const list: number[] = [];
  let cap = 0;
  let out = 0;
  let refineries = false;
  for (const f of costOrder(w.facilities, st)) {
    if (!isStrategist(w, f) || !running(w, f)) continue;
    list.push(f);
    cap += w.facilities.capacityTpy[f]! / 12;
    out += w.facilities.outputT[f]!;
    if (w.facilities.kind[f] === FacilityKind.refine) refineries = true;
  }
  if (!list.length) return NaN;
  // The cached order is by cash cost; with refineries in the pool, their feed changes the order.
  if (refineries) list.sort((a, b) => unitCost(w, a, feedCost) - unitCost(w, b, feedCost) || a - b);
  const sold = w.strategist.poolOutputT[st]!;
  const target = sold > 0 ? sold : out > 0 ? out : cap * 0.8;
  let acc = 0;
  for (const f of list) {
    acc += w.facilities.capacityTpy[f]! / 12;
    if (acc >= target - 1e-9) return unitCost(w, f, feedCost);
  }
  return unitCost(w, list[list.length - 1]!, feedCost);
}

/**
 * Returns the cash cost of the cheapest operating rival at stage st, USD/kg. A rival refinery's cost counts its feed at
 * the strategist's domestic concentrate ask (the best feed price it could hope for), not at the market price, which
 * the flood itself drags down.
 */
function cheapestRivalCost(w: World, st: number): number {
  let best = Infinity;
  for (let f = 0; f < w.facilities.count; f++) {
    if (w.facilities.country[f] === w.countries.dominant || !running(w, f) || !inStage(w, f, st)) continue;
    const feed =
      w.facilities.kind[f] === FacilityKind.refine
        ? w.strategist.domesticAskUsdPerKg[0]! / w.facilities.recovery[f]!
        : 0;
    best = Math.min(best, w.facilities.cashCostUsdPerKg[f]! + feed);
  }
  return best;
}

/**
 * Returns rivals' (non-dominant) share of last month's world production and of operating capacity at stage st, and
 * rivals' operating capacity itself, t/yr (running: operating or ramping up).
 */
export function rivalShares(w: World, st: number): { production: number; capacity: number; rivalCapacityTpy: number } {
  let prodAll = 0;
  let prodRival = 0;
  for (let c = 0; c < w.countries.count; c++) {
    prodAll += w.outcome.productionT[c * 2 + st]!;
    if (c !== w.countries.dominant) prodRival += w.outcome.productionT[c * 2 + st]!;
  }
  let capAll = 0;
  let capRival = 0;
  for (let f = 0; f < w.facilities.count; f++) {
    if (!running(w, f) || !inStage(w, f, st)) continue;
    capAll += w.facilities.capacityTpy[f]!;
    if (w.facilities.country[f] !== w.countries.dominant) capRival += w.facilities.capacityTpy[f]!;
  }
  return {
    production: prodAll > 0 ? prodRival / prodAll : 0,
    capacity: capAll > 0 ? capRival / capAll : 0,
    rivalCapacityTpy: capRival,
  };
}

function setMode(w: World, mode: ModeCode, detail: string, rule: string): void {
  if (mode === w.strategist.mode) return;
  w.strategist.mode = mode;
  emit(w, 'mode', 'dominant', w.countries.dominant, detail, rule);
}

/** Step 3b: mode transitions and this month's asks. Uses last month's production (still in `w.outcome.productionT`). */
export function runStrategist(w: World): void {
  const d = w.scenario.dominant;
  if (!d || w.countries.dominant < 0) return;
  const focus = d.focusStage === 'mine' ? 0 : 1;
  const s = w.strategist;
  // What last month's flood cost: the state support drawn then, the pool's losses and its export subsidies.
  if ((s.mode === Mode.restrict ? s.modeBeforeRestrict : s.mode) === Mode.flood) s.floodCostMusd += s.supportMonthMusd;
  if (w.policies.forcedMode !== -1) {
    if (w.strategist.mode !== Mode.restrict) w.strategist.mode = w.policies.forcedMode;
    else w.strategist.modeBeforeRestrict = w.policies.forcedMode;
    w.policies.forcedMode = -1;
  } else if (d.strategy === 'adaptive' && w.month > 0) transition(w, focus);
  const pricing = w.strategist.mode === Mode.restrict ? w.strategist.modeBeforeRestrict : w.strategist.mode;
  trackFlood(w, focus, pricing);
  // Feed for state refineries: the state's own mines at their marginal cost; without state mines, the reference
  // concentrate price (a fixed anchor: costing feed at the market price, which its own bids set, would ratchet).
  const mineMc = marginalCost(w, 0, 0);
  const homeFeed = mineMc === mineMc ? mineMc : w.scenario.market.referencePrice.mine;
  w.strategist.homeFeedUsdPerKg = homeFeed;
  for (const st of [0, 1]) {
    const mc = marginalCost(w, st, homeFeed);
    if (mc !== mc) continue;
    w.strategist.domesticAskUsdPerKg[st] = mc * (1 + d.domesticMargin);
    const compete = mc * (1 + d.normalMargin);
    let ask = compete;
    if (d.strategy === 'dominant-firm' && st === 1) {
      ask = dominantFirmAsk(w, mc, compete, homeFeed);
    } else if (pricing === Mode.flood) {
      const rival = cheapestRivalCost(w, st);
      const bottom = mc * (1 - (w.strategist.supportLeftMusd > 0 ? d.maxBelowCost : 0));
      ask = rival === Infinity ? w.strategist.exportAskUsdPerKg[st]! : Math.max(bottom, rival * (1 - d.undercut));
    } else if (pricing === Mode.harvest) {
      // The ask climbs from where the flood left it by harvestRamp a month, up to harvestPrice.
      const ceiling =
        (st === 0 ? d.harvestPrice.mine : d.harvestPrice.refine) ?? 3 * w.strategist.preFloodAskUsdPerKg[st]!;
      ask = Math.min(Math.max(ceiling, compete), w.strategist.exportAskUsdPerKg[st]! * (1 + d.harvestRamp));
    }
    if (w.strategist.supportLeftMusd <= 0) ask = Math.max(ask, w.strategist.domesticAskUsdPerKg[st]);
    w.strategist.exportAskUsdPerKg[st] = ask;
    if (pricing === Mode.compete) w.strategist.preFloodAskUsdPerKg[st] = ask;
  }
  retaliate(w, focus);
}

/**
 * Returns the refined export ask of the `dominant-firm` strategy (MODEL.md §4.4): the price that maximises this month's
 * profit on its exports against the residual demand (residual-demand.ts), between its cheapest export cost and the
 * choke price, less the limit-pricing term when `entryTpyPerUsd` > 0. That term (Gaskins 1971) values the entry a price
 * p above the limit price p̄ invites: `entryTpyPerUsd` × (p − p̄) t/yr of rival capacity enters, each tonne a month of
 * it taking a sale worth p̄ − mc from the dominant for good, discounted at the investors' base rate r:
 * entryTpyPerUsd × (p − p̄) × (p̄ − mc) / (1000 r) M$. Without export capacity, the compete ask.
 */
function dominantFirmAsk(w: World, mc: number, compete: number, homeFeed: number): number {
  const d = w.scenario.dominant!;
  const market = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, homeFeed);
  if (!market.cost.capacityT.length) return compete;
  const limit = d.limitPrice ?? compete;
  const rate = Math.max(0.01, w.scenario.investors.baseRate);
  const entry =
    d.entryTpyPerUsd > 0
      ? (p: number) => (d.entryTpyPerUsd * Math.max(0, p - limit) * Math.max(0, limit - mc)) / (1000 * rate)
      : undefined;
  const lowest = market.cost.unitCostUsdPerKg[0]!;
  return priceAgainstResidual(market.demand, market.cost, lowest, w.scenario.market.chokePrice, entry).priceUsdPerKg;
}

/** Opens a flood episode when a flood begins (its cost and rivals' lowest capacity start afresh) and closes it after. */
function trackFlood(w: World, focus: number, pricing: ModeCode): void {
  const s = w.strategist;
  if (pricing !== Mode.flood) {
    s.floodStartMonth = -1;
    return;
  }
  if (s.floodStartMonth >= 0) return;
  s.floodStartMonth = w.month;
  s.floodCostMusd = 0;
  s.floodLowRivalTpy = rivalShares(w, focus).rivalCapacityTpy;
  s.floodLowMonth = w.month;
}

/** How far rivals' operating capacity must fall below its lowest to count as progress: 0.1% of it. */
const FLOOD_PROGRESS = 0.001;

/**
 * The flood exit (MODEL.md §4.4, v2): returns the reason to abandon the flood in force this month, or null. A flood is
 * abandoned once it has cost `floodBudgetMusd` (default: the whole `supportBudgetMusd`; the state support drawn since it
 * began: the pool's losses and export subsidies), or when it has not pushed rivals out for `floodPatienceMonths`
 * months: rivals' operating capacity (t/yr, operating or ramping up) has not fallen below its lowest since the flood
 * began (by FLOOD_PROGRESS of it) — an idling or a closure the entry of new rival plants does not undo. Progress is
 * measured in tonnes, what the flood is for, not as rivals' share of capacity, which the dominant's own expansions
 * lower while every rival stays open. Months with rivals' share below `rivalCollapseShare`, when the flood has done its
 * work and waits for the harvest, count as progress.
 */
function floodExit(w: World, focus: number, share: ReturnType<typeof rivalShares>): string | null {
  const d = w.scenario.dominant!;
  const s = w.strategist;
  if (s.floodStartMonth < 0) return null;
  const rivals = share.rivalCapacityTpy;
  // Below the collapse share the flood has done its work and waits for the harvest: that counts as progress.
  if (rivals < s.floodLowRivalTpy * (1 - FLOOD_PROGRESS) || share.capacity < d.rivalCollapseShare) {
    s.floodLowRivalTpy = Math.min(s.floodLowRivalTpy, rivals);
    s.floodLowMonth = w.month;
  }
  const since = monthLabel(w.scenario.start, s.floodStartMonth);
  const m = (x: number) => x.toFixed(0);
  const t = (x: number) => Math.round(x).toLocaleString('en-US');
  const budget = d.floodBudgetMusd ?? d.supportBudgetMusd;
  if (s.floodCostMusd >= budget)
    return `The flood has cost ${m(s.floodCostMusd)} M$ in losses and export subsidies since ${since}, its budget of ${m(budget)} M$: it is abandoned; back to compete until rivals' share falls to the tolerated ${pct(d.toleratedRivalShare)} again.`;
  if (w.month - s.floodLowMonth >= d.floodPatienceMonths)
    return `Rivals' operating ${MODES_STAGE[focus]} capacity has not fallen for ${w.month - s.floodLowMonth} months (patience ${d.floodPatienceMonths}; now ${t(rivals)} t/yr, ${pct(share.capacity)} of the world's; lowest ${t(s.floodLowRivalTpy)} t/yr; no progress since ${monthLabel(w.scenario.start, s.floodLowMonth)}): the flood since ${since}, which has cost ${m(s.floodCostMusd)} M$, is not pushing them out; it is abandoned; back to compete until rivals' share falls to the tolerated ${pct(d.toleratedRivalShare)} again.`;
  return null;
}

function transition(w: World, focus: number): void {
  const d = w.scenario.dominant!;
  if (w.strategist.mode === Mode.restrict) return;
  const share = rivalShares(w, focus);
  // A flood abandoned is not tried again until rivals' share has fallen to the tolerated one (the trigger re-arms).
  if (w.strategist.floodRetired && share.production <= d.toleratedRivalShare) w.strategist.floodRetired = false;
  if (w.strategist.mode === Mode.compete && !w.strategist.floodRetired && share.production > d.toleratedRivalShare) {
    setMode(
      w,
      Mode.flood,
      `Rivals supplied ${pct(share.production)} of world ${MODES_STAGE[focus]} output, above the tolerated ${pct(d.toleratedRivalShare)}: flood to push them out.`,
      '4.4 flood',
    );
    w.strategist.lowRivalMonths = 0;
  } else if (w.strategist.mode === Mode.flood) {
    w.strategist.lowRivalMonths = share.capacity < d.rivalCollapseShare ? w.strategist.lowRivalMonths + 1 : 0;
    if (w.strategist.lowRivalMonths >= d.harvestAfter) {
      setMode(
        w,
        Mode.harvest,
        `Rivals' operating capacity has stayed below ${pct(d.rivalCollapseShare)} of the world's for ${w.strategist.lowRivalMonths} months (now ${pct(share.capacity)}): raise prices.`,
        '4.4 harvest',
      );
      return;
    }
    const exit = floodExit(w, focus, share);
    if (exit) {
      setMode(w, Mode.compete, exit, '4.4 flood exit');
      w.strategist.floodRetired = true;
    }
  } else if (w.strategist.mode === Mode.harvest && share.production > d.toleratedRivalShare) {
    setMode(
      w,
      Mode.flood,
      `Rivals are back at ${pct(share.production)} of world ${MODES_STAGE[focus]} output, above the tolerated ${pct(d.toleratedRivalShare)}: flood again.`,
      '4.4 flood',
    );
    w.strategist.lowRivalMonths = 0;
  }
}

const MODES_STAGE = ['mining', 'refining'];

export { MODES };
