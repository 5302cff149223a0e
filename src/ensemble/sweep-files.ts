/**
 * The files of a sweep (RESULTS.md `sweep`), as text and bytes. Pure: the CLI writes them, the browser can offer them.
 *
 * A complete sweep is `sweep.json`, `runs.csv`, `bands.csv` and `badges.csv`. A shard (`--shard i/n`) is `sweep.json`,
 * `runs.csv` (its runs only) and `monthly-runs.bin`, which keeps what the bands and badges need:
 *
 * `monthly-runs.bin` — for each run of the shard in ascending run index (the runs of `shardOf`), one record of
 * IEEE-754 float64 values, little-endian: the RunFacts in FACT_NAMES order, then the run's monthly columns as
 * row-major [months × metrics] (NaN = empty). `sweep.json` names the facts, the metrics and the months. Nothing is
 * rounded, so bands computed after a merge are exactly those of an unsharded sweep.
 *
 * A complete sweep is always built as the merge of its shards (one shard, 1/1, when unsharded), so `merge` writes the
 * same bytes as an unsharded sweep by construction.
 */
import { z } from 'zod';
import { formatRow } from '../lib/csv.ts';
import { type Result, fail, ok } from '../lib/result.ts';
import { monthLabel } from '../scenario/months.ts';
import { FACT_NAMES, type RunDigest, type RunFacts } from './digest.ts';
import { type Shard, type SweepHeader, type SweepPlan, shardOf } from './plan.ts';

/** Files of a complete sweep, in the order they are written. */
export const SWEEP_FILE_NAMES = ['sweep.json', 'runs.csv', 'bands.csv', 'badges.csv'] as const;
/** Files of one shard. */
export const SHARD_FILE_NAMES = ['sweep.json', 'runs.csv', 'monthly-runs.bin'] as const;

/** Names the format in `sweep.json`; bumped when a file changes incompatibly. */
export const SWEEP_FORMAT = { format: 'chokepoint-sweep', formatVersion: 1 } as const;

/** The text or bytes of each file of a shard. */
export interface ShardFiles {
  'sweep.json': string;
  'runs.csv': string;
  'monthly-runs.bin': Uint8Array;
}

/** Layout of `monthly-runs.bin`, as `sweep.json` states it. */
export interface MonthlyRunsLayout {
  file: 'monthly-runs.bin';
  encoding: 'float64-le';
  facts: string[];
  metrics: string[];
  months: number;
}

/** A shard's `sweep.json`, parsed. */
export interface ShardDescription {
  plan: SweepHeader;
  shard: Shard;
  layout: MonthlyRunsLayout;
}

/**
 * Writes a sweep header as plain JSON with its fields in a fixed order, so the same plan always gives the same text
 * (shards are compared by this text).
 */
export function headerJson(h: SweepHeader): SweepHeader {
  return {
    scenario: h.scenario,
    title: h.title,
    scenarioHash: h.scenarioHash,
    engineVersion: h.engineVersion,
    start: h.start,
    months: h.months,
    baseSeed: h.baseSeed,
    runs: h.runs,
    sets: [...h.sets],
    vary: h.vary.map((a) => ({ path: a.path, from: a.from, to: a.to, steps: a.steps, values: [...a.values] })),
    points: h.points,
    totalRuns: h.totalRuns,
  };
}

/** Builds the `sweep.json` of a complete sweep: the format, the plan, and `shard: null`. */
export function buildSweepJson(plan: SweepHeader): string {
  return JSON.stringify({ ...SWEEP_FORMAT, plan: headerJson(plan), shard: null }, null, 2) + '\n';
}

/**
 * Builds a shard's files from the digests of its runs (any order; each run of the shard exactly once). Throws when a
 * digest is missing, foreign or laid out differently: the caller collected them, so that is a bug.
 */
