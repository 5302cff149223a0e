/**
 * Sweep plans: which runs an ensemble or a parameter sweep makes, in a fixed order, and how the work is split into
 * shards. Pure: the CLI and the browser build the same plan from the same scenario and options.
 *
 * Order. A sweep varies up to a few numeric fields over a grid (`--vary path=from:to:steps`) and runs every grid point
 * with the same `runs` seeds, so points are compared on common random numbers. Points are numbered in row-major order
 * (the first `vary` changes slowest); run `index = point × runs + k`, with seed `(baseSeed + k) mod 2^31` for
 * k = 0 … runs − 1. A plan without `vary` has one point: an ensemble of `runs` seeds.
 */
import { Hasher } from '../lib/hash.ts';
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { applyOverrides } from '../scenario/apply-overrides.ts';
import { parseOverride } from '../scenario/overrides.ts';
import type { Scenario } from '../scenario/schema.ts';
import { ENGINE_VERSION } from '../results/version.ts';

/** One varied field: `steps` evenly spaced values from `from` to `to` (both included). */
export interface VaryAxis {
  /** Dotted path into the scenario, as `--set` takes it (`zone.floor.refine`). */
  path: string;
  from: number;
  to: number;
  steps: number;
}

/** What to run: seeds per point, the fields to vary, the first seed and the horizon. */
export interface SweepOptions {
  runs: number;
  vary?: readonly VaryAxis[];
  /** Seed of the first run of every point (default: the scenario's seed). */
  baseSeed?: number;
  /** Horizon of every run in months (default: the scenario's). */
  months?: number;
  /** The `--set` overrides already applied to the scenario, recorded so shards can be checked against each other. */
  sets?: readonly string[];
}

/**
 * Everything that identifies a sweep, as written to `sweep.json` (`plan`). Two shards belong to the same sweep when
 * their headers are equal; the run specs follow from the header alone (`expandPlan`).
 */
export interface SweepHeader {
  scenario: string;
  title: string;
  /** Hash of the scenario (after `--set`) as JSON: shards of different files never merge. */
  scenarioHash: string;
  engineVersion: string;
  start: string;
  months: number;
  baseSeed: number;
  /** Seeds per point. */
  runs: number;
  sets: string[];
  vary: (VaryAxis & { values: number[] })[];
  /** Number of grid points (1 without `vary`). */
  points: number;
  /** points × runs. */
  totalRuns: number;
}

/** One run of a sweep. */
export interface RunSpec {
  /** Position in the plan, 0-based; every output is ordered by it. */
  index: number;
  /** Grid point, 0-based. */
  point: number;
  seed: number;
  /** The varied values of the point, one per `vary` axis. */
  values: number[];
  /** The same values as `--set` overrides (`zone.floor.refine=60`), applied to the scenario in `vary` order. */
  sets: string[];
}

/** A header with its runs in plan order. */
export interface SweepPlan extends SweepHeader {
  specs: RunSpec[];
}

/** Which share of a plan one process runs: shard `index` of `count`, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Most runs one sweep may make (the CLI keeps their monthly columns on disk, not in memory; see cli/sweep-store.ts). */
export const MAX_SWEEP_RUNS = 10_000;
/** Most values one axis may have. */
export const MAX_STEPS = 1_000;
/** Most axes one sweep may vary. */
export const MAX_AXES = 4;
/** Seeds live in [0, 2^31 − 1]; run seeds wrap around past the top. */
const SEED_MODULUS = 2_147_483_648;
/** Fields a sweep may not vary: the horizon and the seed are sweep options, not grid axes. */
const FIXED_FIELDS = new Set(['months', 'start', 'seed']);

/**
 * Parses `path=from:to:steps` (e.g. `zone.floor.refine=40:80:5`); the problem names the argument. Steps is an integer
 * from 1 to MAX_STEPS; one step needs from = to.
 */
