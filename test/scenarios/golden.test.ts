/**
 * Every preset, run once with its own seed: its refined price is finite and non-negative every month wherever there is
 * demand, and its golden digest (result hash, KPIs, yearly bloc prices and the count of each event type), as JSON,
 * matches `test/output/<preset>.json` through vitest's file snapshots. A change to the engine shows up as a diff of
 * these files to review. Regenerate them with `npx vitest run -u` (or only these:
 * `npx vitest run test/scenarios/golden.test.ts -u`); without -u a missing file fails too (`update: 'none'` in
 * vite.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { monthLabel } from '../../src/scenario/months.ts';
import { catalog, preset } from './preset-catalog.ts';

const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)) : null);

function digest(r: RunResult) {
  const cols = r.meta.monthlyColumns;
  const at = (m: number, name: string) => round(r.buffers.monthly[m * cols.length + cols.indexOf(name)]!);
  const yearly: Record<string, unknown>[] = [];
  for (let m = 0; m < r.meta.months; m += 12) {
    yearly.push({
      month: monthLabel(r.meta.start, m),
      mode: r.buffers.mode[m],
      price_refine_dominant: at(m, 'price_refine_dominant'),
      price_refine_member: at(m, 'price_refine_member'),
      price_refine_other: at(m, 'price_refine_other'),
      dominant_share_refine_world: at(m, 'dominant_share_refine_world'),
    });
  }
  const events: Record<string, number> = {};
  for (const e of r.events) events[e.type] = (events[e.type] ?? 0) + 1;
  return {
    resultHash: r.resultHash,
    engineVersion: r.meta.engineVersion,
    kpis: Object.fromEntries(Object.entries(r.kpis).map(([k, v]) => [k, round(v)])),
    events,
    yearly,
  };
}

/** One run per preset, shared by its two tests. */
const runs = new Map<string, RunResult>();
function run(id: string): RunResult {
  let r = runs.get(id);
  if (!r) {
    r = runScenario(preset(id));
    runs.set(id, r);
  }
  return r;
}

describe('every preset: its run and its golden digest', () => {
  for (const id of catalog.keys()) {
    it(`${id} runs, with a finite non-negative refined price wherever there is demand`, () => {
      const s = preset(id);
      const r = run(id);
      const C = r.meta.countries.length;
      for (let m = 0; m < r.meta.months; m++) {
        for (let c = 0; c < C; c++) {
          const p = r.buffers.price[(m * C + c) * 2 + 1]!;
          if (s.countries[c]!.demandTpy > 0) expect(Number.isFinite(p) && p >= 0, `${id} month ${m} ${c}`).toBe(true);
        }
      }
    });

    it(`${id} matches test/output/${id}.json`, async () => {
      await expect(JSON.stringify(digest(run(id)), null, 2) + '\n').toMatchFileSnapshot(`../output/${id}.json`);
    });
  }
});
