/**
 * A primal network simplex for solveNetwork (Kelly and O'Neill 1991; the data layout of LEMON's NetworkSimplex): a
 * spanning tree stored as parent / predecessor arc / preorder thread, block search for the entering arc, and strongly
 * feasible trees (Cunningham 1976) so that degenerate pivots cannot cycle.
 *
 * The market is a circulation. Nodes 0 .. N-1 are the problem's, node N is the ground (the outside of the market) and
 * node N+1 the artificial root. Arcs 0 .. nArcs-1 are the problem's; offer j is arc ground → offerNode (cost ask, cap
 * qty), bid k is arc bidNode → ground (cost −bid, cap qty); maximising surplus is minimising total cost. Every real node
 * u also has an artificial arc u → root (cost 0, uncapacitated, never entering): zero flow everywhere is feasible, so
 * the artificial arcs can form the first tree (a cold start puts the steps a one-place market would match at their
 * capacities first, crashStates, and the artificial arcs carry the nodes' imbalances until the simplex empties them).
 *
 * Two phases, both primal simplex on the same tree. Phase 1 minimises cost. Phase 2 keeps cost at its optimum (only
 * arcs whose phase-1 reduced cost is zero within COST_TOLERANCE may enter) and minimises total flow over all arcs: a
 * trade, a detour or a cross-haul that gains nothing does not happen (any such cycle of flow could be cancelled).
 *
 * Pricing: steps are grouped by node and sorted (only a group's cheapest step at 0 and dearest at capacity can be the
 * best entering step of the group); uncapacitated arcs are grouped by head and sorted by cost, and a group is walked
 * only up to the first arc too dear to improve from the lowest potential among its tails (routes into a country are
 * priced up to their netback, about 5% of them in the stress scenario); a candidate list (Mulvey 1978) keeps the
 * improving arcs of the last scan; a
 * full scan of every arc confirms optimality before the loop stops. Warm starts: see boundsTree, placeByPrices and
 * repairTree.
 *
 * Tolerances: an arc enters in phase 1 when its reduced cost is below −1e-9 × max(1, largest |ask|, |bid|, export
 * subsidy, and arc cost up to PROHIBITIVE_COST times those) (gains smaller than that, in USD/kg, count as zero); phase 2's costs are integers and need none. Flows move by exact
 * minimum ratios, and an arc that leaves the tree is set exactly to 0 or to its capacity.
 */
import type { NetworkProblem } from './problem.ts';
import { ensureF64, ensureI32 } from '../../lib/columns.ts';
import { row } from '../../lib/row.ts';

/** Arc states: in the tree, or non-basic at its lower (0) or upper (capacity) bound. */
const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
/** Direction of a node's predecessor arc: from the node up to its parent, or down from the parent. */
const DIR_UP = 1;
const DIR_DOWN = -1;

/** Relative tolerance on reduced costs in phase 1 (see the file's doc). */
export const COST_TOLERANCE = 1e-9;
/**
 * An arc dearer than this many times the largest ask, bid or export subsidy (a route under an all but prohibitive
 * duty) is left out of the tolerance's scale: with a 7.8e8 USD/kg re-export channel in it, a 1e-9 relative tolerance
 * was 0.79 USD/kg and the simplex stopped short of the optimum by that much a kg.
 */
const PROHIBITIVE_COST = 1000;
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
  /** Whether the caller said this problem has the last solve's shape: its arcs' ends are kept (runNetworkSimplex). */
  sameShape: boolean;
  /** The largest finite capacity of the problem's arcs and steps, at least 1 (set by build). */
  largestCap: number;
  /** Pivots made by the last solve (both phases). */
  pivots: number;
  /** Reduced costs evaluated by the last solve (the pricing work). */
  priced: number;

  /** [m + n] arc ends, cost (USD/kg), capacity and flow (t), state. */
  source: Int32Array;
  target: Int32Array;
  cost: Float64Array;
  /** [m + n] phase 2 cost: 1 on every real arc, 0 on the artificial ones. */
  volume: Float64Array;
  cap: Float64Array;
  flow: Float64Array;
  state: Int8Array;
  /**
   * [m] phase 2's arcs, in index order: those of the optimal face (reduced cost within the tolerance of 0, tree arcs
   * included), the only ones that may enter the tree then; `nFace` of them.
   */
  faceArcs: Int32Array;
  nFace: number;
  /** Where phase 2's block search resumes (an arc index). */
  faceNext: number;

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
  /** [n + 2], [n + 1], [n + 1] scratch for rebuilding the thread of a repaired tree. */
  kidStart: Int32Array;
  kids: Int32Array;
  order: Int32Array;

  /**
   * Steps (offer and bid arcs) grouped by node, each group sorted by cost then index: parallel arcs whose reduced costs
   * differ only by their costs, so the cheapest step at its lower bound and the dearest at its upper bound are the only
   * candidates of their group. `nGroups` groups; group g holds `stepOrder[groupStart[g] .. groupStart[g+1])`.
   */
  nGroups: number;
  /** [2n + 1] start of each group in `stepOrder`. */
  groupStart: Int32Array;
  /** [m − nNet] step arcs in group order. */
  stepOrder: Int32Array;
  /** [m − nNet] group and position in `stepOrder` of each step arc (index e − nNet). */
  stepGroup: Int32Array;
  stepPos: Int32Array;
  /** [2n] per group: every step before `lo` is off its lower bound; every step after `hi` is off its upper bound. */
  lo: Int32Array;
  hi: Int32Array;
  /** Number of problem arcs: arcs from here to m are steps. */
  nNet: number;
  /**
   * Where the candidate search's next major scan resumes: the capacitated arcs, then the uncapacitated arcs' groups,
   * then the non-empty step groups of `groupList`.
   */
  nextVirtual: number;
  /** [2n] the non-empty step groups; `nGroupList` of them. */
  groupList: Int32Array;
  nGroupList: number;
  /**
   * The problem's uncapacitated arcs grouped by head node, each group sorted by cost then index (`arcOrder[arcStart[k]
   * .. arcStart[k + 1])` for the k-th of `nArcGroups`), and the capacitated ones in `capArcs` (`nCapArcs`). An arc
   * u → v at 0 can improve only if c + pi(u) − pi(v) < 0, so only if c < pi(v) − min pi over the tails of its group:
   * the search walks a group in cost order and stops at the first arc dearer than that (candidateSearch). The groups'
   * tail sets are shared where equal (`arcClass`; class k's tails are `classTails[classStart[k] .. classStart[k+1])`),
   * so their minima cost one pass over a few nodes per major scan.
   */
  arcStart: Int32Array;
  arcOrder: Int32Array;
  arcHead: Int32Array;
  arcClass: Int32Array;
  nArcGroups: number;
  /**
   * The grouped arcs' costs and tails in `arcOrder`'s order, written once a solve after the grouping (alignArcGroups):
   * the search's walk along a group then reads them in sequence instead of at each arc's scattered index.
   */
  arcCostOrd: Float64Array;
  arcTailOrd: Int32Array;
  capArcs: Int32Array;
  nCapArcs: number;
  classStart: Int32Array;
  classTails: Int32Array;
  classMin: Float64Array;
  nClasses: number;
  /**
   * Which arcs were capacitated when the groups were last built, and how many arcs: with the last solve's shape
   * (sameShape) and these the same, only the order within each group is redone (sameGrouping).
   */
  groupedCapped: Uint8Array;
  nGrouped: number;
  /**
   * The grouped problem's uncapacitated arcs in index order, by ordinal: their tails and heads (`nUncapped` of them),
   * and [arcs] each one's ordinal. A problem of another shape whose uncapacitated arcs have the same ends in the same
   * order (the routes, when only plants and their processing arcs came or went) keeps the groups and their tail
   * classes, each group's arcs renumbered by ordinal (reuseGroups).
   */
  uncappedTail: Int32Array;
  uncappedHead: Int32Array;
  uncappedOrdinal: Int32Array;
  nUncapped: number;
  /** Scratch for sortByCostStable. */
  sortScratch: Int32Array;
  /**
   * Scratch arrays of remapTree, by use, grown as needed (a remap runs whenever the problem's shape changes: a plant
   * opens or closes, a route opens, a grid's bid count changes).
   */
  remapScratch: Int32Array[];
  /** The candidate list: arcs that improved when last priced. */
  candidates: Int32Array;
  nCandidates: number;
  listLength: number;
  minorCount: number;
  minorLimit: number;
}

