/**
 * Bands: for every month and metric, quantiles across the runs of an ensemble (or across paired differences). The
 * result depends only on the multiset of runs, never on the order they finished in: each cell's values are sorted
 * before anything is computed from them, the mean included.
 */
import { BAND_PROBABILITIES, quantile } from './quantiles.ts';

/** Quantiles per month × metric, with documented layouts. */
export interface Bands {
  months: number;
  metrics: readonly string[];
  /** [months × metrics × BAND_PROBABILITIES.length], index `(m * metrics + j) * 5 + q`; NaN where no run has a value. */
  quantiles: Float64Array;
  /** [months × metrics] mean of the runs that have a value; NaN where none has. */
  mean: Float64Array;
  /** [months × metrics] number of runs with a value (a price is empty when a bloc bought nothing). */
  count: Uint32Array;
}

/** The shape of the samples: each is row-major [months × metrics.length]. */
export interface BandLayout {
  months: number;
  metrics: readonly string[];
}

/**
 * Computes bands from `samples`, each a run's (or a paired difference's) monthly columns laid out as `layout`.
 * Empty cells (NaN) are left out of each month's sample; quantiles are type 7 (see `quantile`).
 */
export function bandsFrom(samples: readonly ArrayLike<number>[], layout: BandLayout): Bands {
  const k = layout.metrics.length;
  const cells = layout.months * k;
  const nq = BAND_PROBABILITIES.length;
  for (const s of samples) {
    if (s.length !== cells) throw new Error(`invariant broken: a sample has ${s.length} cells, expected ${cells}`);
  }
  const quantiles = new Float64Array(cells * nq);
  const mean = new Float64Array(cells);
  const count = new Uint32Array(cells);
  const scratch = new Float64Array(samples.length);
  for (let c = 0; c < cells; c++) {
    let n = 0;
    for (const s of samples) {
      const v = s[c]!;
      if (v === v) scratch[n++] = v;
    }
    const sorted = scratch.subarray(0, n).sort();
    for (let q = 0; q < nq; q++) quantiles[c * nq + q] = quantile(sorted, BAND_PROBABILITIES[q]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i]!;
    mean[c] = n ? sum / n : NaN;
    count[c] = n;
  }
  return { months: layout.months, metrics: layout.metrics, quantiles, mean, count };
}

/** Returns the quantiles of one cell, in BAND_PROBABILITIES order (p5, p25, p50, p75, p95). */
export function bandAt(bands: Bands, month: number, metric: number): number[] {
  const nq = BAND_PROBABILITIES.length;
  const at = (month * bands.metrics.length + metric) * nq;
  return Array.from(bands.quantiles.subarray(at, at + nq));
}
