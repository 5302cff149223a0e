/**
 * `chokepoint run`: the files of RESULTS.md, byte for byte the same for the same scenario and seed. The first run and
 * the replacement of an earlier run go through the real binary (its exit code and output streams, and a folder
 * renamed into place whole by another process); the rest runs in-process through runCli.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_MARKER } from '../../src/cli/write-run.ts';
import { DEFAULT_PRESET } from '../../src/scenario/presets.ts';
import {
  CONTRACT_COLUMNS,
  CONTRACT_EVENT_TYPES,
  CONTRACT_KPIS,
  CONTRACT_SUMMARY_KEYS,
} from '../fixtures/results-contract.ts';
import { type CliOutcome, runChokepoint, runInProcess } from './cli-process.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/tiny-scenario.json', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
/** The preset to run by id: the default one once it exists, else any preset in scenarios/. */
const PRESET = pickPreset();
const FILES = ['countries.csv', 'events.csv', 'facilities.csv', 'flows.csv', 'monthly.csv', 'summary.json'];
/** What a run folder holds: the six files and the marker that lets a later run replace it. */
const WRITTEN = [RUN_MARKER, ...FILES];

let dir: string;
let first: CliOutcome;
let second: CliOutcome;

const read = (out: string, name: string) => readFileSync(join(dir, out, name), 'utf8');
const rows = (out: string, name: string) => read(out, name).trimEnd().split('\n');
const header = (out: string, name: string) => rows(out, name)[0]!.split(',');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-run-'));
  // The real binary, as a user runs it, and the same command in this process while it starts.
  [first, second] = await Promise.all([
    runChokepoint(['run', FIXTURE, '--out', 'a'], dir),
    runInProcess(['run', FIXTURE, '--out', 'nested/b'], dir),
  ]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('chokepoint run', () => {
  it('exits 0 from the binary, says where it wrote, and shows no progress bar when stderr is not a terminal', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote a: 6 files, 24 months from 2024-01, seed 7, resultHash [0-9a-f]{16}\n$/);
  });

  it('writes exactly the six files of RESULTS.md, and the marker', () => {
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(WRITTEN);
  });

  it('adds facility_months.csv with --facility-months, and replaces that run with one without it', async () => {
    const own = mkdtempSync(join(tmpdir(), 'chokepoint-fm-'));
    const withMonths = await runInProcess(['run', FIXTURE, '--out', 'fm', '--facility-months'], own);
    expect(withMonths.code, withMonths.stderr).toBe(0);
    expect(withMonths.stdout).toMatch(/^wrote fm: 7 files/);
    expect(readdirSync(join(own, 'fm')).sort()).toEqual([...WRITTEN, 'facility_months.csv'].sort());
    const text = (name: string) => readFileSync(join(own, 'fm', name), 'utf8');
    const lines = text('facility_months.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('month,id,state,output_t,netback');
    const facilities = text('facilities.csv').trimEnd().split('\n').length - 1;
    // Every facility of the fixture exists from the start: one row per facility and month.
    expect(lines.length - 1).toBe(facilities * 24);
    for (const line of lines.slice(1)) expect(Number.isFinite(Number(line.split(',')[4]))).toBe(true);
    for (const name of FILES) expect(text(name), name).toBe(read('a', name));
    const without = await runInProcess(['run', FIXTURE, '--out', 'fm'], own);
    expect(without.code, without.stderr).toBe(0);
    expect(readdirSync(join(own, 'fm')).sort()).toEqual(WRITTEN);
    rmSync(own, { recursive: true, force: true });
  });

  it('writes byte-identical files for the same scenario and seed, from the binary and in-process', () => {
    expect(second.code).toBe(0);
    for (const name of FILES) expect(read('nested/b', name), name).toBe(read('a', name));
  });

  it('writes every column RESULTS.md promises', () => {
    for (const [name, columns] of Object.entries(CONTRACT_COLUMNS)) {
      const got = header('a', name);
      expect(
        columns.filter((c) => !got.includes(c)),
        name,
      ).toEqual([]);
    }
  });

  it('writes summary.json with the run facts and every promised KPI', () => {
    const summary = JSON.parse(read('a', 'summary.json'));
    expect(Object.keys(summary)).toEqual(CONTRACT_SUMMARY_KEYS);
    expect(summary).toMatchObject({ scenario: 'tiny', seed: 7, start: '2024-01', months: 24 });
    expect(summary.resultHash).toMatch(/^[0-9a-f]{16}$/);
    expect(CONTRACT_KPIS.filter((k) => !(k in summary.kpis))).toEqual([]);
  });

  it('writes one monthly row per month, labelled YYYY-MM, with a known dominant mode', () => {
    const lines = rows('a', 'monthly.csv');
    expect(lines).toHaveLength(25);
    const mode = header('a', 'monthly.csv').indexOf('dominant_mode');
    expect(lines[1]!.startsWith('2024-01,')).toBe(true);
    expect(lines[24]!.startsWith('2025-12,')).toBe(true);
    for (const line of lines.slice(1))
      expect(['compete', 'flood', 'harvest', 'restrict']).toContain(line.split(',')[mode]);
  });

  it('writes country rows with ISO codes and stages, and events of the listed types', () => {
    for (const line of rows('a', 'countries.csv').slice(1))
      expect(line).toMatch(/^\d{4}-\d{2},[A-Z]{3},(mine|refine),/);
    for (const line of rows('a', 'flows.csv').slice(1))
      expect(line).toMatch(/^\d{4}-\d{2},(mine|refine),[A-Z]{3},[A-Z]{3},/);
    const events = rows('a', 'events.csv');
    expect(events[0]).toBe('month,type,agent,country,detail,rule');
    for (const line of events.slice(1)) expect(CONTRACT_EVENT_TYPES).toContain(line.split(',')[1]);
  });

  it('writes one facility row per facility, quoting names with commas', () => {
    const facilities = read('a', 'facilities.csv');
    expect(facilities).toContain('usa-refine,"Texas refinery, phase 1",USA,refine,private,5000,25,');
    for (const line of rows('a', 'facilities.csv').slice(1)) {
      expect(line).toMatch(/,(project|construction|ramp-up|operating|idle|closed),(\d{4}-\d{2})?,(\d{4}-\d{2})?,\d+,/);
    }
  });

  it('applies --seed, --months and --set, and replaces an earlier run in --out whole (the binary)', async () => {
    const args = ['run', FIXTURE, '--out', 'a', '--seed', '11', '--months', '12', '--set', 'zone.floor.refine=70'];
    const result = await runChokepoint(args, dir);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(read('a', 'summary.json'));
    expect(summary).toMatchObject({ seed: 11, months: 12 });
    const lines = rows('a', 'monthly.csv');
    expect(lines).toHaveLength(13);
    expect(lines[1]!.split(',')[header('a', 'monthly.csv').indexOf('floor_refine')]).toBe('70');
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(WRITTEN);
    expect(readdirSync(dir).sort()).toEqual(['a', 'nested']);
  });

  it('refuses, exit 1 naming the path, an --out it did not write, even one holding a folder named like a run file', async () => {
    mkdirSync(join(dir, 'keep', 'monthly.csv'), { recursive: true });
    writeFileSync(join(dir, 'keep', 'monthly.csv', 'notes.txt'), 'keep me');
    const result = await runInProcess(['run', FIXTURE, '--out', 'keep', '--months', '12'], dir);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /^chokepoint: refusing to replace --out keep\nkeep: holds files but no \.chokepoint-run marker/,
    );
    expect(result.stderr).not.toMatch(/ at /);
    expect(readFileSync(join(dir, 'keep', 'monthly.csv', 'notes.txt'), 'utf8')).toBe('keep me');
    rmSync(join(dir, 'keep'), { recursive: true });
  });

  it.runIf(PRESET !== undefined)(`runs a preset by id from any working directory (${PRESET})`, async () => {
    const result = await runInProcess(['run', PRESET!, '--out', 'preset', '--months', '24'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(dir, 'preset')).sort()).toEqual(WRITTEN);
    expect(JSON.parse(read('preset', 'summary.json'))).toMatchObject({ scenario: PRESET, months: 24 });
  });
});

function pickPreset(): string | undefined {
  if (existsSync(join(SCENARIOS, `${DEFAULT_PRESET}.json`))) return DEFAULT_PRESET;
  const ids = readdirSync(SCENARIOS)
    .filter((n) => n.endsWith('.json') && n !== 'schema.json')
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
  return ids[0];
}