/**
 * How a solve starts (see build): cold, from the crash basis (crashStates); from zero flow (the plain start the crash
 * basis is measured against); from the bounds the arcs held in the last solve in the workspace; or from the last
 * solve's spanning tree, repaired, with the arcs off it placed by the last solve's prices ('tree', placeByPrices) or
 * at the bounds they held ('tree-bounds', for comparison). The last three need a last solve of the same size
 * (remapTree carries a tree over to another shape).
 */
export type WarmStart = 'cold' | 'zero' | 'bounds' | 'tree' | 'tree-bounds';

let shared: SimplexWorkspace | undefined;

/** Returns the module's simplex workspace, creating it empty on first use. */
export function simplexWorkspace(): SimplexWorkspace {
  return (shared ??= createSimplexWorkspace());
}

/** Returns an empty workspace (arrays grow on first use). */
export function createSimplexWorkspace(): SimplexWorkspace {
  const f = () => new Float64Array(0);
  const i = () => new Int32Array(0);
  return row({
    problemNodes: 0,
    n: 0,
    m: 0,
    costEps: 0,
    sameShape: false,
    largestCap: 1,
    pivots: 0,
    priced: 0,
    source: i(),
    target: i(),
    cost: f(),
    volume: f(),
    cap: f(),
    flow: f(),
    state: new Int8Array(0),
    faceArcs: new Int32Array(0),
    nFace: 0,
    faceNext: 0,
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
    kidStart: i(),
    kids: i(),
    order: i(),
    nGroups: 0,
    groupStart: i(),
    stepOrder: i(),
    stepGroup: i(),
    stepPos: i(),
    lo: i(),
    hi: i(),
    nNet: 0,
    nextVirtual: 0,
    groupList: i(),
    nGroupList: 0,
    arcStart: i(),
    arcOrder: i(),
    arcHead: i(),
    arcClass: i(),
    nArcGroups: 0,
    arcCostOrd: f(),
    arcTailOrd: i(),
    capArcs: i(),
    nCapArcs: 0,
    classStart: i(),
    classTails: i(),
    classMin: f(),
    nClasses: 0,
    groupedCapped: new Uint8Array(0),
    nGrouped: -1,
    uncappedTail: i(),
    uncappedHead: i(),
    uncappedOrdinal: i(),
    nUncapped: 0,
    sortScratch: i(),
    remapScratch: [],
    candidates: i(),
    nCandidates: 0,
    listLength: 0,
    minorCount: 0,
    minorLimit: 0,
  });
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
    ws.faceArcs = new Int32Array(k);
    ws.stepOrder = new Int32Array(k);
    ws.stepGroup = new Int32Array(k);
    ws.stepPos = new Int32Array(k);
    ws.sortScratch = new Int32Array(k);
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
    ws.kidStart = new Int32Array(k + 1);
    ws.kids = new Int32Array(k);
    ws.order = new Int32Array(k);
    ws.groupStart = new Int32Array(2 * k + 1);
    ws.lo = new Int32Array(2 * k);
    ws.groupList = new Int32Array(2 * k);
    ws.hi = new Int32Array(2 * k);
  }
}

/**
 * Solves `p` into `ws` from `start` (a warm start needs the last solve in `ws` to have had the same size): afterwards `ws.flow[0 .. m)` is an optimal flow (arcs, then offers, then bids) and `ws.piCost`
 * a price system feasible for its residual network within `ws.costEps`. Throws when the optimum is unbounded (a cycle
 * of negative cost and unlimited capacity). `sameShape`: the caller knows that the last solve in `ws` succeeded on a
 * problem with these very nodes, arcs, offers and bids (their ends): the arcs' ends and phase-2 volumes written then,
 * and the step and arc groupings, are then kept (`ws.sameShape`, also read by computeNetworkPrices for its adjacency
 * lists); otherwise they are built afresh.
 */
export function runNetworkSimplex(
  p: NetworkProblem,
  ws: SimplexWorkspace,
  start: WarmStart = 'cold',
  sameShape = false,
): void {
  ws.sameShape = sameShape;
  build(p, ws, start);
  const { m, n } = ws;
  ws.pivots = 0;
  ws.priced = 0;
  pivotLoop(ws, ws.cost, ws.costEps, true);
  ws.piCost.set(ws.pi.subarray(0, n + 1));
  // The artificial arcs are empty at the optimum (zero flow is feasible and they cost more than any path); from here
  // on they are closed, so that phase 2 cannot route through the root.
  const quantity = ws.largestCap;
  for (let e = m; e < m + n; e++) {
    if (ws.flow[e]! > 1e-9 * quantity) throw new Error(`solveNetwork: artificial arc of node ${e - m} left with flow`);
    ws.flow[e] = 0;
    ws.cap[e] = 0;
  }
  // Phase 2 on the optimal face (`ws.faceArcs`, listed by phase 1's last scan): arcs priced off zero stay put.
  treePotentials(ws, ws.volume);
  pivotLoop(ws, ws.volume, 0.5, false);
  settleTreeFlows(ws);
}

/**
 * Recomputes the tree arcs' flows from the others', which sit exactly on their bounds: each tree arc carries the
 * imbalance of the subtree below it, children first. Pivots push flow around cycles by additions, and a cycle that
 * carried 8e10 t through a country and back left one unit in the last place there (1.3e-5 t where nothing moved); from
 * the bounds, a country through whose subtree nothing flows gets exactly 0 again.
 */
function settleTreeFlows(ws: SimplexWorkspace): void {
  const { n, m, source, target, flow, state, parent, pred, predDir, revThread } = ws;
  const root = n;
  // pi, done with, holds each node's excess of inflow from the arcs off the tree (then from its subtree).
  const ex = ws.pi;
  ex.fill(0, 0, n + 1);
  for (let e = 0; e < m; e++) {
    if (state[e] === STATE_TREE) continue;
    const f = flow[e]!;
    if (f === 0) continue;
    ex[target[e]!] = ex[target[e]!]! + f;
    ex[source[e]!] = ex[source[e]!]! - f;
  }
  for (let u = revThread[root]!; u !== root; u = revThread[u]!) {
    const e = pred[u]!;
    const par = parent[u]!;
    const f = predDir[u] === DIR_UP ? ex[u]! : -ex[u]!;
    if (e < m) flow[e] = f;
    else flow[e] = 0;
    ex[par] = ex[par]! + ex[u]!;
  }
}

