/**
 * The clearing solver's scratch memory: typed arrays kept at module level and grown, never shrunk, so that the 2 × 240
 * clears of a run allocate almost nothing. One workspace serves one clear at a time (the engine is single-threaded).
 *
 * Node layout: 0 is the ground (source of offers, sink of bids); sellers are 1 .. S; quota nodes S+1 .. S+Q in an order
 * where a quota's parent comes first; buyers follow from `buyerBase`. Arcs come in pairs: arc e and its reverse e ^ 1.
 */

/** Scratch arrays of the clearing solver; lengths are capacities, the live sizes are the counts. */
export interface ClearingWorkspace {
  /** Number of nodes including the ground. */
  nodes: number;
  /** Number of quota nodes kept (finite capacity, non-empty mask). */
  quotaNodes: number;
  /** Node index of buyer 0. */
  buyerBase: number;
  /** Number of arcs (twice the number of quota and open-route arcs). */
  arcs: number;
  /** USD/kg cost of the virtual arc from the ground to every node: dearer than any profitable path. */
  bigCost: number;
  /** Counter that makes `mark` and `visit` stamps unique per use. */
  epoch: number;

  /** [nodes] USD/kg shortest distance from the ground over the residual network (the flow's potentials). */
  dist: Float64Array;
  /** [nodes] `dist` before the current update. */
  distOld: Float64Array;
  /** [nodes] residual arc into the node on its shortest path (ARC_OFFER, ARC_VIRTUAL or an arc index). */
  parentArc: Int32Array;
  /** [nodes] epoch stamp: node is in the set being updated. */
  mark: Int32Array;
  /** [nodes] epoch stamp: node visited by the current subtree search. */
  visit: Int32Array;
  /** [nodes] node lists and stacks. */
  stack: Int32Array;
  list: Int32Array;
  /** [nodes] USD/kg shortest distance to the ground (negated, the lowest prices). */
  toGround: Float64Array;
  /** [nodes] USD/kg node price. */
  price: Float64Array;
  /** [nodes] USD/kg sum of the quota rents between a route tail and its seller. */
  rent: Float64Array;
  /** [nodes + 1] start of each node's out-arcs in `adjArc`. */
  adjStart: Int32Array;
  /** [arcs] out-arcs grouped by tail node. */
  adjArc: Int32Array;
  /** [arcs] head node of each arc. */
  arcHead: Int32Array;
  /** [arcs] tonnes of residual capacity (Infinity on forward route arcs). */
  arcRes: Float64Array;
  /** [arcs] USD/kg cost (the reverse arc has the opposite cost). */
  arcCost: Float64Array;
  /** [quotaNodes] parent node of each quota node: its seller or the next wider quota of that seller. */
  quotaParent: Int32Array;
  /** [sellers*buyers] forward arc of route s->b, or -1 when closed. */
  routeArc: Int32Array;
  /** [sellers*buyers] tail node of route s->b: the seller or its innermost quota covering b. */
  routeTail: Int32Array;

  /** [nOffers] offer indices grouped by seller, each group by ask ascending then index. */
  offerOrder: Int32Array;
  /** [sellers + 1] start of each seller's group in `offerOrder`. */
  sellerStart: Int32Array;
  /** [sellers] position in `offerOrder` of the seller's current step (the group's end when exhausted). */
  offerNext: Int32Array;
  /** [nOffers] tonnes not yet sold. */
  offerRem: Float64Array;
  /** [sellers] USD/kg ask of the dearest step sold so far, -Infinity when nothing is sold. */
  soldMaxAsk: Float64Array;
  /** [nBids] bid indices grouped by buyer, each group by price descending then index. */
  bidOrder: Int32Array;
  /** [buyers + 1] start of each buyer's group in `bidOrder`. */
  buyerStart: Int32Array;
  /** [buyers] position in `bidOrder` of the buyer's current step (the group's end when all are filled). */
  bidNext: Int32Array;
  /** [nBids] tonnes not yet served. */
  bidRem: Float64Array;

  /** [nodes] binary heap of nodes, their positions (-1 = absent) and keys. */
  heap: Int32Array;
  heapPos: Int32Array;
  heapKey: Float64Array;
  heapSize: number;
}

/** `parentArc` value: the node is reached by its seller's current offer step straight from the ground. */
export const ARC_OFFER = -1;
/** `parentArc` value: the node is reached only by its virtual arc (cost `bigCost`). */
export const ARC_VIRTUAL = -2;

let shared: ClearingWorkspace | undefined;

