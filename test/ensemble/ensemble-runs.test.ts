/** Ensembles of real runs of the tiny fixture, in this process: digests, paired differences, shards and merge. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bandsFrom } from '../../src/ensemble/bands.ts';
import { EnsembleCollector } from '../../src/ensemble/collect.ts';
import { type RunDigest, selectBandMetrics, summarizeRun } from '../../src/ensemble/digest.ts';
import {
  type ShardInput,
  type SweepFiles,
  buildSweepFiles,
  mergeShardSources,
  mergeShards,
} from '../../src/ensemble/merge.ts';
import { pairedDifference } from '../../src/ensemble/paired.ts';
import { type SweepPlan, buildPointScenario, planSweep, shardOf } from '../../src/ensemble/plan.ts';
import { buildShardFiles } from '../../src/ensemble/sweep-files.ts';
import { runScenario } from '../../src/engine/run.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';

const tiny = (() => {
  const raw = JSON.parse(readFileSync(new URL('../fixtures/tiny-scenario.json', import.meta.url), 'utf8'));
  const parsed = parseScenario(raw);
  if (!parsed.ok) throw new Error('fixture invalid');
  return parsed.value;
})();

function planOf(scenario: Scenario, options: Parameters<typeof planSweep>[1]): SweepPlan {
  const p = planSweep(scenario, options);
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  return p.value;
}

function runPlan(scenario: Scenario, plan: SweepPlan): RunDigest[] {
  return plan.specs.map((spec) => {
    const built = buildPointScenario(scenario, spec.sets);
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    return summarizeRun(runScenario(built.value, { seed: spec.seed, months: plan.months }), spec);
  });
}

let plan: SweepPlan;
let digests: RunDigest[];

beforeAll(() => {
  plan = planOf(tiny, { runs: 3, months: 18, vary: [{ path: 'zone.floor.refine', from: 50, to: 70, steps: 2 }] });
  digests = runPlan(tiny, plan);
});

describe('summarizeRun', () => {
  it('keeps the KPIs, the hash and the band metrics of the run, laid out [months × metrics]', () => {
    const spec = plan.specs[4]!;
    const built = buildPointScenario(tiny, spec.sets);
    const result = runScenario(built.ok ? built.value : tiny, { seed: spec.seed, months: 18 });
    const d = summarizeRun(result, spec);
    expect(d).toMatchObject({ index: 4, point: 1, seed: spec.seed, values: [70], resultHash: result.resultHash });
    expect(d.kpis).toEqual(result.kpis);
    expect(d.metrics).toEqual(selectBandMetrics(result.meta.monthlyColumns));
    const cols = result.meta.monthlyColumns;
    const j = d.metrics.indexOf('price_refine_member');
    const c = cols.indexOf('price_refine_member');
    for (let m = 0; m < 18; m++)
      expect(d.monthly[m * d.metrics.length + j]).toBe(result.buffers.monthly[m * cols.length + c]);
    expect(d.facts.memberRefineries).toBeGreaterThan(0);
  });
});

describe('pairedDifference', () => {
  it('is exactly zero on every seed when a scenario is compared with itself', () => {
    const base = planOf(tiny, { runs: 3, months: 18 });
    const a = runPlan(tiny, base);
    const b = runPlan(structuredClone(tiny), base);
    const paired = pairedDifference(a, b);
    expect(paired.seeds).toEqual([7, 8, 9]);
    for (const [i, d] of paired.diffs.entries()) {
      const baseline = a[i]!.monthly;
      for (let c = 0; c < d.length; c++) {
        if (Number.isNaN(baseline[c]!)) expect(d[c]).toBeNaN();
        else expect(d[c]).toBe(0);
      }
    }
    const bands = bandsFrom(paired.diffs, paired.layout);
    for (const q of bands.quantiles) if (!Number.isNaN(q)) expect(q).toBe(0);
  });

  it('pairs by seed, not by order, and measures a real policy change', () => {
    const low = digests.filter((d) => d.point === 0);
    const high = digests.filter((d) => d.point === 1).reverse();
    const paired = pairedDifference(low, high);
    expect(paired.seeds).toEqual([7, 8, 9]);
    const j = paired.layout.metrics.indexOf('floor_refine');
    for (const d of paired.diffs) expect(d[j]).toBe(20);
  });

  it('refuses runs that do not pair', () => {
    const low = digests.filter((d) => d.point === 0);
    expect(() => pairedDifference(low, low.slice(1))).toThrow(/unpaired: 7/);
    expect(() => pairedDifference([low[0]!, low[0]!], low)).toThrow(/seed 7 twice/);
  });
});

describe('sweep files', () => {
  const shardsOf = (n: number, order: (xs: RunDigest[]) => RunDigest[] = (xs) => xs): ShardInput[] =>
    Array.from({ length: n }, (_, k) => {
      const mine = new Set(shardOf(plan, k + 1, n));
      const share = order(digests.filter((d) => mine.has(d.index)));
      return { label: `shard-${k + 1}`, files: buildShardFiles(plan, { index: k + 1, count: n }, share) };
    });

  it('writes the same bytes however the runs are sharded and in whatever order they finished', () => {
    const whole = buildSweepFiles(plan, digests).files;
    const shuffled = buildSweepFiles(plan, [...digests].reverse()).files;
    expect(shuffled).toEqual(whole);
    for (const n of [1, 2, 3, 6]) {
      const merged = mergeShards(shardsOf(n, (xs) => xs.reverse()).reverse());
      expect(merged.ok && merged.value.files, `${n} shards`).toEqual(whole);
    }
  });

  it('writes the same bands whatever block of months it reads at a time', () => {
    const whole = buildSweepFiles(plan, digests).files;
    const input = shardsOf(1)[0]!;
    const bin = input.files['monthly-runs.bin'];
    const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    const perMonth = plan.runs * digests[0]!.metrics.length;
    for (const maxValues of [1, 5 * perMonth, 7 * perMonth + 1, 18 * perMonth]) {
      const out: Partial<Record<keyof SweepFiles, string>> = {};
      const merged = mergeShardSources(
        [
          {
            label: 'one',
            sweepJson: input.files['sweep.json'],
            runsLines: () => input.files['runs.csv'].trimEnd().split('\n'),
            monthlyBytes: bin.byteLength,
            readMonthly: (at, into) => into.forEach((_, i) => (into[i] = view.getFloat64((at + i) * 8, true))),
          },
        ],
        { write: (name, text) => void (out[name] = (out[name] ?? '') + text) },
        { maxValues },
      );
      expect(merged.ok).toBe(true);
      expect(out, `${Math.floor(maxValues / perMonth)} months at a time`).toEqual(whole);
    }
  });

  it('writes one runs.csv row per run in plan order, and bands per point × month × metric', () => {
    const { files } = buildSweepFiles(plan, digests);
    const rows = files['runs.csv'].trimEnd().split('\n');
    expect(rows[0]!.startsWith('run,point,seed,zone.floor.refine,closures,')).toBe(true);
    expect(rows[0]!.split(',').slice(-5)).toEqual([
      'member_refineries',
      'first_member_refinery_closure',
      'rival_refineries',
      'first_rival_refinery_closure',
      'resultHash',
    ]);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      '0,0,7,50',
      '1,0,8,50',
      '2,0,9,50',
      '3,1,7,70',
      '4,1,8,70',
      '5,1,9,70',
    ]);
    const bands = files['bands.csv'].trimEnd().split('\n');
    expect(bands[0]).toBe('zone.floor.refine,month,metric,p5,p25,p50,p75,p95,mean,n');
    expect(bands).toHaveLength(1 + 2 * 18 * digests[0]!.metrics.length);
    // The floor is reported only while an instrument defends it: in 2024-03 of seed 8 members imported nothing (they
    // consumed their own output at the choke price), so the levy defended nothing and that run's cell is empty.
    expect(bands.find((l) => l.startsWith('70,2024-03,floor_refine,'))).toBe(
      '70,2024-03,floor_refine,70,70,70,70,70,70,2',
    );
  });

  it('refuses missing, repeated and foreign shards, and a truncated monthly-runs.bin, naming the folder', () => {
    const three = shardsOf(3);
    const problems = (inputs: ShardInput[]) => {
      const r = mergeShards(inputs);
      return r.ok ? [] : r.error.map((p) => `${p.path}: ${p.message}`);
    };
    expect(problems([three[0]!, three[2]!])).toEqual(['(merge): shard 2/3 is missing']);
    expect(problems([...three, { ...three[1]!, label: 'again' }])).toEqual([
      'again: shard 2/3 is also given as shard-2',
    ]);
    const otherPlan = planOf(tiny, { runs: 3, months: 18, baseSeed: 1, vary: plan.vary });
    const other = buildShardFiles(
      otherPlan,
      { index: 2, count: 3 },
      runPlan(tiny, otherPlan).filter((d) => d.index % 3 === 1),
    );
    expect(problems([three[0]!, { label: 'other', files: other }, three[2]!])).toEqual([
      'other: a shard of a different sweep than shard-1 (baseSeed differs)',
    ]);
    const cut = { ...three[1]!.files, 'monthly-runs.bin': three[1]!.files['monthly-runs.bin'].subarray(8) };
    expect(problems([three[0]!, { label: 'cut', files: cut }, three[2]!])[0]).toMatch(/^cut\/monthly-runs\.bin: holds/);
    const whole = buildSweepFiles(plan, digests).files['sweep.json'];
    const complete = { ...three[1]!.files, 'sweep.json': whole };
    expect(problems([{ label: 'done', files: complete }])[0]).toMatch(/complete sweep, not a shard/);
  });
});

describe('EnsembleCollector', () => {
  it('gives the same bands, badges and files whatever order the runs arrive in, and bands from partial results', () => {
    const inOrder = new EnsembleCollector(plan);
    const reversed = new EnsembleCollector(plan);
    for (const d of digests) inOrder.add(d);
    const partial = [...digests].reverse();
    reversed.add(partial[0]!);
    expect(reversed.progress).toBeCloseTo(1 / 6);
    expect(reversed.bands(0)).toBeUndefined();
    expect(reversed.bands(1)!.count[0]).toBe(1);
    for (const d of partial.slice(1)) reversed.add(d);
    expect(reversed.complete).toBe(true);
    expect(reversed.bands(1)).toEqual(inOrder.bands(1));
    expect(reversed.badges(0)).toEqual(inOrder.badges(0));
    expect(reversed.files().files).toEqual(buildSweepFiles(plan, digests).files);
    expect(() => reversed.add(digests[0]!)).toThrow(/not expected here|twice/);
  });

  it('collects one shard and refuses runs of other shards', () => {
    const mine = shardOf(plan, 2, 3);
    const shard = new EnsembleCollector(plan, mine);
    for (const i of mine) shard.add(digests[i]!);
    expect(shard.complete).toBe(true);
    expect(shard.finished().map((d) => d.index)).toEqual([1, 4]);
    expect(() => shard.add(digests[0]!)).toThrow(/not expected here/);
  });
});