/** Writes the arcs, the artificial arcs and the initial tree and flows for `start` (boundsTree, repairTree). */
function build(p: NetworkProblem, ws: SimplexWorkspace, start: WarmStart): void {
  const N = p.nodes;
  const n = N + 1;
  const ground = N;
  const m = p.nArcs + p.nOffers + p.nBids;
  reserve(ws, n, m);
  ws.problemNodes = N;
  ws.n = n;
  ws.m = m;
  const { source, target, cost, volume, cap } = ws;
  // The scale of the problem's prices: asks, bids and negative arc costs first, then the arc costs up to
  // PROHIBITIVE_COST times that (a dearer arc can carry nothing in any optimum and must not widen the tolerance).
  let scale = 1;
  let dearest = 0;
  // The largest finite capacity (at least 1): the scale of the artificial arcs' leftover flow (runNetworkSimplex).
  let largestCap = 1;
  // The same shape as the last solve in this workspace: the arcs' ends (and their volumes, 1) are the ones written then.
  const ends = !ws.sameShape;
  for (let e = 0; e < p.nArcs; e++) {
    if (ends) {
      source[e] = p.arcTail[e]!;
      target[e] = p.arcHead[e]!;
    }
    cost[e] = p.arcCost[e]!;
    cap[e] = p.arcCap[e]!;
    if (cost[e]! < 0) scale = Math.max(scale, -cost[e]!);
    if (cap[e]! < Infinity) largestCap = Math.max(largestCap, cap[e]!);
  }
  for (let j = 0, e = p.nArcs; j < p.nOffers; j++, e++) {
    if (ends) {
      source[e] = ground;
      target[e] = p.offerNode[j]!;
    }
    cost[e] = p.offerAsk[j]!;
    cap[e] = p.offerQty[j]!;
    scale = Math.max(scale, Math.abs(cost[e]!));
    if (cap[e]! < Infinity) largestCap = Math.max(largestCap, cap[e]!);
  }
  for (let k = 0, e = p.nArcs + p.nOffers; k < p.nBids; k++, e++) {
    if (ends) {
      source[e] = p.bidNode[k]!;
      target[e] = ground;
    }
    cost[e] = -p.bidPrice[k]!;
    cap[e] = p.bidQty[k]!;
    scale = Math.max(scale, Math.abs(cost[e]!));
    if (cap[e]! < Infinity) largestCap = Math.max(largestCap, cap[e]!);
  }
  ws.largestCap = largestCap;
  const prohibitive = PROHIBITIVE_COST * scale;
  for (let e = 0; e < p.nArcs; e++) if (cost[e]! > dearest && cost[e]! <= prohibitive) dearest = cost[e]!;
  scale = Math.max(scale, dearest);
  ws.costEps = COST_TOLERANCE * scale;
  groupSteps(p, ws);
  if (ends) volume.fill(1, 0, m);
  if (start === 'tree' || start === 'tree-bounds') {
    repairTree(ws, scale, start === 'tree');
  } else {
    if (start === 'cold') crashStates(p, ws);
    else if (start === 'zero') ws.state.fill(STATE_LOWER, 0, ws.m);
    boundsTree(ws, scale);
  }
}

/**
 * The cold start's bounds (a crash basis): the market cleared as if it were one place, with no transport, tariffs or
 * quotas. Offers from the cheapest and bids from the dearest are matched in turn while the bid exceeds the ask; each
 * matched step starts at its capacity, every other arc at 0. Nodes are then out of balance only by their trade, which
 * the artificial arcs carry (boundsTree) and the simplex routes over the network's arcs: on a network sized like the
 * stress scenario about 6,000 pivots instead of 30,000 from zero flow. Ties keep index order (a stable sort).
 */
function crashStates(p: NetworkProblem, ws: SimplexWorkspace): void {
  const { state, cap, cost } = ws;
  state.fill(STATE_LOWER, 0, ws.m);
  const offers = new Int32Array(p.nOffers);
  for (let j = 0; j < p.nOffers; j++) offers[j] = p.nArcs + j;
  sortByCostStable(offers, 0, offers.length, cost, ws.sortScratch);
  // A bid's arc costs −bid: ascending cost is descending bid.
  const bids = new Int32Array(p.nBids);
  for (let k = 0; k < p.nBids; k++) bids[k] = p.nArcs + p.nOffers + k;
  sortByCostStable(bids, 0, bids.length, cost, ws.sortScratch);
  let i = 0;
  let j = 0;
  let supply = 0;
  let demand = 0;
  while (i < offers.length && j < bids.length && -cost[bids[j]!]! > cost[offers[i]!]!) {
    if (supply <= demand) {
      supply += cap[offers[i]!]!;
      state[offers[i++]!] = STATE_UPPER;
    } else {
      demand += cap[bids[j]!]!;
      state[bids[j++]!] = STATE_UPPER;
    }
  }
}

/**
 * The start from bounds: every arc at the bound `state` gives it — the crash basis's (cold), or the one it held in the
 * last solve (warm; a tree arc at the nearer bound). Every node is a child of the root, its imbalance on its artificial arc: up to the root at cost 0
 * for an excess of inflow, down from the root at a cost dearer than any path for a deficit, so that the simplex
 * empties them.
 */
