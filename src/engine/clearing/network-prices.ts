/**
 * Canonical node prices for solveNetwork's optimal flow (the rule is documented on solveNetwork). Prices are dual
 * variables: with the ground at 0, every residual arc u → v of cost c needs p(v) <= p(u) + c. Five passes, each a
 * Dijkstra whose heap keys are shifted by the simplex's phase-1 potentials (a feasible price system, so the keys grow
 * along every residual arc, up to the simplex's tolerance); distances themselves are summed from the arc costs:
 * 1. towards the ground: p(v) = −(shortest residual distance from v to the ground), the lowest prices;
 * 2. a node with offers, no bids and nothing sold is raised to min(0, its tightest upper bound) when lower;
 * 3. away from the priced nodes: a node that cannot reach the ground takes the highest price the others allow,
 *    min over residual arcs u → v of p(u) + c (import parity);
 * 4. a node neither reaches the ground nor is reached from a priced node: first the lowest price >= 0 consistent with
 *    the nodes it reaches (0 when nothing constrains it);
 * 5. then, among those, import parity from the ones no residual arc enters (a node in a cycle that nothing enters
 *    keeps pass 4's price).
 * Residual arcs use the flows as returned (after solve-network.ts snaps rounding noise to the bounds): forward when
 * flow < cap, backward when flow > 0.
 */
import { type NodeHeap, createNodeHeap, popMin, pushOrLower, resetHeap } from './heap.ts';
import type { NetworkProblem } from './problem.ts';
import type { SimplexWorkspace } from './simplex.ts';
import { row } from '../../lib/row.ts';

/** Scratch of the price passes, over the n = nodes + 1 real nodes (the ground last). */
export interface PriceWorkspace {
  /** [n + 1] start of each node's incident arcs in `adjArc`. */
  adjStart: Int32Array;
  /** [2m] arcs incident to each node, tail and head side, by arc index: the network's arcs first, then steps. */
  adjArc: Int32Array;
  /** [n] where each node's network arcs end in `adjArc` (its steps, arcs to or from the ground, follow). */
  adjNetEnd: Int32Array;
  /** [n] USD/kg working distances and prices. */
  dist: Float64Array;
  /** [n] which pass priced the node (the constants below). */
  status: Int8Array;
  /** [n] per-node counts: offers and bids (built with the adjacency lists), offers sold. */
  offers: Int32Array;
  bids: Int32Array;
  sold: Int32Array;
  /** [n] depth-first stack. */
  stack: Int32Array;
  heap: NodeHeap;
  /** The node, arc and network-arc counts the adjacency lists were built for (-1: none). */
  arcNodes: number;
  arcCount: number;
  netArcs: number;
}

let shared: PriceWorkspace | undefined;

/** Returns the module's price workspace. */
export function priceWorkspace(): PriceWorkspace {
  return (shared ??= createPriceWorkspace());
}

/** Returns an empty price workspace. */
export function createPriceWorkspace(): PriceWorkspace {
  return row({
    adjStart: new Int32Array(0),
    adjArc: new Int32Array(0),
    adjNetEnd: new Int32Array(0),
    dist: new Float64Array(0),
    status: new Int8Array(0),
    offers: new Int32Array(0),
    bids: new Int32Array(0),
    sold: new Int32Array(0),
    stack: new Int32Array(0),
    heap: createNodeHeap(),
    arcNodes: -1,
    arcCount: -1,
    netArcs: -1,
  });
}

const UNPRICED = 0;
const REACHES_GROUND = 1;
const IMPORT_PARITY = 2;
const FREE = 3;
const FREE_SOURCE = 4;
const FREE_REACHED = 5;

/**
 * Writes the canonical price of every problem node (USD/kg) into `nodePrice`, for the flow in `sw.flow` (arcs, offers,
 * bids) and the feasible potentials `sw.piCost`.
 */
