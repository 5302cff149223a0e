/**
 * Facilities as rows of typed-array columns, room for every scenario facility and every pipeline project from the
 * start (`max`), `count` in use. A facility is an index; its id and name are mapped once, when it is added.
 */
import { FacilityKind, type FacilityKindCode, type OwnerCode } from './codes.ts';
import { type Stream, openStream } from './rng.ts';
import { row } from '../../lib/row.ts';

/** Every facility's parameters and state. */
export interface Facilities {
  count: number;
  max: number;
  id: string[];
  name: string[];
  /** Country index. */
  country: Int32Array;
  /** `FacilityKind` codes. */
  kind: Uint8Array;
  /** `Owner` codes. */
  owner: Uint8Array;
  capacityTpy: Float64Array;
  /** Variable cost, USD/kg of output (for a refinery: conversion only; its feed is bought). */
  cashCostUsdPerKg: Float64Array;
  fixedCostMusdPerYr: Float64Array;
  /** Refined output per unit of concentrate fed. */
  recovery: Float64Array;
  /**
   * An integrated plant's own mine output over what its refinery needs at capacity (1: neither a surplus to sell nor a
   * shortfall to buy, MODEL.md §3), and the mining part of its cash cost, USD/kg of concentrate.
   */
  mineRatio: Float64Array;
  mineCashCostUsdPerKg: Float64Array;
  cashMusd: Float64Array;
  /** `FacilityState` codes. */
  state: Uint8Array;
  /** Month index at which construction or ramp-up ends. */
  stateEndsMonth: Int32Array;
  rampMonths: Int32Array;
  /** Month index at which an idle facility's restart completes, 0 when none is under way. */
  restartMonth: Int32Array;
  /** Months left in an outage, 0 when running. */
  outageMonths: Int32Array;
  /** Consecutive months below / above the idle and restart tests (docs/MODEL.md §4.2). */
  monthsBelow: Int32Array;
  monthsAbove: Int32Array;
  idleSpellMonths: Int32Array;
  idleTotalMonths: Int32Array;
  /** Month index it was commissioned / closed, −1 when not (yet). */
  commissionedMonth: Int32Array;
  closedMonth: Int32Array;
  /** This month: capacity available after ramp-up and outages, t/yr. */
  availableTpy: Float64Array;
  /** This month: concentrate fed to a refinery, t. */
  feedT: Float64Array;
  /** This month: the price its feed cost, USD/kg. */
  feedPriceUsdPerKg: Float64Array;
  /** This month: output sold, t. */
  outputT: Float64Array;
  /** This month, an integrated plant: surplus concentrate sold, t, and refined output from bought feed, t. */
  surplusSoldT: Float64Array;
  processedT: Float64Array;
  /** This month, an integrated plant: its refine book offer for bought feed (a processing arc), −1 for none. */
  processingOffer: Int32Array;
  /** This month: the price it realised at its gate, USD/kg. */
  netbackUsdPerKg: Float64Array;
  /** This month: its unit cost (cash cost plus feed for a refinery), USD/kg. */
  unitCostUsdPerKg: Float64Array;
  /** One random stream per facility, `outage:<id>`. */
  streams: Stream[];
}

/** Allocates facility columns with room for `max` rows. */
export function createFacilities(max: number): Facilities {
  return row({
    count: 0,
    max,
    id: [],
    name: [],
    country: new Int32Array(max),
    kind: new Uint8Array(max),
    owner: new Uint8Array(max),
    capacityTpy: new Float64Array(max),
    cashCostUsdPerKg: new Float64Array(max),
    fixedCostMusdPerYr: new Float64Array(max),
    recovery: new Float64Array(max),
    mineRatio: new Float64Array(max).fill(1),
    mineCashCostUsdPerKg: new Float64Array(max),
    cashMusd: new Float64Array(max),
    state: new Uint8Array(max),
    stateEndsMonth: new Int32Array(max),
    rampMonths: new Int32Array(max),
    restartMonth: new Int32Array(max),
    outageMonths: new Int32Array(max),
    monthsBelow: new Int32Array(max),
    monthsAbove: new Int32Array(max),
    idleSpellMonths: new Int32Array(max),
    idleTotalMonths: new Int32Array(max),
    commissionedMonth: new Int32Array(max).fill(-1),
    closedMonth: new Int32Array(max).fill(-1),
    availableTpy: new Float64Array(max),
    feedT: new Float64Array(max),
    feedPriceUsdPerKg: new Float64Array(max),
    outputT: new Float64Array(max),
    surplusSoldT: new Float64Array(max),
    processedT: new Float64Array(max),
    processingOffer: new Int32Array(max).fill(-1),
    netbackUsdPerKg: new Float64Array(max),
    unitCostUsdPerKg: new Float64Array(max),
    streams: [],
  });
}

/** Appends a facility row and opens its random stream (`outage:<id>`, from the run's seed); returns its index. */
export function addFacilityRow(
  fac: Facilities,
  seed: number,
  row: { id: string; name: string; country: number; kind: FacilityKindCode; owner: OwnerCode },
): number {
  const i = fac.count++;
  fac.id.push(row.id);
  fac.name.push(row.name);
  fac.country[i] = row.country;
  fac.kind[i] = row.kind;
  fac.owner[i] = row.owner;
  fac.streams.push(openStream(seed, `outage:${row.id}`));
  return i;
}

/** Returns true when facility `f` produces at stage `st` (0 mine, 1 refine); integrated facilities do both. */
export const producesStage = (fac: Facilities, f: number, st: number): boolean =>
  fac.kind[f] === FacilityKind.integrated || fac.kind[f] === st;

const orders = new WeakMap<Facilities, { count: number; byStage: Int32Array[] }>();

/**
 * Returns the facilities of stage `st` (0: mines; 1: refineries and integrated plants) sorted by cash cost, then index.
 * Costs never change, so the order is cached until a facility is added.
 */
export function costOrder(fac: Facilities, st: number): Int32Array {
  let o = orders.get(fac);
  if (!o || o.count !== fac.count) {
    const byStage = [0, 1].map((stage) => {
      const list: number[] = [];
      for (let f = 0; f < fac.count; f++) {
        if (stage === 0 ? fac.kind[f] === FacilityKind.mine : fac.kind[f] !== FacilityKind.mine) list.push(f);
      }
      return Int32Array.from(list.sort((a, b) => fac.cashCostUsdPerKg[a]! - fac.cashCostUsdPerKg[b]! || a - b));
    });
    o = { count: fac.count, byStage };
    orders.set(fac, o);
  }
  return o.byStage[st]!;
}
