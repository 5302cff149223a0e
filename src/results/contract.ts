/**
 * What a run reports (MODEL.md §7), as typed-array columns with a documented layout. The same object is written to
 * files by the CLI and crosses the worker as a structured clone (copied; bridge/engine-api.ts says why).
 *
 * Layouts (m = month index, c = country index, s = stage index 0 mine / 1 refine, f = facility index):
 * - `monthly`: row-major [months × monthlyColumns.length]; NaN = empty cell.
 * - country-stage columns (`price`, `production`, …): index `(m * countries + c) * 2 + s`.
 * - facility-month columns (`facState`, …): index `m * facilities + f`.
 * - flows: one row per (month, stage, route with flow), in month, stage, exporter, importer order.
 */
import type { Stage } from '../scenario/schema.ts';

/** The blocs of `monthly.csv`. */
export const BLOCS = ['dominant', 'member', 'other', 'world'] as const;
export type Bloc = (typeof BLOCS)[number];

/** The strategist's modes (MODEL.md §4.4), coded by index in `RunBuffers.mode`. */
export const MODES = ['compete', 'flood', 'harvest', 'restrict'] as const;
export type Mode = (typeof MODES)[number];

/** Facility states (MODEL.md §4.2), coded by index in `RunBuffers.facState`. */
export const FACILITY_STATES = ['project', 'construction', 'ramp-up', 'operating', 'idle', 'closed'] as const;
export type FacilityStateName = (typeof FACILITY_STATES)[number];

