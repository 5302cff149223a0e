/**
 * Ensemble bands for the charts (a pure view-model). A chart's figure is derived from each run's monthly columns
 * (a column, or a sum of columns), and `bandsFrom` gives its median and 50%/90% bands across the seeds; the paired
 * difference (current − baseline, seed by seed, `pairedDifference`) gives the difference band. Only the few series a
 * chart draws are computed, so a redraw stays small while runs come in. Derived series are kept per run.
 */
import { bandsFrom } from '../ensemble/bands.ts';
import { pairedDifference } from '../ensemble/paired.ts';
import { BAND_PROBABILITIES } from '../ensemble/quantiles.ts';

/** A run as the bands read it (a RunDigest is one). */
export interface BandRun {
  seed: number;
  metrics: readonly string[];
  /** Row-major [months × metrics]; NaN = empty. */
  monthly: ArrayLike<number>;
}

/** The ensemble the charts draw from. */
export interface EnsembleRuns {
  current: readonly BandRun[];
  /** The baseline's runs on the same seeds; null when unpaired (the current scenario is the baseline). */
  baseline: readonly BandRun[] | null;
  /** Seeds asked for. */
  seeds: number;
}

/** Quantiles across seeds, one value per month each (NaN where no run has a value). */
export interface BandValues {
  p5: Float64Array;
  p25: Float64Array;
  p50: Float64Array;
  p75: Float64Array;
  p95: Float64Array;
}

/** Derives one series (a value per month) from a run, or null when the run lacks what it needs. */
export type Derive = (run: BandRun) => Float64Array | null;

const derived = new WeakMap<BandRun, Map<string, Float64Array | null>>();

function memo(run: BandRun, key: string, make: () => Float64Array | null): Float64Array | null {
  let m = derived.get(run);
  if (!m) derived.set(run, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key)!;
}

/** Derives a monthly column. */
export function column(name: string): Derive {
  return (run) =>
    memo(run, `col:${name}`, () => {
      const j = run.metrics.indexOf(name);
      if (j < 0) return null;
      const k = run.metrics.length;
      const out = new Float64Array(run.monthly.length / k);
      for (let m = 0; m < out.length; m++) out[m] = run.monthly[m * k + j]!;
      return out;
    });
}

/** Derives the sum of columns, month by month (an empty cell counts as 0; all empty stays empty). */
export function sumOf(...names: string[]): Derive {
  const parts = names.map(column);
  return (run) =>
    memo(run, `sum:${names.join('+')}`, () => {
      const cols = parts.map((p) => p(run));
      if (cols.some((c) => c === null)) return null;
      const out = new Float64Array(cols[0]!.length).fill(NaN);
      for (const c of cols) for (let m = 0; m < out.length; m++) if (c![m] === c![m]) out[m] = (out[m]! || 0) + c![m]!;
      return out;
    });
}

/** Derives a column scaled by `factor` (e.g. a share × 100 in percentage points). */
export function scaled(name: string, factor: number): Derive {
  const base = column(name);
  return (run) => memo(run, `scaled:${name}:${factor}`, () => base(run)?.map((v) => v * factor) ?? null);
}

/** Derives the running total of a column from month 0 (empty cells add nothing). */
export function cumulative(name: string): Derive {
  const base = column(name);
  return (run) =>
    memo(run, `cum:${name}`, () => {
      const c = base(run);
      if (!c) return null;
      const out = new Float64Array(c.length);
      let sum = 0;
      for (let m = 0; m < c.length; m++) out[m] = sum += c[m] === c[m] ? c[m]! : 0;
      return out;
    });
}

/** Returns the median and the 50%/90% bands of `derive` across `runs`, or null when no run has it. */
export function bandOf(runs: readonly BandRun[], derive: Derive): BandValues | null {
  const samples = runs.map(derive).filter((s): s is Float64Array => s !== null);
  if (!samples.length) return null;
  return split(bandsFrom(samples, { months: samples[0]!.length, metrics: ['x'] }).quantiles, samples[0]!.length);
}

/**
 * Returns the bands of the paired difference current − baseline of `derive`, over the seeds both sides have finished
 * (a seed counts once both of its runs are in), or null when no seed is paired yet.
 */
export function pairedBandOf(
  baseline: readonly BandRun[],
  current: readonly BandRun[],
  derive: Derive,
): { band: BandValues; pairs: number } | null {
  const pairable = (runs: readonly BandRun[]) =>
    runs.flatMap((r) => {
      const monthly = derive(r);
      return monthly ? [{ seed: r.seed, metrics: ['x'], monthly }] : [];
    });
  const b = pairable(baseline);
  const c = pairable(current);
  const seeds = new Set(b.map((r) => r.seed));
  const both = new Set(c.filter((r) => seeds.has(r.seed)).map((r) => r.seed));
  if (!both.size) return null;
  const { diffs, layout } = pairedDifference(
    b.filter((r) => both.has(r.seed)),
    c.filter((r) => both.has(r.seed)),
  );
  return { band: split(bandsFrom(diffs, layout).quantiles, layout.months), pairs: diffs.length };
}

/** Returns the highest finite value of a band's top (p95), at least `floor`. */
export function bandMax(band: BandValues, floor = 0): number {
  let max = floor;
  for (const v of band.p95) if (v > max) max = v;
  return max;
}

/** Returns the lowest finite value of a band's bottom (p5), at most `ceiling`. */
export function bandMin(band: BandValues, ceiling = 0): number {
  let min = ceiling;
  for (const v of band.p5) if (v < min) min = v;
  return min;
}

function split(quantiles: Float64Array, months: number): BandValues {
  const nq = BAND_PROBABILITIES.length;
  const q = (i: number) => {
    const out = new Float64Array(months);
    for (let m = 0; m < months; m++) out[m] = quantiles[m * nq + i]!;
    return out;
  };
  return { p5: q(0), p25: q(1), p50: q(2), p75: q(3), p95: q(4) };
}