function boundsTree(ws: SimplexWorkspace, scale: number): void {
  const { n, m, source, target, cost, volume, cap, flow, state } = ws;
  const root = n;
  const { parent, pred, predDir, thread, revThread, succNum, lastSucc, pi } = ws;
  // pi holds each node's excess of inflow while the start is set up.
  pi.fill(0, 0, n + 1);
  for (let e = 0; e < m; e++) {
    let st = state[e]!;
    if (st === STATE_TREE)
      st = cap[e]! < Infinity && flow[e]! > 0 && 2 * flow[e]! >= cap[e]! ? STATE_UPPER : STATE_LOWER;
    if (st === STATE_UPPER && !(cap[e]! < Infinity)) st = STATE_LOWER;
    state[e] = st;
    flow[e] = st === STATE_UPPER ? cap[e]! : 0;
    if (st === STATE_UPPER) {
      pi[target[e]!] = pi[target[e]!]! + cap[e]!;
      pi[source[e]!] = pi[source[e]!]! - cap[e]!;
    }
  }
  const artificialCost = (scale + 1) * (n + 1);
  for (let u = 0, e = m; u < n; u++, e++) {
    const excess = pi[u]!;
    cap[e] = Infinity;
    volume[e] = 0;
    state[e] = STATE_TREE;
    if (excess >= 0) {
      source[e] = u;
      target[e] = root;
      cost[e] = 0;
      flow[e] = excess;
      predDir[u] = DIR_UP;
      pi[u] = 0;
    } else {
      source[e] = root;
      target[e] = u;
      cost[e] = artificialCost;
      flow[e] = -excess;
      predDir[u] = DIR_DOWN;
      pi[u] = artificialCost;
    }
    parent[u] = root;
    pred[u] = e;
    thread[u] = u + 1;
    revThread[u + 1] = u;
    succNum[u] = 1;
    lastSucc[u] = u;
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

/** The arcs of a solved problem, by their ends: what `remapTree` needs of it (see ArcShape in solve-network.ts). */
export interface ArcEnds {
  nArcs: number;
  nOffers: number;
  nBids: number;
  arcTail: Int32Array;
  arcHead: Int32Array;
  offerNode: Int32Array;
  bidNode: Int32Array;
}

/**
 * Carries the last solve's spanning tree and bounds over to a problem `p` with the same nodes but other arcs (a month
 * in which a plant closed, a route opened or a quota ended), so that a 'tree' start can repair it: each arc of `p`
 * takes the state of the last problem's arc with the same ends (the k-th arc from u to v takes the k-th one's; the
 * k-th offer or bid at a node the k-th one's), a new arc starts at 0, and a node whose tree arc has no successor hangs
 * from the root. Any carried-over state is a valid start (repairTree mends what no longer fits), so a poor match
 * costs pivots, never the optimum.
 */
export function remapTree(ws: SimplexWorkspace, last: ArcEnds, p: NetworkProblem): void {
  const n = ws.n;
  if (p.nodes + 1 !== n) throw new Error('remapTree: the node count changed');
  const mOld = last.nArcs + last.nOffers + last.nBids;
  const mNew = p.nArcs + p.nOffers + p.nBids;
  const oldState = remapScratch(ws, 0, mOld);
  for (let e = 0; e < mOld; e++) oldState[e] = ws.state[e]!;
  reserve(ws, n, mNew);
  const { state, pred } = ws;
  const moved = remapScratch(ws, 1, mOld).fill(-1, 0, mOld);
  // Arcs: the old arcs from u to v in index order, matched in order. The old arcs are bucketed by tail (counting sort)
  // and each new arc takes the first unmatched old one with its ends from its tail's bucket, found through `first`,
  // the next unmatched old arc of each head in the bucket now being matched (reset after each tail).
  const start = bucketStarts(remapScratch(ws, 2, n + 1), n, last.arcTail, last.nArcs);
  const byTail = bucket(remapScratch(ws, 3, last.nArcs), remapScratch(ws, 4, n), start, n, last.arcTail, last.nArcs);
  const newStart = bucketStarts(remapScratch(ws, 5, n + 1), n, p.arcTail, p.nArcs);
  const newByTail = bucket(remapScratch(ws, 6, p.nArcs), remapScratch(ws, 7, n), newStart, n, p.arcTail, p.nArcs);
  // Per head, the old arcs of the current tail in order, as a linked list: first[v], then nextSame[i].
  const first = remapScratch(ws, 8, n).fill(-1, 0, n);
  const lastOf = remapScratch(ws, 9, n).fill(-1, 0, n);
  const nextSame = remapScratch(ws, 10, last.nArcs).fill(-1, 0, last.nArcs);
  for (let u = 0; u < n; u++) {
    for (let i = start[u]!; i < start[u + 1]!; i++) {
      const v = last.arcHead[byTail[i]!]!;
      if (first[v]! < 0) first[v] = i;
      else nextSame[lastOf[v]!] = i;
      lastOf[v] = i;
    }
    for (let i = newStart[u]!; i < newStart[u + 1]!; i++) {
      const e = newByTail[i]!;
      const v = p.arcHead[e]!;
      const k = first[v]!;
      if (k < 0) continue;
      moved[byTail[k]!] = e;
      first[v] = nextSame[k]!;
    }
    for (let i = start[u]!; i < start[u + 1]!; i++) {
      const v = last.arcHead[byTail[i]!]!;
      first[v] = -1;
      lastOf[v] = -1;
    }
  }
  // Steps: the k-th offer (bid) at a node takes the k-th one's of the last problem.
  matchSteps(ws, moved, 11, last.offerNode, last.nOffers, last.nArcs, p.offerNode, p.nOffers, p.nArcs);
  const oldBids = last.nArcs + last.nOffers;
  matchSteps(ws, moved, 15, last.bidNode, last.nBids, oldBids, p.bidNode, p.nBids, p.nArcs + p.nOffers);
  state.fill(STATE_LOWER, 0, mNew + n);
  for (let e = 0; e < mOld; e++) if (moved[e]! >= 0) state[moved[e]!] = oldState[e]!;
  // Each node keeps its tree arc under its new number, or hangs from the root by its artificial arc (repairTree).
  for (let u = 0; u < n; u++) {
    const e = pred[u]!;
    const to = e < mOld ? moved[e]! : -1;
    if (to >= 0) {
      pred[u] = to;
    } else {
      pred[u] = mNew + u;
      state[mNew + u] = STATE_TREE;
    }
  }
}

/**
 * remapTree's match of steps: the k-th old step at a node (of `oldCount`, numbered from arc `oldBase`) moves to the
 * k-th new one there (of `newCount`, from `newBase`), written into `moved`; remapTree's scratch slots `slot` to
 * `slot` + 3 hold the buckets.
 */
function matchSteps(
  ws: SimplexWorkspace,
  moved: Int32Array,
  slot: number,
  oldNode: Int32Array,
  oldCount: number,
  oldBase: number,
  newNode: Int32Array,
  newCount: number,
  newBase: number,
): void {
  const n = ws.n;
  const next = remapScratch(ws, slot, n).fill(0, 0, n);
  const start = bucketStarts(remapScratch(ws, slot + 1, n + 1), n, oldNode, oldCount);
  const order = bucket(
    remapScratch(ws, slot + 2, oldCount),
    remapScratch(ws, slot + 3, n),
    start,
    n,
    oldNode,
    oldCount,
  );
  for (let j = 0; j < newCount; j++) {
    const u = newNode[j]!;
    const k = start[u]! + next[u]!;
    if (k < start[u + 1]!) {
      moved[oldBase + order[k]!] = newBase + j;
      next[u]!++;
    }
  }
}

/** remapTree's scratch array number `slot`, at least `size` long (its contents are whatever the last remap left). */
function remapScratch(ws: SimplexWorkspace, slot: number, size: number): Int32Array {
  let a = ws.remapScratch[slot];
  if (!a || a.length < size) {
    a = new Int32Array(Math.max(size, 2 * (a?.length ?? 0), 16));
    ws.remapScratch[slot] = a;
  }
  return a;
}

/** Writes into `start` where each node's bucket begins (counting sort of `count` items by `node`); returns it. */
function bucketStarts(start: Int32Array, n: number, node: Int32Array, count: number): Int32Array {
  start.fill(0, 0, n + 1);
  for (let j = 0; j < count; j++) start[node[j]! + 1]!++;
  for (let u = 0; u < n; u++) start[u + 1] = start[u + 1]! + start[u]!;
  return start;
}

/** Writes into `out` the items 0..count-1 bucketed by `node`, in index order within a bucket; returns it. */
function bucket(
  out: Int32Array,
  fill: Int32Array,
  start: Int32Array,
  n: number,
  node: Int32Array,
  count: number,
): Int32Array {
  fill.set(start.subarray(0, n));
  for (let j = 0; j < count; j++) out[fill[node[j]!]!++] = j;
  return out;
}

/**
 * The 'tree' start's bound for arc `e`, off the kept tree and holding state `st` (repairTree asks, `place`): the arc
 * goes to the bound that the last solve's prices (its phase-1 potentials, `piCost`) call for under this problem's costs
 * — at capacity when it would gain at those prices, at 0 when it would lose, where it was when it breaks even. A bound
 * held from the last solve was right for that solve's arc: on a problem of the same shape the arcs it moves are bid
 * steps whose price moved (a demand grid re-centred on a new price); on another shape (remapTree), steps and arcs
 * matched by their ends to ones of another grid or market. Left there, they start on the wrong side of last month's
 * prices and the simplex spends most of a month's first clearing putting them back: on the stress scenario 525,686
 * pivots over 60 months against 218,585 so placed, 3.43 million against 1.45 million over 600. Where prices jump far
 * from one solve to the next, the last ones are a poor guide, and holding the bounds can take fewer pivots
 * (docs/ARCHITECTURE.md).
 */
function placeByPrices(ws: SimplexWorkspace, e: number, st: number): number {
  const rc = ws.cost[e]! + ws.piCost[ws.source[e]!]! - ws.piCost[ws.target[e]!]!;
  return rc < -ws.costEps ? STATE_UPPER : rc > ws.costEps ? STATE_LOWER : st;
}

/**
 * The warm start: the last solve's spanning tree, repaired for the new bounds. Non-tree arcs stay at the bound they
 * hold (the one they held or, with `place`, placeByPrices's; at 0 when that bound is now infinite); each tree arc takes
 * the flow that balances the subtree below it, children first. A tree arc whose flow would leave its bounds, or sit on
 * a bound the wrong way for a strongly feasible tree (at capacity pointing to the root, at 0 pointing away from it), or
 * that no longer joins its two nodes (a problem of the same size but another shape), goes to its nearer bound, and its
 * subtree hangs from the root by the node's artificial arc carrying the subtree's imbalance: up at cost 0 for an
 * excess, down at a cost dearer than any path for a deficit, which the simplex then empties. The potentials follow from
 * the repaired tree.
 */
function repairTree(ws: SimplexWorkspace, scale: number, place: boolean): void {
  const { n, m, source, target, cost, volume, cap, flow, state, parent, pred, predDir, pi } = ws;
  const root = n;
  const artificialCost = (scale + 1) * (n + 1);
  // pi holds each node's excess of inflow (of its subtree, once its children are done) while the tree is repaired.
  pi.fill(0, 0, n + 1);
  for (let e = 0; e < m; e++) {
    let st = state[e]!;
    if (st === STATE_TREE) continue;
    if (place) st = placeByPrices(ws, e, st);
    if (st === STATE_UPPER && !(cap[e]! < Infinity)) st = STATE_LOWER;
    state[e] = st;
    if (st === STATE_UPPER) {
      flow[e] = cap[e]!;
      pi[target[e]!] = pi[target[e]!]! + cap[e]!;
      pi[source[e]!] = pi[source[e]!]! - cap[e]!;
    } else flow[e] = 0;
  }
  for (let u = 0, e = m; u < n; u++, e++) {
    cap[e] = Infinity;
    volume[e] = 0;
    if (state[e] !== STATE_TREE || pred[u] !== e) {
      state[e] = STATE_LOWER;
      flow[e] = 0;
    }
  }
  // Children before parents: the reverse of the thread (a preorder).
  for (let u = ws.revThread[root]!; u !== root;) {
    const prev = ws.revThread[u]!;
    const par = parent[u]!;
    const e = pred[u]!;
    const excess = pi[u]!;
    let hang = true;
    if (e < m) {
      const up = predDir[u] === DIR_UP;
      const joins = up ? source[e] === u && target[e] === par : source[e] === par && target[e] === u;
      const f = up ? excess : -excess;
      const c = cap[e]!;
      if (joins && (up ? f >= 0 && f < c : f > 0 && f <= c)) {
        flow[e] = f;
        pi[par] = pi[par]! + excess;
        hang = false;
      } else {
        const st = joins && f >= c ? STATE_UPPER : STATE_LOWER;
        state[e] = st;
        flow[e] = st === STATE_UPPER ? c : 0;
        if (st === STATE_UPPER) {
          // The arc joins u and par: its flow moves between the subtree and the parent.
          const out = up ? c : -c;
          pi[u] = excess - out;
          pi[par] = pi[par]! + out;
        }
      }
    }
    if (hang) {
      const a = m + u;
      const rest = pi[u]!;
      state[a] = STATE_TREE;
      parent[u] = root;
      pred[u] = a;
      if (rest >= 0) {
        source[a] = u;
        target[a] = root;
        cost[a] = 0;
        flow[a] = rest;
        predDir[u] = DIR_UP;
      } else {
        source[a] = root;
        target[a] = u;
        cost[a] = artificialCost;
        flow[a] = -rest;
        predDir[u] = DIR_DOWN;
      }
    }
    u = prev;
  }
  for (let u = 0, e = m; u < n; u++, e++) {
    if (state[e] === STATE_TREE) continue;
    source[e] = u;
    target[e] = root;
    cost[e] = 0;
  }
  rethread(ws);
  treePotentials(ws, cost);
}

/** Rebuilds the thread, its reverse, subtree sizes and last successors from the parent pointers (children by index). */
function rethread(ws: SimplexWorkspace): void {
  const { n, parent, thread, revThread, succNum, lastSucc, dirty } = ws;
  const root = n;
  // Children lists by counting sort: kidStart[v] .. kidStart[v + 1] in `kids`.
  const kidStart = ws.kidStart;
  const kids = ws.kids;
  kidStart.fill(0, 0, n + 2);
  for (let u = 0; u < n; u++) kidStart[parent[u]! + 1]!++;
  for (let v = 0; v <= n; v++) kidStart[v + 1] = kidStart[v + 1]! + kidStart[v]!;
  for (let u = 0; u < n; u++) kids[kidStart[parent[u]!]!++] = u;
  for (let v = n; v > 0; v--) kidStart[v] = kidStart[v - 1]!;
  kidStart[0] = 0;
  // Preorder from the root (dirty is the stack, succNum the order's positions while it is built).
  const order = ws.order;
  let top = 0;
  let count = 0;
  dirty[top++] = root;
  while (top > 0) {
    const v = dirty[--top]!;
    order[count++] = v;
    for (let i = kidStart[v + 1]! - 1; i >= kidStart[v]!; i--) dirty[top++] = kids[i]!;
  }
  for (let i = 0; i < count; i++) {
    const u = order[i]!;
    const next = order[i + 1 === count ? 0 : i + 1]!;
    thread[u] = next;
    revThread[next] = u;
    succNum[u] = 1;
  }
  for (let i = count - 1; i > 0; i--) {
    const u = order[i]!;
    succNum[parent[u]!] = succNum[parent[u]!]! + succNum[u]!;
  }
  for (let i = 0; i < count; i++) lastSucc[order[i]!] = order[i + succNum[order[i]!]! - 1]!;
}

/** Groups the step arcs by node (offers, then bids) and sorts each group by cost, then index. */
function groupSteps(p: NetworkProblem, ws: SimplexWorkspace): void {
  const N = p.nodes;
  const base = p.nArcs;
  ws.nNet = base;
  ws.nGroups = 2 * N;
  const { groupStart, stepOrder, stepPos, lo, hi, cost } = ws;
  if (ws.sameShape) {
    // The same steps at the same nodes as the last solve in this workspace: its groups stand (arrays of the same size
    // are not reallocated); each is re-sorted only where costs moved (by cost, then index: a total order, so the
    // result is the one a fresh grouping gives).
    for (let g = 0; g < 2 * N; g++) {
      const start = groupStart[g]!;
      const end = groupStart[g + 1]!;
      if (end - start > 1 && !sortedSteps(stepOrder, start, end, cost)) {
        sortByCost(stepOrder, start, end, cost);
        for (let k = start; k < end; k++) stepPos[stepOrder[k]! - base] = k;
      }
      lo[g] = start;
      hi[g] = end - 1;
    }
  } else groupStepsAfresh(p, ws);
  groupArcs(p, ws);
  alignArcGroups(ws);
  // Candidate list sizes as LEMON's defaults: 0.25·√(entries) candidates, refreshed after 0.1 of that many pivots.
  const entries = base + ws.nGroupList;
  ws.listLength = Math.max(10, Math.ceil(0.25 * Math.sqrt(entries)));
  ws.minorLimit = Math.max(3, Math.ceil(0.1 * ws.listLength));
  if (ws.candidates.length < ws.listLength) ws.candidates = new Int32Array(2 * ws.listLength);
  ws.nCandidates = 0;
  ws.minorCount = 0;
}

/** groupSteps for steps not grouped before: counts, fills in index order and sorts each group. */
function groupStepsAfresh(p: NetworkProblem, ws: SimplexWorkspace): void {
  const N = p.nodes;
  const base = p.nArcs;
  const steps = p.nOffers + p.nBids;
  const { groupStart, stepOrder, stepGroup, stepPos, lo, hi, cost } = ws;
  groupStart.fill(0, 0, 2 * N + 1);
  for (let i = 0; i < steps; i++) groupStart[stepGroupOf(p, i) + 1]!++;
  for (let g = 0; g < 2 * N; g++) groupStart[g + 1] = groupStart[g + 1]! + groupStart[g]!;
  for (let g = 0; g < 2 * N; g++) lo[g] = groupStart[g]!;
  for (let i = 0; i < steps; i++) stepOrder[lo[stepGroupOf(p, i)]!++] = base + i;
  for (let g = 0; g < 2 * N; g++) {
    const start = groupStart[g]!;
    const end = groupStart[g + 1]!;
    // The group is filled in index order, so a stable sort by cost orders it by cost, then index.
    if (end - start > 1 && !sortedSteps(stepOrder, start, end, cost))
      sortByCostStable(stepOrder, start, end, cost, ws.sortScratch);
    for (let k = start; k < end; k++) {
      stepGroup[stepOrder[k]! - base] = g;
      stepPos[stepOrder[k]! - base] = k;
    }
    lo[g] = start;
    hi[g] = end - 1;
  }
  ws.nGroupList = 0;
  for (let g = 0; g < 2 * N; g++) if (groupStart[g + 1]! > groupStart[g]!) ws.groupList[ws.nGroupList++] = g;
}

/** The group of step i (offers first, then bids): its node, offset by the node count for a bid. */
function stepGroupOf(p: NetworkProblem, i: number): number {
  return i < p.nOffers ? p.offerNode[i]! : p.nodes + p.bidNode[i - p.nOffers]!;
}

/**
 * Groups the problem's uncapacitated arcs by head node, sorted by cost then index, lists the capacitated ones, and
 * finds the groups' distinct tail sets (see the workspace's `arcStart`).
 */
function groupArcs(p: NetworkProblem, ws: SimplexWorkspace): void {
  const N = p.nodes;
  const A = p.nArcs;
  const { cap, cost } = ws;
  if (sameGrouping(p, ws)) {
    // Same arcs as last time: only the order within each group may have changed with the costs.
    for (let g = 0; g < ws.nArcGroups; g++) sortByCost(ws.arcOrder, ws.arcStart[g]!, ws.arcStart[g + 1]!, cost);
    return;
  }
  if (reuseGroups(p, ws)) return;
  if (ws.arcOrder.length < A) {
    ws.arcOrder = new Int32Array(Math.max(A, 2 * ws.arcOrder.length));
    ws.capArcs = new Int32Array(ws.arcOrder.length);
    ws.classTails = new Int32Array(ws.arcOrder.length);
  }
  if (ws.arcStart.length < N + 2) {
    const k = Math.max(N + 2, 2 * ws.arcStart.length);
    ws.arcStart = new Int32Array(k);
    ws.arcHead = new Int32Array(k);
    ws.arcClass = new Int32Array(k);
    ws.classStart = new Int32Array(k);
    ws.classMin = new Float64Array(k);
  }
  const count = ws.kidStart; // scratch [n + 2]: arcs per head
  count.fill(0, 0, N + 1);
  let nCap = 0;
  for (let e = 0; e < A; e++) {
    if (cap[e]! < Infinity) ws.capArcs[nCap++] = e;
    else count[p.arcHead[e]! + 1]!++;
  }
  ws.nCapArcs = nCap;
  for (let v = 0; v < N; v++) count[v + 1] = count[v + 1]! + count[v]!;
  const { arcOrder, arcStart, arcHead } = ws;
  const at = ws.kids; // scratch [n + 1]: next free slot per head
  for (let v = 0; v < N; v++) at[v] = count[v]!;
  for (let e = 0; e < A; e++) if (!(cap[e]! < Infinity)) arcOrder[at[p.arcHead[e]!]!++] = e;
  let groups = 0;
  for (let v = 0; v < N; v++) {
    const start = count[v]!;
    const end = count[v + 1]!;
    if (end === start) continue;
    arcStart[groups] = start;
    arcHead[groups++] = v;
  }
  arcStart[groups] = count[N]!;
  ws.nArcGroups = groups;
  // Tail classes: each group's distinct tails, sorted; equal lists share a class (found through a hash of the list).
  const seen = ws.order; // scratch [n + 1]: the group that last saw a node as a tail, + 1
  seen.fill(0, 0, N + 1);
  const classes = new Map<number, number[]>();
  let nTails = 0;
  let nClasses = 0;
  ws.classStart[0] = 0;
  // A group's distinct tails, sorted, are written where a new class would keep them (classTails from nTails on).
  const tails = ws.classTails;
  for (let g = 0; g < groups; g++) {
    let count = 0;
    for (let i = arcStart[g]!; i < arcStart[g + 1]!; i++) {
      const u = p.arcTail[arcOrder[i]!]!;
      if (seen[u] === g + 1) continue;
      seen[u] = g + 1;
      // By insertion: arcs are numbered by tail in the engine's networks, so the tails come nearly sorted.
      let j = nTails + count++;
      while (j > nTails && tails[j - 1]! > u) {
        tails[j] = tails[j - 1]!;
        j--;
      }
      tails[j] = u;
    }
    let hash = count;
    for (let i = nTails; i < nTails + count; i++) hash = (Math.imul(hash, 31) + tails[i]!) | 0;
    const same = classes.get(hash);
    let found = -1;
    if (same) {
      for (const k of same) {
        const from = ws.classStart[k]!;
        if (ws.classStart[k + 1]! - from !== count) continue;
        let equal = true;
        for (let i = 0; i < count && equal; i++) equal = tails[from + i] === tails[nTails + i];
        if (equal) {
          found = k;
          break;
        }
      }
    }
    if (found < 0) {
      found = nClasses++;
      nTails += count;
      ws.classStart[nClasses] = nTails;
      if (same) same.push(found);
      else classes.set(hash, [found]);
    }
    ws.arcClass[g] = found;
    // Past the share below, the search scans every arc in turn (next): no need to class the other groups.
    if (4 * nTails > A - nCap) break;
  }
  ws.nClasses = nClasses;
  // Where the groups' tail sets are many and varied (a random network), their minima would cost about as much to keep
  // as the arcs they prune: then every arc is scanned in turn, in index order (capArcs is the identity, which
  // candidateSearch reads without it).
  if (4 * nTails > A - nCap) {
    for (let e = 0; e < A; e++) ws.capArcs[e] = e;
    ws.nCapArcs = A;
    ws.nArcGroups = 0;
    ws.nClasses = 0;
  } else {
    // Each group in cost order (sorted only once it is known to be kept: the tail classes do not need the order). A
    // group is in index order here, so a stable sort orders it by cost, then index, as sortByCost would, in
    // n log n rather than by insertion's n² from an order unrelated to cost.
    for (let g = 0; g < groups; g++) sortByCostStable(arcOrder, arcStart[g]!, arcStart[g + 1]!, cost, ws.sortScratch);
  }
  markGrouped(p, ws);
}

/** Writes the grouped arcs' costs and tails in group order (the workspace's `arcCostOrd`, `arcTailOrd`). */
function alignArcGroups(ws: SimplexWorkspace): void {
  const end = ws.nArcGroups > 0 ? ws.arcStart[ws.nArcGroups]! : 0;
  ws.arcCostOrd = ensureF64(ws.arcCostOrd, end);
  ws.arcTailOrd = ensureI32(ws.arcTailOrd, end);
  const { arcOrder, arcCostOrd, arcTailOrd, cost, source } = ws;
  for (let k = 0; k < end; k++) {
    const e = arcOrder[k]!;
    arcCostOrd[k] = cost[e]!;
    arcTailOrd[k] = source[e]!;
  }
}

/** Records which arcs the groups were built for (sameGrouping) and the uncapacitated ones' ends (reuseGroups). */
function markGrouped(p: NetworkProblem, ws: SimplexWorkspace): void {
  const A = p.nArcs;
  const { cap } = ws;
  if (ws.groupedCapped.length < A) ws.groupedCapped = new Uint8Array(ws.arcOrder.length);
  if (ws.uncappedTail.length < A) {
    ws.uncappedTail = new Int32Array(ws.arcOrder.length);
    ws.uncappedHead = new Int32Array(ws.arcOrder.length);
    ws.uncappedOrdinal = new Int32Array(ws.arcOrder.length);
  }
  let k = 0;
  for (let e = 0; e < A; e++) {
    const capped = cap[e]! < Infinity;
    ws.groupedCapped[e] = capped ? 1 : 0;
    if (capped) continue;
    ws.uncappedTail[k] = p.arcTail[e]!;
    ws.uncappedHead[k] = p.arcHead[e]!;
    ws.uncappedOrdinal[e] = k++;
  }
  ws.nUncapped = k;
  ws.nGrouped = A;
}

/**
 * For a problem of another shape whose uncapacitated arcs have the ends of the last grouping's, in the same order:
 * keeps its groups and tail classes, renumbers each group's arcs (the k-th uncapacitated arc then is the k-th now),
 * lists the capacitated arcs afresh and puts each group in cost order again. Renumbering by ordinal keeps the index
 * order of equal costs, so the order is the one a fresh grouping gives. Returns false, changing nothing the fresh
 * grouping needs, when the groups cannot be kept (another route, or no groups last time).
 */
function reuseGroups(p: NetworkProblem, ws: SimplexWorkspace): boolean {
  const A = p.nArcs;
  const { cap, cost } = ws;
  if (ws.nGrouped < 0 || ws.nArcGroups === 0 || ws.capArcs.length < A) return false;
  const { uncappedTail, uncappedHead } = ws;
  const newIndex = ws.sortScratch; // scratch [uncapacitated arcs]: the arc of each ordinal in this problem
  let k = 0;
  for (let e = 0; e < A; e++) {
    if (cap[e]! < Infinity) continue;
    if (k === ws.nUncapped || uncappedTail[k] !== p.arcTail[e] || uncappedHead[k] !== p.arcHead[e]) return false;
    newIndex[k++] = e;
  }
  if (k !== ws.nUncapped) return false;
  let nCap = 0;
  for (let e = 0; e < A; e++) if (cap[e]! < Infinity) ws.capArcs[nCap++] = e;
  ws.nCapArcs = nCap;
  const { arcOrder, arcStart, uncappedOrdinal } = ws;
  const end = arcStart[ws.nArcGroups]!;
  for (let i = 0; i < end; i++) arcOrder[i] = newIndex[uncappedOrdinal[arcOrder[i]!]!]!;
  for (let g = 0; g < ws.nArcGroups; g++) sortByCost(arcOrder, arcStart[g]!, arcStart[g + 1]!, cost);
  markGrouped(p, ws);
  return true;
}

/**
 * Returns whether the groups were last built for these arcs: the last solve's shape (ws.sameShape), with the same
 * arcs capacitated.
 */
function sameGrouping(p: NetworkProblem, ws: SimplexWorkspace): boolean {
  const A = p.nArcs;
  if (!ws.sameShape || ws.nGrouped !== A) return false;
  const { groupedCapped, cap } = ws;
  for (let e = 0; e < A; e++) if (groupedCapped[e] !== (cap[e]! < Infinity ? 1 : 0)) return false;
  return true;
}

/** Sorts `order[start .. end)` by cost, then index: by insertion, as the order is mostly that of the last solve. */
function sortByCost(order: Int32Array, start: number, end: number, cost: Float64Array): void {
  for (let k = start + 1; k < end; k++) {
    const a = order[k]!;
    const ca = cost[a]!;
    let j = k - 1;
    while (j >= start) {
      const b = order[j]!;
      const cb = cost[b]!;
      if (cb < ca || (cb === ca && b < a)) break;
      order[j + 1] = b;
      j--;
    }
    order[j + 1] = a;
  }
}

/**
 * Sorts `order[start .. end)` by cost, keeping the order of equal costs (a bottom-up merge sort, insertion-sorted runs
 * of 16 first): with the indices in ascending order beforehand, the result is by cost, then index — what a comparator
 * `cost[a] − cost[b] || a − b` gives, without a call per comparison. `scratch` holds at least end − start entries.
 */
function sortByCostStable(
  order: Int32Array,
  start: number,
  end: number,
  cost: Float64Array,
  scratch: Int32Array,
): void {
  const RUN = 16;
  for (let a = start; a < end; a += RUN) {
    const b = Math.min(end, a + RUN);
    for (let k = a + 1; k < b; k++) {
      const x = order[k]!;
      const cx = cost[x]!;
      let j = k - 1;
      while (j >= a && cost[order[j]!]! > cx) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = x;
    }
  }
  let from = order;
  let to = scratch;
  let offFrom = start;
  let offTo = 0;
  const n = end - start;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const x = from[offFrom + i]!;
        const y = from[offFrom + j]!;
        if (cost[y]! < cost[x]!) {
          to[offTo + k++] = y;
          j++;
        } else {
          to[offTo + k++] = x;
          i++;
        }
      }
      while (i < mid) to[offTo + k++] = from[offFrom + i++]!;
      while (j < hi) to[offTo + k++] = from[offFrom + j++]!;
    }
    [from, to] = [to, from];
    [offFrom, offTo] = [offTo, offFrom];
  }
  if (from !== order) for (let k = 0; k < n; k++) order[start + k] = from[offFrom + k]!;
}