export function computeNetworkPrices(
  p: NetworkProblem,
  sw: SimplexWorkspace,
  pw: PriceWorkspace,
  nodePrice: Float64Array,
): void {
  const { n, m, source, target, cost, cap, flow, piCost: pi } = sw;
  const ground = n - 1;
  reservePrices(pw, n, m);
  // Incident arcs by node (counting sort: arcs in index order, so every pass is deterministic) and the nodes' offer
  // and bid counts, kept from the last call when the solver knows the problem has the last one's shape (sw.sameShape).
  if (!(sw.sameShape && pw.arcNodes === n && pw.arcCount === m && pw.netArcs === p.nArcs))
    buildAdjacency(pw, p, n, m, sw);
  const { adjStart, adjArc, adjNetEnd, dist, status, heap, offers, bids, sold } = pw;
  // No closures in this file: it runs every clearing, and a loader that keeps function names (tsx: the CLI, tests and
  // benchmarks) names each closure it makes with a property definition, which cost more than the passes.

  // Pass 1: distances to the ground over residual arcs, reversed; heap keys dist + pi are monotone.
  status.fill(UNPRICED, 0, n);
  dist.fill(Infinity, 0, n);
  resetHeap(heap, n);
  dist[ground] = 0;
  pushOrLower(heap, ground, pi[ground]!);
  while (heap.size > 0) {
    const v = popMin(heap);
    status[v] = REACHES_GROUND;
    const dv = dist[v]!;
    // The hottest loop of the passes, written out: every arc at the ground is an offer or a bid. Elsewhere only the
    // network's arcs are read: a step leads to the ground, which is popped first.
    for (let i = adjStart[v]!, end = v === ground ? adjStart[v + 1]! : adjNetEnd[v]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = source[e]!;
      const w = target[e]!;
      // Residual u → v at cost c (forward), or w → v at cost −c (backward): d(x) <= c_res + d(v).
      let x: number;
      let d: number;
      if (w === v) {
        if (u === v || !(flow[e]! < cap[e]!) || status[u] !== UNPRICED) continue;
        x = u;
        d = cost[e]! + dv;
      } else {
        if (!(flow[e]! > 0) || status[w] !== UNPRICED) continue;
        x = w;
        d = dv - cost[e]!;
      }
      if (d < dist[x]!) {
        dist[x] = d;
        pushOrLower(heap, x, d + pi[x]!);
      }
    }
  }
  let unpriced = 0;
  for (let v = 0; v < n; v++) {
    if (status[v] === REACHES_GROUND) dist[v] = -dist[v]!;
    else unpriced++;
  }

  // Pass 2: an offer-only node that sells nothing is raised towards 0 as far as its upper bounds allow.
  sold.fill(0, 0, n);
  for (let j = 0; j < p.nOffers; j++) if (flow[p.nArcs + j]! > 0) sold[p.offerNode[j]!]!++;
  for (let v = 0; v < ground; v++) {
    if (status[v] !== REACHES_GROUND || offers[v] === 0 || bids[v] !== 0 || sold[v] !== 0 || dist[v]! >= 0) continue;
    let bound = 0;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = source[e]!;
      const w = target[e]!;
      if (u === w) continue;
      if (w === v && forward(flow, cap, e)) bound = Math.min(bound, dist[u]! + cost[e]!);
      else if (u === v && backward(flow, e)) bound = Math.min(bound, dist[w]! - cost[e]!);
    }
    dist[v] = Math.max(dist[v]!, bound);
  }

  // Passes 3 to 5 price only the nodes that cannot reach the ground: none, nothing to do.
  if (unpriced === 0) {
    for (let v = 0; v < ground; v++) nodePrice[v] = dist[v]! + 0;
    return;
  }

  // Pass 3: import parity for nodes that cannot reach the ground, from every priced node outwards (keys price − pi).
  resetHeap(heap, n);
  for (let v = 0; v < n; v++) if (status[v] === REACHES_GROUND) pushOrLower(heap, v, dist[v]! - pi[v]!);
  while (heap.size > 0) {
    const v = popMin(heap);
    if (status[v] === UNPRICED) status[v] = IMPORT_PARITY;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = source[e]!;
      const w = target[e]!;
      if (u === w) continue;
      // Residual v → x at cost c_res: p(x) <= p(v) + c_res.
      if (u === v && forward(flow, cap, e) && status[w] === UNPRICED) lower(pw, pi, w, dist[v]! + cost[e]!, -1);
      else if (w === v && backward(flow, e) && status[u] === UNPRICED) lower(pw, pi, u, dist[v]! - cost[e]!, -1);
    }
  }

  // Pass 4: the rest, d0 = −price: floored at price 0 and raised by the priced nodes they reach (p(v) >= p(x) − c_res).
  resetHeap(heap, n);
  for (let v = 0; v < n; v++) {
    if (status[v] !== UNPRICED) continue;
    let d0 = 0;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = source[e]!;
      const w = target[e]!;
      if (u === w) continue;
      if (u === v && forward(flow, cap, e) && status[w] !== UNPRICED) d0 = Math.min(d0, cost[e]! - dist[w]!);
      else if (w === v && backward(flow, e) && status[u] !== UNPRICED) d0 = Math.min(d0, -cost[e]! - dist[u]!);
    }
    dist[v] = d0;
    pushOrLower(heap, v, d0 + pi[v]!);
  }
  while (heap.size > 0) {
    const v = popMin(heap);
    status[v] = FREE;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const u = source[e]!;
      const w = target[e]!;
      if (u === w) continue;
      // Residual x → v at cost c_res: d0(x) <= c_res + d0(v).
      if (w === v && forward(flow, cap, e) && status[u] === UNPRICED) lower(pw, pi, u, cost[e]! + dist[v]!, 1);
      else if (u === v && backward(flow, e) && status[w] === UNPRICED) lower(pw, pi, w, dist[v]! - cost[e]!, 1);
    }
  }
  let nFree = 0;
  for (let v = 0; v < n; v++) {
    if (status[v] !== FREE) continue;
    dist[v] = -dist[v]!;
    nFree++;
  }
  if (nFree > 0) priceFreeNodes(pw, sw);
  // + 0 turns a −0 into 0.
  for (let v = 0; v < ground; v++) nodePrice[v] = dist[v]! + 0;
}

