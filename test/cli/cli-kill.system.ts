/**
 * Interrupting `run` and `sweep` through the real binary with SIGINT, SIGTERM and SIGKILL at random (seeded) moments,
 * over an earlier result in `--out`: afterwards `--out` is the earlier result or the new one, whole. SIGINT and
 * SIGTERM leave nothing else beside it. SIGKILL cannot be caught, so it may leave `<out>.tmp-<pid>` or
 * `<out>.old-<pid>` — and, only when it falls between the two renames of the swap, `--out` missing with the earlier
 * result whole in its `.old` (see write-run.ts). The next command writing there recovers: `--out` is its result and
 * nothing is left beside it.
 *
 * The binary runs with slow-fs.mjs preloaded, which makes each change to the run folders wait a few milliseconds, so
 * that the steps of writing and swapping take long enough to be hit. Most kills are aimed: they fall at a random
 * moment after the temporary folder appears, while the files are written and swapped; the others fall anywhere in
 * the command's life.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { BIN } from './cli-process.ts';

const SLOW_FS = fileURLToPath(new URL('./slow-fs.mjs', import.meta.url));
/** How long each change to a run folder waits in the binary, ms. */
const STEP_MS = 8;

const FIXTURE = fileURLToPath(new URL('../fixtures/tiny-scenario.json', import.meta.url));
const COMMANDS = {
  run: (seed: number) => ['run', FIXTURE, '--months', '12', '--seed', String(seed)],
  sweep: (seed: number) => [
    'sweep',
    FIXTURE,
    '--runs',
    '2',
    '--months',
    '12',
    '--workers',
    '1',
    '--seed',
    String(seed),
  ],
} as const;
type Command = keyof typeof COMMANDS;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const;
/** Trials per command: at least 30 in all, each a single short process. */
const TRIALS: Record<Command, number> = { run: 24, sweep: 9 };
/** How long after the temporary folder appears an aimed kill may fall, ms: about as long as writing and swapping. */
const AIM_MS: Record<Command, number> = { run: 24 * STEP_MS, sweep: 24 * STEP_MS };

let dir: string;
/** The earlier result (seed 1) and the new one (seed 2) of each command, as name → contents of every file. */
const refs = {} as Record<Command, { old: Map<string, string>; new: Map<string, string>; ms: number }>;

/** Reads every file of a folder, or undefined when it is missing. */
function snapshot(folder: string): Map<string, string> | undefined {
  if (!existsSync(folder)) return undefined;
  return new Map(
    readdirSync(folder)
      .sort()
      .map((n) => [n, readFileSync(join(folder, n), 'latin1')]),
  );
}

const same = (a: Map<string, string> | undefined, b: Map<string, string>) =>
  a !== undefined && a.size === b.size && [...b].every(([k, v]) => a.get(k) === v);

/** Runs the CLI in this process (the same code as the binary, without its start-up time). */
async function cli(argv: string[], cwd: string) {
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    progress: { isTTY: false, write: () => true },
  });
  return { code, stderr };
}

/** Starts the binary and resolves when it has exited, with how it ended. */
function start(
  args: string[],
  cwd: string,
): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; ms: number }> } {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', SLOW_FS, BIN, ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, SLOW_FS_MS: String(STEP_MS) },
  });
  const done = new Promise<{ code: number | null; signal: string | null; ms: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - t0 }));
  });
  return { child, done };
}

