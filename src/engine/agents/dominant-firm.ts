/**
 * The dominant-firm price (MODEL.md §4.4, the `dominant-firm` strategy): a price leader facing a competitive fringe
 * (Forchheimer's dominant-firm model; the Stackelberg price leader of the textbooks) picks the price that maximises
 * its profit on the **residual demand** — what buyers want at that price less what the fringe supplies at it.
 *
 * This file is the optimiser alone, pure and separately testable: a residual demand curve and the leader's own cost
 * steps in, a price out. `residual-demand.ts` builds the curve from the world.
 */

import { pow as dPow } from '../../lib/dmath.ts';

/** The demand left to the leader: t/month it could sell at export price p (USD/kg), before its own capacity. */
export interface ResidualDemand {
  /** Residual quantity at price p, t/month; zero or negative when the fringe covers every buyer. */
  quantityAt(p: number): number;
  /**
   * Prices at which the residual falls by a step (a fringe unit starts to supply at p and above), USD/kg. The best
   * price is often just below one of them (a limit price); the optimiser tries just below each.
   */
  steps: ArrayLike<number>;
}

/** The leader's own supply for this market: merit-order steps, cheapest first. */
export interface OwnCost {
  /** t/month of each step. */
  capacityT: ArrayLike<number>;
  /** USD/kg of each step, non-decreasing. */
  unitCostUsdPerKg: ArrayLike<number>;
}

/** The leader's choice. */
export interface PriceChoice {
  priceUsdPerKg: number;
  /** t/month it sells at that price: the residual, within its capacity. */
  quantityT: number;
  /** Profit on that quantity less the entry term, M$ a month. */
  profitMusd: number;
}

/** Grid points over the price range before refinement. */
const GRID = 96;
/** How far below a step price "just below" is, relative. */
const BELOW = 1e-6;
/** Golden-section iterations on each side of the best candidate (the bracket shrinks by 0.618 each). */
const GOLDEN = 40;

/** Returns the leader's cost of its first q t, USD/kg × t (merit order). */
export function ownCostOf(cost: OwnCost, q: number): number {
  let left = q;
  let total = 0;
  for (let k = 0; k < cost.capacityT.length && left > 0; k++) {
    const x = Math.min(left, cost.capacityT[k]!);
    total += x * cost.unitCostUsdPerKg[k]!;
    left -= x;
  }
  return total;
}

/** Returns the leader's capacity, t/month. */
export function ownCapacity(cost: OwnCost): number {
  let k = 0;
  for (let i = 0; i < cost.capacityT.length; i++) k += cost.capacityT[i]!;
  return k;
}

/** Returns the leader's capacity at or below unit cost p, t/month: it sells no tonne below its cost. */
export function capacityUpTo(cost: OwnCost, p: number): number {
  let k = 0;
  for (let i = 0; i < cost.capacityT.length; i++) if (cost.unitCostUsdPerKg[i]! <= p) k += cost.capacityT[i]!;
  return k;
}

/** Returns what the leader sells at price p, t/month: the residual, within its capacity at or below p. */
export function quantityAt(demand: ResidualDemand, cost: OwnCost, p: number): number {
  return Math.min(capacityUpTo(cost, p), Math.max(0, demand.quantityAt(p)));
}

/** Returns the unit cost of the leader's marginal tonne when it sells q t (the step holding the q-th tonne), USD/kg. */
export function marginalCostAt(cost: OwnCost, q: number): number {
  let acc = 0;
  const n = cost.capacityT.length;
  for (let k = 0; k < n; k++) {
    acc += cost.capacityT[k]!;
    if (acc >= q - 1e-9 * Math.max(1, q)) return cost.unitCostUsdPerKg[k]!;
  }
  return n ? cost.unitCostUsdPerKg[n - 1]! : NaN;
}

/**
 * Returns the price in [minPrice, maxPrice] that maximises the leader's profit this month,
 * π(p) = (p · q(p) − C(q(p))) / 1000 − entry(p) M$, with q(p) = min(max(0, residual(p)), its capacity at unit
 * costs ≤ p) and C its merit-order cost. `entryMusd` (optional) is the limit-pricing term: the value of the sales
 * that the entry a price p invites would take from it (Gaskins 1971), zero by default.
 *
 * Search: the profit is smooth between the residual's steps and the leader's own cost steps, so it is evaluated on a
 * geometric grid of the range and just below every step price inside it; then refined by golden-section search on
 * each side of the best point, within the smooth piece it lies on. Ties go to the lowest price.
 */
export function priceAgainstResidual(
  demand: ResidualDemand,
  cost: OwnCost,
  minPrice: number,
  maxPrice: number,
  entryMusd?: (p: number) => number,
): PriceChoice {
  const profit = (p: number) => {
    const q = quantityAt(demand, cost, p);
    return (p * q - ownCostOf(cost, q)) / 1000 - (entryMusd ? entryMusd(p) : 0);
  };
  const lo = Math.max(0, minPrice);
  const hi = Math.max(lo, maxPrice);
  const candidates: number[] = [];
  if (hi > lo) {
    const geometric = lo > 0;
    const ratio = geometric ? hi / lo : 0;
    for (let k = 0; k <= GRID; k++)
      candidates.push(Math.min(hi, geometric ? lo * dPow(ratio, k / GRID) : lo + ((hi - lo) * k) / GRID));
  } else candidates.push(lo);
  const breaks: number[] = [];
  for (let k = 0; k < demand.steps.length; k++) {
    const s = demand.steps[k]!;
    if (s > lo && s <= hi) {
      breaks.push(s);
      candidates.push(Math.max(lo, s * (1 - BELOW)));
    }
  }
  candidates.sort((a, b) => a - b);
  breaks.sort((a, b) => a - b);
  let best = candidates[0]!;
  let bestProfit = profit(best);
  for (const p of candidates) {
    const v = profit(p);
    if (v > bestProfit) {
      best = p;
      bestProfit = v;
    }
  }
  // The smooth piece around the best point: between the nearest steps (a step's price belongs to the piece above it).
  let left = lo;
  let right = hi;
  for (const s of breaks) {
    if (s <= best) left = Math.max(left, s);
    else {
      right = Math.min(right, s * (1 - BELOW));
      break;
    }
  }
  // Bracket within the grid's neighbours, so a multi-peaked piece refines around the peak the grid found.
  const i = candidates.indexOf(best);
  const a = Math.max(left, candidates[Math.max(0, i - 1)]!);
  const b = Math.min(right, candidates[Math.min(candidates.length - 1, i + 1)]!);
  for (const [x0, x1] of [
    [a, best],
    [best, b],
  ] as const) {
    if (!(x1 > x0)) continue;
    const p = goldenMax(profit, x0, x1);
    const v = profit(p);
    if (v > bestProfit) {
      best = p;
      bestProfit = v;
    }
  }
  return {
    priceUsdPerKg: best,
    quantityT: quantityAt(demand, cost, best),
    profitMusd: bestProfit,
  };
}

/** Returns the argmax of f on [a, b] by golden-section search (f unimodal there, or near enough). */
function goldenMax(f: (x: number) => number, a: number, b: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let k = 0; k < GOLDEN; k++) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    }
  }
  return f1 >= f2 ? x1 : x2;
}
