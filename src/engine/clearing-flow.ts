/**
 * Successive shortest paths for the clearing network, in the "keep" form of the problem: every seller starts with all
 * it offers and either ships a tonne to a buyer (who values it at its bid) or keeps it (valued at the tonne's ask);
 * total surplus differs from the keep form's value by the constant sum ask × qty. So every step, offer or bid, is an
 * arc into the ground, and a path runs ground → seller (supply) → [quotas] → buyer, or back along flow, → ground.
 *
 * `dist` holds the shortest distance (USD/kg) from the ground to every node over the residual network, with the tree of
 * those paths in `parentArc`. The best trade is the outlet (a seller's dearest unkept step or a buyer's dearest
 * unfilled bid) minimising dist − its price; it is augmented by its bottleneck until no trade gains. Exhausting a step
 * changes no distance: augmenting along a shortest path only adds reverse arcs of zero reduced cost. Distances change
 * only below a tree arc the augmentation saturated (a seller's supply, a route's flow, a quota), and only that subtree
 * is re-solved, by Dijkstra on reduced costs with the old distances as potentials. Every node also has a virtual arc
 * from the ground of cost `bigCost`, which keeps every distance finite (a feasible potential for the price computation)
 * and is never part of a profitable path.
 */
import type { ClearingProblem } from './clearing.ts';
import { removeNode, setKey } from './clearing-heap.ts';
import { skipEmpty, skipEmptyDown } from './clearing-network.ts';
import { ARC_SUPPLY, ARC_VIRTUAL, type ClearingWorkspace, nextEpoch } from './clearing-workspace.ts';

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
    const top = augment(p, ws, outlets.items[0]!);
    if (top > 0) repairSubtree(p, ws, top);
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

/** Returns the tonnes of residual capacity of arc code `a` (>= 0). */
function residualOf(ws: ClearingWorkspace, a: number): number {
  const i = a >> 2;
  switch (a & 3) {
    case 0:
      return Infinity;
    case 1:
      return ws.routeFlow[i]!;
    case 2:
      return ws.quotaRes[i]!;
    default:
      return ws.quotaFlow[i]!;
  }
}

/** Pushes `delta` tonnes along arc code `a`; returns true when that used up its residual capacity. */
function pushAlong(ws: ClearingWorkspace, a: number, delta: number): boolean {
  const i = a >> 2;
  switch (a & 3) {
    case 0:
      if (ws.routeFlow[i] === 0) linkFlow(ws, i);
      ws.routeFlow[i]! += delta;
      return false;
    case 1:
      if ((ws.routeFlow[i]! -= delta) !== 0) return false;
      unlinkFlow(ws, i);
      return true;
    case 2:
      ws.quotaFlow[i]! += delta;
      return (ws.quotaRes[i]! -= delta) === 0;
    default:
      ws.quotaRes[i]! += delta;
      return (ws.quotaFlow[i]! -= delta) === 0;
  }
}

/** Adds route `t` to its tail's list of routes with flow. */
function linkFlow(ws: ClearingWorkspace, t: number): void {
  const tail = ws.routeTail[t]!;
  const head = ws.flowHead[tail]!;
  ws.flowNext[t] = head;
  ws.flowPrev[t] = -1;
  if (head >= 0) ws.flowPrev[head] = t;
  ws.flowHead[tail] = t;
}

/** Removes route `t` from its tail's list of routes with flow. */
function unlinkFlow(ws: ClearingWorkspace, t: number): void {
  const next = ws.flowNext[t]!;
  const prev = ws.flowPrev[t]!;
  if (prev >= 0) ws.flowNext[prev] = next;
  else ws.flowHead[ws.routeTail[t]!] = next;
  if (next >= 0) ws.flowPrev[next] = prev;
}

