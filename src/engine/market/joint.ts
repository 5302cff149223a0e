/**
 * The month's one network (MODEL.md §3, §5, v2): both stages' books — routes, export quotas, offers and bids — joined by
 * the refineries' processing arcs into one min-cost flow, solved exactly (clearing/ `solveNetwork`), then read back as
 * one cleared view per stage for settlement and the accounts.
 *
 * Units. The network measures concentrate in tonnes of the refined product it yields at the market's recovery R
 * (MODEL.md §3: with one recovery per market this keeps the problem an ordinary min-cost flow, with no gains). A mine
 * stage quantity q (t of concentrate) enters as q·R, a mine stage price or per-kg cost p (USD/kg of concentrate) as p/R;
 * the views convert back, so every number outside this file is in the units it was before. A processing arc runs from
 * its country's concentrate buyer node to its refined seller node, capacity its output (t/month), cost its conversion
 * ask (USD/kg of output), so that at every running refinery p_refined = p_concentrate / R + conversion (≥ at capacity,
 * ≤ when idle) and feed × R = output, to the last tonne.
 *
 * Nodes, in order: mine sellers, mine buyers, mine quota nodes, refine sellers, refine buyers, refine quota nodes.
 * Export quotas (laminar per seller) become a tree of capacitated arcs seller → quota node → nested quota node; a
 * route leaves from the innermost quota node that covers its buyer.
 */
import type { ClearingProblem, NetworkProblem, NetworkSolution } from '../clearing/index.ts';
import type { World } from '../world/world.ts';
import type { Book } from './book.ts';
import { row } from '../../lib/row.ts';

/** The cleared market of one stage, as settlement and the accounts read it (in the stage's own units). */
export interface ClearedStage {
  book: Book;
  problem: ClearingProblem;
  sellerPrice: Float64Array;
  buyerPrice: Float64Array;
  flow: Float64Array;
  offerSold: Float64Array;
  bidFilled: Float64Array;
  /** [book carry entries] t traded of each commercial-stock tranche (bought into stock or sold from it). */
  carryTraded: Float64Array;
  /** [book re-export channels] t that went through each (MODEL.md §4.9). */
  reexported: Float64Array;
  /** [book tariff-rate quota paths] t imported within the quota on each (trq.ts). */
  inQuota: Float64Array;
  /** [buyers] price at the buyer's in-quota node (USD/kg; the buyer's price less the quota rent), 0 for none. */
  trqPrice: Float64Array;
}

/** Where each part of the two books sits in the joint network. */
export interface JointLayout {
  network: NetworkProblem;
  /** Node index of the first seller, buyer and quota node of each stage. */
  sellerBase: [number, number];
  buyerBase: [number, number];
  /** Per stage, the tariff-rate quota's nodes and arcs (trq.ts). */
  trq: [TrqLayout, TrqLayout];
  /** Per stage, [book re-export channels] the arc of each. */
  reArc: [Int32Array, Int32Array];
  /** Per stage, [quotas] the arc that carries each export quota's capacity. */
  quotaArc: [Int32Array, Int32Array];
  /** [nArcs] the route s·B + b of the arc's stage, or −1 for a quota or processing arc. */
  arcRoute: Int32Array;
  /** [nArcs] the stage of a route arc. */
  arcStage: Uint8Array;
  /** [mine bids] the processing arc of each feed bid. */
  procArc: Int32Array;
  /** [network offers] the book offer of each network offer; mine offers come first, then the refine book's. */
  offerJ: Int32Array;
  /** Number of network offers from the mine book. */
  mineOffers: number;
  /** Number of network offers from the two books (the commercial stocks' sales follow). */
  bookOffers: number;
  /** [network offers and bids past the books'] the stage and carry entry of each stock tranche: st · 2^24 + entry. */
  carryOfferKey: Int32Array;
  carryBidKey: Int32Array;
}

/** A stage's tariff-rate quota in the network: per buyer its in-quota node (−1 for none), per path its arc. */
interface TrqLayout {
  node: Int32Array;
  pathArc: Int32Array;
}

