/**
 * Market clearing for one stage in one month (MODEL.md §5): a spatial price equilibrium solved exactly as a min-cost
 * flow. Network: ground → seller → export-quota nodes (quota-tree.ts) → buyer → ground, where a buyer's bid steps and
 * a seller's offer steps (as "keep the tonne at its ask") are arcs into the ground. Successive shortest paths augment
 * the most profitable trade until no trade has positive surplus, repairing only the part of the shortest-path tree an
 * augmentation invalidated (flow.ts, tree.ts); the prices are the lowest duals of the resulting flow (prices.ts). The
 * LP it solves is written out by lp.ts.
 */
import { allocateSales, runSuccessiveShortestPaths } from './flow.ts';
import { buildClearingNetwork } from './network.ts';
import { computeClearingPrices } from './prices.ts';
import { validateClearingProblem } from './validate.ts';
import { clearingWorkspace } from './workspace.ts';
import type { ClearingProblem, ClearingSolution } from './problem.ts';

export type { ClearingProblem, ClearingQuota, ClearingSolution } from './problem.ts';

/**
 * Clears one market: returns the flows that maximise total surplus (the LP optimum; only trades with positive surplus
 * happen) and one canonical set of equilibrium prices.
 *
 * Price rule — the competitive prices: every price is the lowest one consistent with the equilibrium conditions of
 * MODEL.md §5, i.e. the LP duals that are smallest at every node at once (they form a lattice):
 * - a buyer pays max(its dearest unfilled bid, the delivered price sellerPrice + routeCost + quota rent of any route
 *   that supplies it). A buyer that receives nothing therefore pays its dearest bid, the choke price. A buyer with no
 *   demand at all has no lower bound: it gets the import parity price min over open routes of (sellerPrice + routeCost
 *   + quota rent), or 0 when no route is open.
 * - a seller receives max(its dearest sold ask, its best netback max over routes of (buyerPrice - routeCost), net of
 *   quota rents, 0). The floor at 0 only bites for a seller that sells nothing, where any price up to its cheapest ask
 *   is consistent.
 * - a binding export quota may leave buyerPrice > sellerPrice + routeCost on its routes: that gap is the quota rent
 *   (>= 0; the shadow price of the quota, which for a ban is the full price gap).
 * With negative route costs (export subsidies) a flooded buyer's price can be negative; with costs >= 0 no price is.
 *
 * Deterministic: no randomness; a trade with zero gain does not happen, and other ties are broken by index (of two
 * equally cheap sellers with room for the whole demand, the lower index sells). Scratch arrays are reused across
 * calls; the returned arrays are fresh (views of one new buffer per call). Throws on malformed input (a message naming
 * the value) and on quotas of one seller that cross. `trusted` skips the input check (the engine's own problems).
 */
export function clearMarket(p: ClearingProblem, opts: { trusted?: boolean } = {}): ClearingSolution {
  // The engine builds its problems itself and passes `trusted`; anything else is checked first.
  if (!opts.trusted) validateClearingProblem(p);
  const ws = clearingWorkspace();
  buildClearingNetwork(p, ws);
  runSuccessiveShortestPaths(p, ws);
  const S = p.sellers;
  const B = p.buyers;
  // One allocation for the five result arrays (each its own view): typed-array buffers are costly to create and free.
  const buffer = new ArrayBuffer(8 * (S * B + p.nOffers + p.nBids + B + S));
  let offset = 0;
  const view = (length: number) => {
    const a = new Float64Array(buffer, offset, length);
    offset += 8 * length;
    return a;
  };
  const flow = view(S * B);
  for (let b = 0, t = 0; b < B; b++) for (let s = 0; s < S; s++, t++) flow[s * B + b] = ws.routeFlow[t]!;
  const offerSold = view(p.nOffers);
  allocateSales(p, ws, offerSold);
  const bidFilled = view(p.nBids);
  for (let k = 0; k < p.nBids; k++) bidFilled[k] = p.bidQty[k]! - ws.bidRem[k]!;
  const buyerPrice = view(B);
  const sellerPrice = view(S);
  computeClearingPrices(p, ws, sellerPrice, buyerPrice);
  return {
    flow,
    offerSold,
    bidFilled,
    buyerPrice,
    sellerPrice,
    surplus: measureSurplus(p, flow, offerSold, bidFilled),
  };
}

/** Returns total surplus in USD/kg × t: sum filled*bidPrice - sum sold*ask - sum flow*routeCost (open routes only). */
export function measureSurplus(
  p: ClearingProblem,
  flow: Float64Array,
  offerSold: Float64Array,
  bidFilled: Float64Array,
): number {
  let surplus = 0;
  for (let k = 0; k < p.nBids; k++) surplus += bidFilled[k]! * p.bidPrice[k]!;
  for (let j = 0; j < p.nOffers; j++) surplus -= offerSold[j]! * p.offerAsk[j]!;
  for (let r = 0; r < flow.length; r++) if (flow[r]! !== 0) surplus -= flow[r]! * p.routeCost[r]!;
  return surplus;
}