/** Returns the module's workspace, creating it empty on first use. */
export function clearingWorkspace(): ClearingWorkspace {
  shared ??= {
    nodes: 0,
    quotaNodes: 0,
    buyerBase: 0,
    arcs: 0,
    bigCost: 0,
    epoch: 0,
    dist: new Float64Array(0),
    distOld: new Float64Array(0),
    parentArc: new Int32Array(0),
    mark: new Int32Array(0),
    visit: new Int32Array(0),
    stack: new Int32Array(0),
    list: new Int32Array(0),
    toGround: new Float64Array(0),
    price: new Float64Array(0),
    rent: new Float64Array(0),
    adjStart: new Int32Array(0),
    adjArc: new Int32Array(0),
    arcHead: new Int32Array(0),
    arcRes: new Float64Array(0),
    arcCost: new Float64Array(0),
    quotaParent: new Int32Array(0),
    routeArc: new Int32Array(0),
    routeTail: new Int32Array(0),
    offerOrder: new Int32Array(0),
    sellerStart: new Int32Array(0),
    offerNext: new Int32Array(0),
    offerRem: new Float64Array(0),
    soldMaxAsk: new Float64Array(0),
    bidOrder: new Int32Array(0),
    buyerStart: new Int32Array(0),
    bidNext: new Int32Array(0),
    bidRem: new Float64Array(0),
    heap: new Int32Array(0),
    heapPos: new Int32Array(0),
    heapKey: new Float64Array(0),
    heapSize: 0,
  };
  return shared;
}

/** Grows the node arrays to hold `nodes` nodes; the mark stamps restart so stale stamps cannot collide. */
export function reserveNodes(ws: ClearingWorkspace, nodes: number): void {
  if (ws.dist.length >= nodes + 1) return;
  const n = Math.max(nodes + 1, 2 * ws.dist.length);
  ws.dist = new Float64Array(n);
  ws.distOld = new Float64Array(n);
  ws.parentArc = new Int32Array(n);
  ws.mark = new Int32Array(n);
  ws.visit = new Int32Array(n);
  ws.epoch = 0;
  ws.stack = new Int32Array(n);
  ws.list = new Int32Array(n);
  ws.toGround = new Float64Array(n);
  ws.price = new Float64Array(n);
  ws.rent = new Float64Array(n);
  ws.adjStart = new Int32Array(n + 1);
  ws.heap = new Int32Array(n);
  ws.heapPos = new Int32Array(n).fill(-1);
  ws.heapKey = new Float64Array(n);
}

/** Grows the arc arrays to hold `arcs` arcs. */
export function reserveArcs(ws: ClearingWorkspace, arcs: number): void {
  if (ws.arcHead.length >= arcs) return;
  const n = Math.max(arcs, 2 * ws.arcHead.length);
  ws.adjArc = new Int32Array(n);
  ws.arcHead = new Int32Array(n);
  ws.arcRes = new Float64Array(n);
  ws.arcCost = new Float64Array(n);
}

/** Grows the per-problem arrays (routes, steps, quota nodes) to the sizes of the problem. */
export function reserveSteps(
  ws: ClearingWorkspace,
  sellers: number,
  buyers: number,
  nOffers: number,
  nBids: number,
  quotas: number,
): void {
  const routes = sellers * buyers;
  if (ws.routeArc.length < routes) {
    const n = Math.max(routes, 2 * ws.routeArc.length);
    ws.routeArc = new Int32Array(n);
    ws.routeTail = new Int32Array(n);
  }
  if (ws.offerOrder.length < nOffers) {
    const n = Math.max(nOffers, 2 * ws.offerOrder.length);
    ws.offerOrder = new Int32Array(n);
    ws.offerRem = new Float64Array(n);
  }
  if (ws.sellerStart.length < sellers + 1) {
    const n = Math.max(sellers + 1, 2 * ws.sellerStart.length);
    ws.sellerStart = new Int32Array(n);
    ws.offerNext = new Int32Array(n);
    ws.soldMaxAsk = new Float64Array(n);
  }
  if (ws.bidOrder.length < nBids) {
    const n = Math.max(nBids, 2 * ws.bidOrder.length);
    ws.bidOrder = new Int32Array(n);
    ws.bidRem = new Float64Array(n);
  }
  if (ws.buyerStart.length < buyers + 1) {
    const n = Math.max(buyers + 1, 2 * ws.buyerStart.length);
    ws.buyerStart = new Int32Array(n);
    ws.bidNext = new Int32Array(n);
  }
  if (ws.quotaParent.length < quotas) ws.quotaParent = new Int32Array(Math.max(quotas, 2 * ws.quotaParent.length));
}

/** Returns a fresh stamp for `mark` and `visit`, clearing both when the counter nears the Int32 range. */
export function nextEpoch(ws: ClearingWorkspace): number {
  if (ws.epoch >= 0x3fffffff) {
    ws.mark.fill(0);
    ws.visit.fill(0);
    ws.epoch = 0;
  }
  return ++ws.epoch;
}