/** Returns whether `order[start .. end)` is sorted by cost, then index, already (merit orders usually are). */
function sortedSteps(order: Int32Array, start: number, end: number, cost: Float64Array): boolean {
  for (let k = start + 1; k < end; k++) {
    const a = order[k - 1]!;
    const b = order[k]!;
    if ((cost[a]! - cost[b]! || a - b) > 0) return false;
  }
  return true;
}

/** Records that step arc `e` has just been put at a bound, for its group's frontier. */
function atBound(ws: SimplexWorkspace, e: number): void {
  const i = e - ws.nNet;
  if (i < 0 || e >= ws.m) return;
  const g = ws.stepGroup[i]!;
  const k = ws.stepPos[i]!;
  if (ws.state[e] === STATE_LOWER) {
    if (k < ws.lo[g]!) ws.lo[g] = k;
  } else if (k > ws.hi[g]!) ws.hi[g] = k;
}

/**
 * Candidate-list search (Mulvey 1978; LEMON's CandidateList rule) over the problem's arcs and one entry per step group
 * (its cheapest step at 0 or dearest at capacity, the only ones that can be its best): a major scan collects up to `listLength` improving arcs, resuming where the last one stopped; minor
 * iterations then take the best of the list, dropping arcs that stopped improving, up to `minorLimit` times. Returns
 * the entering arc or -1 when a whole major scan found none.
 */
