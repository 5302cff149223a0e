import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { RUN_MARKER, prepareRunFolder, writeRunFolder } from '../../src/cli/write-run.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-write-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = (tag: string): [string, string][] => [
  ['summary.json', `{"run":"${tag}"}\n`],
  ['monthly.csv', `month\n${tag}\n`],
];

describe('writeRunFolder', () => {
  it('creates the folder, and missing parents, with every file and nothing else beside it', () => {
    const out = join(dir, 'a', 'b', 'run');
    writeRunFolder(out, files('one'));
    expect(readdirSync(out).sort()).toEqual([RUN_MARKER, 'monthly.csv', 'summary.json']);
    expect(readFileSync(join(out, 'monthly.csv'), 'utf8')).toBe('month\none\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['run']);
  });

  it('replaces an earlier run whole, leaving no temporary or old folder behind', () => {
    const out = join(dir, 'run');
    writeRunFolder(out, files('one'));
    writeRunFolder(out, files('two'));
    expect(readdirSync(out).sort()).toEqual([RUN_MARKER, 'monthly.csv', 'summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"run":"two"}\n');
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('fills an empty existing folder', () => {
    const out = join(dir, 'empty');
    mkdirSync(out);
    writeRunFolder(out, files('one'));
    expect(readdirSync(out).sort()).toEqual([RUN_MARKER, 'monthly.csv', 'summary.json']);
  });

  it('refuses a folder holding files a run does not write, and leaves it untouched', () => {
    const out = join(dir, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    expect(() => writeRunFolder(out, files('one'))).toThrow(CliError);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(readdirSync(dir)).toEqual(['mine']);
  });

  it('refuses a path that is a file', () => {
    const out = join(dir, 'file');
    writeFileSync(out, 'x');
    expect(() => prepareRunFolder(out, ['summary.json'])).toThrow(/cannot use --out/);
    expect(() => writeRunFolder(join(out, 'below', 'run'), files('one'))).toThrow(CliError);
  });

  it('on a failure half-way, keeps the earlier run and leaves no temporary folder', () => {
    const out = join(dir, 'run');
    writeRunFolder(out, files('one'));
    // The second file's contents are not writable data, so writeFileSync throws after the first file is written.
    const failing = [
      ['summary.json', 'new\n'],
      ['monthly.csv', 42 as unknown as string],
    ] as const;
    expect(() => writeRunFolder(out, failing)).toThrow();
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"run":"one"}\n');
  });

  it('on a failure half-way, removes the parent folders it created', () => {
    const failing = [
      ['summary.json', 'new\n'],
      ['monthly.csv', 42 as unknown as string],
    ] as const;
    expect(() => writeRunFolder(join(dir, 'x', 'y', 'run'), failing)).toThrow();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it('never deletes a subfolder named like a run file (out/keep/monthly.csv/notes.txt), marker or not', () => {
    const keep = join(dir, 'keep');
    mkdirSync(join(keep, 'monthly.csv'), { recursive: true });
    writeFileSync(join(keep, 'monthly.csv', 'notes.txt'), 'keep me');
    expect(() => writeRunFolder(keep, files('one'))).toThrow(/refusing to replace --out .*keep/);
    writeFileSync(join(keep, RUN_MARKER), '');
    let error: unknown;
    try {
      writeRunFolder(keep, files('one'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).problems[0]!.path).toBe(keep);
    expect((error as CliError).problems[0]!.message).toMatch(/monthly\.csv.* is a folder/);
    expect(readFileSync(join(keep, 'monthly.csv', 'notes.txt'), 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['keep']);
  });

  it('refuses a non-empty folder without the marker, even when it holds only files named like run files', () => {
    const out = join(dir, 'unmarked');
    mkdirSync(out);
    writeFileSync(join(out, 'summary.json'), 'mine');
    let error: unknown;
    try {
      writeRunFolder(out, files('one'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).problems).toEqual([
      { path: out, message: expect.stringContaining(`no ${RUN_MARKER} marker`) },
    ]);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('mine');
  });
});

/** A process id that no process has (above any pid_max). */
const DEAD = 2_000_000_000;

/** Makes a folder beside `out` as an interrupted write leaves it: `files` in it, the marker too when `marked`. */
function leftover(path: string, marked: boolean, names: string[] = ['summary.json']): void {
  mkdirSync(path);
  if (marked) writeFileSync(join(path, RUN_MARKER), '');
  for (const n of names) writeFileSync(join(path, n), `{"in":"${n}"}`);
}

describe('recovery from an interrupted write, at the start of the next', () => {
  it('puts back an earlier run left in <out>.old-<pid> by a kill between the two renames', () => {
    const out = join(dir, 'run');
    leftover(`${out}.old-${DEAD}`, true);
    expect(prepareRunFolder(out, ['summary.json'])).toBe('earlier-run');
    expect(readdirSync(dir)).toEqual(['run']);
    expect(readdirSync(out).sort()).toEqual([RUN_MARKER, 'summary.json']);
  });

  it("removes a dead process's .tmp and .old folders that chokepoint wrote, and nothing else", () => {
    const out = join(dir, 'run');
    writeRunFolder(out, files('one'));
    leftover(`${out}.tmp-${DEAD}`, true); // killed while writing
    leftover(`${out}.tmp-${DEAD + 1}`, false, []); // killed before the marker was written
    leftover(`${out}.old-${DEAD + 2}`, true); // killed after the swap, before the earlier run was deleted
    leftover(`${out}.old-${DEAD + 5}`, false, []); // killed after deleting the earlier run's marker, before its folder
    leftover(`${out}.tmp-${DEAD + 3}`, false, ['notes.txt']); // not chokepoint's: no marker
    leftover(`${out}.old-${DEAD + 4}`, true);
    mkdirSync(join(`${out}.old-${DEAD + 4}`, 'sub')); // not chokepoint's: it writes no folders
    leftover(`${out}.tmp-${process.ppid}`, true); // a live process's write in progress
    writeRunFolder(out, files('two'));
    expect(readdirSync(dir).sort()).toEqual(
      ['run', `run.old-${DEAD + 4}`, `run.tmp-${DEAD + 3}`, `run.tmp-${process.ppid}`].sort(),
    );
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"run":"two"}\n');
  });

  it('recovers before checking, so a bad --out found afterwards leaves the earlier run in place', () => {
    const out = join(dir, 'run');
    leftover(`${out}.old-${DEAD}`, true, ['summary.json', 'notes.txt']);
    expect(() => prepareRunFolder(out, ['summary.json'])).toThrow(CliError);
    try {
      prepareRunFolder(out, ['summary.json']);
    } catch (e) {
      expect((e as CliError).problems[0]!.message).toMatch(/holds files a run does not write \(notes\.txt\)/);
    }
    expect(readdirSync(dir)).toEqual(['run']);
  });
});
