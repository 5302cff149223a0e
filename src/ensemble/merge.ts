/**
 * Merging shards into a complete sweep, and the complete sweep's `bands.csv` and `badges.csv`. An unsharded sweep is
 * the merge of its single shard (1/1), so both paths write the same bytes.
 */
import { CsvBuilder } from '../lib/csv.ts';
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { monthLabel } from '../scenario/months.ts';
import { type Badge, robustnessBadges } from './badges.ts';
import { type Bands, bandsFrom } from './bands.ts';
import type { RunDigest } from './digest.ts';
import { type SweepHeader, type SweepPlan, pointValues, shardOf } from './plan.ts';
import { BAND_COLUMNS } from './quantiles.ts';
import {
  type ShardDescription,
  type ShardFiles,
  type StoredRun,
  buildShardFiles,
  buildSweepJson,
  decodeMonthlyRuns,
  headerJson,
  parseShardJson,
} from './sweep-files.ts';

/** The files of a complete sweep. */
export interface SweepFiles {
  'sweep.json': string;
  'runs.csv': string;
  'bands.csv': string;
  'badges.csv': string;
}

/** A shard as read from disk; `label` (its folder) names it in messages. */
export interface ShardInput {
  label: string;
  files: ShardFiles;
}

/** A merged sweep: its files, plan, and the badges of each grid point (for a summary on screen). */
export interface MergedSweep {
  files: SweepFiles;
  plan: SweepHeader;
  badges: { values: number[]; badges: Badge[] }[];
}

/**
 * Builds the files of a complete, unsharded sweep from the digests of all its runs (any order): the merge of shard
 * 1/1. The digests come from this process, so a problem here is a bug and throws.
 */
export function buildSweepFiles(plan: SweepPlan, digests: readonly RunDigest[]): MergedSweep {
  const merged = mergeShards([
    { label: '(this sweep)', files: buildShardFiles(plan, { index: 1, count: 1 }, digests) },
  ]);
  if (!merged.ok) throw new Error(`invariant broken: ${merged.error.map((p) => p.message).join('; ')}`);
  return merged.value;
}

/**
 * Merges the shards of one sweep. Checks that every shard is a shard of the same plan (same scenario, seeds, axes,
 * engine), that shards 1…n are each given exactly once, and that each holds exactly its runs; every problem names the
 * shard's folder.
 */