/** A stage's columns of the layout (quota, re-export and tariff-rate quota arcs), grown as needed and reused. */
interface StageScratch {
  quotaArc: Int32Array;
  reArc: Int32Array;
  trqNode: Int32Array;
  trqPathArc: Int32Array;
  /** The stage's cleared view, reused clearing after clearing (readJointSolution). */
  view: ClearedStage | undefined;
}

/**
 * Growable columns of a network under construction, reused clearing after clearing and month after month: the
 * network, its layout and the cleared views are views of them, valid until the next clearing of the same world. That
 * is safe because the solver copies what it keeps of a problem (its workspace and the last arc ends) and every reader
 * of a layout or a cleared view is done with it before the next clearing starts (market.ts, contracts.ts).
 */
interface Scratch {
  arcTail: Int32Array;
  arcHead: Int32Array;
  arcCost: Float64Array;
  arcCap: Float64Array;
  arcRoute: Int32Array;
  arcStage: Uint8Array;
  nArcs: number;
  offerNode: Int32Array;
  offerAsk: Float64Array;
  offerQty: Float64Array;
  offerJ: Int32Array;
  nOffers: number;
  procArc: Int32Array;
  isProc: Uint8Array;
  quotaNode: Int32Array;
  tail: Int32Array;
  bidNode: Int32Array;
  bidPrice: Float64Array;
  bidQty: Float64Array;
  carryOfferKey: Int32Array;
  carryBidKey: Int32Array;
  stages: [StageScratch, StageScratch];
}

const scratches = new WeakMap<World, Scratch>();

/** Stage multiplier of a commercial-stock key (stage · CARRY_KEY + entry). */
const CARRY_KEY = 1 << 24;

function scratchFor(w: World): Scratch {
  let x = scratches.get(w);
  if (!x) {
    x = row<Scratch>({
      arcTail: new Int32Array(256),
      arcHead: new Int32Array(256),
      arcCost: new Float64Array(256),
      arcCap: new Float64Array(256),
      arcRoute: new Int32Array(256),
      arcStage: new Uint8Array(256),
      nArcs: 0,
      offerNode: new Int32Array(64),
      offerAsk: new Float64Array(64),
      offerQty: new Float64Array(64),
      offerJ: new Int32Array(64),
      nOffers: 0,
      procArc: new Int32Array(64),
      isProc: new Uint8Array(64),
      quotaNode: new Int32Array(16),
      tail: new Int32Array(64),
      bidNode: new Int32Array(256),
      bidPrice: new Float64Array(256),
      bidQty: new Float64Array(256),
      carryOfferKey: new Int32Array(16),
      carryBidKey: new Int32Array(16),
      stages: [newStageScratch(), newStageScratch()],
    });
    scratches.set(w, x);
  }
  return x;
}

function newStageScratch(): StageScratch {
  return {
    quotaArc: new Int32Array(8),
    reArc: new Int32Array(8),
    trqNode: new Int32Array(64),
    trqPathArc: new Int32Array(8),
    view: undefined,
  };
}

/** Returns `a` zeroed when it has exactly `n` values, else a new zeroed array of `n` (what `new Float64Array(n)` gives). */
function zeroedF64(a: Float64Array | undefined, n: number): Float64Array {
  return a && a.length === n ? a.fill(0) : new Float64Array(n);
}

