/**
 * The ensemble workers' API (PRODUCT.md "Ensembles"): `plan` resolves a request into the sweep header of N seeds, and
 * `summarize` runs one seed of it and returns the run's digest — KPIs, badge facts and monthly columns — copied; the
 * full RunResult never leaves the worker. A request is resolved exactly as the single run's (`buildRequestScenario`:
 * preset or scenario object, then each override validated), and the resolved scenario is kept for the next seeds of the
 * same request. Nothing throws across the worker: problems come back with paths.
 */
import { z } from 'zod';
import { runScenario, warmUp } from '../engine/run.ts';
import { summarizeRun } from '../ensemble/digest.ts';
import { buildPointScenario, planSweep } from '../ensemble/plan.ts';
import type { Result } from '../lib/result.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import { loadPresetCatalog } from './preset-catalog.ts';
import { type EnsembleApi, type RunRequest, buildRequestScenario } from './protocol.ts';

/** Resolved scenarios kept per worker: an ensemble and its baseline use two. */
const KEEP_SCENARIOS = 4;

/** What the ensemble API reports while it works. */
export interface EnsembleApiOptions {
  /** Called before and after resolving a request and after every month of a run: the worker's heartbeat. */
  onBeat?: () => void;
}

/** Creates the ensemble API over a preset catalog (by default the bundled `scenarios/`). */
export function createEnsembleApi(
  catalog: PresetCatalog = loadPresetCatalog(),
  options: EnsembleApiOptions = {},
): EnsembleApi {
  z.config({ jitless: true });
  const beat = options.onBeat;
  const resolved = new Map<string, Result<Scenario>>();
  /** Whether this worker has warmed the engine up (run.ts `warmUp`), before its first seed. */
  let warm = false;
  const resolve = (run: RunRequest): Result<Scenario> => {
    beat?.();
    const key = JSON.stringify([run?.presetId ?? null, run?.scenario ?? null, run?.overrides ?? []]);
    let hit = resolved.get(key);
    if (!hit) {
      hit = buildRequestScenario(run, catalog);
      if (resolved.size >= KEEP_SCENARIOS) resolved.delete(resolved.keys().next().value!);
    } else resolved.delete(key);
    resolved.set(key, hit);
    beat?.();
    return hit;
  };
  return {
    plan({ run, runs }) {
      const scenario = resolve(run);
      if (!scenario.ok) return { ok: false, problems: scenario.error };
      const plan = planSweep(scenario.value, { runs, baseSeed: run.seed, months: run.months, sets: run.overrides });
      if (!plan.ok) return { ok: false, problems: plan.error };
      const { specs: _specs, ...header } = plan.value;
      return { ok: true, plan: header };
    },
    summarize({ run, spec, months }) {
      const scenario = resolve(run);
      if (!scenario.ok) return { ok: false, problems: scenario.error };
      const point = spec.sets.length ? buildPointScenario(scenario.value, spec.sets) : scenario;
      if (!point.ok) return { ok: false, problems: point.error };
      try {
        if (!warm) warmUp(point.value, beat);
        warm = true;
        const digest = summarizeRun(runScenario(point.value, { seed: spec.seed, months, onProgress: beat }), spec);
        // Copied, not transferred: see engine-api.ts.
        return { ok: true, digest };
      } catch (e) {
        return { ok: false, problems: [{ path: '(engine)', message: (e as Error).message }] };
      }
    },
  };
}
