/** Countries as rows of typed-array columns (docs/ARCHITECTURE.md "Agents are rows"): index c, stage s at c * 2 + s. */
import { monthIndex } from '../../scenario/months.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { distanceKm } from './geo.ts';
import { Role } from './codes.ts';
import { type Stream, openStream } from './rng.ts';
import { row } from '../../lib/row.ts';

/** Every country's parameters and slowly changing state. */
export interface Countries {
  count: number;
  /** ISO alpha-3 code of each index. */
  codes: string[];
  /** Code → index, built once. */
  index: Map<string, number>;
  /** Role codes (`Role`). */
  role: Uint8Array;
  /** Index of the dominant supplier, −1 when the scenario has none. */
  dominant: number;
  /** 1 while the country is a zone member this month. */
  member: Uint8Array;
  /** Month index it joins / leaves the zone (far past / far future when it has no date). */
  joinMonth: Int32Array;
  leaveMonth: Int32Array;
  /** [2 × C × C] per-kg transport cost, stage-major (`stage * C * C + from * C + to`), USD/kg. */
  transportUsdPerKg: Float64Array;
  /** Refined demand at the reference price in month 0, t/month. */
  demandBaseTpm: Float64Array;
  /** Demand growth, fraction per year. */
  growthPerYr: Float64Array;
  elasticityShort: Float64Array;
  elasticityLong: Float64Array;
  /** Slow substitution factor S_b (docs/MODEL.md §4.5), 1 at the start. */
  substitution: Float64Array;
  /** Autocorrelated demand noise, log units. */
  demandNoise: Float64Array;
  /** Demand multiplier of shock events in force, 1 without. */
  demandShock: Float64Array;
  /** Recycled refined supply, t/month. */
  recyclingTpm: Float64Array;
  /** Production-support budget left, M$. */
  supportLeftMusd: Float64Array;
  /** [C × 2] last month's price at each country and stage, USD/kg. */
  lastPriceUsdPerKg: Float64Array;
  /** [12 × C] refined prices of the last 12 months (ring), for the substitution mean P̄, USD/kg. */
  priceRingUsdPerKg: Float64Array;
  /** [C × 2] production subsidies in force, USD/kg. */
  subsidyUsdPerKg: Float64Array;
  /** [C × 2] export duties in force, ad valorem share. */
  exportDutyShare: Float64Array;
  /** One random stream per country, `demand:<code>`. */
  demandStreams: Stream[];
  /** [12 × C × C × 2] exports by month (ring), exporter, importer and stage, t: the base of cut-based quotas. */
  exportRingT: Float64Array;
  /** Per ring slot, the indices of `exportRingT` written in it, so reusing a slot zeroes only those. */
  exportRingWritten: number[][];
}

/** Builds the country columns of a validated scenario. */
export function createCountries(s: Scenario, seed: number): Countries {
  const C = s.countries.length;
  const codes = s.countries.map((c) => c.code);
  const index = new Map(codes.map((c, i) => [c, i]));
  const ci = (code: string) => index.get(code)!;
  const transport = new Float64Array(2 * C * C);
  const t = s.market.transport;
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      const ca = s.countries[a]!;
      const cb = s.countries[b]!;
      const cost =
        a === b ? 0 : t.baseUsdPerKg + (t.perThousandKmUsdPerKg * distanceKm(ca.lat, ca.lon, cb.lat, cb.lon)) / 1000;
      transport[a * C + b] = cost;
      transport[C * C + a * C + b] = cost;
    }
  }
  for (const o of t.overrides) {
    for (const st of o.stage ? [o.stage === 'mine' ? 0 : 1] : [0, 1]) {
      transport[st * C * C + ci(o.from) * C + ci(o.to)] = o.usdPerKg;
    }
  }
  const r = s.market.referencePrice;
  const lastPrice = new Float64Array(C * 2);
  for (let c = 0; c < C; c++) {
    lastPrice[c * 2] = r.mine;
    lastPrice[c * 2 + 1] = r.refine;
  }
  return row({
    count: C,
    codes,
    index,
    role: Uint8Array.from(s.countries, (c) => Role[c.role]),
    dominant: s.dominant ? ci(s.dominant.country) : -1,
    member: new Uint8Array(C),
    joinMonth: Int32Array.from(s.countries, (c) => (c.joins ? monthIndex(s.start, c.joins) : -1_000_000)),
    leaveMonth: Int32Array.from(s.countries, (c) => (c.leaves ? monthIndex(s.start, c.leaves) : 1_000_000)),
    transportUsdPerKg: transport,
    demandBaseTpm: Float64Array.from(s.countries, (c) => c.demandTpy / 12),
    growthPerYr: Float64Array.from(s.countries, (c) => c.growth),
    elasticityShort: Float64Array.from(s.countries, (c) => c.elasticityShort ?? s.market.elasticityShort),
    elasticityLong: Float64Array.from(s.countries, (c) => c.elasticityLong ?? s.market.elasticityLong),
    substitution: new Float64Array(C).fill(1),
    demandNoise: new Float64Array(C),
    demandShock: new Float64Array(C).fill(1),
    recyclingTpm: Float64Array.from(s.countries, (c) => c.recyclingTpy / 12),
    supportLeftMusd: Float64Array.from(s.countries, (c) => c.support?.budgetMusd ?? 0),
    lastPriceUsdPerKg: lastPrice,
    priceRingUsdPerKg: new Float64Array(12 * C).fill(r.refine),
    subsidyUsdPerKg: new Float64Array(C * 2),
    exportDutyShare: new Float64Array(C * 2),
    demandStreams: codes.map((c) => openStream(seed, `demand:${c}`)),
    exportRingT: new Float64Array(12 * C * C * 2),
    exportRingWritten: Array.from({ length: 12 }, () => []),
  });
}
