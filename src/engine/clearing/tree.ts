/**
 * The shortest-path tree of the clearing network: `dist` (USD/kg) from the ground to every node over the residual
 * network, each node's tree arc and parent, and child lists. The first tree is computed in topological order; after an
 * augmentation saturates a tree arc, only the subtree below it is re-solved, by Dijkstra on reduced costs with the old
 * distances as potentials (they stay feasible: arcs only disappear, and new reverse arcs have zero reduced cost).
 */
import type { ClearingProblem } from './problem.ts';
import { popMin, resetHeap, setKey } from './heap.ts';
import { ARC_SUPPLY, ARC_VIRTUAL, type ClearingWorkspace, nextEpoch } from './workspace.ts';

/** Computes the first tree: the network without flow is acyclic and its node order is topological. */
export function buildInitialTree(p: ClearingProblem, ws: ClearingWorkspace): void {
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
    for (let slot = ws.flowHead[v]!; slot >= 0; slot = ws.flowNext[slot]!) {
      const t = slot >> 1;
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
 * Re-solves the distances of the tree below `root` (whose arc from its parent broke); returns how many nodes it
 * re-solved, listed in `ws.list`. Each node is seeded with its best parent outside the subtree, then Dijkstra runs over
 * the subtree alone (repairWithHeap).
 */
export function repairSubtree(p: ClearingProblem, ws: ClearingWorkspace, root: number): number {
  const epoch = nextEpoch(ws);
  const count = collectSubtree(ws, root, epoch);
  const { list, listKey, dist, distOld } = ws;
  unlinkChild(ws, root);
  for (let i = 0; i < count; i++) {
    const v = list[i]!;
    ws.firstChild[v] = -1;
    distOld[v] = dist[v]!;
    seedNode(p, ws, v, epoch);
    listKey[i] = dist[v]! - distOld[v];
  }
  repairWithHeap(p, ws, count, epoch);
  for (let i = 0; i < count; i++) linkChild(ws, list[i]!);
  return count;
}

/**
 * Runs Dijkstra over the subtree's nodes: the next node comes from `ws.search`, keyed by its reduced distance (the
 * change from its old distance) and ranked by node index, so ties resolve the same way every run.
 */
function repairWithHeap(p: ClearingProblem, ws: ClearingWorkspace, count: number, epoch: number): void {
  const S = p.sellers;
  const { list, listKey, dist, distOld, mark, parentArc, parentNode, routeCost, routeTail, search } = ws;
  const { tailSeller, quotaParent, quotaRes, quotaFlow, buyerBase } = ws;
  resetHeap(search, mark.length);
  for (let i = 0; i < count; i++) setKey(search, list[i]!, listKey[i]!, list[i]!);
  // Lowering a node's distance is written out at each site (no shared closure: it was allocated on every call and
  // boxed its double argument).
  while (search.size > 0) {
    const u = popMin(search);
    mark[u] = 0;
    const du = dist[u]!;
    if (u >= buyerBase) {
      for (let slot = ws.flowHead[u]!; slot >= 0; slot = ws.flowNext[slot]!) {
        const t = slot >> 1;
        const v = routeTail[t]!;
        const candidate = du - routeCost[t]!;
        if (mark[v] === epoch && candidate < dist[v]!) {
          dist[v] = candidate;
          parentArc[v] = 4 * t + 1;
          parentNode[v] = u;
          setKey(search, v, candidate - distOld[v]!, v);
        }
      }
      continue;
    }
    const s = tailSeller[u]!;
    for (let i = 0; i < count; i++) {
      const v = list[i]!;
      if (mark[v] !== epoch) continue;
      if (v >= buyerBase) {
        const t = (v - buyerBase) * S + s;
        const candidate = du + routeCost[t]!;
        if (routeTail[t] === u && candidate < dist[v]!) {
          dist[v] = candidate;
          parentArc[v] = 4 * t;
          parentNode[v] = u;
          setKey(search, v, candidate - distOld[v]!, v);
        }
      } else if (du < dist[v]!) {
        const qv = v - 1 - S;
        const qu = u - 1 - S;
        let arc = -1;
        if (qv >= 0 && quotaParent[qv] === u && quotaRes[qv]! > 0) arc = 4 * qv + 2;
        else if (qu >= 0 && quotaParent[qu] === v && quotaFlow[qu]! > 0) arc = 4 * qu + 3;
        if (arc >= 0) {
          dist[v] = du;
          parentArc[v] = arc;
          parentNode[v] = u;
          setKey(search, v, du - distOld[v]!, v);
        }
      }
    }
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
