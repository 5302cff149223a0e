/**
 * The dominant supplier's state pool (MODEL.md §4.4): its plants' unit costs, their merit order, and the asks each
 * plant offers at home when the pool offers its merit order (`dominant.meritOrderOffers`).
 */
import { FacilityKind, FacilityState, type World, isStrategist } from '../world/world.ts';

/** Returns true when facility f produces at stage st (0 concentrate: mines; 1 refined: refineries and integrated). */
export const inStage = (w: World, f: number, st: number): boolean =>
  st === 0 ? w.facilities.kind[f] === FacilityKind.mine : w.facilities.kind[f] !== FacilityKind.mine;

/** Returns true when facility f is operating or ramping up. */
export const running = (w: World, f: number): boolean =>
  w.facilities.state[f] === FacilityState.operating || w.facilities.state[f] === FacilityState.rampUp;

/** Returns true when facility f can produce this month: running and not out. */
export const available = (w: World, f: number): boolean => running(w, f) && w.facilities.outageMonths[f] === 0;

/**
 * Returns the unit cost of a strategist facility, USD/kg. A state refinery is fed by the state's own mines at their
 * marginal cash cost (the enterprise is vertically integrated), or at the home concentrate price when it has none.
 */
export function unitCost(w: World, f: number, feedCost: number): number {
  if (w.facilities.kind[f] !== FacilityKind.refine) return w.facilities.cashCostUsdPerKg[f]!;
  return w.facilities.cashCostUsdPerKg[f]! + feedCost / w.facilities.recovery[f]!;
}

/** The pool's available plants at one stage in merit order: facility, capacity (t/month) and unit cost (USD/kg). */
export interface PoolSteps {
  facility: number[];
  capacityT: number[];
  unitCostUsdPerKg: number[];
}

/** Returns the pool's plants that can produce this month at stage st, cheapest unit cost first (ties by index). */
export function poolSteps(w: World, st: number, feedCost: number): PoolSteps {
  const list: number[] = [];
  for (let f = 0; f < w.facilities.count; f++)
    if (isStrategist(w, f) && inStage(w, f, st) && available(w, f) && w.facilities.availableTpy[f]! > 0) list.push(f);
  const cost = list.map((f) => unitCost(w, f, feedCost));
  const order = list.map((_, i) => i).sort((a, b) => cost[a]! - cost[b]! || list[a]! - list[b]!);
  return {
    facility: order.map((i) => list[i]!),
    capacityT: order.map((i) => w.facilities.availableTpy[list[i]!]! / 12),
    unitCostUsdPerKg: order.map((i) => cost[i]!),
  };
}

/**
 * Returns the home ask of one state plant when the pool offers its merit order (MODEL.md §4.4, v2), USD/kg: its own
 * unit cost × (1 + domesticMargin). A mine or an integrated plant offers its product so. A state refinery is a
 * processing arc, whose ask is what its output asks above its feed: its unit cost (conversion + feed at the state
 * mines' marginal cost / recovery, or at the reference concentrate price without state mines; `unitCost`) × (1 +
 * domesticMargin), less the domestic concentrate ask / the market's recovery. With state mines the feed's markup is
 * theirs and the arc asks its conversion cost × (1 + domesticMargin); without, the markup on the feed it buys is the
 * refinery's — the same rule as the pooled ask (book.ts `addProcessing`), applied plant by plant.
 */
export function meritOrderAsk(w: World, f: number): number {
  const up = 1 + w.scenario.dominant!.domesticMargin;
  if (w.facilities.kind[f] !== FacilityKind.refine) return w.facilities.cashCostUsdPerKg[f]! * up;
  const s = w.strategist;
  return Math.max(0, unitCost(w, f, s.homeFeedUsdPerKg) * up - s.domesticAskUsdPerKg[0]! / w.scenario.market.recovery);
}
