/**
 * Market clearing over a general network (MODEL.md §3, §5): one month's concentrate and refined nodes, processing,
 * transport and quota arcs, solved exactly as a min-cost flow by a primal network simplex (simplex.ts) and priced by
 * the lowest equilibrium duals (network-prices.ts). The LP it solves is written out by network-lp.ts.
 */
import { computeNetworkPrices, createPriceWorkspace, priceWorkspace, type PriceWorkspace } from './network-prices.ts';
import type { NetworkProblem, NetworkSolution } from './problem.ts';
import {
  createSimplexWorkspace,
  runNetworkSimplex,
  simplexWorkspace,
  type SimplexWorkspace,
  type ArcEnds,
  type WarmStart,
  remapTree,
} from './simplex.ts';
import { validateNetworkProblem } from './validate.ts';
import { ensureI32 } from '../../lib/columns.ts';
import { row } from '../../lib/row.ts';

/**
 * Flows within FLOW_NOISE × max(1, largest finite quantity) tonnes of a bound are rounding noise from the simplex's
 * additions and are returned exactly at the bound (0 or the capacity).
 */
export const FLOW_NOISE = 1e-11;

/**
 * Clears one month's network: returns the flows that maximise total surplus (the LP optimum) and one canonical set of
 * equilibrium prices. Offers are arcs ground → node (cost ask, capacity qty), bids arcs node → ground (cost −bid,
 * capacity qty). Among optimal flows the one with the least total flow over all arcs, offers and bids is returned, so
 * a trade, a detour or a cross-haul with zero gain does not happen.
 *
 * Price rule — the competitive prices: every price is the lowest one consistent with the equilibrium conditions of
 * MODEL.md §5, i.e. the LP duals that are smallest at every node at once (they form a lattice). With the ground (the
 * outside of the market) at 0, every residual arc u → v of cost c needs p(v) <= p(u) + c, and the lowest such prices
 * are p(v) = −(shortest residual distance from v to the ground). In market terms:
 * - a node pays at least its dearest unfilled bid and the ask of every offer it sells; a node with unserved demand
 *   that receives nothing therefore pays its dearest unfilled bid, the choke price.
 * - on an arc u → v of cost c (transport, tariff, conversion, quota): p(v) <= p(u) + c while it has room, with
 *   equality when 0 < flow < capacity, and p(v) >= p(u) + c when it carries its capacity, the gap being the arc's
 *   rent (a binding quota's rent, or the margin of a refinery at capacity: p_ref >= p_conc + conversion).
 * - a node with offers, no bids and nothing sold (a mine that cannot cover its ask at the best netback it can reach)
 *   would get that netback, possibly negative: it is raised to max(netback, min(0, p(u) + c over the residual arcs
 *   into it, its unsold asks among them)), i.e. to 0 unless that breaks a condition, like clearMarket's floor at 0
 *   for a seller that sells nothing.
 * - a node that cannot reach the ground has no lower bound: it gets the highest price consistent with the others, the
 *   import parity min over residual arcs u → v of p(u) + c, propagated over such nodes; where nothing bounds it from
 *   above either, the lowest price >= 0 consistent with the nodes it reaches (0 for an isolated node), and import
 *   parity from such nodes onwards.
 * With negative arc costs (export subsidies) or negative asks a node's price can be negative.
 *
 * Tolerances: an arc's reduced cost counts as negative below −1e-9 × max(1, largest |cost|, |ask|, |bid|) USD/kg, so
 * a gain smaller than that is no gain; flows within 1e-11 × max(1, largest finite quantity) t of a bound are put on
 * it. Deterministic: no randomness; ties are broken by index (arcs, then offers, then bids). Scratch arrays are
 * reused across calls; the returned arrays are fresh (views of one new buffer per call). Throws on malformed input (a
 * message naming the value) and when the surplus is unbounded (a cycle of negative cost and unlimited capacity).
 * `trusted` skips the input check (the engine's own problems).
 */
