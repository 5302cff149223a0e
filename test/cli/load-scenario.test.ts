/**
 * Reading a scenario file: only a regular file is read (after following symlinks), and never more than the cap, so a
 * named pipe, a device or a huge file is refused at once. Through the binary, with a short timeout: before this was
 * so, a pipe made `validate` wait forever and a link to /dev/zero grew without end.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, readScenarioInput } from '../../src/cli/load-scenario.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { runChokepoint } from './cli-process.ts';

const FIXTURE = new URL('../fixtures/tiny-scenario.json', import.meta.url);
const POSIX = process.platform !== 'win32';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-read-'));
  writeFileSync(join(dir, 'good.json'), readFileSync(FIXTURE));
  if (POSIX) {
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    symlinkSync(join(dir, 'good.json'), join(dir, 'link.json'));
  }
  mkdirSync(join(dir, 'folder.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(POSIX)('a scenario path that is not a regular file is refused at once', () => {
  it('a named pipe (validate used to wait for a writer forever)', async () => {
    const result = await runChokepoint(['validate', 'pipe.json'], dir, 15_000);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^pipe\.json: a named pipe, not a regular file/m);
  });

  it('a symlink to /dev/zero (which used to be read without end)', async () => {
    const result = await runChokepoint(['run', 'zero.json', '--out', 'out'], dir, 15_000);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^zero\.json: a device, not a regular file/m);
  });

  it('while a symlink to a regular file is read as that file', async () => {
    const result = await runChokepoint(['validate', 'link.json'], dir, 30_000);
    expect(result.code, result.stderr).toBe(0);
  });
});

describe('readScenarioInput', () => {
  const read = (path: string) => readScenarioInput({ kind: 'file', path }, new Map(), dir);
  const problem = (path: string) => {
    try {
      read(path);
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      return (e as CliError).problems[0];
    }
    throw new Error(`${path} was read`);
  };

  it('refuses a folder', () => {
    expect(problem('folder.json')).toEqual({ path: 'folder.json', message: 'a folder, not a regular file' });
  });

  it('refuses a file over the cap without reading it all', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    execFileSync('truncate', ['-s', String(MAX_SCENARIO_BYTES + 1), big]);
    expect(problem('big.json')!.message).toMatch(/more than 67108864 bytes/);
    rmSync(big);
  });

  it('reads a file of exactly the cap', () => {
    const at = join(dir, 'at-cap.json');
    const text = JSON.stringify({ pad: '' });
    writeFileSync(at, text.slice(0, -1) + ' '.repeat(MAX_SCENARIO_BYTES - text.length) + '}');
    expect(read('at-cap.json')).toEqual({ pad: '' });
    rmSync(at);
  });
});
