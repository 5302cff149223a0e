/**
 * The clearing solver's scratch memory: typed arrays kept at module level and grown, never shrunk, so that the 2 × 240
 * clears of a run allocate almost nothing. One workspace serves one clear at a time (the engine is single-threaded).
 *
 * Nodes: 0 is the ground; sellers are 1 .. S; quota nodes S+1 .. S+Q, a quota's parent before it; buyers follow from
 * `buyerBase`. Sellers and quota nodes are "tails": the nodes routes leave from. Routes are indexed buyer-major,
 * t = b*S + s (the transpose of the problem's s*B + b), so that a buyer's routes are contiguous.
 * Arc codes (in `parentArc`): ARC_SUPPLY, ARC_VIRTUAL, or 4t (route t forward), 4t+1 (route t backward: less flow),
 * 4q+2 (quota q forward: parent → quota node), 4q+3 (quota q backward).
 */
import { type NodeHeap, createNodeHeap, resetHeap } from './heap.ts';

/** Scratch arrays of the clearing solver; lengths are capacities, the live sizes are the counts. */
export interface ClearingWorkspace {
  /** Number of nodes including the ground. */
  nodes: number;
  /** Number of quota nodes kept (finite capacity, at least one buyer covered). */
  quotaNodes: number;
  /** Node index of buyer 0. */
  buyerBase: number;
  /** USD/kg cost of the virtual arc from the ground to every node: dearer than any profitable path. */
  bigCost: number;
  /** Counter that makes `mark` and `visit` stamps unique per use. */
  epoch: number;

  /** [nodes] USD/kg shortest distance from the ground over the residual network (the flow's potentials). */
  dist: Float64Array;
  /** [nodes] `dist` before the current repair. */
  distOld: Float64Array;
  /** [nodes] code of the residual arc into the node on its shortest path. */
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
  /** [nodes] USD/kg sum of the quota rents between a tail and its seller. */
  rent: Float64Array;
  /** [nodes] tail of `parentArc`: the node's parent in the shortest-path tree (0 = the ground). */
  parentNode: Int32Array;
  /** [nodes] first child of each node in the tree (-1 = none); siblings continue in `nextSibling`. */
  firstChild: Int32Array;
  /** [nodes] next and previous child of the same parent (-1 = none). */
  nextSibling: Int32Array;
  prevSibling: Int32Array;
  /** [nodes] repair scratch: the key (dist − distOld) of the node at each position of `list`. */
  listKey: Float64Array;
  /** [nodes] seller of each tail node (a seller or one of its quota nodes). */
  tailSeller: Int32Array;
  /**
   * [nodes] first slot of the node's list of routes with flow (-1 = none), continued in `flowNext`. Route t sits in its
   * tail's list as slot 2t and in its buyer's list as slot 2t+1.
   */
  flowHead: Int32Array;
  /** [nodes + 1] start of each tail's child quotas in `childQuotas`. */
  childStart: Int32Array;
  /** [quotaNodes] quota indices grouped by parent node. */
  childQuotas: Int32Array;

  /** [buyers*sellers] USD/kg cost of route t (Infinity = closed). */
  routeCost: Float64Array;
  /** [buyers*sellers] tail node of route t: the seller, or its innermost quota covering the buyer. */
  routeTail: Int32Array;
  /** [buyers*sellers] tonnes on route t. */
  routeFlow: Float64Array;
  /** [buyers*sellers] buyer node of route t. */
  routeHead: Int32Array;
  /** [2*buyers*sellers] next and previous slot in the same flow list (-1 = none). */
  flowNext: Int32Array;
  flowPrev: Int32Array;
  /** [quotaNodes] parent node of each quota node: its seller or the next wider quota of that seller. */
  quotaParent: Int32Array;
  /** [quotaNodes] tonnes of quota left. */
  quotaRes: Float64Array;
  /** [quotaNodes] tonnes through the quota. */
  quotaFlow: Float64Array;

  /** [nOffers] offer indices grouped by seller, each group by ask ascending then index. */
  offerOrder: Int32Array;
  /** [sellers + 1] start of each seller's group in `offerOrder`. */
  sellerStart: Int32Array;
  /**
   * [sellers] position in `offerOrder` of the step the seller keeps next, scanning from its dearest step down (the
   * group's start − 1 when none is left). Unsold supply is "kept" at its ask: see flow.ts.
   */
  keepNext: Int32Array;
  /** [nOffers] tonnes not yet kept (still for sale). */
  offerRem: Float64Array;
  /** [sellers] tonnes of the seller's supply not yet routed to a buyer or kept. */
  supplyRem: Float64Array;
  /** [sellers] USD/kg ask of the dearest step sold, -Infinity when nothing is sold. */
  soldMaxAsk: Float64Array;
  /** [nBids] bid indices grouped by buyer, each group by price descending then index. */
  bidOrder: Int32Array;
  /** [buyers + 1] start of each buyer's group in `bidOrder`. */
  buyerStart: Int32Array;
  /** [buyers] position in `bidOrder` of the buyer's current step (the group's end when all are filled). */
  bidNext: Int32Array;
  /** [nBids] tonnes not yet served. */
  bidRem: Float64Array;

