/**
 * Successive shortest paths for the clearing network, in the "keep" form of the problem: every seller starts with all
 * it offers and either ships a tonne to a buyer (who values it at its bid) or keeps it (valued at the tonne's ask);
 * total surplus differs from the keep form's value by the constant sum ask × qty. So every step, offer or bid, is an
 * arc into the ground, and a path runs ground → seller (supply) → [quotas] → buyer, or back along flow, → ground.
 *
 * With `dist` the shortest distances from the ground (tree.ts), the best trade is the outlet (a seller's
 * dearest unkept step or a buyer's dearest unfilled bid) minimising dist − its price; it is augmented by its
 * bottleneck until no trade gains. Exhausting a step changes no distance: augmenting along a shortest path only adds
 * reverse arcs of zero reduced cost. Distances change only below a tree arc the augmentation saturated (a seller's
 * supply, a route's flow, a quota), and only that subtree is re-solved. Every node also has a virtual arc from the
 * ground of cost `bigCost`, which keeps every distance finite (a feasible potential for the price computation) and is
 * never part of a profitable path.
 */
import type { ClearingProblem } from './problem.ts';
import { pushAlong, residualOf } from './arcs.ts';
import { removeNode, setKey } from './heap.ts';
import { skipEmpty, skipEmptyDown } from './network.ts';
import { buildInitialTree, repairSubtree } from './tree.ts';
import { ARC_SUPPLY, type ClearingWorkspace } from './workspace.ts';

/** Gain (relative to the problem's price scale) below which a trade counts as zero surplus. */
const GAIN_TOLERANCE = 1e-12;

/** Augments the flow in `ws` (built by buildClearingNetwork) until no trade has positive surplus. */
export function runSuccessiveShortestPaths(p: ClearingProblem, ws: ClearingWorkspace): void {
  buildInitialTree(p, ws);
  for (let s = 0; s < p.sellers; s++) refreshOutlet(p, ws, 1 + s);
  for (let b = 0; b < p.buyers; b++) refreshOutlet(p, ws, ws.buyerBase + b);
  const minGain = -GAIN_TOLERANCE * (ws.bigCost / (ws.nodes + 2));
  const outlets = ws.outlets;
  while (outlets.size > 0 && outlets.key[outlets.items[0]!]! < minGain) {
    const end = outlets.items[0]!;
    const top = augment(p, ws, end);
    refreshOutlet(p, ws, end);
    if (top === 0) continue;
    const changed = repairSubtree(p, ws, top);
    for (let i = 0; i < changed; i++) refreshOutlet(p, ws, ws.list[i]!);
  }
}

/**
 * Writes each offer's tonnes sold: a seller's shipments filled into its steps cheapest first (the steps it kept are
 * its dearest), and records the dearest ask sold in `soldMaxAsk`.
 */
export function allocateSales(p: ClearingProblem, ws: ClearingWorkspace, offerSold: Float64Array): void {
  const S = p.sellers;
  for (let s = 0; s < S; s++) {
    let shipped = 0;
    for (let t = s; t < S * p.buyers; t += S) shipped += ws.routeFlow[t]!;
    ws.soldMaxAsk[s] = -Infinity;
    for (let i = ws.sellerStart[s]!, end = ws.sellerStart[s + 1]!; i < end && shipped > 0; i++) {
      const j = ws.offerOrder[i]!;
      const sold = Math.min(shipped, ws.offerRem[j]!);
      if (!(sold > 0)) continue;
      offerSold[j] = sold;
      shipped -= sold;
      ws.soldMaxAsk[s] = p.offerAsk[j]!;
    }
  }
}

/** Returns the USD/kg price of outlet `v`'s current step (a seller's ask kept next, a buyer's bid), or -1 if none. */
function outletPrice(p: ClearingProblem, ws: ClearingWorkspace, v: number): number {
  if (v <= p.sellers) {
    const pos = ws.keepNext[v - 1]!;
    return pos >= ws.sellerStart[v - 1]! ? p.offerAsk[ws.offerOrder[pos]!]! : -1;
  }
  const b = v - ws.buyerBase;
  if (b < 0) return -1;
  const pos = ws.bidNext[b]!;
  return pos < ws.buyerStart[b + 1]! ? p.bidPrice[ws.bidOrder[pos]!]! : -1;
}

/**
 * Returns the tie-break rank of outlet `v`: keeping beats shipping (no trade without gain), the seller with the higher
 * index keeps first (so the lower index sells), and buyers are served by index.
 */
function outletRank(p: ClearingProblem, v: number): number {
  return v <= p.sellers ? -v : v;
}

/** Re-keys node `v` in the outlet heap by dist − the price of its current step, or removes it when none is left. */
function refreshOutlet(p: ClearingProblem, ws: ClearingWorkspace, v: number): void {
  if (v > p.sellers && v < ws.buyerBase) return;
  const price = outletPrice(p, ws, v);
  if (price < 0) removeNode(ws.outlets, v);
  else setKey(ws.outlets, v, ws.dist[v]! - price, outletRank(p, v));
}

/**
 * Sends the bottleneck along the tree path to outlet `end` and moves its step pointer when the step is used up;
 * returns the topmost node whose tree arc broke, or 0 (then the step was the bottleneck).
 */
function augment(p: ClearingProblem, ws: ClearingWorkspace, end: number): number {
  const { parentArc, parentNode, supplyRem } = ws;
  const isSeller = end <= p.sellers;
  const b = end - ws.buyerBase;
  const step = isSeller ? ws.offerOrder[ws.keepNext[end - 1]!]! : ws.bidOrder[ws.bidNext[b]!]!;
  const stepRem = isSeller ? ws.offerRem : ws.bidRem;
  let delta = stepRem[step]!;
  for (let v = end; v !== 0; v = parentNode[v]!) {
    const a = parentArc[v]!;
    if (a >= 0) delta = Math.min(delta, residualOf(ws, a));
    else if (a === ARC_SUPPLY) delta = Math.min(delta, supplyRem[v - 1]!);
    else throw new Error(`invariant broken: a profitable path to node ${end} uses a virtual arc`);
  }
  let top = 0;
  for (let v = end; v !== 0; v = parentNode[v]!) {
    const a = parentArc[v]!;
    if (a >= 0 ? pushAlong(ws, a, delta) : (supplyRem[v - 1]! -= delta) === 0) top = v;
  }
  if ((stepRem[step]! -= delta) === 0) {
    if (isSeller) {
      const s = end - 1;
      ws.keepNext[s] = skipEmptyDown(ws.offerOrder, ws.keepNext[s]! - 1, ws.sellerStart[s]!, ws.offerRem);
    } else {
      ws.bidNext[b] = skipEmpty(ws.bidOrder, ws.bidNext[b]! + 1, ws.buyerStart[b + 1]!, ws.bidRem);
    }
  }
  return top;
}
