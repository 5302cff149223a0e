/**
 * Merging shards into a complete sweep: its `sweep.json`, `runs.csv`, `bands.csv` and `badges.csv`. An unsharded
 * sweep is the merge of its single shard (1/1), so both paths write the same bytes.
 *
 * The merge reads its shards piece by piece (ShardSource) and hands the files out in pieces (SweepSink), a block of
 * months at a time for the bands and one run at a time for the badges, so its memory does not grow with the number of
 * runs: the CLI merges from files into files this way. `mergeShards` does the same with shards held in memory.
 */
import { formatRow } from '../lib/csv.ts';
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { monthLabel } from '../scenario/months.ts';
import { type Badge, BadgeTally } from './badges.ts';
import { bandsFrom } from './bands.ts';
import type { RunDigest } from './digest.ts';
import { type SweepHeader, type SweepPlan, pointValues, shardOf } from './plan.ts';
import { BAND_COLUMNS } from './quantiles.ts';
import {
  type MonthlyRunsLayout,
  type ShardDescription,
  type ShardFiles,
  buildShardFiles,
  buildSweepJson,
  factsOfRecord,
  headerJson,
  parseShardJson,
  recordLength,
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

/** The badges of one grid point, with its varied values. */
export interface PointBadges {
  values: number[];
  badges: Badge[];
}

/** A merged sweep: its files, plan, and the badges of each grid point (for a summary on screen). */
export interface MergedSweep {
  files: SweepFiles;
  plan: SweepHeader;
  badges: PointBadges[];
}

/** A shard to merge, read piece by piece; `label` (its folder) names it in messages. */
export interface ShardSource {
  label: string;
  /** The text of its `sweep.json`. */
  sweepJson: string;
  /** Its `runs.csv`, line by line (no line ends; a last empty line left out); may be read more than once. */
  runsLines(): Iterable<string>;
  /** The size of its `monthly-runs.bin`, bytes. */
  monthlyBytes: number;
  /** Fills `into` with the float64 values of `monthly-runs.bin` from value `at` on. */
  readMonthly(at: number, into: Float64Array): void;
}

/** Receives the merged files, each in pieces, in order. */
export interface SweepSink {
  write(name: keyof SweepFiles, text: string): void;
}

/** Options of `mergeShardSources`. */
export interface MergeOptions {
  /** Whether to write `runs.csv` (default true; an unsharded sweep has written it already). */
  runsCsv?: boolean;
  /** The badges of how many grid points to return (default all); badges.csv has them all. */
  keepBadges?: number;
  /** Most float64 values held at once for the bands (default 4 Mi, 32 MB). */
  maxValues?: number;
}

/** What a merge returns besides its files. */
export interface MergeSummary {
  plan: SweepHeader;
  /** The badges of the first `keepBadges` grid points. */
  badges: PointBadges[];
}

/** Lines of CSV text handed to a sink in blocks. */
const BLOCK_LINES = 4096;

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

/** Merges shards held in memory (see mergeShardSources). */
export function mergeShards(inputs: readonly ShardInput[]): Result<MergedSweep> {
  const texts: Record<keyof SweepFiles, string[]> = {
    'sweep.json': [],
    'runs.csv': [],
    'bands.csv': [],
    'badges.csv': [],
  };
  const sources = inputs.map((input): ShardSource => {
    const bytes = input.files['monthly-runs.bin'];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      label: input.label,
      sweepJson: input.files['sweep.json'],
      runsLines: () => splitLines(input.files['runs.csv']),
      monthlyBytes: bytes.byteLength,
      readMonthly: (at, into) => {
        for (let i = 0; i < into.length; i++) into[i] = view.getFloat64((at + i) * 8, true);
      },
    };
  });
  const merged = mergeShardSources(sources, { write: (name, text) => void texts[name].push(text) });
  if (!merged.ok) return merged;
  const join = (name: keyof SweepFiles) => texts[name].join('');
  return ok({
    ...merged.value,
    files: {
      'sweep.json': join('sweep.json'),
      'runs.csv': join('runs.csv'),
      'bands.csv': join('bands.csv'),
      'badges.csv': join('badges.csv'),
    },
  });
}

/**
 * Merges the shards of one sweep into `sink`. Checks that every shard is a shard of the same plan (same scenario,
 * seeds, axes, engine), that shards 1…n are each given exactly once, and that each holds exactly its runs; every
 * problem names the shard's folder, and nothing is written unless every check passes.
 */
