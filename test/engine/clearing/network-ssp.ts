/**
 * A plain general-network clearing (a test reference) by successive shortest paths with Bellman–Ford (queue) searches: slow, short and
 * easy to check by eye. It solves the same `NetworkProblem` as `solveNetwork` and gives the same canonical prices; the
 * tests use it as a second, independent solver beside the LP oracle.
 */
import type { NetworkProblem, NetworkSolution } from '../../../src/engine/clearing/problem.ts';

const EPS = 1e-9;

interface Residual {
  n: number;
  head: Int32Array;
  next: Int32Array;
  to: Int32Array;
  cost: Float64Array;
  cap: Float64Array;
  m: number;
}

function residual(nodes: number, arcs: number): Residual {
  return {
    n: nodes,
    head: new Int32Array(nodes).fill(-1),
    next: new Int32Array(2 * arcs),
    to: new Int32Array(2 * arcs),
    cost: new Float64Array(2 * arcs),
    cap: new Float64Array(2 * arcs),
    m: 0,
  };
}

function link(r: Residual, u: number, v: number, cost: number, cap: number): number {
  const e = r.m;
  r.to[e] = v;
  r.cost[e] = cost;
  r.cap[e] = cap;
  r.next[e] = r.head[u]!;
  r.head[u] = e;
  r.to[e + 1] = u;
  r.cost[e + 1] = -cost;
  r.cap[e + 1] = 0;
  r.next[e + 1] = r.head[v]!;
  r.head[v] = e + 1;
  r.m += 2;
  return e;
}

/** Shortest distances from `src` over residual arcs with room (queue-based Bellman–Ford); `pred` the arc into each. */
function shortest(r: Residual, src: number, dist: Float64Array, pred: Int32Array): void {
  dist.fill(Infinity);
  pred.fill(-1);
  const inQueue = new Uint8Array(r.n);
  const queue: number[] = [src];
  dist[src] = 0;
  inQueue[src] = 1;
  for (let qi = 0; qi < queue.length; qi++) {
    const u = queue[qi]!;
    inQueue[u] = 0;
    for (let e = r.head[u]!; e >= 0; e = r.next[e]!) {
      if (r.cap[e]! <= EPS) continue;
      const v = r.to[e]!;
      const d = dist[u]! + r.cost[e]!;
      if (d < dist[v]! - 1e-12) {
        dist[v] = d;
        pred[v] = e;
        if (!inQueue[v]) {
          inQueue[v] = 1;
          queue.push(v);
        }
      }
    }
  }
}

/** Clears a network by successive shortest paths; see `solveNetwork` for the problem, the optimum and the prices. */
export function solveNetworkBySsp(p: NetworkProblem): NetworkSolution & { reaches: Uint8Array } {
  const N = p.nodes;
  const source = N;
  const sink = N + 1;
  const r = residual(N + 2, p.nArcs + p.nOffers + p.nBids);
  const arcEdge = new Int32Array(p.nArcs);
  for (let a = 0; a < p.nArcs; a++) arcEdge[a] = link(r, p.arcTail[a]!, p.arcHead[a]!, p.arcCost[a]!, p.arcCap[a]!);
  const offerEdge = new Int32Array(p.nOffers);
  for (let k = 0; k < p.nOffers; k++) offerEdge[k] = link(r, source, p.offerNode[k]!, p.offerAsk[k]!, p.offerQty[k]!);
  const bidEdge = new Int32Array(p.nBids);
  for (let k = 0; k < p.nBids; k++) bidEdge[k] = link(r, p.bidNode[k]!, sink, -p.bidPrice[k]!, p.bidQty[k]!);
  const dist = new Float64Array(N + 2);
  const pred = new Int32Array(N + 2);
  for (;;) {
    shortest(r, source, dist, pred);
    if (!(dist[sink]! < -EPS)) break;
    let push = Infinity;
    for (let v = sink; v !== source; v = r.to[pred[v]! ^ 1]!) push = Math.min(push, r.cap[pred[v]!]!);
    for (let v = sink; v !== source; v = r.to[pred[v]! ^ 1]!) {
      r.cap[pred[v]!]! -= push;
      r.cap[pred[v]! ^ 1]! += push;
    }
  }
  const flowOf = (e: number) => r.cap[e ^ 1]!;
  const arcFlow = new Float64Array(p.nArcs);
  for (let a = 0; a < p.nArcs; a++) arcFlow[a] = flowOf(arcEdge[a]!);
  const offerSold = new Float64Array(p.nOffers);
  for (let k = 0; k < p.nOffers; k++) offerSold[k] = flowOf(offerEdge[k]!);
  const bidFilled = new Float64Array(p.nBids);
  for (let k = 0; k < p.nBids; k++) bidFilled[k] = flowOf(bidEdge[k]!);
  const reaches = new Uint8Array(p.nodes);
  const nodePrice = lowestPrices(p, r, arcEdge, reaches);
  let surplus = 0;
  for (let k = 0; k < p.nBids; k++) surplus += bidFilled[k]! * p.bidPrice[k]!;
  for (let k = 0; k < p.nOffers; k++) surplus -= offerSold[k]! * p.offerAsk[k]!;
  for (let a = 0; a < p.nArcs; a++) if (arcFlow[a]! !== 0) surplus -= arcFlow[a]! * p.arcCost[a]!;
  return { arcFlow, offerSold, bidFilled, nodePrice, surplus, reaches };
}