/** Event types of `events.csv`. */
export const EVENT_TYPES = [
  'project',
  'commissioned',
  'idle',
  'restart',
  'closed',
  'outage',
  'mode',
  'policy',
  'restriction',
  'join',
  'leave',
  'stockpile',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One state change, with the MODEL.md rule that fired and its reason in words. */
export interface RunEvent {
  /** Month index from the start. */
  month: number;
  type: EventType;
  /** A facility id, a country code, `zone` or `dominant`. */
  agent: string;
  /** ISO alpha-3 code, or '' for the zone. */
  country: string;
  /** The reason, one sentence with its numbers. */
  detail: string;
  /** The MODEL.md rule that fired, e.g. `4.2 idle`. */
  rule: string;
}

/** Static facts about a run: labels for every index used in the buffers. */
export interface RunMeta {
  scenarioId: string;
  title: string;
  seed: number;
  start: string;
  months: number;
  engineVersion: string;
  countries: { code: string; name: string; lat: number; lon: number; role: 'dominant' | 'member' | 'other' }[];
  /** Every facility that existed at any time, including projects committed during the run (appended in order). */
  facilities: { id: string; name: string; country: number; stage: 'mine' | 'refine' | 'integrated'; owner: string }[];
  /** Names of the numeric columns of `monthly` (RESULTS.md `monthly.csv` without `month` and `dominant_mode`). */
  monthlyColumns: string[];
  /** Engine 0.2: the ids of the scenario's contracts, indexed by `flowContract` (absent in older results). */
  contracts?: string[];
}

/** Every number the run produced. All arrays are owned by the result. */
export interface RunBuffers {
  monthly: Float64Array;
  /** [months] index into MODES. */
  mode: Uint8Array;
  /** [months × countries] 1 when the country is a zone member that month. */
  membership: Uint8Array;
  /** [months × 2] zone floor per stage, NaN when none is set or no instrument defends it (MODEL.md §4.6, §7). */
  floor: Float64Array;
  price: Float64Array;
  production: Float64Array;
  consumption: Float64Array;
  imports: Float64Array;
  exports: Float64Array;
  unmet: Float64Array;
  /**
   * Engine 0.2, country-stage cells that close each country's balance (countries.csv): concentrate integrated plants
   * fed themselves (mine rows), recycled refined supply (refine rows), commercial stocks' change that month (plus the
   * public stockpile's net purchases in its country's refine row) and commercial stocks at the end of the month, t.
   */
  ownFeed: Float64Array;
  recycling: Float64Array;
  stockChange: Float64Array;
  stock: Float64Array;
  /**
   * Engine 0.2, the zone's CfD by country and the stage of the contracts (countries.csv), M$, net of pay-backs: what
   * the country's treasury paid as a payer, and what its producers received.
   */
  cfdPaid: Float64Array;
  cfdReceived: Float64Array;
  /** [months × facilities] index into FACILITY_STATES. */
  facState: Uint8Array;
  /** [months × facilities] available capacity that month, t/yr (ramp-up and outages included). */
  facCapacity: Float32Array;
  /** [months × facilities] unit cash cost that month, USD/kg (refineries: conversion + feed). */
  facCost: Float32Array;
  /** [months × facilities] output that month, t. */
  facOutput: Float32Array;
  /** [months × facilities] netback that month, USD/kg (engine 0.2; facility_months.csv). */
  facNetback: Float32Array;
  /** [facilities] final columns for facilities.csv. */
  facCapacityTpy: Float64Array;
  facCashCost: Float64Array;
  facCommissioned: Int32Array;
  facClosed: Int32Array;
  facIdleMonths: Int32Array;
  facCashFinal: Float64Array;
  flowMonth: Int32Array;
  flowStage: Uint8Array;
  flowFrom: Int32Array;
  flowTo: Int32Array;
  /** Engine 0.2: where the product was made — the exporter, or a re-export's origin (MODEL.md §4.9). */
  flowOrigin: Int32Array;
  flowTonnes: Float64Array;
  flowValue: Float64Array;
  flowTariff: Float64Array;
  /** Engine 0.2: M$ of the flow at the exporter's node price, of transport, and of rent (wedge, duty, quota rent). */
  flowSellerValue: Float64Array;
  flowTransport: Float64Array;
  flowRent: Float64Array;
  /** Engine 0.2: the contract a row delivers (index in RunMeta.contracts), −1 for the spot market (MODEL.md §4.7). */
  flowContract: Int32Array;
}

/** The country-stage buffers of RunBuffers, indexed by `csIndex`. */
export type CountryStageBuffer =
  | 'price'
  | 'production'
  | 'consumption'
  | 'imports'
  | 'exports'
  | 'unmet'
  | 'ownFeed'
  | 'recycling'
  | 'stockChange'
  | 'stock'
  | 'cfdPaid'
  | 'cfdReceived';

/** A whole run: labels, numbers, events, headline figures and the hash of every number. */
export interface RunResult {
  meta: RunMeta;
  buffers: RunBuffers;
  events: RunEvent[];
  kpis: Record<string, number>;
  resultHash: string;
}

/** Returns the index of a country-stage cell. */
export const csIndex = (countries: number, m: number, c: number, s: number): number => (m * countries + c) * 2 + s;

/** Returns the stage index used in buffers (0 mine, 1 refine). */
export const stageIndex = (s: Stage): number => (s === 'mine' ? 0 : 1);

/** Builds the monthly column names in the order of RESULTS.md. */
export function monthlyColumnNames(): string[] {
  const cols: string[] = [];
  for (const st of ['mine', 'refine']) for (const b of BLOCS) cols.push(`price_${st}_${b}`);
  cols.push('floor_mine', 'floor_refine');
  for (const st of ['mine', 'refine']) for (const b of BLOCS) cols.push(`production_${st}_${b}`);
  for (const b of BLOCS) cols.push(`consumption_refine_${b}`);
  for (const b of BLOCS) cols.push(`unmet_refine_${b}`);
  for (const k of ['operating', 'idle', 'closed', 'building'])
    for (const st of ['mine', 'refine']) for (const b of BLOCS) cols.push(`capacity_${k}_${st}_${b}`);
  cols.push('dominant_share_mine_world', 'dominant_share_refine_world', 'dominant_share_refine_member', 'hhi_refine');
  cols.push(
    'tariff_revenue_musd',
    'tariff_revenue_member_musd',
    'cfd_outlay_musd',
    'stockpile_t',
    'stockpile_spend_musd',
    'stockpile_sales_musd',
  );
  cols.push('state_support_musd');
  for (const b of BLOCS) cols.push(`consumer_cost_${b}_musd`);
  cols.push('closures', 'commissionings');
  // Engine 0.2: the accounts of MODEL.md §7 (docs/RESULTS.md "Version 2 additions").
  for (const b of BLOCS) cols.push(`consumer_surplus_${b}_musd`);
  for (const b of BLOCS) cols.push(`producer_surplus_${b}_musd`);
  for (const b of BLOCS) cols.push(`government_revenue_${b}_musd`);
  for (const b of BLOCS) cols.push(`lost_production_${b}_musd`);
  for (const b of BLOCS) cols.push(`welfare_${b}_musd`);
  cols.push('levy_revenue_musd', 'export_rent_musd', 'quota_rent_musd', 'transport_musd', 'dominant_payoff_musd');
  cols.push('clearings', 'fixed_point_residual');
  // Engine 0.2: the joint network's feed and recycling, and commercial stocks (docs/RESULTS.md).
  for (const b of BLOCS) cols.push(`feed_refine_${b}`);
  for (const b of BLOCS) cols.push(`recycling_refine_${b}`);
  for (const st of ['mine', 'refine']) for (const b of BLOCS) cols.push(`stock_${st}_${b}`);
  cols.push('reexport_mine_t', 'reexport_refine_t');
  // Engine 0.2: bilateral deals and offtake contracts (MODEL.md §4.7).
  cols.push('contract_mine_t', 'contract_refine_t', 'contract_transfer_musd');
  // Engine 0.2: the zone's instruments (docs/RESULTS.md): CfD pay-backs, the stockpile's carrying cost and value.
  cols.push('cfd_payback_musd', 'stockpile_holding_musd', 'stockpile_value_musd');
  // Engine 0.2: the mode whose asks the dominant set, which `dominant_mode` hides under a restriction (MODEL.md §4.4).
  cols.push('dominant_flood', 'dominant_harvest');
  return cols;
}