/** Re-keys node `v` in the outlet heap by dist − the price of its current step, or removes it when none is left. */
function refreshOutlet(p: ClearingProblem, ws: ClearingWorkspace, v: number): void {
  let price = -1;
  if (v <= p.sellers) {
    const pos = ws.keepNext[v - 1]!;
    if (pos >= ws.sellerStart[v - 1]!) price = p.offerAsk[ws.offerOrder[pos]!]!;
  } else if (v >= ws.buyerBase) {
    const b = v - ws.buyerBase;
    const pos = ws.bidNext[b]!;
    if (pos < ws.buyerStart[b + 1]!) price = p.bidPrice[ws.bidOrder[pos]!]!;
  } else {
    return;
  }
  if (price < 0) removeNode(ws.outlets, v);
  else setKey(ws.outlets, v, ws.dist[v]! - price);
}

/** Sends the bottleneck along the tree path to outlet `end`; returns the topmost node whose tree arc broke, or 0. */
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
    refreshOutlet(p, ws, end);
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
  ws.firstChild.fill(-1, 0, V);
  for (let v = V - 1; v > 0; v--) linkChild(ws, v);
}

/** Adds `v` to the children of its tree parent. */
function linkChild(ws: ClearingWorkspace, v: number): void {
  const parent = ws.parentNode[v]!;
  const next = ws.firstChild[parent]!;
  ws.nextSibling[v] = next;
  ws.prevSibling[v] = -1;
  if (next >= 0) ws.prevSibling[next] = v;
  ws.firstChild[parent] = v;
}

/** Removes `v` from the children of its tree parent. */
function unlinkChild(ws: ClearingWorkspace, v: number): void {
  const next = ws.nextSibling[v]!;
  const prev = ws.prevSibling[v]!;
  if (prev >= 0) ws.nextSibling[prev] = next;
  else ws.firstChild[ws.parentNode[v]!] = next;
  if (next >= 0) ws.prevSibling[next] = prev;
}

/** Sets the tree arc of `v` to the best of its virtual arc, its supply arc and its arcs from nodes not marked `epoch`. */
function seedNode(p: ClearingProblem, ws: ClearingWorkspace, v: number, epoch: number): void {
  const S = p.sellers;
  const { mark, dist, routeCost, routeTail, routeFlow, quotaFlow } = ws;
  let best = ws.bigCost;
  let arc = ARC_VIRTUAL;
  let from = 0;
  if (v >= ws.buyerBase) {
    for (let t = (v - ws.buyerBase) * S, end = t + S; t < end; t++) {
      const u = routeTail[t]!;
      if (mark[u] === epoch) continue;
      const candidate = dist[u]! + routeCost[t]!;
      if (candidate < best) {
        best = candidate;
        arc = 4 * t;
        from = u;
      }
    }
  } else {
    if (v <= S) {
      if (ws.supplyRem[v - 1]! > 0) {
        best = 0;
        arc = ARC_SUPPLY;
      }
    } else {
      const q = v - 1 - S;
      const parent = ws.quotaParent[q]!;
      if (ws.quotaRes[q]! > 0 && mark[parent] !== epoch && dist[parent]! < best) {
        best = dist[parent]!;
        arc = 4 * q + 2;
        from = parent;
      }
    }
    for (let t = ws.flowHead[v]!; t >= 0; t = ws.flowNext[t]!) {
      const u = ws.routeHead[t]!;
      if (mark[u] === epoch || !(routeFlow[t]! > 0)) continue;
      const candidate = dist[u]! - routeCost[t]!;
      if (candidate < best) {
        best = candidate;
        arc = 4 * t + 1;
        from = u;
      }
    }
    for (let i = ws.childStart[v]!, end = ws.childStart[v + 1]!; i < end; i++) {
      const q = ws.childQuotas[i]!;
      const u = 1 + S + q;
      if (quotaFlow[q]! > 0 && mark[u] !== epoch && dist[u]! < best) {
        best = dist[u]!;
        arc = 4 * q + 3;
        from = u;
      }
    }
  }
  dist[v] = best;
  ws.parentArc[v] = arc;
  ws.parentNode[v] = from;
}