export function mergeShards(inputs: readonly ShardInput[]): Result<MergedSweep> {
  if (inputs.length === 0) return fail([{ path: '(merge)', message: 'no shards given' }]);
  const problems: Problem[] = [];
  const described: { input: ShardInput; d: ShardDescription }[] = [];
  for (const input of inputs) {
    const d = parseShardJson(input.files['sweep.json']);
    if (!d.ok) problems.push({ path: `${input.label}/sweep.json`, message: d.error });
    else described.push({ input, d: d.value });
  }
  if (problems.length) return fail(problems);
  const first = described[0]!;
  const planText = JSON.stringify(headerJson(first.d.plan));
  const count = first.d.shard.count;
  const byIndex = new Map<number, string>();
  for (const { input, d } of described) {
    if (JSON.stringify(headerJson(d.plan)) !== planText) {
      const field = differingField(first.d.plan, d.plan);
      problems.push({
        path: input.label,
        message: `a shard of a different sweep than ${first.input.label} (${field} differs)`,
      });
      continue;
    }
    if (d.shard.count !== count) {
      problems.push({
        path: input.label,
        message: `shard ${d.shard.index}/${d.shard.count}, but ${first.input.label} is one of ${count}`,
      });
      continue;
    }
    if (JSON.stringify(d.layout) !== JSON.stringify(first.d.layout)) {
      problems.push({ path: input.label, message: `its monthly-runs.bin layout differs from ${first.input.label}` });
      continue;
    }
    const twin = byIndex.get(d.shard.index);
    if (twin !== undefined) {
      problems.push({ path: input.label, message: `shard ${d.shard.index}/${count} is also given as ${twin}` });
    }
    byIndex.set(d.shard.index, input.label);
  }
  if (problems.length) return fail(problems);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    return fail(missing.map((i) => ({ path: '(merge)', message: `shard ${i}/${count} is missing` })));
  }
  const plan = first.d.plan;
  const rows = new Array<string>(plan.totalRuns);
  const stored = new Array<StoredRun>(plan.totalRuns);
  let runsHeader: string | undefined;
  for (const { input, d } of described) {
    const indices = shardOf(plan, d.shard.index, count);
    const lines = input.files['runs.csv'].split('\n');
    if (lines.at(-1) === '') lines.pop();
    const [header, ...body] = lines;
    runsHeader ??= header;
    const got = body.map((line) => Number(line.slice(0, line.indexOf(','))));
    if (header !== runsHeader) {
      problems.push({ path: `${input.label}/runs.csv`, message: 'its columns differ from the other shards' });
    } else if (got.length !== indices.length || got.some((g, i) => g !== indices[i])) {
      problems.push({
        path: `${input.label}/runs.csv`,
        message: `holds ${got.length} runs; shard ${d.shard.index}/${count} has ${indices.length} (runs ${describeRuns(indices)})`,
      });
    }
    const decoded = decodeMonthlyRuns(input.files['monthly-runs.bin'], d.layout, indices, plan.runs);
    if (!decoded.ok) {
      problems.push({ path: `${input.label}/monthly-runs.bin`, message: decoded.error });
      continue;
    }
    if (problems.length) continue;
    indices.forEach((run, i) => {
      rows[run] = body[i]!;
      stored[run] = decoded.value[i]!;
    });
  }
  if (problems.length) return fail(problems);
  const layout = { months: plan.months, metrics: first.d.layout.metrics };
  const bands: Bands[] = [];
  const badges: MergedSweep['badges'] = [];
  for (let p = 0; p < plan.points; p++) {
    const runs = stored.slice(p * plan.runs, (p + 1) * plan.runs);
    bands.push(
      bandsFrom(
        runs.map((r) => r.monthly),
        layout,
      ),
    );
    badges.push({ values: pointValues(plan, p), badges: robustnessBadges(runs, plan) });
  }
  return ok({
    plan,
    badges,
    files: {
      'sweep.json': buildSweepJson(plan),
      'runs.csv': [runsHeader!, ...rows].join('\n') + '\n',
      'bands.csv': buildBandsCsv(plan, bands),
      'badges.csv': buildBadgesCsv(plan, badges),
    },
  });
}

/**
 * Builds `bands.csv`: one row per grid point × month × metric, in that order, with the varied values first (no
 * columns when nothing varies), then `month,metric,p5,p25,p50,p75,p95`, the mean and `n`, the number of runs with a
 * value that month (quantiles are empty when it is 0).
 */
export function buildBandsCsv(plan: Pick<SweepHeader, 'vary' | 'start'>, bands: readonly Bands[]): string {
  const csv = new CsvBuilder([...plan.vary.map((a) => a.path), 'month', 'metric', ...BAND_COLUMNS, 'mean', 'n']);
  const nq = BAND_COLUMNS.length;
  bands.forEach((b, p) => {
    const values = pointValues(plan, p);
    const k = b.metrics.length;
    for (let m = 0; m < b.months; m++) {
      const month = monthLabel(plan.start, m);
      for (let j = 0; j < k; j++) {
        const c = m * k + j;
        csv.add([...values, month, b.metrics[j], ...b.quantiles.subarray(c * nq, c * nq + nq), b.mean[c], b.count[c]]);
      }
    }
  });
  return csv.toString();
}

/**
 * Builds `badges.csv`: one row per grid point × badge: the varied values, then `badge,scope,count,total,fraction,
 * sentence` (scope `member` or `world`, see BadgeScope; count of total seeds where it held).
 */
export function buildBadgesCsv(plan: Pick<SweepHeader, 'vary'>, points: MergedSweep['badges']): string {
  const header = [...plan.vary.map((a) => a.path), 'badge', 'scope', 'count', 'total', 'fraction', 'sentence'];
  const csv = new CsvBuilder(header);
  for (const { values, badges } of points) {
    for (const b of badges) csv.add([...values, b.id, b.scope, b.count, b.total, b.fraction, b.sentence]);
  }
  return csv.toString();
}

function differingField(a: SweepHeader, b: SweepHeader): string {
  const x = headerJson(a) as unknown as Record<string, unknown>;
  const y = headerJson(b) as unknown as Record<string, unknown>;
  return Object.keys(x).find((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k])) ?? 'the plan';
}

function describeRuns(indices: readonly number[]): string {
  const shown = indices.slice(0, 6).join(', ');
  return indices.length > 6 ? `${shown}, …` : shown;
}
