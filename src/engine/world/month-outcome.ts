/** What the month produced, reset at the start of each month; country-stage columns are [C × 2], c * 2 + stage. */

/**
 * The month's flows as parallel lists (the first `n` entries of each): stage, exporter, importer, t, M$ at the
 * importer's price, M$ of tariff, M$ at the exporter's node price, M$ of transport, M$ of rent (export wedge, duty and
 * quota rent on the route).
 */
export interface MonthFlows {
  /**
   * How many rows the month has: the lists keep their length from month to month (rows past `n` are last months'),
   * so that a month's rows overwrite theirs instead of growing emptied lists again.
   */
  n: number;
  stage: number[];
  from: number[];
  to: number[];
  /** Where the product was made: the exporter, or for a re-export the country it came from (MODEL.md §4.9). */
  origin: number[];
  tonnes: number[];
  value: number[];
  tariff: number[];
  sellerValue: number[];
  transport: number[];
  rent: number[];
  /** The contract (index in the scenario's `contracts`) a row delivers, −1 for the spot market. */
  contract: number[];
}

/** This month's outcome. */
export interface MonthOutcome {
  /** [C × 2] USD/kg. */
  priceUsdPerKg: Float64Array;
  /** [C × 2] t. */
  productionT: Float64Array;
  consumptionT: Float64Array;
  importsT: Float64Array;
  exportsT: Float64Array;
  /** [C] refined demand not served, t. */
  unmetT: Float64Array;
  /** [C] concentrate integrated plants fed themselves (their mine output into their own refinery), t. */
  ownFeedT: Float64Array;
  /** [C] secondary refined supply, t (not in `productionT`). */
  recyclingT: Float64Array;
  /** [C × 2] commercial stocks' purchases less sales this month, t (MODEL.md §4.8). */
  stockChangeT: Float64Array;
  /** [2] tonnes re-exported through third countries this month, per stage (MODEL.md §4.9). */
  reexportT: Float64Array;
  /** The public stockpile's purchases less its sales this month, t (at the stockpile's country). */
  stockNetT: number;
  /**
   * The largest violation of same-month price consistency at a refinery this month (MODEL.md §3), USD/kg: p_refined −
   * p_concentrate / recovery − conversion must be 0 where it runs below capacity, ≥ 0 at capacity, ≤ 0 when idle.
   */
  processingGap: number;
  /** [C] refined consumer spending, M$. */
  spendMusd: Float64Array;
  tariffRevenueMusd: number;
  /** The part of `tariffRevenueMusd` collected by members. */
  tariffRevenueMemberMusd: number;
  /** CfD top-ups paid to member producers and pay-backs received from them above the cap, M$ (policy/cfd.ts). */
  cfdOutlayMusd: number;
  cfdPaybackMusd: number;
  stockSpendMusd: number;
  stockSalesMusd: number;
  /** The largest relative gap between a country's refined price and its demand curve this month, and where. */
  curveGap: number;
  curveGapCountry: number;
  /** The largest relative change of an exporter's FOB price in the last clearing of the tariff fixed point. */
  fobGap: number;
  /** Clearings of the joint network of both stages solved this month (one when nothing needs re-solving). */
  clearings: number;
  flows: MonthFlows;
  /** The month's accounts (MODEL.md §7, market/accounts.ts), M$: [C] by country, then world totals. */
  accounts: MonthAccounts;
}

/**
 * The month's money, M$. Per country: consumer surplus on the true demand curves (against the choke price), producer
 * surplus (facilities', recyclers' and commercial stockholders' operating profit at market prices, before CfD payments
 * and state support; stockholders' is their sales less purchases less carrying cost),
 * government revenue (import tariffs and levies it collects; export wedges, duties and quota rents its exporters
 * earn) and the value of lost production (unmet demand × valueOfLostProduction). Summed over countries, with the
 * stockpile's net sales and less CfD outlays, these are the run's welfare: the difference of two runs is a sum of them.
 */
export interface MonthAccounts {
  consumerSurplusMusd: Float64Array;
  producerSurplusMusd: Float64Array;
  governmentMusd: Float64Array;
  lostProductionMusd: Float64Array;
  /** The variable levy collected by members (part of government revenue and of tariffRevenueMusd). */
  levyMusd: number;
  /** The dominant's export wedge (negative: an export subsidy) and export duties, by all exporters. */
  exportRentMusd: number;
  /** The rent on routes under a binding export quota, to the licence holders (exporters). */
  quotaRentMusd: number;
  transportMusd: number;
  /** Commercial stocks' carrying cost (interest on the value held and storage), in producer surplus. */
  stockHoldingMusd: number;
  /**
   * The public stockpile's carrying cost (interest on its book value and storage), charged to the government of the
   * country it sits in (MODEL.md §4.6).
   */
  stockpileHoldingMusd: number;
  /**
   * CfD transfers (MODEL.md §4.6), net of pay-backs, [C × 2] by country and the stage of the contracts: what each
   * country's treasury paid as a payer, and what its producers received. Both sum to outlays − pay-backs; both sides are members, so they are transfers inside the
   * member bloc and outside welfare (like state support).
   */
  cfdPaidMusd: Float64Array;
  cfdReceivedMusd: Float64Array;
  /** The dominant's state pool's operating profit (before support) plus the rents its country earns. */
  dominantPayoffMusd: number;
  /** What buyers paid and what sellers, carriers, treasuries and licence holders received, both stages (stockholders'
   * purchases among the payments, their sales among the receipts). */
  paidMusd: number;
  receivedMusd: number;
}