export function mergeShardSources(
  sources: readonly ShardSource[],
  sink: SweepSink,
  options: MergeOptions = {},
): Result<MergeSummary> {
  const checked = checkShards(sources);
  if (!checked.ok) return checked;
  const { plan, layout, byIndex, runsHeader } = checked.value;
  const count = byIndex.length;
  sink.write('sweep.json', buildSweepJson(plan));

  if (options.runsCsv !== false) {
    const out = new TextBlocks((text) => sink.write('runs.csv', text));
    out.line(runsHeader);
    const lines = byIndex.map((s) => {
      const it = s.runsLines()[Symbol.iterator]();
      it.next(); // the header
      return it;
    });
    for (let run = 0; run < plan.totalRuns; run++) out.line(lines[run % count]!.next().value as string);
    out.end();
  }

  const record = recordLength(layout);
  const read = (run: number, from: number, into: Float64Array) =>
    byIndex[run % count]!.readMonthly(Math.floor(run / count) * record + from, into);
  writeBandsCsv(plan, layout, read, (text) => sink.write('bands.csv', text), options.maxValues);
  const badges = writeBadgesCsv(plan, layout, read, (text) => sink.write('badges.csv', text), options.keepBadges);
  return ok({ plan, badges });
}

/** The checked shards of one sweep: its plan, the layout of the monthly data, the shards in order, the runs.csv header. */
interface CheckedShards {
  plan: SweepHeader;
  layout: MonthlyRunsLayout;
  /** The sources, shard 1 first. */
  byIndex: ShardSource[];
  runsHeader: string;
}

function checkShards(sources: readonly ShardSource[]): Result<CheckedShards> {
  if (sources.length === 0) return fail([{ path: '(merge)', message: 'no shards given' }]);
  const problems: Problem[] = [];
  const described: { source: ShardSource; d: ShardDescription }[] = [];
  for (const source of sources) {
    const d = parseShardJson(source.sweepJson);
    if (!d.ok) problems.push({ path: `${source.label}/sweep.json`, message: d.error });
    else described.push({ source, d: d.value });
  }
  if (problems.length) return fail(problems);
  const first = described[0]!;
  const planText = JSON.stringify(headerJson(first.d.plan));
  const count = first.d.shard.count;
  const byIndex = new Map<number, ShardSource>();
  for (const { source, d } of described) {
    if (JSON.stringify(headerJson(d.plan)) !== planText) {
      const field = differingField(first.d.plan, d.plan);
      problems.push({
        path: source.label,
        message: `a shard of a different sweep than ${first.source.label} (${field} differs)`,
      });
      continue;
    }
    if (d.shard.count !== count) {
      problems.push({
        path: source.label,
        message: `shard ${d.shard.index}/${d.shard.count}, but ${first.source.label} is one of ${count}`,
      });
      continue;
    }
    if (JSON.stringify(d.layout) !== JSON.stringify(first.d.layout)) {
      problems.push({ path: source.label, message: `its monthly-runs.bin layout differs from ${first.source.label}` });
      continue;
    }
    const twin = byIndex.get(d.shard.index);
    if (twin !== undefined) {
      problems.push({ path: source.label, message: `shard ${d.shard.index}/${count} is also given as ${twin.label}` });
    }
    byIndex.set(d.shard.index, source);
  }
  if (problems.length) return fail(problems);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    return fail(missing.map((i) => ({ path: '(merge)', message: `shard ${i}/${count} is missing` })));
  }
  const plan = first.d.plan;
  const layout = first.d.layout;
  let runsHeader: string | undefined;
  for (const { source, d } of described) {
    const indices = shardOf(plan, d.shard.index, count);
    const rows = checkRunsLines(source.runsLines(), indices);
    runsHeader ??= rows.header;
    if (rows.header !== runsHeader) {
      problems.push({ path: `${source.label}/runs.csv`, message: 'its columns differ from the other shards' });
    } else if (!rows.inOrder) {
      problems.push({
        path: `${source.label}/runs.csv`,
        message: `holds ${rows.count} runs; shard ${d.shard.index}/${count} has ${indices.length} (runs ${describeRuns(indices)})`,
      });
    }
    const record = recordLength(layout);
    if (source.monthlyBytes !== indices.length * record * 8) {
      problems.push({
        path: `${source.label}/monthly-runs.bin`,
        message: `holds ${source.monthlyBytes} bytes; ${indices.length} runs of ${record} float64 values need ${indices.length * record * 8}`,
      });
    }
  }
  if (problems.length) return fail(problems);
  const ordered = Array.from({ length: count }, (_, i) => byIndex.get(i + 1)!);
  return ok({ plan, layout, byIndex: ordered, runsHeader: runsHeader ?? '' });
}

