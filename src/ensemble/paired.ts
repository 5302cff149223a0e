/**
 * Paired comparison on common random numbers: the baseline and the current scenario run with the same seeds, and
 * each seed's difference (current − baseline) is taken month by month before anything is summarized. The bands of
 * these differences are much narrower than the difference of two independent bands, and comparing a scenario with
 * itself gives exactly zero.
 */
import type { BandLayout } from './bands.ts';

/** What a paired comparison needs of a run: its seed and monthly columns (a RunDigest has both). */
export interface PairableRun {
  seed: number;
  metrics: readonly string[];
  monthly: ArrayLike<number>;
}

/** Per-seed differences, ready for `bandsFrom(diffs, layout)`. */
export interface PairedDifference {
  /** Seeds in ascending order. */
  seeds: number[];
  layout: BandLayout;
  /** One per seed, row-major [months × metrics]: current − baseline; NaN where either side is empty. */
  diffs: Float64Array[];
}

/**
 * Pairs `baseline` and `current` runs by seed and subtracts, cell by cell. Both sides must hold the same seeds once
 * each, and the same metrics and months; otherwise this throws, naming what differs.
 */
export function pairedDifference(baseline: readonly PairableRun[], current: readonly PairableRun[]): PairedDifference {
  const base = bySeed(baseline, 'baseline');
  const cur = bySeed(current, 'current');
  const seeds = [...base.keys()].sort((a, b) => a - b);
  const missing = seeds.filter((s) => !cur.has(s)).concat([...cur.keys()].filter((s) => !base.has(s)));
  if (missing.length) throw new Error(`paired runs need the same seeds on both sides; unpaired: ${missing.join(', ')}`);
  const first = base.get(seeds[0]!);
  const metrics = first ? first.metrics : [];
  const cells = first ? first.monthly.length : 0;
  const diffs = seeds.map((seed) => {
    const a = base.get(seed)!;
    const b = cur.get(seed)!;
    for (const run of [a, b]) {
      if (run.monthly.length !== cells || run.metrics.join() !== metrics.join()) {
        throw new Error(`seed ${seed}: the runs do not have the same months and metrics`);
      }
    }
    const d = new Float64Array(cells);
    for (let i = 0; i < cells; i++) d[i] = b.monthly[i]! - a.monthly[i]!;
    return d;
  });
  const months = metrics.length ? cells / metrics.length : 0;
  return { seeds, layout: { months, metrics }, diffs };
}

function bySeed(runs: readonly PairableRun[], side: string): Map<number, PairableRun> {
  const out = new Map<number, PairableRun>();
  for (const r of runs) {
    if (out.has(r.seed)) throw new Error(`${side} has seed ${r.seed} twice`);
    out.set(r.seed, r);
  }
  return out;
}
