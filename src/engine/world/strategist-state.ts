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
  /** State support budget left, M$, and drawn this month, M$. */
  supportLeftMusd: number;
  supportMonthMusd: number;
}