export function parseVary(text: string): Result<VaryAxis> {
  const where = `--vary ${text}`;
  const m = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(text);
  if (!m) return fail([{ path: where, message: 'expected path=from:to:steps, e.g. zone.floor.refine=40:80:5' }]);
  const [, path, fromText, toText, stepsText] = m as unknown as [string, string, string, string, string];
  const from = parseFinite(fromText);
  const to = parseFinite(toText);
  const steps = /^\d{1,5}$/.test(stepsText) ? Number(stepsText) : NaN;
  const problems: Problem[] = [];
  if (from === undefined) problems.push({ path: where, message: `from "${fromText}" is not a number` });
  if (to === undefined) problems.push({ path: where, message: `to "${toText}" is not a number` });
  if (!(steps >= 1 && steps <= MAX_STEPS)) {
    problems.push({ path: where, message: `steps "${stepsText}" is not an integer from 1 to ${MAX_STEPS}` });
  }
  if (problems.length) return fail(problems);
  return ok({ path, from: from!, to: to!, steps });
}

/**
 * Returns the values of an axis: from + (to − from)·j / (steps − 1), rounded to 12 significant digits so that
 * `0.1:0.3:3` gives 0.2, not 0.20000000000000004.
 */
export function axisValues(axis: VaryAxis): number[] {
  if (axis.steps === 1) return [axis.from];
  return Array.from({ length: axis.steps }, (_, j) => {
    const v = j === axis.steps - 1 ? axis.to : axis.from + ((axis.to - axis.from) * j) / (axis.steps - 1);
    return Number(v.toPrecision(12)) || 0;
  });
}

/**
 * Plans a sweep of `scenario` (already validated, `--set` applied): the header and every run in plan order. Checks the
 * options and the axes' paths and ranges, but not that every grid point is a valid scenario (see `buildPointScenario`).
 */
export function planSweep(scenario: Scenario, options: SweepOptions): Result<SweepPlan> {
  const problems: Problem[] = [];
  const runs = options.runs;
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_SWEEP_RUNS) {
    problems.push({ path: '--runs', message: `${runs} is not an integer from 1 to ${MAX_SWEEP_RUNS}` });
  }
  const baseSeed = options.baseSeed ?? scenario.seed;
  if (!Number.isInteger(baseSeed) || baseSeed < 0 || baseSeed >= SEED_MODULUS) {
    problems.push({ path: '--seed', message: `${baseSeed} is not an integer from 0 to ${SEED_MODULUS - 1}` });
  }
  const months = options.months ?? scenario.months;
  if (!Number.isInteger(months) || months < 1 || months > 1200) {
    problems.push({ path: '--months', message: `${months} is not an integer from 1 to 1200` });
  }
  const axes = options.vary ?? [];
  if (axes.length > MAX_AXES) problems.push({ path: '--vary', message: `at most ${MAX_AXES} fields may vary` });
  const seen = new Set<string>();
  const vary: SweepHeader['vary'] = [];
  for (const axis of axes) {
    const checked = checkAxis(axis, seen);
    if (!checked.ok) problems.push(...checked.error);
    else vary.push(checked.value);
  }
  const points = vary.reduce((n, a) => n * a.values.length, 1);
  if (!problems.length && points * runs > MAX_SWEEP_RUNS) {
    problems.push({
      path: '--runs',
      message: `${points} grid points × ${runs} seeds = ${points * runs} runs; a sweep may make at most ${MAX_SWEEP_RUNS}`,
    });
  }
  if (problems.length) return fail(problems);
  const header: SweepHeader = {
    scenario: scenario.id ?? 'scenario',
    title: scenario.title,
    scenarioHash: hashScenario(scenario),
    engineVersion: ENGINE_VERSION,
    start: scenario.start,
    months,
    baseSeed,
    runs,
    sets: [...(options.sets ?? [])],
    vary,
    points,
    totalRuns: points * runs,
  };
  return ok(expandPlan(header));
}

