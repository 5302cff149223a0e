/**
 * Demand — the manufacturers of each country (MODEL.md §4.5):
 * Q_b(t) = base_b · (1 + g_b)^(t/12) · S_b(t) · shock · noise · (P / P_ref)^ε_short, for P ≤ P_max.
 * S_b moves each month toward (P̄_b / P_ref)^(ε_long − ε_short) at `substitutionSpeed` (P̄ = 12-month mean price).
 *
 * For the clearing, each country's curve becomes bid steps: the first step, at the choke price P_max, holds Q(P_max) —
 * the demand that is still there at any price; when it is not served, that shortfall is reported as unmet demand.
 * Further steps sit on a grid around a centre price, fine near it (at most 0.4% apart within about ±2.4% for a
 * country whose price has been calm, ±5.6% for one whose price moves) and coarse far from it, each holding the extra
 * quantity bought between its price and the step above. The market re-centres the grid on the price the curve gives
 * for the quantity cleared and clears again until every buyer's price lies within `CURVE_TOLERANCE` of its curve
 * (market.ts), so the price a buyer pays is on its true curve, not on a grid point.
 */
import { PowMemo, exp as dExp, pow as dPow } from '../../lib/dmath.ts';
import type { F64Column } from '../../lib/columns.ts';
import { drawNormal } from '../world/rng.ts';
import type { World } from '../world/world.ts';

/** Spacing of the fine part of the price grid, in log price (0.4%): see gridOffsets. */
const FINE_STEP = 0.004;

/** The two widths of a grid's fine part, as indices: a calm country's and a moving one's (the market chooses). */
export const CALM = 0;
export const MOVING = 1;
export type GridWidth = typeof CALM | typeof MOVING;
/** Steps on each side of the centre in the fine part of the grid, by width: ±0.024 and ±0.056 in log price. */
const FINE_STEPS = [6, 14] as const;

/**
 * Log offsets of one side of a price grid, from its centre out (OFFSETS mirrors them and adds −0.002). Within
 * ±fineSteps × FINE_STEP of the centre adjacent steps are at most 0.004 apart in log price, so a clearing price there
 * lies within 0.4% of the curve (1 − e^−0.004 = 0.3992%: under the re-centring threshold, 0.8 × CURVE_TOLERANCE); a
 * month's usual price move stays in that band, and the month needs no re-centring. The band is ±2.4% for a calm country
 * and ±5.6% (−5.4% to +5.8%) for a moving one: each fine step is a bid of every country in every clearing, so a calm
 * market clears about half as many steps, and a moving one re-centres less often. The coarse steps beyond reach e^±2.6
 * (×13.5) so that one re-centring covers most shocks (COARSE).
 */
function gridOffsets(fineSteps: number, coarse: readonly number[]): number[] {
  return [...Array.from({ length: fineSteps }, (_, k) => FINE_STEP * (k + 1)), ...coarse];
}

/**
 * The coarse steps a side, by width. A clearing that lands on one is cleared again around the price the curve gives for
 * the quantity bought. A calm country's price seldom gets there, and four steps do (with seven, and a step at +0.002,
 * until engine 0.2.0-alpha.31, `rare-earths-2024` cleared 300 bids a clearing instead of 233, as often); a moving
 * country's lands there after large moves, where closer steps place the next centre better (with four, the stress
 * scenario cleared 2,033 times in 600 months instead of 1,850).
 */
const COARSE = [
  [0.1, 0.3, 0.9, 2.6],
  [0.1, 0.18, 0.32, 0.55, 0.95, 1.6, 2.6],
] as const;

/** The fine part of the grid as price ratios to its centre, by width: e^±(fineSteps × FINE_STEP). */
export const FINE_HIGH = FINE_STEPS.map((n) => dExp(n * FINE_STEP));
export const FINE_LOW = FINE_STEPS.map((n) => dExp(-n * FINE_STEP));

/**
 * The outer part of the fine grid begins this share of the way out (the market re-centres a grid whose price has got
 * there whenever it re-centres any: market.ts `recentre`).
 */
const EDGE_SHARE = 0.8;
/** Where the fine grid's outer part begins, as price ratios to its centre, by width: e^±(0.8 × fineSteps × step). */
export const EDGE_HIGH = FINE_STEPS.map((n) => dExp(EDGE_SHARE * n * FINE_STEP));
export const EDGE_LOW = FINE_STEPS.map((n) => dExp(-EDGE_SHARE * n * FINE_STEP));

/** How far a buyer's price may lie from the price its curve gives for the quantity it receives (MODEL.md §4.5). */
export const CURVE_TOLERANCE = 0.005;

/**
 * Per country: its growth factor (slot c) — the same all month, asked for by every clearing — and in `demandSteps` the
 * curve's pow at the choke price (slot 2c) and at the grid's centre (slot 2c + 1), the same while the grid is kept.
 */
const growthMemo = new PowMemo();
const curveMemo = new PowMemo();

/** Returns the demand scale of country `c` this month (everything but the price term), t/month at P_ref. */
export function demandScale(w: World, c: number): number {
  return (
    w.countries.demandBaseTpm[c]! *
    growthMemo.pow(c, 1 + w.countries.growthPerYr[c]!, w.month / 12) *
    w.countries.substitution[c]! *
    w.countries.demandShock[c]! *
    Math.max(0, 1 + w.countries.demandNoise[c]!)
  );
}

/** Returns the quantity demanded at price `p` given the month's scale, t/month. */
export function quantityAt(w: World, c: number, scale: number, p: number): number {
  return scale * dPow(Math.max(p, 1e-9) / w.scenario.market.referencePrice.refine, w.countries.elasticityShort[c]!);
}