function candidateSearch(ws: SimplexWorkspace, eps: number): number {
  // Phase 1's costs, as the groups were sorted and laid out by (groupSteps, alignArcGroups).
  const c = ws.cost;
  const { candidates, state, source, target, pi } = ws;
  if (ws.nCandidates > 0 && ws.minorCount < ws.minorLimit) {
    ws.minorCount++;
    let best = eps;
    let inArc = -1;
    let count = ws.nCandidates;
    for (let i = 0; i < count; i++) {
      const e = candidates[i]!;
      const st = state[e]!;
      const v = st === STATE_TREE ? 0 : -st * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
      if (v > best) {
        best = v;
        inArc = e;
      } else if (v <= eps) {
        candidates[i--] = candidates[--count]!;
      }
    }
    ws.nCandidates = count;
    ws.priced += count;
    if (inArc >= 0) return inArc;
  }
  const nCap = ws.nCapArcs;
  const nArcGroups = ws.nArcGroups;
  const allArcs = nArcGroups === 0 && nCap === ws.nNet;
  const firstStepGroup = nCap + nArcGroups;
  const total = firstStepGroup + ws.nGroupList;
  const { groupList, groupStart, stepOrder, lo, hi, capArcs, arcStart, arcOrder, arcHead, arcClass } = ws;
  const { arcCostOrd, arcTailOrd } = ws;
  const { classStart, classTails, classMin } = ws;
  // The tail classes' lowest potentials, for this scan (see the workspace's arcStart).
  for (let k = 0; k < ws.nClasses; k++) {
    let low = Infinity;
    for (let i = classStart[k]!; i < classStart[k + 1]!; i++) low = Math.min(low, pi[classTails[i]!]!);
    classMin[k] = low;
  }
  const listLength = ws.listLength;
  let best = eps;
  let inArc = -1;
  let found = 0;
  let i = ws.nextVirtual;
  let scanned = 0;
  let walked = 0;
  while (scanned < total && found < listLength) {
    if (i < nCap) {
      // The capacitated arcs, in one tight run (a tree arc has no violation).
      const stop = Math.min(nCap, i + total - scanned);
      let k = i;
      while (k < stop) {
        const e = allArcs ? k : capArcs[k]!;
        const st = state[e]!;
        if (st !== STATE_TREE) {
          const v = -st * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
          if (v > eps) {
            candidates[found++] = e;
            if (v > best) {
              best = v;
              inArc = e;
            }
            if (found === listLength) {
              k++;
              break;
            }
          }
        }
        k++;
      }
      scanned += k - i;
      i = k === total ? 0 : k;
      continue;
    }
    if (i < firstStepGroup) {
      // An uncapacitated arc group: in cost order, up to the first arc too dear to improve whatever its tail.
      scanned++;
      const g = i - nCap;
      if (++i === total) i = 0;
      // Every arc of the group has its head: its potential is read once. The costs and tails in group order.
      const piHead = pi[arcHead[g]!]!;
      const limit = piHead - classMin[arcClass[g]!]! - eps;
      const end = arcStart[g + 1]!;
      for (let k = arcStart[g]!; k < end; k++) {
        const ce = arcCostOrd[k]!;
        if (ce >= limit) break;
        walked++;
        // A tree arc prices at 0 (to rounding, far inside eps); its state is read only for an arc that improves.
        const v = -(ce + pi[arcTailOrd[k]!]! - piHead);
        if (v > eps) {
          const e = arcOrder[k]!;
          if (state[e] !== STATE_LOWER) continue;
          candidates[found++] = e;
          if (v > best) {
            best = v;
            inArc = e;
          }
          if (found === listLength) break;
        }
      }
      continue;
    }
    // A step group: its cheapest step at 0 and its dearest at capacity.
    scanned++;
    const g = groupList[i - firstStepGroup]!;
    if (++i === total) i = 0;
    const start = groupStart[g]!;
    const end = groupStart[g + 1]!;
    let l = lo[g]!;
    while (l < end && state[stepOrder[l]!] !== STATE_LOWER) l++;
    lo[g] = l;
    let h = hi[g]!;
    while (h >= start && state[stepOrder[h]!] !== STATE_UPPER) h--;
    hi[g] = h;
    let e: number;
    let v: number;
    if (l === end) {
      if (h < start) continue;
      e = stepOrder[h]!;
      v = -state[e]! * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
    } else {
      e = stepOrder[l]!;
      v = -state[e]! * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
      if (h >= start) {
        const b = stepOrder[h]!;
        const vb = -state[b]! * (c[b]! + pi[source[b]!]! - pi[target[b]!]!);
        if (vb > v) {
          e = b;
          v = vb;
        }
      }
    }
    if (v > eps) {
      candidates[found++] = e;
      if (v > best) {
        best = v;
        inArc = e;
      }
    }
  }
  ws.nCandidates = found;
  ws.priced += scanned + walked;
  ws.nextVirtual = i;
  ws.minorCount = 1;
  return inArc;
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

/**
 * Pivots until no arc that may enter has a reduced cost (for costs `c`) below −eps. Phase 1 (`grouped`): every arc may,
 * candidates come from the grouped search first, and a full scan of every arc confirms that none is left before the
 * loop stops. Phase 2: only the optimal face's arcs (faceSearch).
 */
function pivotLoop(ws: SimplexWorkspace, c: Float64Array, eps: number, grouped: boolean): void {
  const { m, source, target, state, pi, parent, pred, predDir, succNum, flow, cap } = ws;
  if (grouped) ws.nFace = 0;
  if (m === 0) return;
  const block = Math.max(MIN_BLOCK, Math.ceil(Math.sqrt(m)));
  ws.nextVirtual = 0;
  ws.nCandidates = 0;
  let next = 0;
  for (;;) {
    let inArc = grouped ? candidateSearch(ws, eps) : faceSearch(ws, c, eps, next, block);
    if (!grouped) {
      if (inArc < 0) return;
      next = ws.faceNext;
    } else if (inArc < 0) {
      // Block search over every arc: scan blocks from where the last search stopped; take the most negative of the
      // first block that holds any candidate.
      // A scan that finds none has priced every arc at the optimum: the arcs within eps of zero (tree arcs included:
      // theirs is 0) are the optimal face of phase 2, listed here in scan order and then in index order (faceOrder).
      let best = -eps;
      let e = next;
      let count = block;
      let scanned = 0;
      let nFace = 0;
      const faceArcs = ws.faceArcs;
      while (scanned < m) {
        scanned++;
        const st = state[e]!;
        const r = st * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
        if (r < best) {
          best = r;
          inArc = e;
        } else if (st === STATE_TREE || r <= eps) faceArcs[nFace++] = e;
        if (++e === m) e = 0;
        if (--count === 0) {
          if (inArc >= 0) break;
          count = block;
        }
      }
      ws.priced += scanned;
      if (inArc < 0) {
        faceOrder(ws, nFace, next);
        return;
      }
      next = e;
    }
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
      atBound(ws, inArc);
      // The tree and the potentials stand, so the candidate list is as good as when it was priced: this pivot does
      // not count towards its refresh (minorLimit).
      if (ws.minorCount > 0) ws.minorCount--;
      continue;
    }
    const outArc = pred[uOut]!;
    state[inArc] = STATE_TREE;
    flow[outArc] = toUpper ? cap[outArc]! : 0;
    state[outArc] = toUpper ? STATE_UPPER : STATE_LOWER;
    atBound(ws, outArc);
    const uIn = result === 1 ? first : second;
    const vIn = result === 1 ? second : first;
    updateTree(ws, inArc, uIn, vIn, uOut, join);
    // New potentials for the subtree now hanging from vIn.
    const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * c[inArc]!;
    const end = ws.thread[ws.lastSucc[uIn]!]!;
    for (let u = uIn; u !== end; u = ws.thread[u]!) pi[u] = pi[u]! + sigma;
  }
}

