/**
 * Equilibrium prices from an optimal flow. Node prices P are the LP duals: with the ground at 0, every residual arc
 * u → v of cost c must satisfy P(v) <= P(u) + c. The lowest such prices are P(v) = −(shortest distance from v to the
 * ground), computed here by one Dijkstra towards the ground on reduced costs (the flow's `dist` is a feasible
 * potential). Canonical rule and fallbacks are documented on clearMarket.
 */
import type { ClearingProblem } from './clearing.ts';
import { popMin, pushOrLower } from './clearing-heap.ts';
import { type ClearingWorkspace, nextEpoch } from './clearing-workspace.ts';

/** Writes the canonical seller and buyer prices (USD/kg) of the optimal flow in `ws`. */
export function computeClearingPrices(
  p: ClearingProblem,
  ws: ClearingWorkspace,
  sellerPrice: Float64Array,
  buyerPrice: Float64Array,
): void {
  measureDistancesToGround(p, ws);
  const { toGround, price, rent, quotaParent } = ws;
  const S = p.sellers;
  const B = p.buyers;
  for (let s = 0; s < S; s++) {
    const v = 1 + s;
    // A seller that sells nothing may be priced anywhere up to its cheapest ask (>= 0): floor it at 0.
    price[v] = Math.max(0, -toGround[v]!);
    rent[v] = 0;
    sellerPrice[s] = price[v]!;
  }
  for (let q = 0; q < ws.quotaNodes; q++) {
    const v = 1 + S + q;
    const parent = quotaParent[q]!;
    price[v] = toGround[v]! < Infinity ? -toGround[v]! : price[parent]!;
    rent[v] = rent[parent]! + Math.max(0, price[v]! - price[parent]!);
  }
  for (let b = 0; b < B; b++) {
    const v = ws.buyerBase + b;
    buyerPrice[b] = toGround[v]! < Infinity ? -toGround[v]! : importParity(p, ws, b);
  }
}

/** Returns min over open routes into buyer `b` of (sellerPrice + routeCost + quota rent), or 0 without open route. */
function importParity(p: ClearingProblem, ws: ClearingWorkspace, b: number): number {
  let best = Infinity;
  for (let s = 0; s < p.sellers; s++) {
    const r = s * p.buyers + b;
    if (ws.routeArc[r]! < 0) continue;
    best = Math.min(best, ws.price[1 + s]! + p.routeCost[r]! + ws.rent[ws.routeTail[r]!]!);
  }
  return best < Infinity ? best : 0;
}

/**
 * Fills `toGround` with each node's shortest distance to the ground (Infinity when it cannot reach it). Arcs into the
 * ground: a buyer's unfilled bid steps (cost −bid, the dearest counts) and a seller's sold offer steps (cost −ask, the
 * dearest counts).
 */
function measureDistancesToGround(p: ClearingProblem, ws: ClearingWorkspace): void {
  const { toGround, dist, mark, adjStart, adjArc, arcHead, arcRes, arcCost } = ws;
  toGround.fill(Infinity, 0, ws.nodes);
  for (let s = 0; s < p.sellers; s++) {
    if (ws.soldMaxAsk[s]! === -Infinity) continue;
    toGround[1 + s] = -ws.soldMaxAsk[s]!;
    pushOrLower(ws, 1 + s, toGround[1 + s]! + dist[1 + s]!);
  }
  for (let b = 0; b < p.buyers; b++) {
    const pos = ws.bidNext[b]!;
    if (pos === ws.buyerStart[b + 1]!) continue;
    const v = ws.buyerBase + b;
    toGround[v] = -p.bidPrice[ws.bidOrder[pos]!]!;
    pushOrLower(ws, v, toGround[v]! + dist[v]!);
  }
  const settled = nextEpoch(ws);
  while (ws.heapSize > 0) {
    const v = popMin(ws);
    mark[v] = settled;
    const tv = toGround[v]!;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = arcHead[e]!;
      const into = e ^ 1;
      if (mark[u] === settled || !(arcRes[into]! > 0)) continue;
      const candidate = tv + arcCost[into]!;
      if (candidate < toGround[u]!) {
        toGround[u] = candidate;
        pushOrLower(ws, u, candidate + dist[u]!);
      }
    }
  }
}
