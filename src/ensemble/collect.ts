/**
 * Collecting an ensemble as its runs finish, in any order, on any number of workers: results are kept by run index,
 * so bands, badges and files computed at any moment depend only on which runs are done, never on when they finished.
 * The browser draws bands and badges progressively from `bands()` and `badges()`; the CLI collects the same way.
 */
import { type Badge, robustnessBadges } from './badges.ts';
import { type Bands, bandsFrom } from './bands.ts';
import type { RunDigest } from './digest.ts';
import { type MergedSweep, buildSweepFiles } from './merge.ts';
import type { SweepPlan } from './plan.ts';

/** The finished runs of one plan, by run index. */
export class EnsembleCollector {
  private readonly runs: (RunDigest | undefined)[];
  private readonly wanted: Set<number>;
  private count = 0;

  /** Starts collecting the runs of `plan` (all of them, or the subset `expected`, e.g. one shard's indices). */
  constructor(
    readonly plan: SweepPlan,
    private readonly expected: readonly number[] = plan.specs.map((s) => s.index),
  ) {
    this.runs = new Array(plan.totalRuns);
    this.wanted = new Set(expected);
  }

  /** Adds a finished run; throws when it is not one of the expected runs or arrives twice (a bug in the caller). */
  add(digest: RunDigest): void {
    const spec = this.plan.specs[digest.index];
    if (!spec || spec.seed !== digest.seed || spec.point !== digest.point || !this.wanted.has(digest.index)) {
      throw new Error(`invariant broken: run ${digest.index} (seed ${digest.seed}) is not expected here`);
    }
    if (this.runs[digest.index]) throw new Error(`invariant broken: run ${digest.index} arrived twice`);
    this.runs[digest.index] = digest;
    this.count++;
  }

  /** Number of runs collected. */
  get done(): number {
    return this.count;
  }

  /** Fraction of the expected runs collected, 0..1: for a progress bar. */
  get progress(): number {
    return this.expected.length ? this.count / this.expected.length : 1;
  }

  /** Whether every expected run is in. */
  get complete(): boolean {
    return this.count === this.expected.length;
  }

  /** Returns the finished runs of grid point `point`, in run order. */
  runsOf(point = 0): RunDigest[] {
    const { runs } = this.plan;
    return this.runs.slice(point * runs, (point + 1) * runs).filter((d): d is RunDigest => d !== undefined);
  }

  /** Returns every finished run, in run order. */
  finished(): RunDigest[] {
    return this.expected.map((i) => this.runs[i]).filter((d): d is RunDigest => d !== undefined);
  }

  /** Computes the bands of grid point `point` from the runs finished so far; undefined before the first. */
  bands(point = 0): Bands | undefined {
    const runs = this.runsOf(point);
    if (!runs.length) return undefined;
    return bandsFrom(
      runs.map((d) => d.monthly),
      { months: this.plan.months, metrics: runs[0]!.metrics },
    );
  }

  /** Computes the badges of grid point `point` from the runs finished so far. */
  badges(point = 0): Badge[] {
    return robustnessBadges(this.runsOf(point), this.plan);
  }

  /** Builds the complete sweep's files (as `chokepoint sweep` writes them); throws unless every run is in. */
  files(): MergedSweep {
    if (this.count !== this.plan.totalRuns) {
      throw new Error(`invariant broken: ${this.count} of ${this.plan.totalRuns} runs are in`);
    }
    return buildSweepFiles(this.plan, this.finished());
  }
}
