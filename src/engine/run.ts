/**
 * Runs a validated scenario month by month and returns every number it produced (RunResult). Pure and deterministic:
 * the same scenario and seed give the same result, bit for bit, in Node, in a worker and in tests.
 */
import type { Scenario } from '../scenario/schema.ts';
import { computeKpis } from '../results/kpis.ts';
import { hashResult } from '../results/result-hash.ts';
import { checkMonth } from './invariants.ts';
import { Recorder } from './record.ts';
import type { RunMeta, RunResult } from '../results/contract.ts';
import type { RunOptions } from './run-options.ts';
import { stepMonth } from './step.ts';
import { ENGINE_VERSION } from '../results/version.ts';
import { Owner, type World, createWorld } from './world/world.ts';

export type { RunOptions };

/** Runs the scenario over its horizon (or `opts.months`) with its seed (or `opts.seed`). */
export function runScenario(s: Scenario, opts: RunOptions = {}): RunResult {
  const seed = opts.seed ?? s.seed;
  const months = opts.months ?? s.months;
  if (!Number.isInteger(months) || months < 1 || months > 1200) throw new Error(`invalid months: ${months}`);
  const w = createWorld(s, seed, months);
  const rec = new Recorder(w);
  for (let m = 0; m < months; m++) {
    w.month = m;
    stepMonth(w);
    if (opts.checkInvariants) checkMonth(w);
    rec.record();
    opts.onProgress?.((m + 1) / months);
  }
  // After the last month the heartbeat goes on through the stretches of work that follow (the hash takes longest).
  const tick = opts.onProgress && (() => opts.onProgress!(1));
  const buffers = rec.finish();
  tick?.();
  const meta = describe(w, rec.columns);
  const kpis = computeKpis(rec.columns, buffers, w.events, months, s.investors.baseRate);
  tick?.();
  return { meta, buffers, events: w.events, kpis, resultHash: hashResult(buffers, w.events, tick) };
}

/**
 * Runs `s` for one month, twice, and discards both runs: a warm-up for a thread that will run the engine many times
 * (a sweep's or an ensemble's worker). The world's objects are built field by field (`lib/row.ts`), so V8 no longer
 * throws away the month's optimised code at the start of a thread's second run (about 60 functions when they were
 * object literals); what is left — functions optimised before they met a path of the first month — the warm-up takes
 * before any code is hot, in 32–44 ms. `chokepoint sweep rare-earths-2024 --runs 100`, three runs each in turn:
 * literal objects with the warm-up 2.95–3.20 s; objects built by `row` 2.99–3.32 s without it, 2.81–2.91 s with it.
 * Results are unchanged: a run shares no state with another. `onProgress` is called as a run's is (a worker's
 * heartbeat).
 */
export function warmUp(s: Scenario, onProgress?: RunOptions['onProgress']): void {
  for (let k = 0; k < 2; k++) runScenario(s, { months: 1, onProgress });
}

function describe(w: World, monthlyColumns: string[]): RunMeta {
  const s = w.scenario;
  const kinds = ['mine', 'refine', 'integrated'] as const;
  return {
    scenarioId: s.id ?? 'scenario',
    title: s.title,
    seed: w.seed,
    start: s.start,
    months: w.months,
    engineVersion: ENGINE_VERSION,
    countries: s.countries.map((c) => ({ code: c.code, name: c.name, lat: c.lat, lon: c.lon, role: c.role })),
    facilities: w.facilities.id.map((id, f) => ({
      id,
      name: w.facilities.name[f]!,
      country: w.facilities.country[f]!,
      stage: kinds[w.facilities.kind[f]!]!,
      owner: w.facilities.owner[f] === Owner.state ? 'state' : 'private',
    })),
    monthlyColumns,
    ...(s.contracts?.length ? { contracts: s.contracts.map((k) => k.id) } : {}),
  };
}
