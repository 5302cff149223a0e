/**
 * `chokepoint sweep` (RESULTS.md): runs N seeds of a scenario — over a grid of varied fields when `--vary` is given —
 * on a pool of worker threads, and writes the complete sweep (`sweep.json`, `runs.csv`, `bands.csv`, `badges.csv`) or,
 * with `--shard i/n`, one shard for `chokepoint merge`. Every input is checked, every grid point validated and `--out`
 * checked before the first run starts; the files appear whole or not at all. Each run goes to disk as it finishes
 * (sweep-store.ts) and the bands and badges are computed from there, so memory does not grow with the number of runs.
 */
import { availableParallelism } from 'node:os';
import type { RunDigest } from '../ensemble/digest.ts';
import { type MergeSummary, mergeShardSources } from '../ensemble/merge.ts';
import {
  type RunSpec,
  type Shard,
  type SweepHeader,
  type SweepPlan,
  type VaryAxis,
  buildPointScenario,
  parseShard,
  parseVary,
  planSweep,
  shardOf,
} from '../ensemble/plan.ts';
import { SHARD_FILE_NAMES, SWEEP_FILE_NAMES, buildShardJson } from '../ensemble/sweep-files.ts';
import type { Problem } from '../lib/result.ts';
import type { Scenario } from '../scenario/schema.ts';
import { readPresetCatalog } from './preset-files.ts';
import type { SweepCommand } from './args.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliError } from './cli-error.ts';
import { loadScenario } from './load-scenario.ts';
import { createWorkerPool } from './pool.ts';
import { bundleWorkerEntry } from './pool-bundle.ts';
import { createProgressBar } from './progress.ts';
import { MAX_POINTS_SHOWN, describeBadges } from './sweep-report.ts';
import { SweepRunWriter, folderSink, openShardSource } from './sweep-store.ts';
import type { SweepTask, SweepWorkerData } from './sweep-worker.ts';
import { RunFolder, writeErrorOf } from './write-run.ts';

const WORKER_ENTRY = new URL('./sweep-worker.ts', import.meta.url);

/** Runs `chokepoint sweep`; returns the exit code, or throws a CliError for bad input. */
export async function runSweepCommand(command: SweepCommand, io: CliIo): Promise<number> {
  const { catalog, broken } = readPresetCatalog();
  for (const p of broken) io.stderr(`warning: preset skipped: ${p.path}: ${p.message}\n`);
  const scenario = loadScenario(command.target, command.sets, catalog, io.cwd);
  const axes = command.vary.map((text): VaryAxis => {
    const axis = parseVary(text);
    if (!axis.ok) throw new CliError(`bad --vary ${text}`, axis.error);
    return axis.value;
  });
  let shard: Shard | undefined;
  if (command.shard !== undefined) {
    const parsed = parseShard(command.shard);
    if (!parsed.ok) throw new CliError(`bad --shard ${command.shard}`, parsed.error);
    shard = parsed.value;
  }
  const planned = planSweep(scenario, {
    runs: command.runs,
    vary: axes,
    baseSeed: command.seed,
    months: command.months,
    sets: command.sets,
  });
  if (!planned.ok) throw new CliError('bad sweep', planned.error);
  const plan = planned.value;
  if (shard && shard.count > plan.totalRuns) {
    throw new CliError(`bad --shard ${command.shard}`, [
      {
        path: `--shard ${command.shard}`,
        message: `the sweep has ${plan.totalRuns} runs; use at most ${plan.totalRuns} shards`,
      },
    ]);
  }
  checkGridPoints(plan, scenario, command.vary);
  const names = shard ? SHARD_FILE_NAMES : SWEEP_FILE_NAMES;
  const part = shard ?? { index: 1, count: 1 };
  const indices = shardOf(plan, part.index, part.count);
  const workers = Math.min(command.workers ?? availableParallelism(), indices.length);
  const label = `${shard ? `shard ${shard.index}/${shard.count}, ` : ''}${indices.length} runs of ${plan.title}`;
  const specs = indices.map((i) => plan.specs[i]!);

  // Opened before the first run, so a bad --out fails fast; the runs stream into it as they finish, and it is removed
  // on any failure or interrupt.
  const folder = RunFolder.open(command.out, names, io.cwd);
  let summary: MergeSummary | undefined;
  try {
    const writer = new SweepRunWriter(folder, plan, part);
    try {
      await runOnPool(sweepTasks(scenario, specs), writer, workers, { months: plan.months }, io, label);
    } catch (e) {
      writer.close();
      throw e;
    }
    const layout = writer.finish();
    if (shard) folder.writeFile('sweep.json', buildShardJson(plan, shard, layout));
    else {
      // The whole sweep is the merge of its one shard, read back from the files just written.
      const source = openShardSource(folder.tmp, command.out, buildShardJson(plan, part, layout));
      const sink = folderSink(folder);
      try {
        const merged = mergeShardSources([source], sink, { runsCsv: false, keepBadges: MAX_POINTS_SHOWN });
        if (!merged.ok) throw new Error(`invariant broken: ${merged.error.map((p) => p.message).join('; ')}`);
        summary = merged.value;
      } finally {
        source.close();
        sink.close();
      }
      folder.removeFile('monthly-runs.bin');
    }
  } catch (e) {
    folder.abort();
    throw writeErrorOf(command.out, e);
  }
  folder.commit();

  if (!summary) {
    io.stdout(
      `wrote ${command.out}: shard ${part.index}/${part.count}, ${indices.length} of ${plan.totalRuns} runs ` +
        `on ${workers} worker${workers === 1 ? '' : 's'}; combine the ${part.count} shards with ` +
        `"chokepoint merge <dir>... --out <dir>"\n`,
    );
    return EXIT.ok;
  }
  io.stdout(
    `wrote ${command.out}: ${SWEEP_FILE_NAMES.length} files, ${describePlan(plan)} on ${workers} ` +
      `worker${workers === 1 ? '' : 's'}\n` +
      describeBadges(summary),
  );
  return EXIT.ok;
}

