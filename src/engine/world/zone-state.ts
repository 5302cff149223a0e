/** The preferential zone's state (docs/MODEL.md §4.6): its floor, budget and public stockpile. */

/** The zone's state. */
export interface ZoneState {
  /** [2] the floor per stage, USD/kg; NaN without a zone. */
  floorUsdPerKg: Float64Array;
  /** Month index of the next cost-indexed floor review. */
  nextReview: number;
  /** CfD budget left, M$. */
  budgetLeftMusd: number;
  /** Public stockpile: tonnes held, budget left (M$), the country it sits in (−1 without one). */
  stockT: number;
  stockBudgetLeftMusd: number;
  stockCountry: number;
  /** What the tonnes held cost at purchase prices (average cost), M$: the base of its interest charge. */
  stockBookMusd: number;
  /** Tonnes the stockpile may release a month while a disruption is declared (its ration), 0 otherwise. */
  stockRationT: number;
  /** Whether it buys / releases this month. */
  stockBuying: boolean;
  stockReleasing: boolean;
  /** [C] in-quota tonnes each member imported this calendar year under the tariff-rate quota (MODEL.md §4.6). */
  trqUsedT: Float64Array;
  /** Month index until which a disruption is declared, −1 when none. */
  disruptionUntil: number;
  /**
   * The CfD's contracts (MODEL.md §4.6, policy/cfd.ts): [facility max] the month each member producer's contract
   * started, −1 before it has one; [2] this month's reference price per stage (members' price index), USD/kg, NaN when
   * none; [C × 2] the share of each country's sales at each stage that went to members this month (NaN: no sales).
   */
  cfdStartMonth: Int32Array;
  cfdReferenceUsdPerKg: Float64Array;
  cfdMemberShare: Float64Array;
  /**
   * [facility max] this month, for a producer selling through its country's CfD node (policy/cfd.ts): the t it sold
   * to members' buyers (contract deliveries to members included), and its mean market price per kg sold, USD/kg (the
   * node's price less the expected top-up on its member sales); 0 and NaN for any other facility.
   */
  cfdMemberT: Float64Array;
  cfdMarketPriceUsdPerKg: Float64Array;
  /** [C] each member's share of the month's CfD payments as a payer (pro rata to refined consumption). */
  cfdPayerShare: Float64Array;
}