export function buildShardFiles(plan: SweepPlan, shard: Shard, digests: readonly RunDigest[]): ShardFiles {
  const indices = shardOf(plan, shard.index, shard.count);
  const byIndex = new Map(digests.map((d) => [d.index, d]));
  if (byIndex.size !== digests.length || digests.length !== indices.length || indices.some((i) => !byIndex.has(i))) {
    throw new Error(`invariant broken: shard ${shard.index}/${shard.count} got runs ${[...byIndex.keys()].join(',')}`);
  }
  const runs = indices.map((i) => byIndex.get(i)!);
  const first = runs[0];
  const metrics = first ? [...first.metrics] : [];
  const kpiNames = first ? Object.keys(first.kpis) : [];
  for (const d of runs) {
    if (d.metrics.join() !== metrics.join() || d.monthly.length !== plan.months * metrics.length) {
      throw new Error(`invariant broken: run ${d.index} has a different monthly layout`);
    }
    if (Object.keys(d.kpis).join() !== kpiNames.join()) throw new Error(`invariant broken: run ${d.index} KPIs differ`);
  }
  const layout = monthlyRunsLayout(plan, metrics);
  const lines = [runsCsvHeader(plan, kpiNames), ...runs.map((d) => runsCsvRow(plan, d, kpiNames))];
  return {
    'sweep.json': buildShardJson(plan, shard, layout),
    'runs.csv': lines.join('\n') + '\n',
    'monthly-runs.bin': encodeMonthlyRuns(runs, layout),
  };
}

/** Returns the layout of `monthly-runs.bin` for runs of `plan` with monthly columns `metrics`. */
export function monthlyRunsLayout(plan: Pick<SweepHeader, 'months'>, metrics: readonly string[]): MonthlyRunsLayout {
  return {
    file: 'monthly-runs.bin',
    encoding: 'float64-le',
    facts: [...FACT_NAMES],
    metrics: [...metrics],
    months: plan.months,
  };
}

/** Returns the number of float64 values in one run's record of `monthly-runs.bin`. */
export function recordLength(layout: Pick<MonthlyRunsLayout, 'facts' | 'metrics' | 'months'>): number {
  return layout.facts.length + layout.months * layout.metrics.length;
}

/** Builds a shard's `sweep.json`: the format, the plan, the shard and the layout of its `monthly-runs.bin`. */
export function buildShardJson(plan: SweepHeader, shard: Shard, layout: MonthlyRunsLayout): string {
  return JSON.stringify({ ...SWEEP_FORMAT, plan: headerJson(plan), shard: { ...shard }, layout }, null, 2) + '\n';
}

/**
 * Returns the header line of runs.csv: run, point, seed, the varied paths, the KPIs, the refinery facts behind the
 * badges (counts and first closures: members', and outside the dominant supplier), resultHash.
 */
export function runsCsvHeader(plan: Pick<SweepHeader, 'vary'>, kpiNames: readonly string[]): string {
  return formatRow([
    'run',
    'point',
    'seed',
    ...plan.vary.map((a) => a.path),
    ...kpiNames,
    'member_refineries',
    'first_member_refinery_closure',
    'rival_refineries',
    'first_rival_refinery_closure',
    'resultHash',
  ]);
}

/** Returns one line of runs.csv (no line end); first closures are written `YYYY-MM`, empty when none. */
export function runsCsvRow(plan: Pick<SweepHeader, 'start'>, d: RunDigest, kpiNames: readonly string[]): string {
  const month = (m: number) => (m < 0 ? '' : monthLabel(plan.start, m));
  const f = d.facts;
  return formatRow([
    d.index,
    d.point,
    d.seed,
    ...d.values,
    ...kpiNames.map((k) => d.kpis[k]),
    f.memberRefineries,
    month(f.firstMemberRefineryClosure),
    f.rivalRefineries,
    month(f.firstRivalRefineryClosure),
    d.resultHash,
  ]);
}