/**
 * Puts the first `nFace` entries of `ws.faceArcs`, listed by a scan of every arc from arc `start` on, cyclically, in
 * index order (those from `start` on come first), and sets `ws.nFace`.
 */
function faceOrder(ws: SimplexWorkspace, nFace: number, start: number): void {
  const { faceArcs, sortScratch } = ws;
  ws.nFace = nFace;
  let head = 0;
  while (head < nFace && faceArcs[head]! >= start) head++;
  if (head === 0 || head === nFace) return;
  for (let i = 0; i < head; i++) sortScratch[i] = faceArcs[i]!;
  faceArcs.copyWithin(0, head, nFace);
  for (let i = 0; i < head; i++) faceArcs[nFace - head + i] = sortScratch[i]!;
}

/**
 * Phase 2's entering arc: the one a block search over every arc would take — from arc `start` on, cyclically, in blocks
 * of `block` arcs, the most negative reduced cost below −eps of the first block that holds any — if it skipped every
 * arc off the optimal face; found by pricing only the face's arcs (on a month's network, the tree's and a few tied
 * ones: on the presets 13 to 28 times fewer than all arcs). Sets `ws.faceNext` to where that search would resume;
 * returns -1 when no arc qualifies.
 */
function faceSearch(ws: SimplexWorkspace, c: Float64Array, eps: number, start: number, block: number): number {
  const { m, faceArcs, nFace, state, pi, source, target } = ws;
  let first = 0;
  while (first < nFace && faceArcs[first]! < start) first++;
  let best = -eps;
  let inArc = -1;
  let inBlock = -1;
  let priced = 0;
  for (let t = 0, i = first; t < nFace; t++, i++) {
    if (i === nFace) i = 0;
    const e = faceArcs[i]!;
    const blockOf = Math.floor((e >= start ? e - start : e - start + m) / block);
    if (inArc >= 0 && blockOf !== inBlock) break;
    priced++;
    const r = state[e]! * (c[e]! + pi[source[e]!]! - pi[target[e]!]!);
    if (r < best) {
      best = r;
      if (inArc < 0) inBlock = blockOf;
      inArc = e;
    }
  }
  ws.priced += priced;
  if (inArc >= 0) ws.faceNext = (start + Math.min((inBlock + 1) * block, m)) % m;
  return inArc;
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
