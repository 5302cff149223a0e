/**
 * `chokepoint sweep` and `merge`: the same bytes whatever the worker count and however the sweep is sharded and
 * merged; bad input exits 1 and writes nothing; the pool ends every worker thread. One sweep on two workers and one bad
 * --vary go through the real binary (worker threads started under its loader, its exit codes); the rest runs
 * in-process through runCli.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { RUN_MARKER } from '../../src/cli/write-run.ts';
import { createWorkerPool, liveWorkerCount } from '../../src/cli/pool.ts';
import { bundleWorkerEntry } from '../../src/cli/pool-bundle.ts';
import type { SweepTask } from '../../src/cli/sweep-worker.ts';
import type { RunDigest } from '../../src/ensemble/digest.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { type CliOutcome, runChokepoint, runInProcess } from './cli-process.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/tiny-scenario.json', import.meta.url));
const SWEEP = [FIXTURE, '--runs', '3', '--months', '18', '--vary', 'zone.floor.refine=50:70:2'];
const FILES = ['badges.csv', 'bands.csv', 'runs.csv', 'sweep.json'];

let dir: string;
const outcomes = new Map<string, CliOutcome>();

const read = (out: string, name: string) => readFileSync(join(dir, out, name), 'utf8');
const sweepArgs = (out: string, ...extra: string[]) => ['sweep', ...SWEEP, '--out', out, ...extra];

/** Runs the CLI in this process (same code as the binary, without starting Node and tsx again). */
const runHere = (args: string[]) => runInProcess(args, dir);

async function record(name: string, run: Promise<CliOutcome>) {
  outcomes.set(name, await run);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-sweep-'));
  // The real binary, as a user runs it, on 2 workers.
  const binary = record('w2', runChokepoint(sweepArgs('w2', '--workers', '2'), dir));
  // The same code in this process meanwhile: 1 worker, and one, two and three shards (as on three machines) merged.
  await record('w1', runHere(sweepArgs('w1', '--workers', '1')));
  for (const [name, shard] of [
    ['s1-1', '1/1'],
    ['s2-1', '1/2'],
    ['s2-2', '2/2'],
    ['s3-1', '1/3'],
    ['s3-2', '2/3'],
    ['s3-3', '3/3'],
  ] as const) {
    await record(name, runHere(sweepArgs(name, '--shard', shard)));
  }
  await record('m1', runHere(['merge', 's1-1', '--out', 'm1']));
  await record('m2', runHere(['merge', 's2-2', 's2-1', '--out', 'm2']));
  await record('m3', runHere(['merge', 's3-3', 's3-1', 's3-2', '--out', 'm3']));
  await binary;
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chokepoint sweep', () => {
  it('exits 0 for every sweep, shard and merge, with no progress bar when stderr is not a terminal', () => {
    for (const [name, o] of outcomes) {
      expect(o.code, `${name}: ${o.stderr}`).toBe(0);
      expect(o.stderr, name).toBe('');
    }
    expect(outcomes.get('w2')!.stdout).toMatch(/^wrote w2: 4 files, 6 runs \(2 points × 3 seeds from 7\), 18 months/);
    expect(outcomes.get('w2')!.stdout).toMatch(
      /at zone\.floor\.refine=70:\n {4}The refined floor held in \d+% of seeds/,
    );
  });

  it('writes sweep.json, runs.csv, bands.csv and badges.csv; a shard writes sweep.json, runs.csv and its monthly data', () => {
    expect(readdirSync(join(dir, 'w1')).sort()).toEqual([RUN_MARKER, ...FILES]);
    expect(readdirSync(join(dir, 's3-2')).sort()).toEqual([RUN_MARKER, 'monthly-runs.bin', 'runs.csv', 'sweep.json']);
    expect(
      read('s3-2', 'runs.csv')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['1', '4']);
  });

  it('writes the same bytes with 1 or 2 workers, and when merged from 1, 2 or 3 shards', () => {
    for (const out of ['w2', 'm1', 'm2', 'm3']) {
      for (const name of FILES) expect(read(out, name), `${out}/${name}`).toBe(read('w1', name));
    }
  });

  it('writes one runs.csv row per run with its seed, varied value, KPIs and resultHash', () => {
    const [header, ...rows] = read('w1', 'runs.csv').trimEnd().split('\n');
    const cols = header!.split(',');
    expect(cols.slice(0, 4)).toEqual(['run', 'point', 'seed', 'zone.floor.refine']);
    expect(cols).toContain('mean_price_refine_member');
    expect(cols.at(-1)).toBe('resultHash');
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      '0,0,7,50',
      '1,0,8,50',
      '2,0,9,50',
      '3,1,7,70',
      '4,1,8,70',
      '5,1,9,70',
    ]);
    for (const r of rows) expect(r.split(',').at(-1)).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(read('w1', 'sweep.json'))).toMatchObject({
      format: 'chokepoint-sweep',
      plan: { scenario: 'tiny', baseSeed: 7, runs: 3, points: 2, totalRuns: 6, months: 18 },
      shard: null,
    });
  });

  it('matches a single run of the same seed: runs.csv carries `run`’s resultHash', async () => {
    const single = await runHere([
      'run',
      FIXTURE,
      '--months',
      '18',
      '--seed',
      '8',
      '--set',
      'zone.floor.refine=70',
      '--out',
      'one',
    ]);
    expect(single.code, single.stderr).toBe(0);
    const hash = JSON.parse(read('one', 'summary.json')).resultHash;
    const row = read('w1', 'runs.csv')
      .split('\n')
      .find((l) => l.startsWith('4,1,8,70,'));
    expect(row!.endsWith(`,${hash}`)).toBe(true);
  });
});