/**
 * Per width, the grid's log-price offsets from the highest price down: +offsets reversed, 0, −0.002, −offsets. The one
 * step 0.2% below the centre is for a grid re-centred on the curve's price for the quantity cleared: that quantity
 * ends the centre step, where the clearing may price it anywhere down to the next step (with inelastic supply, at the
 * lower end), so it lies within 0.2% of the curve (MODEL.md §4.5).
 */
const OFFSETS = FINE_STEPS.map((n, width) => {
  const grid = gridOffsets(n, COARSE[width]!);
  return [...[...grid].reverse(), 0, -0.002, ...grid.map((g) => -g)];
});
/** Per elasticity and width, the grid's price and quantity factors (e^off, e^(ε·off)) interleaved; computed once. */
const factorCache = new Map<number, Float64Array[]>();

function gridFactors(eps: number, width: GridWidth): Float64Array {
  let f = factorCache.get(eps);
  if (!f) {
    f = OFFSETS.map((offsets) => {
      const factors = new Float64Array(offsets.length * 2);
      offsets.forEach((off, k) => {
        factors[2 * k] = dExp(off);
        factors[2 * k + 1] = dExp(eps * off);
      });
      return factors;
    });
    if (factorCache.size > 1000) factorCache.clear();
    factorCache.set(eps, f);
  }
  return f[width]!;
}

/**
 * Returns the price on country `c`'s curve at which it buys `q` t this month, USD/kg: P_ref · (q / scale)^(1/ε),
 * capped at the choke price (and the choke price when it buys nothing). With ε = 0 the curve is vertical: NaN.
 */
export function priceOnCurve(w: World, c: number, scale: number, q: number): number {
  const pMax = w.scenario.market.chokePrice;
  const eps = w.countries.elasticityShort[c]!;
  if (eps === 0) return NaN;
  if (!(q > 0) || !(scale > 0)) return pMax;
  return Math.min(pMax, w.scenario.market.referencePrice.refine * dPow(q / scale, 1 / eps));
}

/**
 * Appends country `c`'s bid steps (descending prices) to the price and quantity columns; returns how many it wrote.
 * The first step is the choke-price step; the grid is centred on `centre` (USD/kg), its fine part `width` wide.
 * Quantities on the grid are scale · (centre/P_ref)^ε · e^(ε·offset), so each step costs one exponential.
 */
export function demandSteps(
  w: World,
  c: number,
  centre: number,
  width: GridWidth,
  prices: F64Column,
  qty: F64Column,
): number {
  const scale = demandScale(w, c);
  if (!(scale > 0)) return 0;
  const pMax = w.scenario.market.chokePrice;
  const eps = w.countries.elasticityShort[c]!;
  const last = Math.min(pMax, Math.max(centre, 1e-3));
  // quantityAt's expression, its pow remembered (curveMemo).
  const pRef = w.scenario.market.referencePrice.refine;
  const atLast = scale * curveMemo.pow(2 * c + 1, Math.max(last, 1e-9) / pRef, eps);
  let prev = pMax;
  let prevQ = scale * curveMemo.pow(2 * c, Math.max(pMax, 1e-9) / pRef, eps);
  const factors = gridFactors(eps, width);
  const steps = factors.length / 2;
  prices.reserve(steps + 1);
  qty.reserve(steps + 1);
  // Direct stores: calling push() with a double would box it on every step.
  const pd = prices.data;
  const qd = qty.data;
  let i = prices.n;
  pd[i] = pMax;
  qd[i++] = prevQ;
  for (let k = 0; k < steps; k++) {
    const p = last * factors[2 * k]!;
    if (p >= prev) continue;
    const q = atLast * factors[2 * k + 1]!;
    // Near the choke price rounding can make a step a hair negative: skip it rather than bid a negative quantity.
    if (!(q > prevQ)) continue;
    pd[i] = p;
    qd[i++] = q - prevQ;
    prev = p;
    prevQ = q;
  }
  const n = i - prices.n;
  prices.n = i;
  qty.n = i;
  return n;
}

/** Per country, the substitution target's pow: the same while the 12-month mean price stands still. */
const targetMemo = new PowMemo();

/** Updates slow substitution and the autocorrelated demand noise after the month's prices are known. */
export function updateDemand(w: World): void {
  const mk = w.scenario.market;
  const slot = w.month % 12;
  for (let c = 0; c < w.countries.count; c++) {
    w.countries.priceRingUsdPerKg[slot * w.countries.count + c] = w.countries.lastPriceUsdPerKg[c * 2 + 1]!;
    let mean = 0;
    for (let k = 0; k < 12; k++) mean += w.countries.priceRingUsdPerKg[k * w.countries.count + c]!;
    mean /= 12;
    const target = targetMemo.pow(
      c,
      Math.max(mean, 1e-9) / mk.referencePrice.refine,
      w.countries.elasticityLong[c]! - w.countries.elasticityShort[c]!,
    );
    w.countries.substitution[c]! += mk.substitutionSpeed * (target - w.countries.substitution[c]!);
    // Always one draw per country per month, so the stream stays aligned whatever the settings.
    const z = drawNormal(w.countries.demandStreams[c]!);
    const rho = mk.demandNoiseAutocorrelation;
    w.countries.demandNoise[c] = rho * w.countries.demandNoise[c]! + Math.sqrt(1 - rho * rho) * mk.demandNoise * z;
  }
}