/** Says what a plan runs: "100 runs (1 point × 100 seeds from 1), 240 months from 2025-01". */
export function describePlan(plan: SweepHeader): string {
  const points = `${plan.points} point${plan.points === 1 ? '' : 's'}`;
  return (
    `${plan.totalRuns} runs (${points} × ${plan.runs} seed${plan.runs === 1 ? '' : 's'} from ${plan.baseSeed}), ` +
    `${plan.months} months from ${plan.start}`
  );
}

/**
 * Validates the scenario of every grid point before any run starts, so bad input fails fast; throws a CliError naming
 * the --vary and the JSON path at the first invalid one. The scenarios are not kept: `sweepTasks` builds them again
 * as runs are handed out, so only one point's scenario is held at a time.
 */
function checkGridPoints(plan: SweepPlan, base: Scenario, vary: readonly string[]): void {
  for (let p = 0; p < plan.points; p++) {
    const built = buildPointScenario(base, plan.specs[p * plan.runs]!.sets);
    if (built.ok) continue;
    const problems: Problem[] = built.error.map((e) => ({
      path: e.path.replace(/^--set /, '--vary at '),
      message: e.message,
    }));
    throw new CliError(`the sweep reaches an invalid scenario (${vary.join(' ')})`, problems);
  }
}

/** Lists the tasks of `specs` (in plan order), building each point's scenario when its first run is handed out. */
function* sweepTasks(base: Scenario, specs: readonly RunSpec[]): Generator<SweepTask> {
  let point = -1;
  let scenario = base;
  for (const spec of specs) {
    if (spec.point !== point) {
      const built = buildPointScenario(base, spec.sets);
      if (!built.ok)
        throw new Error(`invariant broken: grid point ${spec.point} passed checkGridPoints but is invalid`);
      [point, scenario] = [spec.point, built.value];
    }
    yield { spec, scenario };
  }
}

/** Runs `tasks` on `size` workers into `writer`, with a progress bar on a terminal. */
async function runOnPool(
  tasks: Iterable<SweepTask>,
  writer: SweepRunWriter,
  size: number,
  data: SweepWorkerData,
  io: CliIo,
  label: string,
): Promise<void> {
  const bar = createProgressBar(io.progress, label);
  bar?.update(0);
  const bundled = await bundleWorkerEntry(WORKER_ENTRY);
  const pool = createWorkerPool<SweepTask, RunDigest>({ size, entry: WORKER_ENTRY, bundled, data });
  try {
    await pool.runAll(tasks, (digest) => {
      writer.add(digest);
      bar?.update(writer.progress);
    });
  } finally {
    bar?.done();
    await pool.close();
  }
}