/** Lists the runs of a header in plan order (point-major, seeds inner). */
export function expandPlan(header: SweepHeader): SweepPlan {
  const specs: RunSpec[] = [];
  for (let point = 0; point < header.points; point++) {
    const values = pointValues(header, point);
    const sets = header.vary.map((a, i) => `${a.path}=${JSON.stringify(values[i])}`);
    for (let k = 0; k < header.runs; k++) {
      specs.push({ index: specs.length, point, seed: (header.baseSeed + k) % SEED_MODULUS, values, sets });
    }
  }
  return { ...header, specs };
}

/** Returns the varied values of grid point `point` (row-major: the last axis changes fastest). */
export function pointValues(header: Pick<SweepHeader, 'vary'>, point: number): number[] {
  const values = new Array<number>(header.vary.length);
  let rest = point;
  for (let i = header.vary.length - 1; i >= 0; i--) {
    const axis = header.vary[i]!.values;
    values[i] = axis[rest % axis.length]!;
    rest = Math.floor(rest / axis.length);
  }
  return values;
}

/**
 * Returns the run indices of shard `shard.index` of `shard.count`: every run whose index ≡ shard.index − 1
 * (mod shard.count), ascending. Interleaving (rather than contiguous blocks) gives every shard a share of every grid
 * point, so shards of a sweep over a cost-changing parameter take about the same time.
 */
export function shardOf(plan: Pick<SweepHeader, 'totalRuns'>, index: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count) {
    throw new Error(`invalid shard ${index}/${count}`);
  }
  const out: number[] = [];
  for (let i = index - 1; i < plan.totalRuns; i += count) out.push(i);
  return out;
}

/**
 * Parses `i/n` (1 ≤ i ≤ n ≤ MAX_SWEEP_RUNS); the problem names the argument.
 */
export function parseShard(text: string): Result<Shard> {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!(count >= 1 && count <= MAX_SWEEP_RUNS && index >= 1 && index <= count)) {
    return fail([{ path: `--shard ${text}`, message: 'expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/3' }]);
  }
  return ok({ index, count });
}

/**
 * Builds the scenario of one grid point: `sets` (a RunSpec's) applied to the base scenario in order, each validated,
 * exactly as `--set` is. A problem names the override and the JSON path.
 */
export function buildPointScenario(base: Scenario, sets: readonly string[]): Result<Scenario> {
  const applied = applyOverrides(base, sets);
  return applied.ok ? applied : fail(applied.error.problems);
}

/** Hashes a scenario's JSON text (16 hex digits): equal scenarios, built from the same file, hash the same. */
export function hashScenario(scenario: Scenario): string {
  return new Hasher().updateString(JSON.stringify(scenario)).digest();
}

function checkAxis(axis: VaryAxis, seen: Set<string>): Result<VaryAxis & { values: number[] }> {
  const where = `--vary ${axis.path}=${axis.from}:${axis.to}:${axis.steps}`;
  const o = parseOverride(`${axis.path}=0`);
  if (!o.ok) return fail(o.error.map((p) => ({ path: where, message: p.message })));
  const path = o.value.path.join('.');
  if (FIXED_FIELDS.has(path)) {
    return fail([{ path: where, message: `"${path}" cannot vary; use --months or --seed for the whole sweep` }]);
  }
  if (seen.has(path)) return fail([{ path: where, message: `"${path}" is varied twice` }]);
  seen.add(path);
  if (!Number.isFinite(axis.from) || !Number.isFinite(axis.to)) {
    return fail([{ path: where, message: 'from and to must be finite numbers' }]);
  }
  if (!Number.isInteger(axis.steps) || axis.steps < 1 || axis.steps > MAX_STEPS) {
    return fail([{ path: where, message: `steps must be an integer from 1 to ${MAX_STEPS}` }]);
  }
  if (axis.steps === 1 && axis.from !== axis.to) {
    return fail([{ path: where, message: 'one step needs from = to; use 2 or more steps for a range' }]);
  }
  const values = axisValues(axis);
  if (new Set(values).size !== values.length) {
    return fail([{ path: where, message: 'the steps are closer than 12 significant digits; use fewer steps' }]);
  }
  return ok({ path, from: axis.from, to: axis.to, steps: axis.steps, values });
}

function parseFinite(text: string): number | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
