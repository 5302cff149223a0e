/**
 * Builds the flow network of a clearing problem in the workspace (layout in workspace.ts): routes in
 * buyer-major order with their tails, each tail's child quotas, and each node's steps in merit order.
 * Steps are not arcs: a seller's supply acts as one arc ground → seller, its dearest step not yet kept as an arc
 * seller → ground, and a buyer's dearest unfilled bid as an arc buyer → ground (see flow.ts).
 */
import type { ClearingProblem } from './problem.ts';
import { arrangeQuotas } from './quota-tree.ts';
import { type ClearingWorkspace, reserveWorkspace } from './workspace.ts';

/** Steps per group above which sorting uses the built-in sort instead of insertion sort. */
const INSERTION_SORT_MAX = 64;

/** Fills `ws` with the network of `p`, no flow yet, and every node's step pointers on its first non-empty steps. */
export function buildClearingNetwork(p: ClearingProblem, ws: ClearingWorkspace): void {
  const S = p.sellers;
  const B = p.buyers;
  const quotas = arrangeQuotas(p);
  const Q = quotas.length;
  const V = 1 + S + Q + B;
  reserveWorkspace(ws, { nodes: V, sellers: S, buyers: B, quotas: Q, nOffers: p.nOffers, nBids: p.nBids });
  ws.nodes = V;
  ws.quotaNodes = Q;
  ws.buyerBase = 1 + S + Q;
  const { routeCost, routeTail, routeHead, childStart, childQuotas } = ws;

  let maxAbsCost = 0;
  for (let b = 0, t = 0; b < B; b++) {
    for (let s = 0; s < S; s++, t++) {
      const c = p.routeCost[s * B + b]!;
      routeCost[t] = c;
      routeTail[t] = 1 + s;
      routeHead[t] = ws.buyerBase + b;
      if (c < Infinity) maxAbsCost = Math.max(maxAbsCost, Math.abs(c));
    }
  }
  ws.routeFlow.fill(0, 0, S * B);
  childStart.fill(0, 0, V + 1);
  for (let q = 0; q < Q; q++) {
    const { seller, parent, capacity, quota } = quotas[q]!;
    const node = 1 + S + q;
    const parentNode = parent < 0 ? 1 + seller : 1 + S + parent;
    ws.quotaParent[q] = parentNode;
    ws.quotaRes[q] = capacity;
    ws.quotaFlow[q] = 0;
    childStart[parentNode + 1]!++;
    const mask = p.quotas[quota]!.buyerMask;
    // Quotas arrive widest first, so the last one written for a buyer is the innermost covering it.
    for (let b = 0; b < B; b++) if (mask[b] !== 0) routeTail[b * S + seller] = node;
  }
  for (let v = 0; v < V; v++) childStart[v + 1]! += childStart[v]!;
  const fill = ws.stack;
  fill.set(childStart.subarray(0, V));
  for (let q = 0; q < Q; q++) childQuotas[fill[ws.quotaParent[q]!]!++] = q;

  ws.flowHead.fill(-1, 0, V);
  for (let s = 0; s < S; s++) ws.tailSeller[1 + s] = s;
  for (let q = 0; q < Q; q++) ws.tailSeller[1 + S + q] = quotas[q]!.seller;

  groupSteps(p.nOffers, p.offerSeller, S, ws.offerOrder, ws.sellerStart);
  sortGroups(ws.offerOrder, ws.sellerStart, S, p.offerAsk, 1);
  groupSteps(p.nBids, p.bidBuyer, B, ws.bidOrder, ws.buyerStart);
  sortGroups(ws.bidOrder, ws.buyerStart, B, p.bidPrice, -1);
  ws.offerRem.set(p.offerQty.subarray(0, p.nOffers));
  ws.bidRem.set(p.bidQty.subarray(0, p.nBids));
  ws.supplyRem.fill(0, 0, S);
  let maxAsk = 0;
  for (let j = 0; j < p.nOffers; j++) {
    ws.supplyRem[p.offerSeller[j]!]! += p.offerQty[j]!;
    maxAsk = Math.max(maxAsk, p.offerAsk[j]!);
  }
  for (let s = 0; s < S; s++) {
    ws.keepNext[s] = skipEmptyDown(ws.offerOrder, ws.sellerStart[s + 1]! - 1, ws.sellerStart[s]!, ws.offerRem);
  }
  let maxBid = 0;
  for (let b = 0; b < B; b++) {
    ws.bidNext[b] = skipEmpty(ws.bidOrder, ws.buyerStart[b]!, ws.buyerStart[b + 1]!, ws.bidRem);
  }
  for (let k = 0; k < p.nBids; k++) maxBid = Math.max(maxBid, p.bidPrice[k]!);
  // A path entering through a virtual arc crosses at most V arcs of cost >= -maxAbsCost before a step priced at most
  // max(maxBid, maxAsk), so it never gains; and a node reached that way has a distance above every price.
  ws.bigCost = (V + 2) * (maxAbsCost + maxBid + maxAsk + 1);
}

/** Returns the first position in [from, to) whose step has quantity left, or `to`. */
export function skipEmpty(order: Int32Array, from: number, to: number, remaining: Float64Array): number {
  let i = from;
  while (i < to && !(remaining[order[i]!]! > 0)) i++;
  return i;
}

/** Returns the last position in [to, from] whose step has quantity left, or `to` − 1. */
export function skipEmptyDown(order: Int32Array, from: number, to: number, remaining: Float64Array): number {
  let i = from;
  while (i >= to && !(remaining[order[i]!]! > 0)) i--;
  return i;
}

/** Counting sort of step indices by node: `order` lists the steps of node 0, then node 1, …; `start` has n + 1 ends. */
function groupSteps(count: number, nodeOf: Int32Array, n: number, order: Int32Array, start: Int32Array): void {
  start.fill(0, 0, n + 1);
  for (let i = 0; i < count; i++) start[nodeOf[i]! + 1]!++;
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  for (let i = 0; i < count; i++) order[start[nodeOf[i]!]!++] = i;
  for (let v = n; v > 0; v--) start[v] = start[v - 1]!;
  start[0] = 0;
}

/**
 * Sorts each group by `sign * price` ascending, ties by step index (groups arrive in index order). Groups usually
 * arrive sorted already (demand curves, merit orders), which the check finds in one pass.
 */
function sortGroups(order: Int32Array, start: Int32Array, n: number, price: Float64Array, sign: 1 | -1): void {
  for (let v = 0; v < n; v++) {
    const from = start[v]!;
    const to = start[v + 1]!;
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = sign * price[order[i - 1]!]! <= sign * price[order[i]!]!;
    if (sorted) continue;
    if (to - from <= INSERTION_SORT_MAX) {
      for (let i = from + 1; i < to; i++) {
        const step = order[i]!;
        const key = sign * price[step]!;
        let j = i - 1;
        while (j >= from && sign * price[order[j]!]! > key) {
          order[j + 1] = order[j]!;
          j--;
        }
        order[j + 1] = step;
      }
    } else {
      order.subarray(from, to).sort((a, b) => sign * (price[a]! - price[b]!) || a - b);
    }
  }
}