/**
 * The lowest equilibrium prices: −(shortest residual distance to the ground), the source and sink merged into it; a
 * node that cannot reach the ground gets its import parity (the least p(u) + cost over residual arcs into it from
 * priced nodes, propagated), else 0.
 */
function lowestPrices(p: NetworkProblem, r: Residual, arcEdge: Int32Array, known: Uint8Array): Float64Array {
  const N = p.nodes;
  // Reverse search from the ground: distance of v to the ground = min over residual v→u of cost + dist(u).
  const toGround = new Float64Array(N).fill(Infinity);
  const queue: number[] = [];
  const inQueue = new Uint8Array(N);
  const relax = (v: number, d: number) => {
    if (d < toGround[v]! - 1e-12) {
      toGround[v] = d;
      if (!inQueue[v]) {
        inQueue[v] = 1;
        queue.push(v);
      }
    }
  };
  // Residual arcs into the ground: an unfilled bid (cost −bid), a sold offer's reverse (cost −ask).
  for (let v = 0; v < N; v++) {
    for (let e = r.head[v]!; e >= 0; e = r.next[e]!) {
      const u = r.to[e]!;
      if (u >= N && r.cap[e]! > EPS) relax(v, r.cost[e]!);
    }
  }
  // Predecessors over network residual arcs: for each node u, every residual arc v→u with room.
  for (let qi = 0; qi < queue.length; qi++) {
    const u = queue[qi]!;
    inQueue[u] = 0;
    for (let e = r.head[u]!; e >= 0; e = r.next[e]!) {
      const v = r.to[e]!;
      if (v >= N) continue;
      // e is u→v; its twin e^1 is v→u with cost −cost[e], with room cap[e^1].
      if (r.cap[e ^ 1]! > EPS) relax(v, toGround[u]! + r.cost[e ^ 1]!);
    }
  }
  const price = new Float64Array(N);
  for (let v = 0; v < N; v++) {
    if (toGround[v]! < Infinity) {
      price[v] = -toGround[v]!;
      known[v] = 1;
    } else price[v] = Infinity;
  }
  // Import parity for the rest, propagated forward over residual arcs with room.
  for (let changed = true, guard = 0; changed && guard <= N; guard++) {
    changed = false;
    for (let a = 0; a < p.nArcs; a++) {
      const e = arcEdge[a]!;
      for (const [edge, u, v] of [
        [e, p.arcTail[a]!, p.arcHead[a]!],
        [e ^ 1, p.arcHead[a]!, p.arcTail[a]!],
      ] as const) {
        if (known[v] || r.cap[edge]! <= EPS || price[u]! === Infinity) continue;
        const cand = price[u]! + r.cost[edge]!;
        if (cand < price[v]! - 1e-12) {
          price[v] = cand;
          changed = true;
        }
      }
    }
  }
  for (let v = 0; v < N; v++) if (price[v] === Infinity) price[v] = 0;
  return price;
}
