/** What the month produced, reset at the start of each month; country-stage columns are [C × 2], c * 2 + stage. */

/** The month's flows as parallel lists: stage, exporter, importer, t, M$ at the importer's price, M$ of tariff. */
export interface MonthFlows {
  stage: number[];
  from: number[];
  to: number[];
  tonnes: number[];
  value: number[];
  tariff: number[];
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
  /** [C] refined consumer spending, M$. */
  spendMusd: Float64Array;
  tariffRevenueMusd: number;
  /** The part of `tariffRevenueMusd` collected by members. */
  tariffRevenueMemberMusd: number;
  cfdOutlayMusd: number;
  stockSpendMusd: number;
  stockSalesMusd: number;
  /** The largest relative gap between a country's refined price and its demand curve this month, and where. */
  curveGap: number;
  curveGapCountry: number;
  /** The largest relative change of an exporter's FOB price in the last clearing of the tariff fixed point. */
  fobGap: number;
  /** Clearings solved this month, both stages (one each when nothing needs re-solving). */
  clearings: number;
  flows: MonthFlows;
}