/** Encodes runs (in the given order) as `monthly-runs.bin` records. */
export function encodeMonthlyRuns(runs: readonly RunDigest[], layout: MonthlyRunsLayout): Uint8Array {
  const bytes = new Uint8Array(runs.length * recordLength(layout) * 8);
  const view = new DataView(bytes.buffer);
  runs.forEach((d, i) => writeRecord(view, i * recordLength(layout) * 8, d, layout));
  return bytes;
}

/** Writes run `d`'s record (its facts, then its monthly values; little-endian float64) into `view` at byte `at`. */
export function writeRecord(view: DataView, at: number, d: RunDigest, layout: MonthlyRunsLayout): void {
  for (const name of layout.facts) {
    view.setFloat64(at, d.facts[name as keyof RunFacts], true);
    at += 8;
  }
  for (let i = 0; i < d.monthly.length; i++, at += 8) view.setFloat64(at, d.monthly[i]!, true);
}

/** Reads the RunFacts at the start of a record (as `readMonthly` returns it, layout.facts first). */
export function factsOfRecord(record: ArrayLike<number>, layout: Pick<MonthlyRunsLayout, 'facts'>): RunFacts {
  const facts = {} as RunFacts;
  layout.facts.forEach((name, i) => (facts[name as keyof RunFacts] = record[i]!));
  return facts;
}

const varyAxisSchema = z
  .object({
    path: z.string(),
    from: z.number(),
    to: z.number(),
    steps: z.number().int().min(1),
    values: z.array(z.number()),
  })
  .strict();

const headerSchema = z
  .object({
    scenario: z.string(),
    title: z.string(),
    scenarioHash: z.string(),
    engineVersion: z.string(),
    start: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    months: z.number().int().min(1).max(1200),
    baseSeed: z.number().int().min(0),
    runs: z.number().int().min(1),
    sets: z.array(z.string()),
    vary: z.array(varyAxisSchema),
    points: z.number().int().min(1),
    totalRuns: z.number().int().min(1),
  })
  .strict();

const shardJsonSchema = z
  .object({
    format: z.literal(SWEEP_FORMAT.format),
    formatVersion: z.literal(SWEEP_FORMAT.formatVersion),
    plan: headerSchema,
    shard: z.object({ index: z.number().int().min(1), count: z.number().int().min(1) }).strict(),
    layout: z
      .object({
        file: z.literal('monthly-runs.bin'),
        encoding: z.literal('float64-le'),
        facts: z.array(z.string()),
        metrics: z.array(z.string()),
        months: z.number().int().min(1),
      })
      .strict(),
  })
  .strict();

/**
 * Parses a shard's `sweep.json` text; the message says what is wrong. A complete sweep's `sweep.json` (shard null) is
 * refused: only shards merge.
 */
export function parseShardJson(text: string): Result<ShardDescription, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`sweep.json is not JSON: ${(e as Error).message}`);
  }
  if (raw !== null && typeof raw === 'object' && (raw as { shard?: unknown }).shard === null) {
    return fail('this is a complete sweep, not a shard (only folders written with --shard i/n merge)');
  }
  const parsed = shardJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`sweep.json is not a sweep shard: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const { plan, shard, layout } = parsed.data;
  if (shard.index > shard.count) return fail(`sweep.json names shard ${shard.index}/${shard.count}`);
  if (plan.points * plan.runs !== plan.totalRuns) return fail('sweep.json: points × runs is not totalRuns');
  if (plan.vary.reduce((n, a) => n * a.values.length, 1) !== plan.points) {
    return fail('sweep.json: the varied values do not make `points` grid points');
  }
  if (layout.months !== plan.months) return fail('sweep.json: the layout months differ from the plan');
  if (layout.facts.join() !== FACT_NAMES.join()) {
    return fail(`sweep.json stores facts ${layout.facts.join(', ')}; this version reads ${FACT_NAMES.join(', ')}`);
  }
  return ok({ plan, shard, layout: layout });
}
