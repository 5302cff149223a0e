/**
 * A primal network simplex for solveNetwork (Kelly and O'Neill 1991; the data layout of LEMON's NetworkSimplex): a
 * spanning tree stored as parent / predecessor arc / preorder thread, block search for the entering arc, and strongly
 * feasible trees (Cunningham 1976) so that degenerate pivots cannot cycle.
 *
 * The market is a circulation. Nodes 0 .. N-1 are the problem's, node N is the ground (the outside of the market) and
 * node N+1 the artificial root. Arcs 0 .. nArcs-1 are the problem's; offer j is arc ground → offerNode (cost ask, cap
 * qty), bid k is arc bidNode → ground (cost −bid, cap qty); maximising surplus is minimising total cost. Every real node
 * u also has an artificial arc u → root (cost 0, uncapacitated, never entering): zero flow everywhere is feasible, so
 * the artificial arcs form the first tree and carry nothing ever (a cycle through the root runs back along one of them,
 * which has no flow to give).
 *
 * Two phases, both primal simplex on the same tree. Phase 1 minimises cost. Phase 2 keeps cost at its optimum (only
 * arcs whose phase-1 reduced cost is zero within COST_TOLERANCE may enter) and minimises total flow over all arcs: a
 * trade, a detour or a cross-haul that gains nothing does not happen, and which optimum is returned does not depend on
 * the order of pivots.
 *
 * Tolerances: an arc enters in phase 1 when its reduced cost is below −1e-9 × max(1, largest |cost|, |ask|, |bid|)
 * (gains smaller than that, in USD/kg, count as zero); phase 2's costs are integers and need none. Flows move by exact
 * minimum ratios, and an arc that leaves the tree is set exactly to 0 or to its capacity.
 */
import type { NetworkProblem } from './problem.ts';

/** Arc states: in the tree, or non-basic at its lower (0) or upper (capacity) bound. */
const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
/** Direction of a node's predecessor arc: from the node up to its parent, or down from the parent. */
const DIR_UP = 1;
const DIR_DOWN = -1;

/** Relative tolerance on reduced costs in phase 1 (see the file's doc). */
export const COST_TOLERANCE = 1e-9;
/** Smallest block of arcs scanned for an entering arc. */
const MIN_BLOCK = 10;

/** The simplex's arrays; lengths are capacities, grown and never shrunk. */
export interface SimplexWorkspace {
  /** Problem nodes N; the ground is N, the root N+1. */
  problemNodes: number;
  /** Real nodes (problem nodes and the ground): N + 1. */
  n: number;
  /** Real arcs: nArcs + nOffers + nBids. Arc m + u is node u's artificial arc. */
  m: number;
  /** Absolute phase-1 tolerance on reduced costs, USD/kg. */
  costEps: number;
  /** Pivots made by the last solve (both phases). */
  pivots: number;

  /** [m + n] arc ends, cost (USD/kg), capacity and flow (t), state. */
  source: Int32Array;
  target: Int32Array;
  cost: Float64Array;
  /** [m + n] phase 2 cost: 1 on every real arc, 0 on the artificial ones. */
  volume: Float64Array;
  cap: Float64Array;
  flow: Float64Array;
  state: Int8Array;
  /** [m] 1 = may enter the tree in the current phase. */
  eligible: Uint8Array;

  /** [n + 1] the tree: parent node, predecessor arc and its direction, preorder thread and its reverse. */
  parent: Int32Array;
  pred: Int32Array;
  predDir: Int8Array;
  thread: Int32Array;
  revThread: Int32Array;
  /** [n + 1] size of each node's subtree and its last node in thread order. */
  succNum: Int32Array;
  lastSucc: Int32Array;
  /** [n + 1] node potentials of the current phase: p(head) = p(tail) + cost on tree arcs. */
  pi: Float64Array;
  /** [n + 1] phase-1 potentials (USD/kg): a feasible price system for the optimal flow's residual network. */
  piCost: Float64Array;
  /** [n + 1] scratch for the tree update. */
  dirty: Int32Array;
}

let shared: SimplexWorkspace | undefined;

/** Returns the module's simplex workspace, creating it empty on first use. */
export function simplexWorkspace(): SimplexWorkspace {
  return (shared ??= createSimplexWorkspace());
}