function growI32(a: Int32Array, n: number): Int32Array {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array {
  if (a.length >= n) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function addArc(x: Scratch, tail: number, head: number, cost: number, cap: number, route: number, st: number): number {
  const a = x.nArcs++;
  if (a >= x.arcTail.length) {
    const n = a + 1;
    x.arcTail = growI32(x.arcTail, n);
    x.arcHead = growI32(x.arcHead, n);
    x.arcCost = growF64(x.arcCost, n);
    x.arcCap = growF64(x.arcCap, n);
    x.arcRoute = growI32(x.arcRoute, n);
    x.arcStage = growU8(x.arcStage, n);
  }
  x.arcTail[a] = tail;
  x.arcHead[a] = head;
  x.arcCost[a] = cost;
  x.arcCap[a] = cap;
  x.arcRoute[a] = route;
  x.arcStage[a] = st;
  return a;
}

function addNetworkOffer(x: Scratch, node: number, ask: number, qty: number, j: number): void {
  const k = x.nOffers++;
  if (k >= x.offerNode.length) {
    x.offerNode = growI32(x.offerNode, k + 1);
    x.offerAsk = growF64(x.offerAsk, k + 1);
    x.offerQty = growF64(x.offerQty, k + 1);
    x.offerJ = growI32(x.offerJ, k + 1);
  }
  x.offerNode[k] = node;
  x.offerAsk[k] = ask;
  x.offerQty[k] = qty;
  x.offerJ[k] = j;
}

/**
 * Adds one stage's routes and quota tree to the network: `scale` converts the stage's quantities to network units
 * (R for the mine stage, 1 for the refine stage); its prices and costs are divided by it.
 */
function addStage(
  x: Scratch,
  p: ClearingProblem,
  st: number,
  sellerBase: number,
  buyerBase: number,
  quotaBase: number,
  scale: number,
  quotaArc: Int32Array,
  book: Book,
  trq: TrqLayout,
): void {
  const S = p.sellers;
  const B = p.buyers;
  const quotas = p.quotas;
  x.quotaNode = growI32(x.quotaNode, quotas.length);
  x.tail = growI32(x.tail, B);
  // Quotas of one seller are laminar: placed from the widest to the narrowest, each hangs under the last placed quota
  // of its seller that covers one of its buyers (then all of them), and a route leaves from the last that covers it.
  const order = quotas.map((_, q) => q);
  const size = quotas.map((q) => {
    let n = 0;
    for (let b = 0; b < B; b++) n += q.buyerMask[b]!;
    return n;
  });
  order.sort((a, b) => quotas[a]!.seller - quotas[b]!.seller || size[b]! - size[a]! || a - b);
  let next = quotaBase;
  let first = 0;
  for (let s = 0; s < S; s++) {
    let last = first;
    while (last < order.length && quotas[order[last]!]!.seller === s) last++;
    for (let b = 0; b < B; b++) x.tail[b] = sellerBase + s;
    for (let i = first; i < last; i++) {
      const q = quotas[order[i]!]!;
      let parent = sellerBase + s;
      for (let b = 0; b < B; b++) {
        if (q.buyerMask[b] === 1) {
          parent = x.tail[b]!;
          break;
        }
      }
      const node = next++;
      x.quotaNode[order[i]!] = node;
      quotaArc[order[i]!] = addArc(x, parent, node, 0, q.capacity * scale, -1, st);
      for (let b = 0; b < B; b++) if (q.buyerMask[b] === 1) x.tail[b] = node;
    }
    for (let b = 0; b < B; b++) {
      const cost = p.routeCost[s * B + b]!;
      if (cost === Infinity) continue;
      addArc(x, x.tail[b]!, buyerBase + b, cost / scale, Infinity, s * B + b, st);
    }
    // In-quota paths of a tariff-rate quota leave from the same node as the direct route (trq.ts), in path order.
    for (let k = 0; k < book.trqSeller.n; k++) {
      if (book.trqSeller.data[k] !== s) continue;
      const b = book.trqBuyer.data[k]!;
      trq.pathArc[k] = addArc(x, x.tail[b]!, trq.node[b]!, book.trqCost.data[k]! / scale, Infinity, -1, st);
    }
    first = last;
  }
}

/**
 * Builds the joint network of the month from the two stages' problems (routes, quotas, offers and bids as the books
 * hold them) and the processing arcs (the mine book's feed bids paired with the refine book's output offers).
 */
export function buildJointNetwork(
  w: World,
  mine: Book,
  refine: Book,
  problems: readonly [ClearingProblem, ClearingProblem],
): JointLayout {
  const R = w.scenario.market.recovery;
  const x = scratchFor(w);
  x.nArcs = 0;
  x.nOffers = 0;
  const [p0, p1] = problems;
  const s0 = 0;
  const b0 = s0 + p0.sellers;
  const q0 = b0 + p0.buyers;
  const s1 = q0 + p0.quotas.length;
  const b1 = s1 + p1.sellers;
  const q1 = b1 + p1.buyers;
  let nodes = q1 + p1.quotas.length;
  const [x0, x1] = x.stages;
  x0.quotaArc = growI32(x0.quotaArc, p0.quotas.length);
  x1.quotaArc = growI32(x1.quotaArc, p1.quotas.length);
  const quotaArc: [Int32Array, Int32Array] = [
    x0.quotaArc.subarray(0, p0.quotas.length),
    x1.quotaArc.subarray(0, p1.quotas.length),
  ];
  // A tariff-rate quota's in-quota node per member buyer with room left, and its capacitated arc into the buyer.
  const trq = ([mine, refine] as const).map((book, st) => {
    const B = problems[st]!.buyers;
    const xs = x.stages[st]!;
    xs.trqNode = growI32(xs.trqNode, B);
    xs.trqPathArc = growI32(xs.trqPathArc, book.trqSeller.n);
    const node = xs.trqNode.subarray(0, B).fill(-1);
    for (let b = 0; b < B; b++) {
      if (!(book.trqRoomT[b]! > 0)) continue;
      node[b] = nodes++;
      addArc(x, node[b]!, (st === 0 ? b0 : b1) + b, 0, book.trqRoomT[b]! * (st === 0 ? R : 1), -1, st);
    }
    return { node, pathArc: xs.trqPathArc.subarray(0, book.trqSeller.n) } satisfies TrqLayout;
  }) as [TrqLayout, TrqLayout];
  addStage(x, p0, 0, s0, b0, q0, R, quotaArc[0], mine, trq[0]);
  addStage(x, p1, 1, s1, b1, q1, 1, quotaArc[1], refine, trq[1]);
  // Re-export channels leave the seller node itself, outside its quotas (leakage.ts).
  x0.reArc = growI32(x0.reArc, mine.reSeller.n);
  x1.reArc = growI32(x1.reArc, refine.reSeller.n);
  const reArc: [Int32Array, Int32Array] = [
    x0.reArc.subarray(0, mine.reSeller.n),
    x1.reArc.subarray(0, refine.reSeller.n),
  ];
  for (let st = 0; st < 2; st++) {
    const book = st === 0 ? mine : refine;
    const scale = st === 0 ? R : 1;
    const sb = st === 0 ? s0 : s1;
    const bb = st === 0 ? b0 : b1;
    for (let k = 0; k < book.reSeller.n; k++) {
      reArc[st]![k] = addArc(
        x,
        sb + book.reSeller.data[k]!,
        bb + book.reBuyer.data[k]!,
        book.reCost.data[k]! / scale,
        Infinity,
        -1,
        st,
      );
    }
  }
  // Processing arcs, each from its country's concentrate buyer node to its refined seller node.
  const nFeed = mine.bidBuyer.n;
  x.procArc = growI32(x.procArc, nFeed);
  x.isProc = growU8(x.isProc, refine.offerSeller.n);
  x.isProc.fill(0, 0, refine.offerSeller.n);
  for (let k = 0; k < nFeed; k++) {
    const j = mine.bidOffer.data[k]!;
    x.isProc[j] = 1;
    x.procArc[k] = addArc(
      x,
      b0 + mine.bidBuyer.data[k]!,
      s1 + refine.offerSeller.data[j]!,
      refine.offerAsk.data[j]!,
      refine.offerQty.data[j]!,
      -1,
      1,
    );
  }
  for (let j = 0; j < mine.offerSeller.n; j++)
    addNetworkOffer(x, s0 + mine.offerSeller.data[j]!, mine.offerAsk.data[j]! / R, mine.offerQty.data[j]! * R, j);
  const mineOffers = x.nOffers;
  for (let j = 0; j < refine.offerSeller.n; j++) {
    if (x.isProc[j] === 1) continue;
    addNetworkOffer(x, s1 + refine.offerSeller.data[j]!, refine.offerAsk.data[j]!, refine.offerQty.data[j]!, j);
  }
  const bookOffers = x.nOffers;
  // Commercial stocks: sales are offers and purchases bids at their country's buyer node; the bids follow the refine
  // book's, so the network's bid columns are written in place.
  const nBook = refine.bidBuyer.n;
  const nCarry = mine.carryNode.n + refine.carryNode.n;
  x.bidNode = growI32(x.bidNode, nBook + nCarry);
  x.bidPrice = growF64(x.bidPrice, nBook + nCarry);
  x.bidQty = growF64(x.bidQty, nBook + nCarry);
  x.carryOfferKey = growI32(x.carryOfferKey, nCarry);
  x.carryBidKey = growI32(x.carryBidKey, nCarry);
  const { bidNode, bidPrice, bidQty } = x;
  let nOfferKeys = 0;
  let nBids = nBook;
  for (let st = 0; st < 2; st++) {
    const book = st === 0 ? mine : refine;
    const scale = st === 0 ? R : 1;
    const base = st === 0 ? b0 : b1;
    for (let k = 0; k < book.carryNode.n; k++) {
      const node = base + book.carryNode.data[k]!;
      const price = book.carryPrice.data[k]! / scale;
      const qty = book.carryQty.data[k]! * scale;
      if (book.carrySide.data[k]! < 0) {
        addNetworkOffer(x, node, price, qty, -1);
        x.carryOfferKey[nOfferKeys++] = st * CARRY_KEY + k;
      } else {
        bidNode[nBids] = node;
        bidPrice[nBids] = price;
        bidQty[nBids] = qty;
        x.carryBidKey[nBids - nBook] = st * CARRY_KEY + k;
        nBids++;
      }
    }
  }
  for (let k = 0; k < nBook; k++) bidNode[k] = b1 + refine.bidBuyer.data[k]!;
  bidPrice.set(refine.bidPrice.data.subarray(0, nBook));
  bidQty.set(refine.bidQty.data.subarray(0, nBook));
  const network: NetworkProblem = {
    nodes,
    nArcs: x.nArcs,
    arcTail: x.arcTail.subarray(0, x.nArcs),
    arcHead: x.arcHead.subarray(0, x.nArcs),
    arcCost: x.arcCost.subarray(0, x.nArcs),
    arcCap: x.arcCap.subarray(0, x.nArcs),
    nOffers: x.nOffers,
    offerNode: x.offerNode.subarray(0, x.nOffers),
    offerAsk: x.offerAsk.subarray(0, x.nOffers),
    offerQty: x.offerQty.subarray(0, x.nOffers),
    nBids,
    bidNode: bidNode.subarray(0, nBids),
    bidPrice: bidPrice.subarray(0, nBids),
    bidQty: bidQty.subarray(0, nBids),
  };
  return {
    network,
    quotaArc,
    reArc,
    trq,
    sellerBase: [s0, s1],
    buyerBase: [b0, b1],
    arcRoute: x.arcRoute.subarray(0, x.nArcs),
    arcStage: x.arcStage.subarray(0, x.nArcs),
    procArc: x.procArc.subarray(0, nFeed),
    offerJ: x.offerJ.subarray(0, x.nOffers),
    mineOffers,
    bookOffers,
    carryOfferKey: x.carryOfferKey.subarray(0, nOfferKeys),
    carryBidKey: x.carryBidKey.subarray(0, nBids - nBook),
  };
}

/**
 * Returns a node's price floored at 0 (free disposal): the lowest duals can fall below 0 at a node that nothing flows
 * into and whose only bound from below is an arc out of it costing more than the price at its head (an idle
 * refinery's feed node under a high conversion ask), or by rounding. Raising such a price to 0 keeps every condition of
 * MODEL.md §5, since no route cost is negative enough to bound a price below 0 (an export subsidy never exceeds the
 * ask at its node, routes.ts).
 */
const unNoise = (p: number) => (p < 0 ? 0 : p);

/**
 * Reads the joint solution back as one cleared view per stage, in each stage's own units (concentrate in t and USD/kg
 * of concentrate): prices at the stage's seller and buyer nodes, route flows, offers sold (a refinery's output is its
 * processing arc's flow) and bids filled (a refinery's feed is that flow / R). The views' columns are the world's
 * scratch (Scratch): the next clearing overwrites them.
 */
export function readJointSolution(
  w: World,
  layout: JointLayout,
  sol: NetworkSolution,
  mine: Book,
  refine: Book,
  problems: readonly [ClearingProblem, ClearingProblem],
): [ClearedStage, ClearedStage] {
  const R = w.scenario.market.recovery;
  const books = [mine, refine] as const;
  const x = scratchFor(w);
  const views = books.map((book, st) => {
    const p = problems[st]!;
    const scale = st === 0 ? R : 1;
    const S = p.sellers;
    const B = p.buyers;
    // The last clearing's view of this stage, its columns zeroed (or made anew where a length changed).
    const last = x.stages[st]!.view;
    const view: ClearedStage = {
      book,
      problem: p,
      sellerPrice: zeroedF64(last?.sellerPrice, S),
      buyerPrice: zeroedF64(last?.buyerPrice, B),
      flow: zeroedF64(last?.flow, S * B),
      offerSold: zeroedF64(last?.offerSold, book.offerSeller.n),
      bidFilled: zeroedF64(last?.bidFilled, book.bidBuyer.n),
      carryTraded: zeroedF64(last?.carryTraded, book.carryNode.n),
      reexported: zeroedF64(last?.reexported, book.reSeller.n),
      inQuota: zeroedF64(last?.inQuota, book.trqSeller.n),
      trqPrice: zeroedF64(last?.trqPrice, B),
    };
    x.stages[st]!.view = view;
    const { sellerPrice, buyerPrice } = view;
    for (let s = 0; s < S; s++) sellerPrice[s] = unNoise(sol.nodePrice[layout.sellerBase[st]! + s]! * scale);
    for (let b = 0; b < B; b++) buyerPrice[b] = unNoise(sol.nodePrice[layout.buyerBase[st]! + b]! * scale);
    return view;
  });
  const [v0, v1] = views as [ClearedStage, ClearedStage];
  const { arcRoute, arcStage } = layout;
  for (let a = 0; a < layout.network.nArcs; a++) {
    const r = arcRoute[a]!;
    if (r < 0) continue;
    const f = sol.arcFlow[a]!;
    if (arcStage[a] === 0) v0.flow[r] = f / R;
    else v1.flow[r] = f;
  }
  for (const st of [0, 1]) {
    const scale = st === 0 ? R : 1;
    const t = layout.trq[st]!;
    for (let k = 0; k < t.pathArc.length; k++) views[st]!.inQuota[k] = sol.arcFlow[t.pathArc[k]!]! / scale;
    for (let b = 0; b < t.node.length; b++)
      if (t.node[b]! >= 0) views[st]!.trqPrice[b] = unNoise(sol.nodePrice[t.node[b]!]! * scale);
  }
  for (const st of [0, 1]) {
    const arcs = layout.reArc[st]!;
    for (let k = 0; k < arcs.length; k++) views[st]!.reexported[k] = sol.arcFlow[arcs[k]!]! / (st === 0 ? R : 1);
  }
  for (let k = 0; k < layout.carryOfferKey.length; k++) {
    const key = layout.carryOfferKey[k]!;
    const st = key >= CARRY_KEY ? 1 : 0;
    views[st]!.carryTraded[key - st * CARRY_KEY] = sol.offerSold[layout.bookOffers + k]! / (st === 0 ? R : 1);
  }
  const nBook = refine.bidBuyer.n;
  for (let k = 0; k < layout.carryBidKey.length; k++) {
    const key = layout.carryBidKey[k]!;
    const st = key >= CARRY_KEY ? 1 : 0;
    views[st]!.carryTraded[key - st * CARRY_KEY] = sol.bidFilled[nBook + k]! / (st === 0 ? R : 1);
  }
  for (let k = 0; k < layout.bookOffers; k++) {
    if (k < layout.mineOffers) v0.offerSold[layout.offerJ[k]!] = sol.offerSold[k]! / R;
    else v1.offerSold[layout.offerJ[k]!] = sol.offerSold[k]!;
  }
  for (let k = 0; k < mine.bidBuyer.n; k++) {
    const out = sol.arcFlow[layout.procArc[k]!]!;
    v0.bidFilled[k] = out / R;
    v1.offerSold[mine.bidOffer.data[k]!] = out;
  }
  v1.bidFilled.set(sol.bidFilled.subarray(0, nBook));
  return [v0, v1];
}
