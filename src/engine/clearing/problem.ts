/**
 * The clearing problems and their solutions: the types the solver package shares (no code, so no import cycle). A
 * ClearingProblem is one stage's bipartite market (clearMarket); a NetworkProblem is a general network (solveNetwork).
 */

/** One stage's market in one month. Sellers and buyers are nodes; offers and bids are steps at a node. */
export interface ClearingProblem {
  /** Number of seller nodes. */
  sellers: number;
  /** Number of buyer nodes. */
  buyers: number;
  nOffers: number;
  /** [nOffers] seller node of each offer step. */
  offerSeller: Int32Array;
  /** [nOffers] USD/kg asked (finite, >= 0). */
  offerAsk: Float64Array;
  /** [nOffers] tonnes offered (finite, >= 0). */
  offerQty: Float64Array;
  nBids: number;
  /** [nBids] buyer node of each bid step. */
  bidBuyer: Int32Array;
  /** [nBids] USD/kg willingness to pay for this step (finite, >= 0). */
  bidPrice: Float64Array;
  /** [nBids] tonnes (finite, >= 0). */
  bidQty: Float64Array;
  /**
   * [sellers*buyers], index s*buyers+b: USD/kg transport + tariff (+ export wedge) on route s->b; may be negative (an
   * export subsidy) but finite; Infinity = route closed.
   */
  routeCost: Float64Array;
  /**
   * Export quotas: total flow from `seller` to the buyers flagged in `buyerMask` is at most `capacity`. The quotas of
   * one seller must be laminar (any two masks are disjoint or nested), which every destination selector gives.
   */
  quotas: ClearingQuota[];
}

/** An export quota on the routes from one seller to a set of buyers. */
export interface ClearingQuota {
  seller: number;
  /** [buyers] 1 = covered. */
  buyerMask: Uint8Array;
  /** Tonnes (>= 0; Infinity = no limit; 0 = an export ban). */
  capacity: number;
}

/** The equilibrium: quantities and prices. */
export interface ClearingSolution {
  /** [sellers*buyers] tonnes on each route, index s*buyers+b. */
  flow: Float64Array;
  /** [nOffers] tonnes sold of each offer step. */
  offerSold: Float64Array;
  /** [nBids] tonnes served of each bid step. */
  bidFilled: Float64Array;
  /** [buyers] USD/kg price at each buyer. */
  buyerPrice: Float64Array;
  /** [sellers] USD/kg price received at each seller node (its supply price / dual). */
  sellerPrice: Float64Array;
  /** USD/kg × t: sum filled*bidPrice - sum sold*ask - sum flow*routeCost. */
  surplus: number;
}

/**
 * A month's market as a general network (MODEL.md §5): countries' concentrate and refined nodes, processing arcs,
 * transport arcs and quota nodes, with supply and demand steps at the nodes. Units: tonnes and USD/kg.
 */
export interface NetworkProblem {
  /** Number of nodes. */
  nodes: number;
  nArcs: number;
  /** [nArcs] tail node of each arc. */
  arcTail: Int32Array;
  /** [nArcs] head node of each arc. */
  arcHead: Int32Array;
  /** [nArcs] USD/kg per tonne carried (finite; may be negative, an export subsidy). */
  arcCost: Float64Array;
  /** [nArcs] tonnes (>= 0; Infinity = uncapacitated). */
  arcCap: Float64Array;
  nOffers: number;
  /** [nOffers] node where each supply step is injected. */
  offerNode: Int32Array;
  /** [nOffers] USD/kg asked (finite, any sign). */
  offerAsk: Float64Array;
  /** [nOffers] tonnes offered (finite, >= 0). */
  offerQty: Float64Array;
  nBids: number;
  /** [nBids] node where each demand step is withdrawn. */
  bidNode: Int32Array;
  /** [nBids] USD/kg willingness to pay (finite, any sign). */
  bidPrice: Float64Array;
  /** [nBids] tonnes (finite, >= 0). */
  bidQty: Float64Array;
}

/** The network equilibrium: quantities and prices. */
export interface NetworkSolution {
  /** [nArcs] tonnes on each arc. */
  arcFlow: Float64Array;
  /** [nOffers] tonnes sold of each offer step. */
  offerSold: Float64Array;
  /** [nBids] tonnes served of each bid step. */
  bidFilled: Float64Array;
  /** [nodes] USD/kg canonical equilibrium price at each node (see solveNetwork). */
  nodePrice: Float64Array;
  /** USD/kg × t: sum filled*bidPrice - sum sold*offerAsk - sum arcFlow*arcCost. */
  surplus: number;
}
