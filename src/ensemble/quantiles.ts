/**
 * Quantiles of an ensemble. One definition everywhere (bands.csv, the browser's bands, the badges): Hyndman & Fan's
 * type 7, the default of R, NumPy and d3 — linear interpolation between the order statistics around h = (n − 1)·p.
 */

/** The probabilities of a band, in the order of the `p5,p25,p50,p75,p95` columns of bands.csv. */
export const BAND_PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** The bands.csv column name of each probability in BAND_PROBABILITIES. */
export const BAND_COLUMNS = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;

/**
 * Returns the type-7 quantile of `sorted` (ascending, no NaN) at probability `p` in [0, 1]: with h = (n − 1)·p,
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]). NaN for an empty sample. Equal neighbours are returned as they are, so
 * infinite values do not turn into NaN.
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 1)) throw new Error(`invalid quantile probability: ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  if (lo === n - 1) return a;
  const b = sorted[lo + 1]!;
  return a === b ? a : a + (h - lo) * (b - a);
}

/**
 * Sorts the finite and infinite values of `values` (NaN, an empty cell, is left out) into a new ascending array.
 * `Float64Array.prototype.sort` orders numbers numerically, so the result does not depend on the input order.
 */
export function sortedSample(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}