export function solveNetwork(p: NetworkProblem, opts: { trusted?: boolean } = {}): NetworkSolution {
  if (!opts.trusted) validateNetworkProblem(p);
  return solveWith(p, simplexWorkspace(), priceWorkspace());
}

/** A solver with its own scratch memory that warm-starts each solve from the last one (the month before). */
export interface NetworkSolver {
  /**
   * As solveNetwork, warm-started when `p` has the same nodes, arcs, offers and bids as the last problem solved (the
   * same market a month later, with new costs, capacities, asks, bids and quantities): every arc and step starts at
   * the bound it held, or with `keepTree` (createNetworkSolver) from the last spanning tree. The optimum and the prices of nodes that reach the ground are those of a cold solve; where
   * several optimal flows tie at the least total volume, a warm solve may return another of them. With `reuse`, the
   * solution's arrays are views of memory the solver owns and overwrites at its next solve (for a caller that reads
   * them at once, as the engine does: a new buffer a clearing was 3% of a run).
   */
  solve(p: NetworkProblem, opts?: { trusted?: boolean; cold?: boolean; reuse?: boolean }): NetworkSolution;
  /** Simplex pivots and reduced costs evaluated in the last solve, and whether it was warm. */
  readonly stats: { pivots: number; priced: number; warm: boolean };
}

/**
 * Running totals over every solver's solves, and an optional observer of each problem a solver is given (for
 * benchmarks: reset them, run, read them). With `clock` set (a benchmark sets it to performance.now), `ms` sums the
 * time spent in solves, prices included; nothing else reads it, so results never depend on it.
 */
export const networkTotals: {
  solves: number;
  pivots: number;
  priced: number;
  warm: number;
  ms: number;
  observe?: (p: NetworkProblem) => void;
  clock?: () => number;
} = { solves: 0, pivots: 0, priced: 0, warm: 0, ms: 0 };

/** A copy of `p`, its arrays cut to their lengths: the engine reuses a problem's arrays from clearing to clearing. */
export function copyNetworkProblem(p: NetworkProblem): NetworkProblem {
  return {
    nodes: p.nodes,
    nArcs: p.nArcs,
    arcTail: p.arcTail.slice(0, p.nArcs),
    arcHead: p.arcHead.slice(0, p.nArcs),
    arcCost: p.arcCost.slice(0, p.nArcs),
    arcCap: p.arcCap.slice(0, p.nArcs),
    nOffers: p.nOffers,
    offerNode: p.offerNode.slice(0, p.nOffers),
    offerAsk: p.offerAsk.slice(0, p.nOffers),
    offerQty: p.offerQty.slice(0, p.nOffers),
    nBids: p.nBids,
    bidNode: p.bidNode.slice(0, p.nBids),
    bidPrice: p.bidPrice.slice(0, p.nBids),
    bidQty: p.bidQty.slice(0, p.nBids),
  };
}

/** Runs `run` and returns a copy of every problem a network solver was given meanwhile, in order (for replays). */
export function recordNetworkProblems(run: () => void): NetworkProblem[] {
  const seq: NetworkProblem[] = [];
  networkTotals.observe = (p) => seq.push(copyNetworkProblem(p));
  try {
    run();
  } finally {
    networkTotals.observe = undefined;
  }
  return seq;
}

/**
 * Returns a solver that owns its scratch arrays (solveNetwork shares one set per module and is always cold). A warm
 * solve starts from the bounds the arcs held in the last solve; with `keepTree`, from the last solve's spanning tree,
 * repaired for the new bounds, which takes far fewer pivots but reaches the optimum by other roundings (and, among
 * tied optima, possibly another one), so the engine's results are not bit for bit those of the bounds start. With a
 * kept tree, the arcs off it start at the bounds the last solve's prices call for under the new costs (placeByPrices
 * in simplex.ts), or with `placeArcs: false` at the bounds they held.
 */
