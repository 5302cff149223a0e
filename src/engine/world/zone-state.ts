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
  /** Whether it buys / releases this month. */
  stockBuying: boolean;
  stockReleasing: boolean;
  /** [C] in-quota tonnes each member imported this calendar year under the tariff-rate quota (MODEL.md §4.6). */
  trqUsedT: Float64Array;
  /** Month index until which a disruption is declared, −1 when none. */
  disruptionUntil: number;
}