describe('bad sweep and merge input', () => {
  /** Runs a command that must exit 1 naming the problem, and checks that it wrote nothing, not even a temp folder. */
  async function expectBadInput(args: string[], message: RegExp, run = runHere) {
    const out = `bad-${args.join('_').replace(/[^A-Za-z0-9]/g, '')}`;
    const result = await run([...args, '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(dir, out))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
  }

  it('exits 1 from the binary on a bad --vary, writing nothing', async () => {
    const binary = (args: string[]) => runChokepoint(args, dir);
    await expectBadInput(
      ['sweep', FIXTURE, '--runs', '2', '--vary', 'zone.floor.refine=50:70'],
      /expected path=from:to:steps/,
      binary,
    );
  });

  it.each([
    [
      ['sweep', FIXTURE, '--runs', '2', '--vary', 'zone.floor.refine=50:70'],
      /--vary zone\.floor\.refine=50:70: expected/,
    ],
    [
      ['sweep', FIXTURE, '--runs', '2', '--vary', 'zone.flor.refine=50:70:2'],
      /--vary at zone\.flor\.refine=50 → zone: Unrecognized key: "flor"/,
    ],
    [
      ['sweep', FIXTURE, '--runs', '2', '--vary', 'facilityRules.idleAfter=1:4:3'],
      /idleAfter=2\.5 → facilityRules\.idleAfter/,
    ],
    [['sweep', FIXTURE, '--runs', '2', '--vary', 'months=12:24:2'], /"months" cannot vary/],
    [['sweep', FIXTURE, '--runs', '2', '--shard', '3/2'], /--shard 3\/2: expected i\/n/],
    [['sweep', FIXTURE, '--runs', '2', '--shard', '3/3'], /the sweep has 2 runs; use at most 2 shards/],
    [['sweep', FIXTURE, '--runs', '0'], /--runs: "0" is not an integer from 1 to 10000/],
    [['sweep', FIXTURE, '--runs', '2', '--workers', '0'], /--workers: "0" is not an integer/],
    [['sweep', FIXTURE, '--vary', 'zone.floor.refine=50:70:2'], /sweep needs --runs/],
    [['merge', 's3-1', 's3-3'], /\(merge\): shard 2\/3 is missing/],
    [['merge', 's3-1', 's3-1', 's3-2', 's3-3'], /s3-1: shard 1\/3 is also given as s3-1/],
    [['merge', 's3-1', 's2-2', 's3-3'], /s2-2: shard 2\/2, but s3-1 is one of 3/],
    [['merge', 'w1'], /w1\/sweep\.json: this is a complete sweep, not a shard/],
    [['merge', 'nowhere'], /nowhere\/sweep\.json: missing/],
  ])('refuses %j', async (args, message) => {
    await expectBadInput(args, message);
  });
});

describe('the worker pool', () => {
  it('leaves no worker running when sweep returns, and shows progress on a terminal', async () => {
    let progress = '';
    let errors = '';
    const code = await runCli(sweepArgs('in-process', '--workers', '2'), {
      cwd: dir,
      stdout: () => {},
      stderr: (t) => void (errors += t),
      progress: { isTTY: true, columns: 100, write: (t: string) => void (progress += t) },
    });
    expect(code, errors).toBe(0);
    expect(liveWorkerCount()).toBe(0);
    expect(progress).toMatch(/100%/);
    for (const name of FILES) expect(read('in-process', name)).toBe(read('w1', name));
  });

  it('ends every worker, busy or idle, when a task fails', async () => {
    const parsed = parseScenario(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    if (!parsed.ok) throw new Error('fixture invalid');
    const entry = new URL('../../src/cli/sweep-worker.ts', import.meta.url);
    const bundled = await bundleWorkerEntry(entry);
    const task = (index: number, scenario: Scenario): SweepTask => ({
      spec: { index, point: 0, seed: index, values: [], sets: [] },
      scenario,
    });
    const exits: number[] = [];
    for (const start of [bundled, undefined]) {
      const pool = createWorkerPool<SweepTask, RunDigest>({ size: 2, entry, bundled: start, data: { months: 12 } });
      const broken = {} as Scenario;
      const tasks = [task(0, parsed.value), task(1, broken), task(2, parsed.value), task(3, parsed.value)];
      await expect(pool.runAll(tasks, () => {})).rejects.toThrow(/task 1 failed in a worker/);
      exits.push(...(await pool.close()));
      expect(liveWorkerCount()).toBe(0);
    }
    expect(exits).toHaveLength(4);
  });
});