/** Returns an empty workspace (arrays grow on first use). */
export function createSimplexWorkspace(): SimplexWorkspace {
  const f = () => new Float64Array(0);
  const i = () => new Int32Array(0);
  return {
    problemNodes: 0,
    n: 0,
    m: 0,
    costEps: 0,
    pivots: 0,
    source: i(),
    target: i(),
    cost: f(),
    volume: f(),
    cap: f(),
    flow: f(),
    state: new Int8Array(0),
    eligible: new Uint8Array(0),
    parent: i(),
    pred: i(),
    predDir: new Int8Array(0),
    thread: i(),
    revThread: i(),
    succNum: i(),
    lastSucc: i(),
    pi: f(),
    piCost: f(),
    dirty: i(),
  };
}

function reserve(ws: SimplexWorkspace, n: number, m: number): void {
  const arcs = m + n;
  if (ws.source.length < arcs) {
    const k = Math.max(arcs, 2 * ws.source.length);
    ws.source = new Int32Array(k);
    ws.target = new Int32Array(k);
    ws.cost = new Float64Array(k);
    ws.volume = new Float64Array(k);
    ws.cap = new Float64Array(k);
    ws.flow = new Float64Array(k);
    ws.state = new Int8Array(k);
    ws.eligible = new Uint8Array(k);
  }
  if (ws.parent.length < n + 1) {
    const k = Math.max(n + 1, 2 * ws.parent.length);
    ws.parent = new Int32Array(k);
    ws.pred = new Int32Array(k);
    ws.predDir = new Int8Array(k);
    ws.thread = new Int32Array(k);
    ws.revThread = new Int32Array(k);
    ws.succNum = new Int32Array(k);
    ws.lastSucc = new Int32Array(k);
    ws.pi = new Float64Array(k);
    ws.piCost = new Float64Array(k);
    ws.dirty = new Int32Array(k);
  }
}

/**
 * Solves `p` into `ws`: afterwards `ws.flow[0 .. m)` is an optimal flow (arcs, then offers, then bids) and `ws.piCost`
 * a price system feasible for its residual network within `ws.costEps`. Throws when the optimum is unbounded (a cycle
 * of negative cost and unlimited capacity).
 */
export function runNetworkSimplex(p: NetworkProblem, ws: SimplexWorkspace): void {
  build(p, ws);
  const { m, n } = ws;
  ws.pivots = 0;
  ws.eligible.fill(1, 0, m);
  pivotLoop(ws, ws.cost, ws.costEps);
  ws.piCost.set(ws.pi.subarray(0, n + 1));
  // Phase 2 on the optimal face: arcs priced off zero stay where they are.
  const { cost, pi, source, target, state, eligible, costEps: eps } = ws;
  for (let e = 0; e < m; e++) {
    const rc = cost[e]! + pi[source[e]!]! - pi[target[e]!]!;
    eligible[e] = state[e] === STATE_TREE || (rc <= eps && rc >= -eps) ? 1 : 0;
  }
  treePotentials(ws, ws.volume);
  pivotLoop(ws, ws.volume, 0.5);
}

/** Writes the arcs, the artificial arcs and the initial tree (every node a child of the root). */
function build(p: NetworkProblem, ws: SimplexWorkspace): void {
  const N = p.nodes;
  const n = N + 1;
  const ground = N;
  const root = n;
  const m = p.nArcs + p.nOffers + p.nBids;
  reserve(ws, n, m);
  ws.problemNodes = N;
  ws.n = n;
  ws.m = m;
  const { source, target, cost, volume, cap, flow, state } = ws;
  let scale = 1;
  for (let e = 0; e < p.nArcs; e++) {
    source[e] = p.arcTail[e]!;
    target[e] = p.arcHead[e]!;
    cost[e] = p.arcCost[e]!;
    cap[e] = p.arcCap[e]!;
    scale = Math.max(scale, Math.abs(cost[e]!));
  }
  for (let j = 0, e = p.nArcs; j < p.nOffers; j++, e++) {
    source[e] = ground;
    target[e] = p.offerNode[j]!;
    cost[e] = p.offerAsk[j]!;
    cap[e] = p.offerQty[j]!;
    scale = Math.max(scale, Math.abs(cost[e]!));
  }
  for (let k = 0, e = p.nArcs + p.nOffers; k < p.nBids; k++, e++) {
    source[e] = p.bidNode[k]!;
    target[e] = ground;
    cost[e] = -p.bidPrice[k]!;
    cap[e] = p.bidQty[k]!;
    scale = Math.max(scale, Math.abs(cost[e]!));
  }
  ws.costEps = COST_TOLERANCE * scale;
  volume.fill(1, 0, m);
  flow.fill(0, 0, m + n);
  state.fill(STATE_LOWER, 0, m);
  const { parent, pred, predDir, thread, revThread, succNum, lastSucc, pi } = ws;
  for (let u = 0, e = m; u < n; u++, e++) {
    source[e] = u;
    target[e] = root;
    cost[e] = 0;
    volume[e] = 0;
    cap[e] = Infinity;
    state[e] = STATE_TREE;
    parent[u] = root;
    pred[u] = e;
    predDir[u] = DIR_UP;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
    pi[u] = 0;
  }
  parent[root] = -1;
  pred[root] = -1;
  predDir[root] = 0;
  thread[root] = 0;
  revThread[0] = root;
  succNum[root] = n + 1;
  lastSucc[root] = root - 1;
  pi[root] = 0;
}

