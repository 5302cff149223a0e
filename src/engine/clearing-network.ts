/**
 * Builds the residual flow network of a clearing problem in the workspace (layout in clearing-workspace.ts): quota
 * arcs, route arcs, out-arc lists, and each node's steps sorted in merit order. Offer and bid steps are not arcs: a
 * seller's current offer step acts as the arc ground → seller, a buyer's current bid step as buyer → ground.
 */
import type { ClearingProblem } from './clearing.ts';
import { arrangeQuotas } from './clearing-quota-tree.ts';
import { type ClearingWorkspace, reserveArcs, reserveNodes, reserveSteps } from './clearing-workspace.ts';

/** Steps per group above which sorting uses the built-in sort instead of insertion sort. */
const INSERTION_SORT_MAX = 24;

/** Fills `ws` with the network of `p`, no flow yet, and every node's step pointer on its first non-empty step. */
export function buildClearingNetwork(p: ClearingProblem, ws: ClearingWorkspace): void {
  const S = p.sellers;
  const B = p.buyers;
  const quotas = arrangeQuotas(p);
  const Q = quotas.length;
  const V = 1 + S + Q + B;
  let open = 0;
  for (let r = 0; r < S * B; r++) if (p.routeCost[r]! < Infinity) open++;
  const arcs = 2 * (Q + open);
  reserveNodes(ws, V);
  reserveArcs(ws, arcs);
  reserveSteps(ws, S, B, p.nOffers, p.nBids, Q);
  ws.nodes = V;
  ws.quotaNodes = Q;
  ws.buyerBase = 1 + S + Q;
  ws.arcs = arcs;
  const { arcHead, routeArc, routeTail } = ws;

  for (let s = 0; s < S; s++) routeTail.fill(1 + s, s * B, (s + 1) * B);
  for (let q = 0; q < Q; q++) {
    const { seller, parent, capacity, quota } = quotas[q]!;
    const node = 1 + S + q;
    const parentNode = parent < 0 ? 1 + seller : 1 + S + parent;
    ws.quotaParent[q] = parentNode;
    setArcPair(ws, 2 * q, parentNode, node, capacity, 0);
    const mask = p.quotas[quota]!.buyerMask;
    for (let b = 0; b < B; b++) if (mask[b] !== 0) routeTail[seller * B + b] = node;
  }
  let e = 2 * Q;
  let maxAbsCost = 0;
  for (let r = 0; r < S * B; r++) {
    const c = p.routeCost[r]!;
    if (c === Infinity) {
      routeArc[r] = -1;
      continue;
    }
    routeArc[r] = e;
    setArcPair(ws, e, routeTail[r]!, ws.buyerBase + (r % B), Infinity, c);
    maxAbsCost = Math.max(maxAbsCost, Math.abs(c));
    e += 2;
  }

  const { adjStart, adjArc } = ws;
  adjStart.fill(0, 0, V + 1);
  for (let a = 0; a < arcs; a++) adjStart[arcHead[a ^ 1]! + 1]!++;
  for (let v = 0; v < V; v++) adjStart[v + 1]! += adjStart[v]!;
  const fill = ws.stack;
  fill.set(adjStart.subarray(0, V));
  for (let a = 0; a < arcs; a++) adjArc[fill[arcHead[a ^ 1]!]!++] = a;

  groupSteps(p.nOffers, p.offerSeller, S, ws.offerOrder, ws.sellerStart);
  sortGroups(ws.offerOrder, ws.sellerStart, S, p.offerAsk, 1);
  groupSteps(p.nBids, p.bidBuyer, B, ws.bidOrder, ws.buyerStart);
  sortGroups(ws.bidOrder, ws.buyerStart, B, p.bidPrice, -1);
  ws.offerRem.set(p.offerQty.subarray(0, p.nOffers));
  ws.bidRem.set(p.bidQty.subarray(0, p.nBids));
  let maxAsk = 0;
  for (let s = 0; s < S; s++) {
    ws.offerNext[s] = skipEmpty(ws.offerOrder, ws.sellerStart[s]!, ws.sellerStart[s + 1]!, ws.offerRem);
    ws.soldMaxAsk[s] = -Infinity;
  }
  for (let j = 0; j < p.nOffers; j++) maxAsk = Math.max(maxAsk, p.offerAsk[j]!);
  let maxBid = 0;
  for (let b = 0; b < B; b++)
    ws.bidNext[b] = skipEmpty(ws.bidOrder, ws.buyerStart[b]!, ws.buyerStart[b + 1]!, ws.bidRem);
  for (let k = 0; k < p.nBids; k++) maxBid = Math.max(maxBid, p.bidPrice[k]!);
  // A path entering through a virtual arc crosses at most V arcs of cost >= -maxAbsCost before a bid <= maxBid, so
  // it can never be profitable, and a node reached that way has a distance above every ask.
  ws.bigCost = (V + 2) * (maxAbsCost + maxBid + maxAsk + 1);
}

/** Returns the first position in [from, to) whose step has quantity left, or `to`. */
export function skipEmpty(order: Int32Array, from: number, to: number, remaining: Float64Array): number {
  let i = from;
  while (i < to && !(remaining[order[i]!]! > 0)) i++;
  return i;
}

function setArcPair(ws: ClearingWorkspace, e: number, tail: number, head: number, capacity: number, cost: number) {
  ws.arcHead[e] = head;
  ws.arcRes[e] = capacity;
  ws.arcCost[e] = cost;
  ws.arcHead[e + 1] = tail;
  ws.arcRes[e + 1] = 0;
  ws.arcCost[e + 1] = -cost;
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

/** Sorts each group by `sign * price` ascending, ties by step index (groups arrive in index order). */
function sortGroups(order: Int32Array, start: Int32Array, n: number, price: Float64Array, sign: 1 | -1): void {
  for (let v = 0; v < n; v++) {
    const from = start[v]!;
    const to = start[v + 1]!;
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
