/**
 * A sweep's runs on disk, so that its memory stays flat in the number of runs: `SweepRunWriter` writes each run as it
 * finishes into the run folder being written — its row of `runs.csv` (rows kept back only until the runs before them
 * are in) and its record of `monthly-runs.bin` at the record's place — and `openShardSource` reads a shard (or the
 * folder being written) back piece by piece for the merge (see ensemble/merge.ts).
 */
import { closeSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDigest } from '../ensemble/digest.ts';
import type { ShardSource, SweepFiles, SweepSink } from '../ensemble/merge.ts';
import type { Shard, SweepPlan } from '../ensemble/plan.ts';
import {
  type MonthlyRunsLayout,
  monthlyRunsLayout,
  recordLength,
  runsCsvHeader,
  runsCsvRow,
  writeRecord,
} from '../ensemble/sweep-files.ts';
import type { Problem } from '../lib/result.ts';
import { CliError } from './cli-error.ts';
import { openRegularFile, readCappedFile } from './read-file.ts';
import type { FileAppender, RunFolder } from './write-run.ts';

/** Largest `sweep.json` read by merge, bytes (real ones are a few kB). */
const MAX_SWEEP_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Writes the runs of one shard of a plan (1/1 for a whole sweep) as they finish, in any order, into `runs.csv` and
 * `monthly-runs.bin` of `folder`: the same bytes as `buildShardFiles` gives for them.
 */
export class SweepRunWriter {
  private readonly runs: FileAppender;
  private readonly bin: FileAppender;
  private readonly seen: Uint8Array;
  private readonly expected: number;
  /** Rows that arrived before a run with a lower index, by rank. */
  private readonly waiting = new Map<number, string>();
  private next = 0;
  private count = 0;
  private layout: MonthlyRunsLayout | undefined;
  private kpiNames: string[] = [];
  private record: DataView | undefined;

  constructor(
    folder: RunFolder,
    private readonly plan: SweepPlan,
    private readonly shard: Shard,
  ) {
    this.expected = Math.ceil((plan.totalRuns - (shard.index - 1)) / shard.count);
    this.seen = new Uint8Array(this.expected);
    this.runs = folder.openFile('runs.csv');
    this.bin = folder.openFile('monthly-runs.bin');
  }

  /** Writes a finished run; throws when it is not one of the shard's runs, arrives twice or is laid out otherwise. */
  add(d: RunDigest): void {
    const spec = this.plan.specs[d.index];
    const rank = (d.index - (this.shard.index - 1)) / this.shard.count;
    if (!spec || spec.seed !== d.seed || spec.point !== d.point || !Number.isInteger(rank) || rank < 0) {
      throw new Error(`invariant broken: run ${d.index} (seed ${d.seed}) is not expected here`);
    }
    if (this.seen[rank]) throw new Error(`invariant broken: run ${d.index} arrived twice`);
    if (!this.layout) {
      this.layout = monthlyRunsLayout(this.plan, d.metrics);
      this.kpiNames = Object.keys(d.kpis);
      this.record = new DataView(new ArrayBuffer(recordLength(this.layout) * 8));
    }
    if (d.metrics.join() !== this.layout.metrics.join() || d.monthly.length !== this.plan.months * d.metrics.length) {
      throw new Error(`invariant broken: run ${d.index} has a different monthly layout`);
    }
    if (Object.keys(d.kpis).join() !== this.kpiNames.join()) {
      throw new Error(`invariant broken: run ${d.index} KPIs differ`);
    }
    this.seen[rank] = 1;
    this.count++;
    writeRecord(this.record!, 0, d, this.layout);
    this.bin.writeAt(new Uint8Array(this.record!.buffer), rank * this.record!.byteLength);
    this.waiting.set(rank, runsCsvRow(this.plan, d, this.kpiNames));
    for (let row = this.waiting.get(this.next); row !== undefined; row = this.waiting.get(this.next)) {
      if (this.next === 0) this.runs.write(runsCsvHeader(this.plan, this.kpiNames) + '\n');
      this.runs.write(row + '\n');
      this.waiting.delete(this.next++);
    }
  }

  /** Fraction of the shard's runs written, 0..1: for a progress bar. */
  get progress(): number {
    return this.count / this.expected;
  }

  /** Closes both files and returns the layout of `monthly-runs.bin`; throws unless every run is in. */
  finish(): MonthlyRunsLayout {
    if (this.count !== this.expected || !this.layout) {
      throw new Error(`invariant broken: ${this.count} of ${this.expected} runs written`);
    }
    this.runs.close();
    this.bin.close();
    return this.layout;
  }

