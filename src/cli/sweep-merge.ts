/**
 * `chokepoint merge <dir>... --out <dir>`: combines the shards of one sweep (each written by `sweep --shard i/n`)
 * into the files an unsharded sweep writes, byte for byte. Refuses shards of different sweeps, a shard given twice
 * and missing shards, naming the folder; writes nothing unless every check passes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ShardInput, mergeShards } from '../ensemble/merge.ts';
import { SWEEP_FILE_NAMES, parseShardJson } from '../ensemble/sweep-files.ts';
import type { Problem } from '../lib/result.ts';
import type { Command } from './args.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { CliError } from './cli-error.ts';
import { describePlan } from './sweep.ts';
import { describeBadges } from './sweep-report.ts';
import { prepareRunFolder, writeRunFolder } from './write-run.ts';

/** Runs `chokepoint merge`; returns the exit code, or throws a CliError for bad input. */
export async function runMergeCommand(command: Extract<Command, { kind: 'merge' }>, io: CliIo): Promise<number> {
  prepareRunFolder(command.out, SWEEP_FILE_NAMES, io.cwd);
  const problems: Problem[] = [];
  const inputs: ShardInput[] = [];
  for (const dir of command.dirs) {
    const read = (name: string) => {
      try {
        return readFileSync(resolve(io.cwd, dir, name));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT' ? 'missing (is this a folder written by sweep --shard i/n?)' : (e as Error).message;
        problems.push({ path: `${dir}/${name}`, message: reason });
        return undefined;
      }
    };
    const json = read('sweep.json');
    if (!json) continue;
    const described = parseShardJson(json.toString('utf8'));
    if (!described.ok) {
      problems.push({ path: `${dir}/sweep.json`, message: described.error });
      continue;
    }
    const runs = read('runs.csv');
    const bin = read('monthly-runs.bin');
    if (!runs || !bin) continue;
    inputs.push({
      label: dir,
      files: { 'sweep.json': json.toString('utf8'), 'runs.csv': runs.toString('utf8'), 'monthly-runs.bin': bin },
    });
  }
  if (problems.length) throw new CliError('cannot merge: not every folder is a readable shard', problems);
  const merged = mergeShards(inputs);
  if (!merged.ok) throw new CliError('cannot merge these shards', merged.error);
  const { files, plan } = merged.value;
  writeRunFolder(
    command.out,
    SWEEP_FILE_NAMES.map((n) => [n, files[n]] as const),
    io.cwd,
  );
  io.stdout(
    `wrote ${command.out}: ${SWEEP_FILE_NAMES.length} files, merged from ${inputs.length} ` +
      `shard${inputs.length === 1 ? '' : 's'}: ${describePlan(plan)}\n` +
      describeBadges(merged.value),
  );
  return EXIT.ok;
}
