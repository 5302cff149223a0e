/**
 * What an ensemble keeps of one run: its headline figures (one row of runs.csv), a few facts for the badges, and the
 * monthly columns the bands are drawn from. A digest is small and flat, so it crosses a worker cheaply (copied, not
 * transferred: bridge/engine-api.ts says why); the full RunResult stays in the worker.
 */
import type { RunResult } from '../results/contract.ts';
import type { RunSpec } from './plan.ts';

/** Per-run facts behind the badges that the monthly columns cannot give. Month indices are -1 when it never happened. */
export interface RunFacts {
  /** Refineries (refine or integrated) in countries that were zone members in any month. */
  memberRefineries: number;
  /** Month of the first closure of a refinery in a country that was a member that month. */
  firstMemberRefineryClosure: number;
  /** Refineries outside the dominant supplier's country. */
  rivalRefineries: number;
  /** Month of the first closure of a refinery outside the dominant supplier's country. */
  firstRivalRefineryClosure: number;
}

/** The names of RunFacts in the order they are stored in `monthly-runs.bin`. */
export const FACT_NAMES = [
  'memberRefineries',
  'firstMemberRefineryClosure',
  'rivalRefineries',
  'firstRivalRefineryClosure',
] as const satisfies readonly (keyof RunFacts)[];

/** One run of an ensemble, reduced to what runs.csv, bands.csv and the badges need. */
export interface RunDigest {
  /** The run's RunSpec fields. */
  index: number;
  point: number;
  seed: number;
  values: number[];
  /** summary.json's KPIs, in the engine's order. */
  kpis: Record<string, number>;
  resultHash: string;
  facts: RunFacts;
  /** Names of the columns of `monthly` (see BAND_METRICS). */
  metrics: readonly string[];
  /** Row-major [months × metrics.length], copied from the run's monthly buffer; NaN = empty cell. */
  monthly: Float64Array;
}

/**
 * The monthly.csv columns an ensemble keeps and draws bands for: prices and floors, production, consumption and unmet
 * demand, operating capacity, the dominant supplier's shares, and the money columns. Columns the engine does not
 * write are skipped (see `selectBandMetrics`).
 */
export const BAND_METRICS: readonly string[] = (() => {
  const blocs = ['dominant', 'member', 'other', 'world'];
  const per = (prefix: string) => blocs.map((b) => `${prefix}_${b}`);
  return [
    ...per('price_mine'),
    ...per('price_refine'),
    'floor_mine',
    'floor_refine',
    ...per('production_mine'),
    ...per('production_refine'),
    ...per('consumption_refine'),
    ...per('unmet_refine'),
    ...per('capacity_operating_mine'),
    ...per('capacity_operating_refine'),
    'dominant_share_mine_world',
    'dominant_share_refine_world',
    'dominant_share_refine_member',
    'tariff_revenue_musd',
    'cfd_outlay_musd',
    'stockpile_t',
    'stockpile_spend_musd',
    'state_support_musd',
    ...blocs.map((b) => `consumer_cost_${b}_musd`),
  ];
})();

/** Returns the BAND_METRICS present in a run's `monthlyColumns`, in BAND_METRICS order. */
export function selectBandMetrics(monthlyColumns: readonly string[]): string[] {
  const present = new Set(monthlyColumns);
  return BAND_METRICS.filter((m) => present.has(m));
}

/**
 * Returns columns `cols` of a run's monthly table (`months` rows of `n`), row by row. A function of its own: its loop
 * is the digest's hot part, and V8 compiled `summarizeRun` around it mid-loop (on-stack replacement), before the lines
 * after the loop had run, and threw that code away again when they did, run after run (up to 20 times in a worker's
 * first runs, as compile timing fell).
 */
function bandColumns(table: Float64Array, n: number, months: number, cols: Int32Array): Float64Array {
  const k = cols.length;
  const out = new Float64Array(months * k);
  for (let m = 0; m < months; m++) {
    for (let j = 0; j < k; j++) out[m * k + j] = table[m * n + cols[j]!]!;
  }
  return out;
}

/**
 * Reduces a finished run of `spec` to its digest: the row of runs.csv (seed, varied values, KPIs, resultHash), the
 * badge facts, and the `metrics` columns of its monthly buffer.
 */
export function summarizeRun(
  result: RunResult,
  spec: RunSpec,
  metrics: readonly string[] = selectBandMetrics(result.meta.monthlyColumns),
): RunDigest {
  const { meta, buffers } = result;
  const n = meta.monthlyColumns.length;
  // Plain loops, no closures: a worker calls this once a run, and V8 threw away its optimised code for a closure made
  // afresh in each call (a new call target each time).
  const cols = new Int32Array(metrics.length);
  for (let j = 0; j < metrics.length; j++) {
    const i = meta.monthlyColumns.indexOf(metrics[j]!);
    if (i < 0) throw new Error(`invariant broken: the run has no monthly column "${metrics[j]}"`);
    cols[j] = i;
  }
  const monthly = bandColumns(buffers.monthly, n, meta.months, cols);
  return {
    index: spec.index,
    point: spec.point,
    seed: spec.seed,
    values: [...spec.values],
    kpis: { ...result.kpis },
    resultHash: result.resultHash,
    facts: computeFacts(result),
    metrics,
    monthly,
  };
}

/** The earlier of two months, where a negative month is none. */
function earliest(current: number, month: number): number {
  return month >= 0 && (current < 0 || month < current) ? month : current;
}

/** Computes RunFacts from a run's facilities, closures, country roles and zone membership. */
export function computeFacts(result: RunResult): RunFacts {
  const { meta, buffers: b } = result;
  const C = meta.countries.length;
  const everMember = new Uint8Array(C);
  for (let i = 0; i < b.membership.length; i++) if (b.membership[i]) everMember[i % C] = 1;
  const facts: RunFacts = {
    memberRefineries: 0,
    firstMemberRefineryClosure: -1,
    rivalRefineries: 0,
    firstRivalRefineryClosure: -1,
  };
  const facilities = meta.facilities;
  for (let i = 0; i < facilities.length; i++) {
    const f = facilities[i]!;
    if (f.stage === 'mine') continue;
    const closed = b.facClosed[i]!;
    if (meta.countries[f.country]!.role !== 'dominant') {
      facts.rivalRefineries++;
      facts.firstRivalRefineryClosure = earliest(facts.firstRivalRefineryClosure, closed);
    }
    if (everMember[f.country]) {
      facts.memberRefineries++;
      const memberThen = closed >= 0 && b.membership[closed * C + f.country] === 1;
      if (memberThen) facts.firstMemberRefineryClosure = earliest(facts.firstMemberRefineryClosure, closed);
    }
  }
  return facts;
}
