/** The investors' state: one investor per country and stage (index c * 2 + stage; integrated projects are refine). */
import type { FacilityKindCode, OwnerCode } from './codes.ts';

/** A pipeline entry with its pre-drawn projects. */
export interface PipelineEntry {
  country: number;
  kind: FacilityKindCode;
  /** Index of the investor that may commit it (c * 2 + stage). */
  investor: number;
  capacityTpy: number;
  fixedCostMusd: number;
  owner: OwnerCode;
  /** First month index a project may be committed. */
  earliest: number;
  name: string;
  /** Pre-drawn parameters of each of its `count` projects (stream `project:<entry index>`): M$, USD/kg, months. */
  capex: Float64Array;
  cost: Float64Array;
  lead: Int32Array;
  /** Index of the next project to commit. */
  next: number;
  /** For a brownfield restart (MODEL.md §4.2), the closed facility it brings back; −1 for a new site. */
  site: number;
  /**
   * An integrated project's own mining cost per kg of refined output (its `mineCashCost` / recovery), USD/kg; NaN when
   * not given, and its ore is then valued at the concentrate price like a refinery's feed (MODEL.md §4.3).
   */
  mineCostUsdPerKg: number;
}

/** What the investors remember. */
export interface Investors {
  /** [C × 2] expected netback, an exponentially weighted mean (half-life `expectationHalfLife`), USD/kg. */
  expectedUsdPerKg: Float64Array;
  /** [C × 2] EWMA of squared monthly log changes of the netback (half-life `expectationHalfLife`). */
  variance: Float64Array;
  /** [memoryMonths × C × 2] netback history (ring), USD/kg. */
  historyUsdPerKg: Float64Array;
  memoryMonths: number;
  /** [C × 2] the scar of closures after price collapses, per country and stage, added to the discount rate. */
  scar: Float64Array;
  pipeline: PipelineEntry[];
}