  /** Dijkstra's queue. */
  search: NodeHeap;
  /** Sellers and buyers with a step left, keyed by the USD/kg cost of their best path: dist − the step's price. */
  outlets: NodeHeap;
}

/** `parentArc` code: the seller is reached straight from the ground by its unrouted supply. */
export const ARC_SUPPLY = -1;
/** `parentArc` code: the node is reached only by its virtual arc (cost `bigCost`). */
export const ARC_VIRTUAL = -2;

let shared: ClearingWorkspace | undefined;

/** Returns the module's workspace, creating it empty on first use. */
export function clearingWorkspace(): ClearingWorkspace {
  return (shared ??= createWorkspace());
}

function createWorkspace(): ClearingWorkspace {
  const f = () => new Float64Array(0);
  const i = () => new Int32Array(0);
  return {
    nodes: 0,
    quotaNodes: 0,
    buyerBase: 0,
    bigCost: 0,
    epoch: 0,
    dist: f(),
    distOld: f(),
    parentArc: i(),
    mark: i(),
    visit: i(),
    stack: i(),
    list: i(),
    toGround: f(),
    price: f(),
    rent: f(),
    parentNode: i(),
    firstChild: i(),
    nextSibling: i(),
    prevSibling: i(),
    listKey: f(),
    tailSeller: i(),
    flowHead: i(),
    childStart: i(),
    childQuotas: i(),
    routeCost: f(),
    routeTail: i(),
    routeFlow: f(),
    routeHead: i(),
    flowNext: i(),
    flowPrev: i(),
    quotaParent: i(),
    quotaRes: f(),
    quotaFlow: f(),
    offerOrder: i(),
    sellerStart: i(),
    keepNext: i(),
    offerRem: f(),
    supplyRem: f(),
    soldMaxAsk: f(),
    bidOrder: i(),
    buyerStart: i(),
    bidNext: i(),
    bidRem: f(),
    search: createNodeHeap(),
    outlets: createNodeHeap(),
  };
}

/** Grows the workspace to the sizes of a problem; array contents are left for the builder to overwrite. */
export function reserveWorkspace(
  ws: ClearingWorkspace,
  size: { nodes: number; sellers: number; buyers: number; quotas: number; nOffers: number; nBids: number },
): void {
  const { nodes, sellers, buyers, quotas, nOffers, nBids } = size;
  resetHeap(ws.search, nodes);
  resetHeap(ws.outlets, nodes);
  if (ws.dist.length < nodes + 1) {
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
    ws.parentNode = new Int32Array(n);
    ws.firstChild = new Int32Array(n);
    ws.nextSibling = new Int32Array(n);
    ws.prevSibling = new Int32Array(n);
    ws.listKey = new Float64Array(n);
    ws.tailSeller = new Int32Array(n);
    ws.flowHead = new Int32Array(n);
    ws.childStart = new Int32Array(n + 1);
  }
  const routes = sellers * buyers;
  if (ws.routeCost.length < routes) {
    const n = Math.max(routes, 2 * ws.routeCost.length);
    ws.routeCost = new Float64Array(n);
    ws.routeTail = new Int32Array(n);
    ws.routeFlow = new Float64Array(n);
    ws.routeHead = new Int32Array(n);
    ws.flowNext = new Int32Array(2 * n);
    ws.flowPrev = new Int32Array(2 * n);
  }
  if (ws.quotaParent.length < quotas) {
    const n = Math.max(quotas, 2 * ws.quotaParent.length);
    ws.quotaParent = new Int32Array(n);
    ws.quotaRes = new Float64Array(n);
    ws.quotaFlow = new Float64Array(n);
    ws.childQuotas = new Int32Array(n);
  }
  if (ws.offerOrder.length < nOffers) {
    const n = Math.max(nOffers, 2 * ws.offerOrder.length);
    ws.offerOrder = new Int32Array(n);
    ws.offerRem = new Float64Array(n);
  }
  if (ws.sellerStart.length < sellers + 1) {
    const n = Math.max(sellers + 1, 2 * ws.sellerStart.length);
    ws.sellerStart = new Int32Array(n);
    ws.keepNext = new Int32Array(n);
    ws.supplyRem = new Float64Array(n);
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
