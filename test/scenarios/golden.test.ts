/**
 * Golden digests: each preset, run with its own seed, is summarised (result hash, KPIs, yearly bloc prices and the
 * count of each event type) as JSON and compared with `test/output/<preset>.json` by vitest's file snapshots. A change
 * to the engine shows up as a diff of these files to review. Regenerate them with `npx vitest run -u` (or only these:
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

describe('golden digests of every preset', () => {
  for (const id of catalog.keys()) {
    it(`${id} matches test/output/${id}.json`, async () => {
      const got = digest(runScenario(preset(id)));
      await expect(JSON.stringify(got, null, 2) + '\n').toMatchFileSnapshot(`../output/${id}.json`);
    });
  }
});
