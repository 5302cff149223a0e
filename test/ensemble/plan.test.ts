import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_SWEEP_RUNS,
  axisValues,
  buildPointScenario,
  parseShard,
  parseVary,
  planSweep,
  shardOf,
} from '../../src/ensemble/plan.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';

const tiny = (() => {
  const parsed = parseScenario(
    JSON.parse(readFileSync(new URL('../fixtures/tiny-scenario.json', import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error('fixture invalid');
  return parsed.value;
})();

function plan(scenario: Scenario, options: Parameters<typeof planSweep>[1]) {
  const p = planSweep(scenario, options);
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  return p.value;
}

describe('planSweep', () => {
  it('runs N seeds from the scenario seed when nothing varies', () => {
    const p = plan(tiny, { runs: 3 });
    expect(p).toMatchObject({ scenario: 'tiny', points: 1, totalRuns: 3, baseSeed: 7, months: 24 });
    expect(p.specs).toEqual([0, 1, 2].map((k) => ({ index: k, point: 0, seed: 7 + k, values: [], sets: [] })));
  });

  it('orders the grid point-major (first axis slowest) with the same seeds at every point', () => {
    const p = plan(tiny, {
      runs: 2,
      baseSeed: 100,
      vary: [
        { path: 'zone.floor.refine', from: 40, to: 60, steps: 3 },
        { path: 'zone.fixedTariff', from: 0, to: 0.1, steps: 2 },
      ],
    });
    expect(p.points).toBe(6);
    expect(p.specs.map((s) => [s.index, s.point, s.seed, ...s.values])).toEqual([
      [0, 0, 100, 40, 0],
      [1, 0, 101, 40, 0],
      [2, 1, 100, 40, 0.1],
      [3, 1, 101, 40, 0.1],
      [4, 2, 100, 50, 0],
      [5, 2, 101, 50, 0],
      [6, 3, 100, 50, 0.1],
      [7, 3, 101, 50, 0.1],
      [8, 4, 100, 60, 0],
      [9, 4, 101, 60, 0],
      [10, 5, 100, 60, 0.1],
      [11, 5, 101, 60, 0.1],
    ]);
    expect(p.specs[3]!.sets).toEqual(['zone.floor.refine=40', 'zone.fixedTariff=0.1']);
  });

  it('wraps seeds past 2^31 − 1 to 0', () => {
    expect(plan(tiny, { runs: 3, baseSeed: 2 ** 31 - 2 }).specs.map((s) => s.seed)).toEqual([
      2 ** 31 - 2,
      2 ** 31 - 1,
      0,
    ]);
  });

  it('spaces axis values evenly without binary noise', () => {
    expect(axisValues({ path: 'x', from: 0.1, to: 0.3, steps: 3 })).toEqual([0.1, 0.2, 0.3]);
    expect(axisValues({ path: 'x', from: 80, to: 40, steps: 5 })).toEqual([80, 70, 60, 50, 40]);
    expect(axisValues({ path: 'x', from: 5, to: 5, steps: 1 })).toEqual([5]);
  });

  it('refuses fixed fields, repeated paths, bad ranges and too many runs, naming the --vary', () => {
    const bad = (options: Parameters<typeof planSweep>[1]) => {
      const p = planSweep(tiny, options);
      expect(p.ok).toBe(false);
      return p.ok ? '' : p.error.map((e) => `${e.path}: ${e.message}`).join('\n');
    };
    expect(bad({ runs: 2, vary: [{ path: 'months', from: 12, to: 24, steps: 2 }] })).toMatch(/cannot vary/);
    const twice = { path: 'zone.floor.refine', from: 1, to: 2, steps: 2 };
    expect(bad({ runs: 2, vary: [twice, twice] })).toMatch(/varied twice/);
    expect(bad({ runs: 2, vary: [{ path: 'a', from: 1, to: 2, steps: 1 }] })).toMatch(/one step needs from = to/);
    expect(bad({ runs: 2, vary: [{ path: 'a..b', from: 1, to: 2, steps: 2 }] })).toMatch(/path segment/);
    expect(bad({ runs: MAX_SWEEP_RUNS, vary: [{ path: 'a', from: 1, to: 2, steps: 2 }] })).toMatch(/at most 10000/);
    expect(bad({ runs: 0 })).toMatch(/--runs/);
  });
});

describe('parseVary and parseShard', () => {
  it('parses path=from:to:steps, negative and decimal numbers included', () => {
    expect(parseVary('market.elasticityShort=-0.5:-0.1:5')).toEqual({
      ok: true,
      value: { path: 'market.elasticityShort', from: -0.5, to: -0.1, steps: 5 },
    });
  });

  it.each([
    'zone.floor.refine=40:80',
    'zone.floor.refine',
    '=1:2:3',
    'a=x:2:3',
    'a=1:2:0',
    'a=1:2:2.5',
    'a=1:Infinity:2',
  ])('refuses --vary %s with the argument named', (text) => {
    const r = parseVary(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]!.path).toBe(`--vary ${text}`);
  });

  it('parses i/n and refuses shards out of range', () => {
    expect(parseShard('2/3')).toEqual({ ok: true, value: { index: 2, count: 3 } });
    for (const t of ['0/3', '4/3', '1/0', '1', 'a/b', '-1/2']) expect(parseShard(t).ok, t).toBe(false);
  });
});

describe('shardOf', () => {
  it('splits a plan into n disjoint shares that cover every run once, interleaved', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 12 }), (totalRuns, n) => {
        const all = Array.from({ length: n }, (_, i) => shardOf({ totalRuns }, i + 1, n)).flat();
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: totalRuns }, (_, i) => i));
      }),
      { seed: 0x54a2 },
    );
    expect(shardOf({ totalRuns: 8 }, 2, 3)).toEqual([1, 4, 7]);
  });

  it('throws on an impossible shard (callers check input first)', () => {
    expect(() => shardOf({ totalRuns: 8 }, 4, 3)).toThrow(/invalid shard/);
  });
});

describe('buildPointScenario', () => {
  it('applies the varied values as --set overrides and validates them', () => {
    const built = buildPointScenario(tiny, ['zone.floor.refine=70']);
    expect(built.ok && built.value.zone?.floor.refine).toBe(70);
    const unknown = buildPointScenario(tiny, ['zone.flor.refine=70']);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error[0]!.path).toMatch(/^--set zone\.flor\.refine=70 → zone/);
  });
});