export function createNetworkSolver(options: { keepTree?: boolean; placeArcs?: boolean } = {}): NetworkSolver {
  const sw = createSimplexWorkspace();
  const pw = createPriceWorkspace();
  const stats = { pivots: 0, priced: 0, warm: false };
  // The arc ends of the last problem solved, and whether that solve succeeded (one that throws leaves the workspace in
  // no usable state: the next solve is cold).
  let last: (ArcEnds & { nodes: number }) | undefined;
  let valid = false;
  let owned = new Float64Array(0);
  return row({
    stats,
    solve(p, opts = {}) {
      networkTotals.observe?.(p);
      const t0 = networkTotals.clock?.() ?? 0;
      if (!opts.trusted) validateNetworkProblem(p);
      // The last problem's size; with its nodes, arcs, offers and bids (their ends), the simplex keeps its groupings
      // and the prices their lists.
      const sameSize =
        valid &&
        last !== undefined &&
        last.nodes === p.nodes &&
        last.nArcs === p.nArcs &&
        last.nOffers === p.nOffers &&
        last.nBids === p.nBids;
      const sameShape = sameSize && sameEnds(p, last!);
      let warm = !opts.cold && sameSize && (!options.keepTree || sameShape);
      // Another shape on the same nodes (a plant closed, a route opened): the last tree, carried over by arc ends.
      if (!warm && !opts.cold && options.keepTree && valid && last && last.nodes === p.nodes) {
        remapTree(sw, last, p);
        warm = true;
      }
      valid = false;
      const size = p.nArcs + p.nOffers + p.nBids + p.nodes;
      if (opts.reuse && owned.length < size) owned = new Float64Array(Math.max(size, 2 * owned.length));
      const into = opts.reuse ? owned : new Float64Array(size);
      const start = !warm
        ? 'cold'
        : !options.keepTree
          ? 'bounds'
          : options.placeArcs === false
            ? 'tree-bounds'
            : 'tree';
      const sol = solveWith(p, sw, pw, start, into, sameShape);
      if (!sameShape) last = keepEnds(p, last);
      valid = true;
      stats.pivots = sw.pivots;
      stats.priced = sw.priced;
      stats.warm = warm;
      networkTotals.solves++;
      networkTotals.pivots += sw.pivots;
      networkTotals.priced += sw.priced;
      if (warm) networkTotals.warm++;
      if (networkTotals.clock) networkTotals.ms += networkTotals.clock() - t0;
      return sol;
    },
  });
}

/**
 * Returns whether `p`, of `last`'s size (the caller checks its counts), has the arcs, offers and bids of `last` at the
 * same nodes, in the same order.
 */
function sameEnds(p: NetworkProblem, last: ArcEnds): boolean {
  for (let e = 0; e < p.nArcs; e++)
    if (last.arcTail[e] !== p.arcTail[e] || last.arcHead[e] !== p.arcHead[e]) return false;
  for (let j = 0; j < p.nOffers; j++) if (last.offerNode[j] !== p.offerNode[j]) return false;
  for (let k = 0; k < p.nBids; k++) if (last.bidNode[k] !== p.bidNode[k]) return false;
  return true;
}

/**
 * Copies the arc ends of `p` into `into` (reused when large enough): the next solve compares its problem with them
 * (sameEnds) and, with another shape, carries the tree over by them (remapTree).
 */
function keepEnds(p: NetworkProblem, into?: ArcEnds & { nodes: number }): ArcEnds & { nodes: number } {
  const e =
    into ??
    row({
      nodes: 0,
      nArcs: 0,
      nOffers: 0,
      nBids: 0,
      arcTail: new Int32Array(0),
      arcHead: new Int32Array(0),
      offerNode: new Int32Array(0),
      bidNode: new Int32Array(0),
    });
  e.nodes = p.nodes;
  e.nArcs = p.nArcs;
  e.nOffers = p.nOffers;
  e.nBids = p.nBids;
  e.arcTail = ensureI32(e.arcTail, p.nArcs);
  e.arcHead = ensureI32(e.arcHead, p.nArcs);
  e.offerNode = ensureI32(e.offerNode, p.nOffers);
  e.bidNode = ensureI32(e.bidNode, p.nBids);
  e.arcTail.set(p.arcTail.subarray(0, p.nArcs));
  e.arcHead.set(p.arcHead.subarray(0, p.nArcs));
  e.offerNode.set(p.offerNode.subarray(0, p.nOffers));
  e.bidNode.set(p.bidNode.subarray(0, p.nBids));
  return e;
}

