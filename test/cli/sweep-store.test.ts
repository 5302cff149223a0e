/**
 * A sweep's runs on disk (src/cli/sweep-store.ts): written as they finish, in any order, to the bytes the in-memory
 * shard files have, and merged back piece by piece — so that a sweep at the documented limit (10,000 runs of 1,200
 * months) needs no more memory than a small one. Before, every run's monthly columns were kept and then encoded into
 * one buffer, which failed with a RangeError at that size.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepRunWriter, folderSink, openShardSource } from '../../src/cli/sweep-store.ts';
import { RunFolder } from '../../src/cli/write-run.ts';
import { type RunDigest, summarizeRun } from '../../src/ensemble/digest.ts';
import { type SweepFiles, buildSweepFiles, mergeShardSources } from '../../src/ensemble/merge.ts';
import {
  MAX_SWEEP_RUNS,
  type SweepHeader,
  type SweepPlan,
  buildPointScenario,
  planSweep,
} from '../../src/ensemble/plan.ts';
import { FACT_NAMES } from '../../src/ensemble/digest.ts';
import { buildShardFiles, buildShardJson, monthlyRunsLayout } from '../../src/ensemble/sweep-files.ts';
import { runScenario } from '../../src/engine/run.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { parseScenario } from '../../src/scenario/parse.ts';

let dir: string;
let plan: SweepPlan;
let digests: RunDigest[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-store-'));
  const raw = JSON.parse(readFileSync(new URL('../fixtures/tiny-scenario.json', import.meta.url), 'utf8'));
  const tiny = parseScenario(raw);
  if (!tiny.ok) throw new Error('fixture invalid');
  const planned = planSweep(tiny.value, {
    runs: 4,
    months: 14,
    vary: [{ path: 'zone.floor.refine', from: 50, to: 70, steps: 2 }],
  });
  if (!planned.ok) throw new Error(JSON.stringify(planned.error));
  plan = planned.value;
  digests = plan.specs.map((spec) => {
    const built = buildPointScenario(tiny.value, spec.sets);
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    return summarizeRun(runScenario(built.value, { seed: spec.seed, months: plan.months }), spec);
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (folder: string, name: string) => readFileSync(join(dir, folder, name));

describe('SweepRunWriter', () => {
  it('writes runs arriving in any order to the bytes of the in-memory shard files', () => {
    for (const [index, count] of [
      [1, 1],
      [2, 3],
    ] as const) {
      const shard = { index, count };
      const mine = digests.filter((d) => d.index % count === index - 1);
      const folder = RunFolder.open(`s${index}-${count}`, [], dir);
      const writer = new SweepRunWriter(folder, plan, shard);
      for (const d of [...mine].reverse()) writer.add(d);
      const layout = writer.finish();
      folder.writeFile('sweep.json', buildShardJson(plan, shard, layout));
      folder.commit();
      const expected = buildShardFiles(plan, shard, mine);
      for (const name of ['sweep.json', 'runs.csv', 'monthly-runs.bin'] as const) {
        expect(read(`s${index}-${count}`, name).equals(Buffer.from(expected[name])), name).toBe(true);
      }
    }
  });

  it('refuses a run of another shard, or one given twice', () => {
    const folder = RunFolder.open('refused', [], dir);
    const writer = new SweepRunWriter(folder, plan, { index: 2, count: 3 });
    expect(() => writer.add(digests[0]!)).toThrow(/not expected here/);
    writer.add(digests[1]!);
    expect(() => writer.add(digests[1]!)).toThrow(/twice/);
    writer.close();
    folder.abort();
  });
});

describe('merging from files', () => {
  it('writes what the in-memory merge writes', () => {
    for (let k = 1; k <= 3; k++) {
      const shard = { index: k, count: 3 };
      const folder = RunFolder.open(`m${k}`, [], dir);
      const writer = new SweepRunWriter(folder, plan, shard);
      for (const d of digests.filter((d) => d.index % 3 === k - 1)) writer.add(d);
      folder.writeFile('sweep.json', buildShardJson(plan, shard, writer.finish()));
      folder.commit();
    }
    const sources = [3, 1, 2].map((k) => openShardSource(join(dir, `m${k}`), `m${k}`));
    const folder = RunFolder.open('merged', [], dir);
    const sink = folderSink(folder);
    const merged = mergeShardSources(sources, sink, { maxValues: 1000 });
    sink.close();
    sources.forEach((s) => s.close());
    folder.commit();
    expect(merged.ok).toBe(true);
    const whole = buildSweepFiles(plan, digests).files;
    for (const name of Object.keys(whole) as (keyof SweepFiles)[]) {
      expect(read('merged', name).toString(), name).toBe(whole[name]);
    }
  });
});

describe('a sweep at the documented limit', () => {
  it(`merges ${MAX_SWEEP_RUNS} runs × ${LIMITS.months} months holding a bounded part of their data`, () => {
    const runs = MAX_SWEEP_RUNS;
    const months = LIMITS.months;
    const metrics = ['price_refine_world'];
    const header: SweepHeader = {
      scenario: 'synthetic',
      title: 'Synthetic',
      scenarioHash: '0000000000000000',
      engineVersion: '0.0.0-test',
      start: '2025-01',
      months,
      baseSeed: 1,
      runs,
      sets: [],
      vary: [],
      points: 1,
      totalRuns: runs,
    };
    const layout = monthlyRunsLayout(header, metrics);
    const record = FACT_NAMES.length + months * metrics.length;
    // The runs' data, 10,000 × 1,204 float64 values (96 MB), exists only as values computed when read.
    const value = (at: number) => {
      const run = Math.floor(at / record);
      const cell = at - run * record;
      return cell < FACT_NAMES.length ? -1 : ((run * 7919 + cell * 104729) % 1000) / 10;
    };
    const base = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const bytes: Record<string, number> = {};
    const lines: Record<string, number> = {};
    const merged = mergeShardSources(
      [
        {
          label: 'synthetic',
          sweepJson: buildShardJson(header, { index: 1, count: 1 }, layout),
          *runsLines() {
            yield 'run,point,seed,resultHash';
            for (let i = 0; i < runs; i++) yield `${i},0,${i + 1},0000000000000000`;
          },
          monthlyBytes: runs * record * 8,
          readMonthly(at, into) {
            for (let i = 0; i < into.length; i++) into[i] = value(at + i);
            peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
          },
        },
      ],
      {
        write(name, text) {
          bytes[name] = (bytes[name] ?? 0) + text.length;
          lines[name] = (lines[name] ?? 0) + text.split('\n').length - 1;
        },
      },
    );
    expect(merged.ok).toBe(true);
    expect(lines['runs.csv']).toBe(1 + runs);
    expect(lines['bands.csv']).toBe(1 + months * metrics.length);
    // The bands' blocks hold at most 4 Mi values (32 MB) whatever the number of runs.
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  }, 60_000);
});
