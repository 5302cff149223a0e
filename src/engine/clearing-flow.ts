/**
 * Successive shortest paths for the clearing network. `dist` holds the shortest distance (USD/kg) from the ground to
 * every node over the residual network, with the tree of those paths in `parentArc`; the most profitable trade is the
 * buyer minimising dist − (its current bid), and the trade is augmented by its bottleneck. Only trades with positive
 * surplus happen. Every node also has a virtual arc from the ground of cost `bigCost`, which keeps every distance
 * finite (a feasible potential for the price computation) and is never part of a profitable path.
 *
 * The tree is repaired, not recomputed: augmenting along a shortest path adds reverse arcs of zero reduced cost, so
 * distances change only below an arc the augmentation saturated (or below a seller whose offer step ran out, its
 * ground arc now dearer). Exhausting a bid step changes no distance at all. Only that subtree is re-solved, by
 * Dijkstra on reduced costs with the old distances as potentials.
 */
import type { ClearingProblem } from './clearing.ts';
import { popMin, pushOrLower } from './clearing-heap.ts';
import { skipEmpty } from './clearing-network.ts';
import { ARC_OFFER, ARC_VIRTUAL, type ClearingWorkspace, nextEpoch } from './clearing-workspace.ts';

/** Relative gain (in units of the problem's price scale) below which a trade counts as zero surplus. */
const GAIN_TOLERANCE = 1e-12;

/** Augments the flow in `ws` (built by buildClearingNetwork) until no trade has positive surplus. */
export function runSuccessiveShortestPaths(p: ClearingProblem, ws: ClearingWorkspace): void {
  buildInitialTree(p, ws);
  const B = p.buyers;
  const base = ws.buyerBase;
  const { dist, bidNext, bidOrder, buyerStart } = ws;
  const minGain = -GAIN_TOLERANCE * (ws.bigCost / (ws.nodes + 2));
  for (;;) {
    let best = minGain;
    let buyer = -1;
    for (let b = 0; b < B; b++) {
      const pos = bidNext[b]!;
      if (pos === buyerStart[b + 1]!) continue;
      const gain = dist[base + b]! - p.bidPrice[bidOrder[pos]!]!;
      if (gain < best) {
        best = gain;
        buyer = b;
      }
    }
    if (buyer < 0) return;
    const top = augment(p, ws, buyer);
    if (top > 0) repairSubtree(p, ws, top);
  }
}

/** Sends the bottleneck along the tree path to `buyer`'s current bid; returns the topmost node whose tree arc broke. */
function augment(p: ClearingProblem, ws: ClearingWorkspace, buyer: number): number {
  const { parentArc, arcRes, arcHead, offerOrder, offerNext, offerRem, sellerStart } = ws;
  const bid = ws.bidOrder[ws.bidNext[buyer]!]!;
  const end = ws.buyerBase + buyer;
  let delta = ws.bidRem[bid]!;
  for (let v = end; v !== 0;) {
    const a = parentArc[v]!;
    if (a >= 0) {
      delta = Math.min(delta, arcRes[a]!);
      v = arcHead[a ^ 1]!;
    } else if (a === ARC_OFFER) {
      delta = Math.min(delta, offerRem[offerOrder[offerNext[v - 1]!]!]!);
      v = 0;
    } else {
      throw new Error(`invariant broken: a profitable path to buyer ${buyer} uses a virtual arc`);
    }
  }
  let top = 0;
  for (let v = end; v !== 0;) {
    const a = parentArc[v]!;
    if (a >= 0) {
      arcRes[a]! -= delta;
      arcRes[a ^ 1]! += delta;
      if (arcRes[a] === 0) top = v;
      v = arcHead[a ^ 1]!;
    } else {
      const s = v - 1;
      const offer = offerOrder[offerNext[s]!]!;
      offerRem[offer]! -= delta;
      ws.soldMaxAsk[s] = p.offerAsk[offer]!;
      if (offerRem[offer] === 0) {
        offerNext[s] = skipEmpty(offerOrder, offerNext[s]! + 1, sellerStart[s + 1]!, offerRem);
        top = v;
      }
      v = 0;
    }
  }
  ws.bidRem[bid]! -= delta;
  if (ws.bidRem[bid] === 0) {
    ws.bidNext[buyer] = skipEmpty(ws.bidOrder, ws.bidNext[buyer]! + 1, ws.buyerStart[buyer + 1]!, ws.bidRem);
  }
  return top;
}