/** Recomputes the potentials from the tree for the arc costs `c` (root at 0), in thread (pre)order. */
function treePotentials(ws: SimplexWorkspace, c: Float64Array): void {
  const { thread, parent, pred, predDir, pi } = ws;
  const root = ws.n;
  pi[root] = 0;
  for (let u = thread[root]!; u !== root; u = thread[u]!) {
    const e = pred[u]!;
    pi[u] = predDir[u] === DIR_UP ? pi[parent[u]!]! - c[e]! : pi[parent[u]!]! + c[e]!;
  }
}

/** Pivots until no eligible arc has a reduced cost (for costs `c`) below −eps. */
function pivotLoop(ws: SimplexWorkspace, c: Float64Array, eps: number): void {
  const { m, source, target, state, eligible, pi, parent, pred, predDir, succNum, flow, cap } = ws;
  if (m === 0) return;
  const block = Math.max(MIN_BLOCK, Math.ceil(Math.sqrt(m)));
  let next = 0;
  for (;;) {
    // Block search: scan blocks of arcs from where the last search stopped; take the most negative of the first block
    // that holds any candidate.
    let inArc = -1;
    let best = -eps;
    let e = next;
    let count = block;
    for (let scanned = 0; scanned < m; scanned++) {
      if (eligible[e] === 1) {
        const r = state[e]! * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
        if (r < best) {
          best = r;
          inArc = e;
        }
      }
      if (++e === m) e = 0;
      if (--count === 0) {
        if (inArc >= 0) break;
        count = block;
      }
    }
    if (inArc < 0) return;
    next = e;
    ws.pivots++;

    // The join: the first common ancestor of the entering arc's ends.
    let a = source[inArc]!;
    let b = target[inArc]!;
    while (a !== b) {
      if (succNum[a]! < succNum[b]!) a = parent[a]!;
      else b = parent[b]!;
    }
    const join = a;

    // The leaving arc: the first blocking arc in the direction of flow from the join (strongly feasible rule: the
    // last one met on the second side, which ties resolve towards).
    const lower = state[inArc] === STATE_LOWER;
    const first = lower ? source[inArc]! : target[inArc]!;
    const second = lower ? target[inArc]! : source[inArc]!;
    let delta = cap[inArc]!;
    let result = 0;
    let uOut = -1;
    let toUpper = false;
    for (let u = first; u !== join; u = parent[u]!) {
      const f = pred[u]!;
      const down = predDir[u] === DIR_DOWN;
      const d = down ? cap[f]! - flow[f]! : flow[f]!;
      if (d < delta) {
        delta = d;
        uOut = u;
        result = 1;
        toUpper = down;
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      const f = pred[u]!;
      const up = predDir[u] === DIR_UP;
      const d = up ? cap[f]! - flow[f]! : flow[f]!;
      if (d <= delta) {
        delta = d;
        uOut = u;
        result = 2;
        toUpper = up;
      }
    }
    if (delta === Infinity) {
      throw new Error(
        `solveNetwork: unbounded: arc ${inArc} closes a cycle of negative cost and unlimited capacity (an arbitrage loop)`,
      );
    }

    // Push delta around the cycle.
    if (delta > 0) {
      const val = state[inArc]! * delta;
      flow[inArc] = flow[inArc]! + val;
      for (let u = source[inArc]!; u !== join; u = parent[u]!) flow[pred[u]!] = flow[pred[u]!]! - predDir[u]! * val;
      for (let u = target[inArc]!; u !== join; u = parent[u]!) flow[pred[u]!] = flow[pred[u]!]! + predDir[u]! * val;
    }
    if (result === 0) {
      // The entering arc blocks itself: it moves to its other bound and the tree stays.
      flow[inArc] = lower ? cap[inArc]! : 0;
      state[inArc] = -state[inArc]!;
      continue;
    }
    const outArc = pred[uOut]!;
    state[inArc] = STATE_TREE;
    flow[outArc] = toUpper ? cap[outArc]! : 0;
    state[outArc] = toUpper ? STATE_UPPER : STATE_LOWER;
    const uIn = result === 1 ? first : second;
    const vIn = result === 1 ? second : first;
    updateTree(ws, inArc, uIn, vIn, uOut, join);
    // New potentials for the subtree now hanging from vIn.
    const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * c[inArc]!;
    const end = ws.thread[ws.lastSucc[uIn]!]!;
    for (let u = uIn; u !== end; u = ws.thread[u]!) pi[u] = pi[u]! + sigma;
  }
}

/** Replaces the tree arc above uOut by the entering arc (uIn, vIn), re-hanging the stem between uIn and uOut. */
function updateTree(ws: SimplexWorkspace, inArc: number, uIn: number, vIn: number, uOut: number, join: number): void {
  const { parent, pred, predDir, thread, revThread, succNum, lastSucc, dirty, source } = ws;
  const oldRevThread = revThread[uOut]!;
  const oldSuccNum = succNum[uOut]!;
  const oldLastSucc = lastSucc[uOut]!;
  const vOut = parent[uOut]!;

  if (uIn === uOut) {
    parent[uIn] = vIn;
    pred[uIn] = inArc;
    predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
    if (thread[vIn] !== uOut) {
      let after = thread[oldLastSucc]!;
      thread[oldRevThread] = after;
      revThread[after] = oldRevThread;
      after = thread[vIn]!;
      thread[vIn] = uOut;
      revThread[uOut] = vIn;
      thread[oldLastSucc] = after;
      revThread[after] = oldLastSucc;
    }
  } else {
    // When oldRevThread is vIn, join and vOut coincide.
    const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
    // Re-thread and re-parent the stem nodes between uIn and uOut.
    let stem = uIn;
    let parStem = vIn;
    let last = lastSucc[uIn]!;
    let after = thread[last]!;
    thread[vIn] = uIn;
    let nDirty = 0;
    dirty[nDirty++] = vIn;
    while (stem !== uOut) {
      const nextStem = parent[stem]!;
      thread[last] = nextStem;
      dirty[nDirty++] = last;
      const before = revThread[stem]!;
      thread[before] = after;
      revThread[after] = before;
      parent[stem] = parStem;
      parStem = stem;
      stem = nextStem;
      last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
      after = thread[last]!;
    }
    parent[uOut] = parStem;
    thread[last] = threadContinue;
    revThread[threadContinue] = last;
    lastSucc[uOut] = last;
    if (oldRevThread !== vIn) {
      thread[oldRevThread] = after;
      revThread[after] = oldRevThread;
    }
    for (let i = 0; i < nDirty; i++) {
      const u = dirty[i]!;
      revThread[thread[u]!] = u;
    }
    // Predecessor arcs, directions, subtree sizes and last successors along the stem, from uOut up to uIn.
    let sc = 0;
    const ls = lastSucc[uOut]!;
    for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
      pred[u] = pred[p]!;
      predDir[u] = -predDir[p]!;
      sc += succNum[u]! - succNum[p]!;
      succNum[u] = sc;
      lastSucc[p] = ls;
    }
    pred[uIn] = inArc;
    predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
    succNum[uIn] = oldSuccNum;
  }

  // Last successors from vIn towards the root.
  const upLimitOut = lastSucc[join] === vIn ? join : -1;
  const lastSuccOut = lastSucc[uOut]!;
  for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) lastSucc[u] = lastSuccOut;
  // Last successors from vOut towards the root.
  if (join !== oldRevThread && vIn !== oldRevThread) {
    for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = oldRevThread;
  } else if (lastSuccOut !== oldLastSucc) {
    for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = lastSuccOut;
  }
  // Subtree sizes between the two ends and the join.
  for (let u = vIn; u !== join; u = parent[u]!) succNum[u] = succNum[u]! + oldSuccNum;
  for (let u = vOut; u !== join; u = parent[u]!) succNum[u] = succNum[u]! - oldSuccNum;
}
