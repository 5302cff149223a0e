/**
 * `chokepoint merge <dir>... --out <dir>`: combines the shards of one sweep (each written by `sweep --shard i/n`)
 * into the files an unsharded sweep writes, byte for byte. Refuses shards of different sweeps, a shard given twice
 * and missing shards, naming the folder; writes nothing unless every check passes. The shards are read piece by piece
 * (see ensemble/merge.ts), so memory does not grow with the number of runs.
 */
import { resolve } from 'node:path';
import { type MergeSummary, mergeShardSources } from '../ensemble/merge.ts';
import { SWEEP_FILE_NAMES, parseShardJson } from '../ensemble/sweep-files.ts';
import type { Problem } from '../lib/result.ts';
import type { Command } from './args.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliError } from './cli-error.ts';
import { describePlan } from './sweep.ts';
import { MAX_POINTS_SHOWN, describeBadges } from './sweep-report.ts';
import { type FileShardSource, folderSink, openShardSource, readShardJson } from './sweep-store.ts';
import { RunFolder, prepareRunFolder, writeErrorOf } from './write-run.ts';

/** Runs `chokepoint merge`; returns the exit code, or throws a CliError for bad input. */
export async function runMergeCommand(command: Extract<Command, { kind: 'merge' }>, io: CliIo): Promise<number> {
  prepareRunFolder(command.out, SWEEP_FILE_NAMES, io.cwd);
  const problems: Problem[] = [];
  const sources: FileShardSource[] = [];
  try {
    for (const dir of command.dirs) {
      try {
        const full = resolve(io.cwd, dir);
        const json = readShardJson(full, dir);
        const described = parseShardJson(json);
        if (!described.ok) problems.push({ path: `${dir}/sweep.json`, message: described.error });
        else sources.push(openShardSource(full, dir, json));
      } catch (e) {
        if (!(e instanceof CliError)) throw e;
        problems.push(...e.problems);
      }
    }
    if (problems.length) throw new CliError('cannot merge: not every folder is a readable shard', problems);
    const folder = RunFolder.open(command.out, SWEEP_FILE_NAMES, io.cwd);
    let summary: MergeSummary;
    try {
      const sink = folderSink(folder);
      try {
        const merged = mergeShardSources(sources, sink, { keepBadges: MAX_POINTS_SHOWN });
        if (!merged.ok) throw new CliError('cannot merge these shards', merged.error);
        summary = merged.value;
      } finally {
        sink.close();
      }
    } catch (e) {
      folder.abort();
      throw writeErrorOf(command.out, e);
    }
    folder.commit();
    io.stdout(
      `wrote ${command.out}: ${SWEEP_FILE_NAMES.length} files, merged from ${sources.length} ` +
        `shard${sources.length === 1 ? '' : 's'}: ${describePlan(summary.plan)}\n` +
        describeBadges(summary),
    );
    return EXIT.ok;
  } finally {
    for (const s of sources) s.close();
  }
}