  /** Closes both files (after a failure). */
  close(): void {
    for (const f of [this.runs, this.bin]) {
      try {
        f.close();
      } catch {
        // Already closed, or the folder is being removed anyway.
      }
    }
  }
}

const MISSING = 'missing (is this a folder written by sweep --shard i/n?)';

/** Whether this machine lays out a float64 little-endian (1.0 is 00 … f0 3f), as `monthly-runs.bin` does. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** Reads the `sweep.json` of the shard in folder `full` (labelled `label`); throws a CliError naming it. */
export function readShardJson(full: string, label: string): string {
  return readCappedFile(join(full, 'sweep.json'), `${label}/sweep.json`, MAX_SWEEP_JSON_BYTES, MISSING).toString();
}

/** A shard read from files, with the descriptors to close when done. */
export interface FileShardSource extends ShardSource {
  close(): void;
}

/**
 * Opens the shard in folder `full` (labelled `label`): reads its `sweep.json` (or takes `sweepJson`, for the folder
 * being written) and opens `runs.csv` and `monthly-runs.bin` for reading. Each must be a regular file; a missing one,
 * or one that is not a file, throws a CliError whose problems name it.
 */
export function openShardSource(full: string, label: string, sweepJson?: string): FileShardSource {
  const json = sweepJson ?? readShardJson(full, label);
  const opened: { fd: number; size: number }[] = [];
  const problems: Problem[] = [];
  for (const name of ['runs.csv', 'monthly-runs.bin']) {
    try {
      opened.push(openRegularFile(join(full, name), `${label}/${name}`, MISSING));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) {
    for (const f of opened) closeSync(f.fd);
    throw new CliError(`cannot read the shard in ${label}`, problems);
  }
  const [runs, bin] = opened as [{ fd: number; size: number }, { fd: number; size: number }];
  let scratch = Buffer.alloc(0);
  return {
    label,
    sweepJson: json,
    runsLines: () => readLines(runs.fd, `${label}/runs.csv`),
    monthlyBytes: bin.size,
    readMonthly(at, into) {
      const bytes = into.length * 8;
      // The file is little-endian float64: on a little-endian machine its bytes are the values, read in place.
      if (LITTLE_ENDIAN) {
        const view = Buffer.from(into.buffer, into.byteOffset, bytes);
        readFully(bin.fd, view, bytes, at * 8, `${label}/monthly-runs.bin`);
        return;
      }
      if (scratch.length < bytes) scratch = Buffer.alloc(Math.max(bytes, scratch.length * 2));
      readFully(bin.fd, scratch, bytes, at * 8, `${label}/monthly-runs.bin`);
      for (let i = 0; i < into.length; i++) into[i] = scratch.readDoubleLE(i * 8);
    },
    close() {
      closeSync(runs.fd);
      closeSync(bin.fd);
    },
  };
}

/** A sink that appends each merged file to its file in `folder` (opened on first write); `close` closes them. */
export function folderSink(folder: RunFolder): SweepSink & { close(): void } {
  const files = new Map<keyof SweepFiles, FileAppender>();
  return {
    write(name, text) {
      let f = files.get(name);
      if (!f) files.set(name, (f = folder.openFile(name)));
      f.write(text);
    },
    close() {
      for (const f of files.values()) f.close();
    },
  };
}

/** Reads the lines of a file from its start (by position, so several readers can share the descriptor). */
function* readLines(fd: number, shown: string): Generator<string> {
  const chunk = Buffer.alloc(1 << 16);
  let position = 0;
  let carry: Buffer[] = [];
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, position);
    } catch (e) {
      throw new CliError(`cannot read ${shown}`, [{ path: shown, message: (e as Error).message }]);
    }
    if (n === 0) break;
    position += n;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl >= 0 && nl < n; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      yield (carry.length ? Buffer.concat([...carry, piece]) : piece).toString('utf8');
      carry = [];
      start = nl + 1;
    }
    if (start < n) carry.push(Buffer.from(chunk.subarray(start, n)));
  }
  if (carry.length) yield Buffer.concat(carry).toString('utf8');
}

function readFully(fd: number, into: Buffer, bytes: number, position: number, shown: string): void {
  let done = 0;
  while (done < bytes) {
    let n: number;
    try {
      n = readSync(fd, into, done, bytes - done, position + done);
    } catch (e) {
      throw new CliError(`cannot read ${shown}`, [{ path: shown, message: (e as Error).message }]);
    }
    if (n === 0) throw new CliError(`cannot read ${shown}`, [{ path: shown, message: 'it ended early (truncated?)' }]);
    done += n;
  }
}
