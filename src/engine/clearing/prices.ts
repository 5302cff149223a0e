/**
 * Equilibrium prices from an optimal flow. Node prices P are the LP duals: with the ground at 0, every residual arc
 * u → v of cost c must satisfy P(v) <= P(u) + c. The lowest such prices are P(v) = −(shortest distance from v to the
 * ground), computed here by one Dijkstra towards the ground on reduced costs (the flow's `dist` is a feasible
 * potential). Arcs into the ground: a buyer's unfilled bids (cost −bid) and a seller's sold offers (cost −ask); arcs
 * out of the ground never lie on a shortest path to it. Canonical rule and fallbacks are documented on clearMarket.
 */
import type { ClearingProblem } from './problem.ts';
import { popMin, pushOrLower } from './heap.ts';
import { type ClearingWorkspace, nextEpoch } from './workspace.ts';

/** Writes the canonical seller and buyer prices (USD/kg) of the optimal flow in `ws` (after allocateSales). */
export function computeClearingPrices(
  p: ClearingProblem,
  ws: ClearingWorkspace,
  sellerPrice: Float64Array,
  buyerPrice: Float64Array,
): void {
  measureDistancesToGround(p, ws);
  const { toGround, price, rent, quotaParent } = ws;
  const S = p.sellers;
  for (let s = 0; s < S; s++) {
    // A seller that sells nothing may be priced anywhere up to its cheapest ask (>= 0): floor it at 0.
    price[1 + s] = Math.max(0, -toGround[1 + s]!);
    rent[1 + s] = 0;
    sellerPrice[s] = price[1 + s]!;
  }
  for (let q = 0; q < ws.quotaNodes; q++) {
    const v = 1 + S + q;
    const parent = quotaParent[q]!;
    price[v] = toGround[v]! < Infinity ? -toGround[v]! : price[parent]!;
    rent[v] = rent[parent]! + Math.max(0, price[v] - price[parent]!);
  }
  for (let b = 0; b < p.buyers; b++) {
    const v = ws.buyerBase + b;
    buyerPrice[b] = toGround[v]! < Infinity ? -toGround[v]! : importParity(ws, S, b);
  }
}

/** Returns min over open routes into buyer `b` of (sellerPrice + routeCost + quota rent), or 0 without open route. */
function importParity(ws: ClearingWorkspace, S: number, b: number): number {
  let best = Infinity;
  for (let s = 0, t = b * S; s < S; s++, t++) {
    if (ws.routeCost[t]! < Infinity)
      best = Math.min(best, ws.price[1 + s]! + ws.routeCost[t]! + ws.rent[ws.routeTail[t]!]!);
  }
  return best < Infinity ? best : 0;
}

/** Fills `toGround` with each node's shortest distance to the ground (Infinity when it cannot reach it). */
function measureDistancesToGround(p: ClearingProblem, ws: ClearingWorkspace): void {
  const S = p.sellers;
  const { toGround, dist, mark, search, routeCost, routeTail } = ws;
  toGround.fill(Infinity, 0, ws.nodes);
  for (let s = 0; s < S; s++) {
    if (ws.soldMaxAsk[s]! === -Infinity) continue;
    toGround[1 + s] = -ws.soldMaxAsk[s]!;
    pushOrLower(search, 1 + s, toGround[1 + s]! + dist[1 + s]!);
  }
  for (let b = 0; b < p.buyers; b++) {
    const pos = ws.bidNext[b]!;
    if (pos === ws.buyerStart[b + 1]!) continue;
    const v = ws.buyerBase + b;
    toGround[v] = -p.bidPrice[ws.bidOrder[pos]!]!;
    pushOrLower(search, v, toGround[v] + dist[v]!);
  }
  const settled = nextEpoch(ws);
  const relax = (u: number, candidate: number) => {
    if (mark[u] !== settled && candidate < toGround[u]!) {
      toGround[u] = candidate;
      pushOrLower(search, u, candidate + dist[u]!);
    }
  };
  while (search.size > 0) {
    const v = popMin(search);
    mark[v] = settled;
    const tv = toGround[v]!;
    if (v >= ws.buyerBase) {
      for (let t = (v - ws.buyerBase) * S, end = t + S; t < end; t++) {
        if (routeCost[t]! < Infinity) relax(routeTail[t]!, tv + routeCost[t]!);
      }
      continue;
    }
    for (let slot = ws.flowHead[v]!; slot >= 0; slot = ws.flowNext[slot]!) {
      relax(ws.routeHead[slot >> 1]!, tv - routeCost[slot >> 1]!);
    }
    if (v > S && ws.quotaRes[v - 1 - S]! > 0) relax(ws.quotaParent[v - 1 - S]!, tv);
    for (let i = ws.childStart[v]!, end = ws.childStart[v + 1]!; i < end; i++) {
      const q = ws.childQuotas[i]!;
      if (ws.quotaFlow[q]! > 0) relax(1 + S + q, tv);
    }
  }
}