/** Reads a shard's runs.csv lines once: its header, its number of rows, and whether they are exactly `indices`. */
function checkRunsLines(lines: Iterable<string>, indices: readonly number[]) {
  let header: string | undefined;
  let count = 0;
  let inOrder = true;
  for (const line of lines) {
    if (header === undefined) {
      header = line;
      continue;
    }
    if (Number(line.slice(0, line.indexOf(','))) !== indices[count]) inOrder = false;
    count++;
  }
  return { header, count, inOrder: inOrder && count === indices.length };
}

/** Reads `into.length` values of run `run`'s record, from value `from` of it. */
type ReadRecord = (run: number, from: number, into: Float64Array) => void;

/**
 * Writes `bands.csv`: one row per grid point × month × metric, in that order, with the varied values first (no
 * columns when nothing varies), then `month,metric,p5,p25,p50,p75,p95`, the mean and `n`, the number of runs with a
 * value that month (quantiles are empty when it is 0). Each point's runs are read a block of months at a time, at
 * most `maxValues` values in all; every cell's quantiles depend on that cell's values alone, so the text does not
 * depend on the block size.
 */
export function writeBandsCsv(
  plan: SweepHeader,
  layout: MonthlyRunsLayout,
  read: ReadRecord,
  write: (text: string) => void,
  maxValues = 1 << 22,
): void {
  const out = new TextBlocks(write);
  out.line(formatRow([...plan.vary.map((a) => a.path), 'month', 'metric', ...BAND_COLUMNS, 'mean', 'n']));
  const { metrics, months } = layout;
  const k = metrics.length;
  const facts = layout.facts.length;
  const nq = BAND_COLUMNS.length;
  if (k > 0) {
    const block = Math.max(1, Math.min(months, Math.floor(maxValues / (plan.runs * k))));
    const samples = Array.from({ length: plan.runs }, () => new Float64Array(block * k));
    for (let p = 0; p < plan.points; p++) {
      const values = pointValues(plan, p);
      for (let m0 = 0; m0 < months; m0 += block) {
        const b = Math.min(block, months - m0);
        const views = samples.map((s, r) => {
          const view = s.subarray(0, b * k);
          read(p * plan.runs + r, facts + m0 * k, view);
          return view;
        });
        const bands = bandsFrom(views, { months: b, metrics });
        for (let m = 0; m < b; m++) {
          const month = monthLabel(plan.start, m0 + m);
          for (let j = 0; j < k; j++) {
            const c = m * k + j;
            out.line(
              formatRow([
                ...values,
                month,
                metrics[j],
                ...bands.quantiles.subarray(c * nq, c * nq + nq),
                bands.mean[c],
                bands.count[c],
              ]),
            );
          }
        }
      }
    }
  }
  out.end();
}

/**
 * Writes `badges.csv`: one row per grid point × badge: the varied values, then `badge,scope,count,total,fraction,
 * sentence` (scope `member` or `world`, see BadgeScope; count of total seeds where it held). Reads one run at a time;
 * returns the badges of the first `keep` grid points.
 */
export function writeBadgesCsv(
  plan: SweepHeader,
  layout: MonthlyRunsLayout,
  read: ReadRecord,
  write: (text: string) => void,
  keep = Infinity,
): PointBadges[] {
  const out = new TextBlocks(write);
  out.line(formatRow([...plan.vary.map((a) => a.path), 'badge', 'scope', 'count', 'total', 'fraction', 'sentence']));
  const record = new Float64Array(recordLength(layout));
  const monthly = record.subarray(layout.facts.length);
  const kept: PointBadges[] = [];
  for (let p = 0; p < plan.points; p++) {
    const tally = new BadgeTally(plan);
    for (let r = 0; r < plan.runs; r++) {
      read(p * plan.runs + r, 0, record);
      tally.add({ metrics: layout.metrics, monthly, facts: factsOfRecord(record, layout) });
    }
    const values = pointValues(plan, p);
    const badges = tally.badges();
    for (const b of badges) out.line(formatRow([...values, b.id, b.scope, b.count, b.total, b.fraction, b.sentence]));
    if (p < keep) kept.push({ values, badges });
  }
  out.end();
  return kept;
}

/** Collects lines and hands them on in blocks of BLOCK_LINES, each line ended by `\n` (as CsvBuilder writes). */
class TextBlocks {
  private lines: string[] = [];
  constructor(private readonly write: (text: string) => void) {}
  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length === BLOCK_LINES) this.flush();
  }
  end(): void {
    this.flush();
  }
  private flush(): void {
    if (!this.lines.length) return;
    this.write(this.lines.join('\n') + '\n');
    this.lines = [];
  }
}

/** Splits text into lines as a file's lines: no line ends, and the empty string after a last line end left out. */
function* splitLines(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    if (end < 0) {
      yield text.slice(at);
      return;
    }
    yield text.slice(at, end);
    at = end + 1;
  }
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
