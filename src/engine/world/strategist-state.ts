/** The dominant supplier's strategist (docs/MODEL.md §4.4): its mode, asks and state support. */
import type { ModeCode } from './codes.ts';

/** The strategist's state. */
export interface Strategist {
  mode: ModeCode;
  /** The mode whose asks apply while exports are restricted (restrict is a quota on top of it). */
  modeBeforeRestrict: ModeCode;
  /** [2] tonnes the strategist's pool sold last month, per stage. */
  poolOutputT: Float64Array;
  /** Consecutive months rivals' share stayed below `rivalCollapseShare`. */
  lowRivalMonths: number;
  /** [2] asks per stage: to export, at home, and before the flood began, USD/kg. */
  exportAskUsdPerKg: Float64Array;
  domesticAskUsdPerKg: Float64Array;
  preFloodAskUsdPerKg: Float64Array;
  /**
   * [2] the cheapest ask at the dominant's seller node this month, per stage, USD/kg (market.ts sets it): an export
   * subsidy never exceeds it, so no export lands below zero (routes.ts `exportWedge`).
   */
  homeLowestAskUsdPerKg: Float64Array;
  /**
   * The unit cost of feed for the state's refineries this month, USD/kg of concentrate: the marginal cost of the state's
   * own mines, or the reference concentrate price without them.
   */
  homeFeedUsdPerKg: number;
  /**
   * [C × 2] with `captureLevy`: per member destination and stage, how far this month's clearing raised the dominant's
   * export price above its export ask to land at the zone's floor, USD/kg (the levy it would otherwise have paid).
   */
  levyCaptureUsdPerKg: Float64Array;
  /** State support budget left, M$, and drawn this month, M$. */
  supportLeftMusd: number;
  supportMonthMusd: number;
  /**
   * [C × 2] the dominant's mean monthly exports to each country per stage in the 12 months before it first joined the
   * zone (the months on record, none for a founding member at the start), t/month; NaN until it joins. Trade the zone's
   * instruments had not yet touched: retaliation's longer look-back (agents/retaliation.ts).
   */
  preZoneExportsT: Float64Array;
  /**
   * [C × 2] the dominant's mean monthly exports to each country per stage in the 12 months before the first
   * retaliation, t/month, fixed then.
   */
  retaliationRecentT: Float64Array;
  /**
   * [C × 2] the pre-dispute basis per country and stage, t/month, fixed at the first retaliation: the larger of
   * `retaliationRecentT` and, for a country that had joined the zone by then, `preZoneExportsT`. Every cut is sized on
   * the sum over the countries that are members when it fires.
   */
  retaliationBasisT: Float64Array;
  /** True once a retaliation was called off for want of anything to cut (logged once). */
  retaliationVoidLogged: boolean;
  /** Month index of the first retaliation, −1 before it. */
  retaliationFirstMonth: number;
  /** Month index at which the retaliation in force lifts, −1 when none is in force. */
  retaliationUntil: number;
  /** Month index at which the last retaliation lifted, −1 before any has. */
  retaliationLiftedMonth: number;
  /** Month index the flood in force began, −1 outside a flood. */
  floodStartMonth: number;
  /** What the flood in force has cost since it began, M$: the pool's losses and export subsidies (state support). */
  floodCostMusd: number;
  /**
   * Rivals' lowest operating capacity at the focus stage since the flood began, t/yr, and the month the flood last made
   * progress (that capacity fell below its lowest, or rivals' share was below `rivalCollapseShare`).
   */
  floodLowRivalTpy: number;
  floodLowMonth: number;
  /** True after a flood was abandoned (budget or patience) until rivals' share falls to the tolerated one again. */
  floodRetired: boolean;
}
