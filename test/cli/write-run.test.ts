import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { checkRunFolder, writeRunFolder } from '../../src/cli/write-run.ts';

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
    expect(readdirSync(out).sort()).toEqual(['monthly.csv', 'summary.json']);
    expect(readFileSync(join(out, 'monthly.csv'), 'utf8')).toBe('month\none\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['run']);
  });

  it('replaces an earlier run whole, leaving no temporary or old folder behind', () => {
    const out = join(dir, 'run');
    writeRunFolder(out, files('one'));
    writeRunFolder(out, files('two'));
    expect(readdirSync(out).sort()).toEqual(['monthly.csv', 'summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('{"run":"two"}\n');
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('fills an empty existing folder', () => {
    const out = join(dir, 'empty');
    mkdirSync(out);
    writeRunFolder(out, files('one'));
    expect(readdirSync(out).sort()).toEqual(['monthly.csv', 'summary.json']);
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
    expect(() => checkRunFolder(out, ['summary.json'])).toThrow(/cannot use --out/);
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
});