/**
 * Re-solves the distances of the tree below `root` (whose arc from its parent broke) and re-keys its outlets. The
 * subtree is small, so Dijkstra runs densely over it: the next node is found by a scan of the keys, and relaxations
 * only look at pairs of subtree nodes.
 */
function repairSubtree(p: ClearingProblem, ws: ClearingWorkspace, root: number): void {
  const S = p.sellers;
  const epoch = nextEpoch(ws);
  const count = collectSubtree(ws, root, epoch);
  const { list, listKey, listPos, dist, distOld, mark, parentArc, parentNode, routeCost, routeTail, routeFlow } = ws;
  const { tailSeller, quotaParent, quotaRes, quotaFlow, buyerBase } = ws;
  unlinkChild(ws, root);
  for (let i = 0; i < count; i++) {
    const v = list[i]!;
    ws.firstChild[v] = -1;
    distOld[v] = dist[v]!;
    seedNode(p, ws, v, epoch);
    listPos[v] = i;
    listKey[i] = dist[v]! - distOld[v]!;
  }
  const lower = (v: number, candidate: number, arc: number, from: number) => {
    dist[v] = candidate;
    parentArc[v] = arc;
    parentNode[v] = from;
    listKey[listPos[v]!] = candidate - distOld[v]!;
  };
  for (let n = count; n > 0; ) {
    let pick = 0;
    let key = listKey[0]!;
    for (let i = 1; i < n; i++) {
      const k = listKey[i]!;
      if (k < key || (k === key && list[i]! < list[pick]!)) {
        pick = i;
        key = k;
      }
    }
    const u = list[pick]!;
    const last = list[--n]!;
    list[pick] = last;
    listKey[pick] = listKey[n]!;
    listPos[last] = pick;
    list[n] = u;
    listPos[u] = n;
    mark[u] = 0;
    const du = dist[u]!;
    if (u >= buyerBase) {
      const row = (u - buyerBase) * S;
      for (let i = 0; i < n; i++) {
        const v = list[i]!;
        if (v >= buyerBase) continue;
        const t = row + tailSeller[v]!;
        if (routeTail[t] !== v || !(routeFlow[t]! > 0)) continue;
        if (du - routeCost[t]! < dist[v]!) lower(v, du - routeCost[t]!, 4 * t + 1, u);
      }
      continue;
    }
    const s = tailSeller[u]!;
    for (let i = 0; i < n; i++) {
      const v = list[i]!;
      if (v >= buyerBase) {
        const t = (v - buyerBase) * S + s;
        if (routeTail[t] === u && du + routeCost[t]! < dist[v]!) lower(v, du + routeCost[t]!, 4 * t, u);
      } else if (du < dist[v]!) {
        if (v > S && quotaParent[v - 1 - S] === u && quotaRes[v - 1 - S]! > 0) lower(v, du, 4 * (v - 1 - S) + 2, u);
        else if (u > S && quotaParent[u - 1 - S] === v && quotaFlow[u - 1 - S]! > 0) lower(v, du, 4 * (u - S - 1) + 3, u);
      }
    }
  }
  for (let i = 0; i < count; i++) {
    linkChild(ws, list[i]!);
    refreshOutlet(p, ws, list[i]!);
  }
}

/** Marks with `epoch` and lists in `ws.list` the tree below `root`, root first; returns the count. */
function collectSubtree(ws: ClearingWorkspace, root: number, epoch: number): number {
  const { mark, list, firstChild, nextSibling } = ws;
  mark[root] = epoch;
  list[0] = root;
  let count = 1;
  for (let i = 0; i < count; i++) {
    for (let c = firstChild[list[i]!]!; c >= 0; c = nextSibling[c]!) {
      mark[c] = epoch;
      list[count++] = c;
    }
  }
  return count;
}