/** A small seeded generator (mulberry32), so a failing trial can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-kill-'));
  for (const command of Object.keys(COMMANDS) as Command[]) {
    const old = await cli([...COMMANDS[command](1), '--out', `ref-${command}-old`], dir);
    expect(old.code, old.stderr).toBe(0);
    // The new result through the binary, uninterrupted: its contents, and how long the command takes.
    const { done } = start([...COMMANDS[command](2), '--out', `ref-${command}-new`], dir);
    const ended = await done;
    expect(ended.code).toBe(0);
    refs[command] = {
      old: snapshot(join(dir, `ref-${command}-old`))!,
      new: snapshot(join(dir, `ref-${command}-new`))!,
      ms: ended.ms,
    };
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Trial {
  command: Command;
  n: number;
  signal: (typeof SIGNALS)[number];
  aimed: boolean;
  delayMs: number;
}

/** Runs one trial: an earlier result in `out`, the command killed, the state checked, then the next command. */
async function trial(t: Trial): Promise<void> {
  const what = `${t.command} #${t.n}: ${t.signal} ${t.aimed ? `${t.delayMs} ms after the temporary folder` : `at ${t.delayMs} ms`}`;
  const here = join(dir, `${t.command}-${t.n}`);
  mkdirSync(here);
  cpSync(join(dir, `ref-${t.command}-old`), join(here, 'out'), { recursive: true });
  const { child, done } = start([...COMMANDS[t.command](2), '--out', 'out'], here);
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(t.signal);
  };
  let timer: NodeJS.Timeout | undefined;
  let aimedAt = false;
  const watcher = watch(here, (_, name) => {
    if (!t.aimed || aimedAt || !name?.startsWith('out.tmp-')) return;
    aimedAt = true;
    if (t.delayMs === 0) kill();
    else timer = setTimeout(kill, t.delayMs);
  });
  if (!t.aimed) timer = setTimeout(kill, t.delayMs);
  const ended = await done;
  watcher.close();
  clearTimeout(timer);

  expect(ended.code === 0 || ended.signal === t.signal, `${what}: ended ${ended.code} ${ended.signal}`).toBe(true);
  const ref = refs[t.command];
  const out = snapshot(join(here, 'out'));
  const beside = readdirSync(here).filter((n) => n !== 'out');
  if (t.signal !== 'SIGKILL') {
    expect(beside, `${what}: left beside --out`).toEqual([]);
    expect(same(out, ref.old) || same(out, ref.new), `${what}: --out is neither the earlier result nor the new`).toBe(
      true,
    );
  } else if (out === undefined) {
    // Killed between the two renames of the swap: the earlier result waits, whole, in its .old folder.
    const olds = beside.filter((n) => n.startsWith('out.old-'));
    expect(olds, `${what}: --out missing`).toHaveLength(1);
    expect(same(snapshot(join(here, olds[0]!)), ref.old), `${what}: the .old folder is not the earlier result`).toBe(
      true,
    );
  } else {
    expect(same(out, ref.old) || same(out, ref.new), `${what}: --out is neither the earlier result nor the new`).toBe(
      true,
    );
    expect(
      beside.every((n) => /^out\.(tmp|old)-\d+$/.test(n)),
      `${what}: left ${beside.join(', ')}`,
    ).toBe(true);
  }

  const next = await cli([...COMMANDS[t.command](2), '--out', 'out'], here);
  expect(next.code, `${what}: the next ${t.command}: ${next.stderr}`).toBe(0);
  expect(readdirSync(here), `${what}: after the next ${t.command}`).toEqual(['out']);
  expect(same(snapshot(join(here, 'out')), ref.new), `${what}: after the next ${t.command}`).toBe(true);
}

/** Plans the trials of a command: signals in turn, three in four kills aimed, moments from a seeded generator. */
function plan(command: Command, seed: number): Trial[] {
  const rnd = random(seed);
  return Array.from({ length: TRIALS[command] }, (_, n) => {
    const aimed = rnd() < 0.75;
    const span = aimed ? AIM_MS[command] : refs[command].ms * 1.2;
    return { command, n, signal: SIGNALS[n % SIGNALS.length]!, aimed, delayMs: Math.floor(rnd() * (span + 1)) };
  });
}

/** Runs trials two at a time (the machine has two cores). */
async function runAll(trials: Trial[]): Promise<void> {
  const queue = [...trials];
  const lane = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await trial(t);
  };
  await Promise.all([lane(), lane()]);
}

describe('an interrupted command leaves --out the earlier result or the new one, and the next cleans up', () => {
  it(`run, killed ${TRIALS.run} times`, async () => {
    await runAll(plan('run', 20_250_601));
  }, 120_000);

  it(`sweep, killed ${TRIALS.sweep} times`, async () => {
    await runAll(plan('sweep', 20_250_602));
  }, 120_000);
});