/**
 * Pass 5: among the nodes of pass 4, those reached (over residual arcs) from one that no residual arc enters take
 * import parity from them; the sources, and the nodes of cycles that nothing enters, keep pass 4's price.
 */
function priceFreeNodes(pw: PriceWorkspace, sw: SimplexWorkspace): void {
  const { n, source, cost, piCost: pi } = sw;
  const { adjStart, adjArc, dist, status, heap, stack } = pw;
  // Mark the nodes reached from the sources (depth-first).
  let top = 0;
  for (let v = 0; v < n; v++) {
    if (status[v] === FREE && !hasEntry(pw, sw, v)) {
      status[v] = FREE_SOURCE;
      stack[top++] = v;
    }
  }
  while (top > 0) {
    const v = stack[--top]!;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const x = outNeighbour(sw, v, adjArc[i]!);
      if (x >= 0 && status[x] === FREE) {
        status[x] = FREE_REACHED;
        dist[x] = Infinity;
        stack[top++] = x;
      }
    }
  }
  // Import parity for the reached nodes, from every node with a fixed price among them.
  resetHeap(heap, n);
  for (let v = 0; v < n; v++)
    if (status[v] === FREE || status[v] === FREE_SOURCE) pushOrLower(heap, v, dist[v]! - pi[v]!);
  while (heap.size > 0) {
    const v = popMin(heap);
    if (status[v] === FREE_REACHED) status[v] = FREE;
    for (let i = adjStart[v]!, end = adjStart[v + 1]!; i < end; i++) {
      const e = adjArc[i]!;
      const x = outNeighbour(sw, v, e);
      if (x < 0 || status[x] !== FREE_REACHED) continue;
      const price = dist[v]! + (source[e] === v ? cost[e]! : -cost[e]!);
      if (price < dist[x]!) {
        dist[x] = price;
        pushOrLower(heap, x, price - pi[x]!);
      }
    }
  }
}