/**
 * Solves `p` and writes its solution into `into` (arc flows, offers sold, bids filled, node prices, in that order:
 * nArcs + nOffers + nBids + nodes entries at least), whose views it returns.
 */
function solveWith(
  p: NetworkProblem,
  sw: SimplexWorkspace,
  pw: PriceWorkspace,
  start: WarmStart = 'cold',
  into = new Float64Array(p.nArcs + p.nOffers + p.nBids + p.nodes),
  sameShape = false,
): NetworkSolution {
  runNetworkSimplex(p, sw, start, sameShape);
  const offers = p.nArcs;
  const bids = offers + p.nOffers;
  const nodes = bids + p.nBids;
  const arcFlow = into.subarray(0, offers);
  const offerSold = into.subarray(offers, bids);
  const bidFilled = into.subarray(bids, nodes);
  const nodePrice = into.subarray(nodes, nodes + p.nodes);
  const surplus = settleFlows(p, sw, arcFlow, offerSold, bidFilled);
  computeNetworkPrices(p, sw, pw, nodePrice);
  return { arcFlow, offerSold, bidFilled, nodePrice, surplus };
}

/**
 * Puts flows within rounding noise of a bound on the bound, in the workspace (the prices read them there), copies them
 * out — arcs, offers, bids — and returns the total surplus they make, summed as measureNetworkSurplus sums it (bids,
 * then offers, then arcs, each in index order): one pass over the arcs for the three.
 *
 * Each arc is snapped within noise of its own bound, so the flow moved at a node stays within noise of what the node's
 * own arcs carry: snapping by the largest quantity in the market broke a small country's balance by up to a tonne when
 * another country's demand was 1e11 t.
 */
function settleFlows(
  p: NetworkProblem,
  sw: SimplexWorkspace,
  arcFlow: Float64Array,
  offerSold: Float64Array,
  bidFilled: Float64Array,
): number {
  const { flow, cap } = sw;
  let surplus = 0;
  for (let k = 0, e = p.nArcs + p.nOffers; k < p.nBids; k++, e++) {
    const g = snap(flow, cap, e);
    bidFilled[k] = g;
    surplus += g * p.bidPrice[k]!;
  }
  for (let j = 0, e = p.nArcs; j < p.nOffers; j++, e++) {
    const g = snap(flow, cap, e);
    offerSold[j] = g;
    surplus -= g * p.offerAsk[j]!;
  }
  for (let e = 0; e < p.nArcs; e++) {
    const g = snap(flow, cap, e);
    arcFlow[e] = g;
    if (g !== 0) surplus -= g * p.arcCost[e]!;
  }
  return surplus;
}

/** Puts arc e's flow on its bound when it lies within noise of it (settleFlows); returns the flow. */
function snap(flow: Float64Array, cap: Float64Array, e: number): number {
  const f = flow[e]!;
  const c = cap[e]!;
  const noise = FLOW_NOISE * Math.max(1, c < Infinity ? c : f);
  const g = f <= noise ? 0 : f >= c - noise ? c : f;
  flow[e] = g;
  return g;
}

/** Returns total surplus in USD/kg × t: sum filled*bidPrice - sum sold*offerAsk - sum arcFlow*arcCost. */
export function measureNetworkSurplus(
  p: NetworkProblem,
  arcFlow: Float64Array,
  offerSold: Float64Array,
  bidFilled: Float64Array,
): number {
  let surplus = 0;
  for (let k = 0; k < p.nBids; k++) surplus += bidFilled[k]! * p.bidPrice[k]!;
  for (let j = 0; j < p.nOffers; j++) surplus -= offerSold[j]! * p.offerAsk[j]!;
  for (let e = 0; e < p.nArcs; e++) if (arcFlow[e]! !== 0) surplus -= arcFlow[e]! * p.arcCost[e]!;
  return surplus;
}