/** Computes the first tree: the network without flow is acyclic and its node order is topological. */
function buildInitialTree(p: ClearingProblem, ws: ClearingWorkspace): void {
  const epoch = nextEpoch(ws);
  const V = ws.nodes;
  ws.mark.fill(epoch, 1, V);
  ws.mark[0] = 0;
  for (let v = 1; v < V; v++) {
    seedNode(p, ws, v, epoch);
    ws.mark[v] = 0;
  }
}

/** Sets dist and parentArc of `v` from its virtual arc, its offer arc and its arcs from nodes not marked `epoch`. */
function seedNode(p: ClearingProblem, ws: ClearingWorkspace, v: number, epoch: number): void {
  const { adjStart, adjArc, arcHead, arcRes, arcCost, mark, dist } = ws;
  let best = ws.bigCost;
  let arc = ARC_VIRTUAL;
  if (v <= p.sellers) {
    const pos = ws.offerNext[v - 1]!;
    if (pos < ws.sellerStart[v]!) {
      best = p.offerAsk[ws.offerOrder[pos]!]!;
      arc = ARC_OFFER;
    }
  }
  for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
    const e = adjArc[i]!;
    const u = arcHead[e]!;
    const into = e ^ 1;
    if (mark[u] === epoch || !(arcRes[into]! > 0)) continue;
    const candidate = dist[u]! + arcCost[into]!;
    if (candidate < best) {
      best = candidate;
      arc = into;
    }
  }
  dist[v] = best;
  ws.parentArc[v] = arc;
}

/** Re-solves the distances of the tree below `root` (whose arc from its parent broke or got dearer). */
function repairSubtree(p: ClearingProblem, ws: ClearingWorkspace, root: number): void {
  const epoch = nextEpoch(ws);
  const count = collectSubtree(ws, root, epoch);
  const { list, dist, distOld, mark, adjStart, adjArc, arcHead, arcRes, arcCost, parentArc } = ws;
  for (let i = 0; i < count; i++) {
    const v = list[i]!;
    distOld[v] = dist[v]!;
    seedNode(p, ws, v, epoch);
  }
  for (let i = 0; i < count; i++) pushOrLower(ws, list[i]!, dist[list[i]!]! - distOld[list[i]!]!);
  while (ws.heapSize > 0) {
    const u = popMin(ws);
    mark[u] = 0;
    const du = dist[u]!;
    for (let i = adjStart[u]!, end = adjStart[u + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const w = arcHead[e]!;
      if (mark[w] !== epoch || !(arcRes[e]! > 0)) continue;
      const candidate = du + arcCost[e]!;
      if (candidate < dist[w]!) {
        dist[w] = candidate;
        parentArc[w] = e;
        pushOrLower(ws, w, candidate - distOld[w]!);
      }
    }
  }
}

/** Marks with `epoch` and lists in `ws.list` the nodes whose tree path passes through `root`; returns their count. */
function collectSubtree(ws: ClearingWorkspace, root: number, epoch: number): number {
  const { visit, mark, stack, list, parentArc, arcHead } = ws;
  visit[0] = epoch;
  visit[root] = epoch;
  mark[root] = epoch;
  list[0] = root;
  let count = 1;
  for (let v = 1; v < ws.nodes; v++) {
    let depth = 0;
    let u = v;
    while (visit[u] !== epoch) {
      stack[depth++] = u;
      const a = parentArc[u]!;
      u = a >= 0 ? arcHead[a ^ 1]! : 0;
    }
    const inside = mark[u] === epoch;
    while (depth > 0) {
      const w = stack[--depth]!;
      visit[w] = epoch;
      if (inside) {
        mark[w] = epoch;
        list[count++] = w;
      }
    }
  }
  return count;
}
