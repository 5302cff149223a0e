/**
 * `chokepoint` with bad input, and the small commands: exit 1 naming what is wrong and where, writing nothing. Run
 * in-process through runCli, except what only the real binary shows: --help, the exit code of a bad run, which leaves
 * an earlier run's folder as it was, and presets found from a working directory outside the package.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_MARKER } from '../../src/cli/write-run.ts';
import { type CliOutcome, runChokepoint, runInProcess } from './cli-process.ts';

const FIXTURE = new URL('../fixtures/tiny-scenario.json', import.meta.url);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-cli-'));
  const good = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify(good));
  good.countries[1].code = 'Australia';
  good.months = 5;
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify(good));
  writeFileSync(join(dir, 'broken.json'), '{ "schema": 1, "title": "oops", }');
  // An earlier run's folder, which a failed run must leave exactly as it was.
  mkdirSync(join(dir, 'earlier'));
  writeFileSync(join(dir, 'earlier', 'summary.json'), '{"old":true}\n');
  writeFileSync(join(dir, 'earlier', RUN_MARKER), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `chokepoint ...args` in `dir`, in this process. */
const cli = (args: string[]) => runInProcess(args, dir);
/** Runs `chokepoint ...args` in `dir` through the real binary, in a child process. */
const binary = (args: string[]) => runChokepoint(args, dir);

/**
 * Runs a command that must fail with exit 1 and checks that it wrote nothing: `--out` stays nonexistent, or, with
 * `intoEarlierRun`, an earlier run's folder stays exactly as it was. In-process unless `run` says otherwise.
 */
async function expectBadInput(
  args: string[],
  intoEarlierRun = false,
  run: (args: string[]) => Promise<CliOutcome> = cli,
) {
  const out = intoEarlierRun ? 'earlier' : `out-${args.join('_').replace(/[^A-Za-z0-9]/g, '')}`;
  const result = await run([...args, '--out', out]);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  if (intoEarlierRun) {
    expect(readdirSync(join(dir, 'earlier')).sort()).toEqual([RUN_MARKER, 'summary.json']);
    expect(readFileSync(join(dir, 'earlier', 'summary.json'), 'utf8')).toBe('{"old":true}\n');
  } else {
    expect(existsSync(join(dir, out))).toBe(false);
  }
  expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
  return result.stderr;
}

describe.concurrent('chokepoint run with bad input exits 1, says what and where, and writes nothing', () => {
  it('an invalid scenario file, through the real binary: one path: message line per problem', async () => {
    const stderr = await expectBadInput(['run', 'invalid.json'], true, binary);
    expect(stderr).toContain('invalid.json is not a valid scenario');
    expect(stderr).toMatch(/^countries\[1\]\.code: an ISO 3166 alpha-3 code/m);
    expect(stderr).toMatch(/^months: .*12/m);
  });

  it('invalid JSON, naming the file', async () => {
    const stderr = await expectBadInput(['run', 'broken.json'], true);
    expect(stderr).toMatch(/^broken\.json: not valid JSON/m);
  });

  it('a missing scenario file', async () => {
    const stderr = await expectBadInput(['run', 'missing.json']);
    expect(stderr).toMatch(/^missing\.json: no such file/m);
  });

  it('an unknown preset, listing the known ones', async () => {
    const stderr = await expectBadInput(['run', 'no-such-preset']);
    expect(stderr).toContain('unknown preset "no-such-preset"');
    expect(stderr).toContain('known presets:');
  });

  it('a --set path that does not exist', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--set', 'facilities.999.cashCost=1']);
    expect(stderr).toMatch(/^--set facilities\.999\.cashCost=1: facilities has 5 items; "999" is not one of them/m);
  });

  it('a --set value of the wrong type', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--set', 'months="abc"'], true);
    expect(stderr).toMatch(/^--set months="abc" → months: .*number/m);
  });

  it('a --set value out of range', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--set', 'zone.floor.refine=-5']);
    expect(stderr).toMatch(/^--set zone\.floor\.refine=-5 → zone\.floor\.refine: .*>=0/m);
  });

  it('a --set of extends, which would otherwise be ignored', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--set', 'extends=dumping-cycle']);
    expect(stderr).toMatch(/^--set extends=dumping-cycle: "extends" cannot be set/m);
  });

  it('a --set that is not path=value', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--set', 'zone.floor.refine']);
    expect(stderr).toMatch(/^--set zone\.floor\.refine: expected path=value/m);
  });

  it('a --months outside 12..1200, or not an integer', async () => {
    expect(await expectBadInput(['run', 'good.json', '--months', '5'])).toMatch(
      /^--months: "5" is not an integer from 12 to 1200/m,
    );
    expect(await expectBadInput(['run', 'good.json', '--months', '24.5'], true)).toMatch(/^--months: "24.5"/m);
  });

  it('a --seed that is not a non-negative integer', async () => {
    expect(await expectBadInput(['run', 'good.json', '--seed=-1'])).toMatch(/^--seed: "-1" is not an integer/m);
  });

  it('an unknown flag, with usage', async () => {
    const stderr = await expectBadInput(['run', 'good.json', '--bogus']);
    expect(stderr).toContain("Unknown option '--bogus'");
    expect(stderr).toContain('Usage:');
  });
});

describe.concurrent('chokepoint commands and usage', () => {
  it('--help, through the real binary, prints the usage and exits 0', async () => {
    const result = await binary(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('chokepoint run <scenario.json | preset-id> --out <dir>');
    expect(result.stdout).toContain('--set path=value');
  });

  it('an unknown command exits 1 with usage', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown command "frobnicate"');
    expect(result.stderr).toContain('Usage:');
  });

  it('no command exits 1 with usage', async () => {
    const result = await cli([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage:');
  });

  it('run without --out exits 1', async () => {
    const result = await cli(['run', 'good.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run needs --out <dir>');
  });

  it('validate prints "ok: <title>" for a good file', async () => {
    const result = await cli(['validate', 'good.json']);
    expect(result).toEqual({ code: 0, stdout: 'ok: Tiny test market, with "quotes", and commas\n', stderr: '' });
  });

  it('validate prints one path: message line per problem and exits 1', async () => {
    const result = await cli(['validate', 'invalid.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/^\S[^:]*: \S/);
    expect(lines).toContain('countries[1].code: an ISO 3166 alpha-3 code such as "AUS"');
  });

  it('validate names a file that is not JSON', async () => {
    const result = await cli(['validate', 'broken.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^broken\.json: not valid JSON/);
  });

  it('presets, through the real binary, prints id<TAB>title lines from the package, whatever the working directory', async () => {
    const result = await binary(['presets']);
    expect(result.code).toBe(0);
    for (const line of result.stdout.split('\n').filter(Boolean)) expect(line).toMatch(/^[A-Za-z0-9._-]+\t.+$/);
    expect(result.stdout).not.toMatch(/^schema\t/m);
  });

  it('schema prints the JSON Schema of a scenario', async () => {
    const result = await cli(['schema']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'object', title: 'Chokepoint scenario' });
  });
});