/** Whether arc e is residual forward: below its capacity. */
function forward(flow: Float64Array, cap: Float64Array, e: number): boolean {
  return flow[e]! < cap[e]!;
}

/** Whether arc e is residual backward: carrying flow. */
function backward(flow: Float64Array, e: number): boolean {
  return flow[e]! > 0;
}

/** Lowers node x's working distance or price to d when d is lower, keyed in the heap at d + sign × pi[x]. */
function lower(pw: PriceWorkspace, pi: Float64Array, x: number, d: number, sign: number): void {
  if (d < pw.dist[x]!) {
    pw.dist[x] = d;
    pushOrLower(pw.heap, x, d + sign * pi[x]!);
  }
}

/** Whether a residual arc enters node v. */
function hasEntry(pw: PriceWorkspace, sw: SimplexWorkspace, v: number): boolean {
  const { source, target, flow, cap } = sw;
  for (let i = pw.adjStart[v]!, end = pw.adjStart[v + 1]!; i < end; i++) {
    const e = pw.adjArc[i]!;
    const u = source[e]!;
    const w = target[e]!;
    if (u !== w && ((w === v && forward(flow, cap, e)) || (u === v && backward(flow, e)))) return true;
  }
  return false;
}

/** Residual out-neighbour of v through its incident arc e, or -1. */
function outNeighbour(sw: SimplexWorkspace, v: number, e: number): number {
  const u = sw.source[e]!;
  const w = sw.target[e]!;
  if (u === w) return -1;
  if (u === v) return forward(sw.flow, sw.cap, e) ? w : -1;
  return backward(sw.flow, e) ? u : -1;
}

/**
 * Lists the arcs incident to each node in `pw.adjStart` / `pw.adjArc`, by arc index (so a node's network arcs come
 * before its steps, which end at `pw.adjNetEnd`), and counts each node's offers and bids.
 */
function buildAdjacency(pw: PriceWorkspace, p: NetworkProblem, n: number, m: number, sw: SimplexWorkspace): void {
  const { source, target } = sw;
  const { adjStart, adjArc, adjNetEnd, offers, bids } = pw;
  adjStart.fill(0, 0, n + 1);
  for (let e = 0; e < m; e++) {
    adjStart[source[e]! + 1]!++;
    adjStart[target[e]! + 1]!++;
  }
  for (let v = 0; v < n; v++) adjStart[v + 1] = adjStart[v + 1]! + adjStart[v]!;
  for (let e = 0; e < m; e++) {
    if (e === p.nArcs) adjNetEnd.set(adjStart.subarray(0, n));
    adjArc[adjStart[source[e]!]!++] = e;
    adjArc[adjStart[target[e]!]!++] = e;
  }
  if (m === p.nArcs) adjNetEnd.set(adjStart.subarray(0, n));
  for (let v = n; v > 0; v--) adjStart[v] = adjStart[v - 1]!;
  adjStart[0] = 0;
  offers.fill(0, 0, n);
  bids.fill(0, 0, n);
  for (let j = 0; j < p.nOffers; j++) offers[p.offerNode[j]!]!++;
  for (let k = 0; k < p.nBids; k++) bids[p.bidNode[k]!]!++;
  pw.arcNodes = n;
  pw.arcCount = m;
  pw.netArcs = p.nArcs;
}

function reservePrices(pw: PriceWorkspace, n: number, m: number): void {
  if (pw.adjStart.length < n + 1) {
    pw.arcCount = -1;
    const k = Math.max(n + 1, 2 * pw.adjStart.length);
    pw.adjStart = new Int32Array(k);
    pw.adjNetEnd = new Int32Array(k);
    pw.dist = new Float64Array(k);
    pw.status = new Int8Array(k);
    pw.offers = new Int32Array(k);
    pw.bids = new Int32Array(k);
    pw.sold = new Int32Array(k);
    pw.stack = new Int32Array(k);
  }
  if (pw.adjArc.length < 2 * m) {
    pw.adjArc = new Int32Array(Math.max(2 * m, 2 * pw.adjArc.length));
    pw.arcCount = -1;
  }
}
