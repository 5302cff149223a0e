/**
 * The engine's API as the worker exposes it, and the only `src/` code that imports comlink. A request names a preset
 * (or carries a scenario object) plus `--set`-style overrides; the worker parses and validates it exactly as the CLI
 * does (overrides applied to the parsed scenario, validated after each), runs it, and returns the result with its
 * buffers transferred — or the problems, each with its JSON path. Nothing throws across the worker.
 */
import { transfer, wrap, type Remote } from 'comlink';
import { z } from 'zod';
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { bufferList, type RunResult } from '../results/contract.ts';
import { runScenario } from '../engine/run.ts';
import { applyOverride, blameOverride, parseOverride } from '../scenario/overrides.ts';
import { type PresetCatalog, parseScenario, validateScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import { loadPresetCatalog } from './preset-catalog.ts';

/** What the page asks for: a preset or a scenario object, with optional seed, horizon and overrides. */
export interface RunRequest {
  /** A scenario object (untrusted); when absent the preset `presetId` is used. */
  scenario?: unknown;
  presetId?: string;
  seed?: number;
  months?: number;
  /** `path=value` strings, as `--set` takes them on the command line. */
  overrides?: string[];
}

/** A run's outcome: the result, or every problem found in the request. */
export type RunResponse = { ok: true; result: RunResult } | { ok: false; problems: Problem[] };

/** The worker's API. */
export interface EngineApi {
  run(request: RunRequest): RunResponse;
}

const MAX_OVERRIDES = 500;

/** Creates the engine API over a preset catalog (by default the bundled `scenarios/`). */
export function createEngineApi(catalog: PresetCatalog = loadPresetCatalog()): EngineApi {
  // Zod's JIT probes `new Function`, which a strict Content-Security-Policy reports as a violation.
  z.config({ jitless: true });
  return {
    run(request) {
      const scenario = buildRequestScenario(request, catalog);
      if (!scenario.ok) return { ok: false, problems: scenario.error };
      try {
        const result = runScenario(scenario.value, { seed: request.seed, months: request.months });
        return transfer({ ok: true, result }, uniqueBuffers(result));
      } catch (e) {
        return { ok: false, problems: [{ path: '(engine)', message: (e as Error).message }] };
      }
    },
  };
}

/** Resolves a request into a validated scenario: preset or object, then each override applied and re-validated. */
export function buildRequestScenario(request: RunRequest, catalog: PresetCatalog): Result<Scenario> {
  if (request === null || typeof request !== 'object') return fail([{ path: '(request)', message: 'not an object' }]);
  const raw = request.scenario ?? (typeof request.presetId === 'string' ? catalog.get(request.presetId) : undefined);
  if (raw === undefined) {
    const known = [...catalog.keys()].join(', ') || '(none)';
    return fail([{ path: 'presetId', message: `unknown preset "${String(request.presetId)}"; known: ${known}` }]);
  }
  const parsed = parseScenario(raw, catalog);
  if (!parsed.ok) return parsed;
  const overrides = request.overrides ?? [];
  if (!Array.isArray(overrides) || overrides.length > MAX_OVERRIDES) {
    return fail([{ path: 'overrides', message: `a list of at most ${MAX_OVERRIDES} path=value strings` }]);
  }
  let current = parsed.value;
  for (const text of overrides) {
    const o = parseOverride(String(text));
    if (!o.ok) return o;
    const applied = applyOverride(current, o.value);
    if (!applied.ok) return applied;
    const checked = validateScenario(applied.value);
    if (!checked.ok) return fail(blameOverride(o.value, checked.error));
    current = checked.value;
  }
  return ok(current);
}

/** The engine API as seen from the main thread: every call returns a promise. */
export type RemoteEngineApi = Remote<EngineApi>;

/** Wraps a worker that exposes the engine API (see `workers/engine.worker.ts`). */
export function wrapEngineWorker(worker: Worker): RemoteEngineApi {
  return wrap<EngineApi>(worker);
}

function uniqueBuffers(result: RunResult): ArrayBuffer[] {
  return [...new Set(bufferList(result.buffers))];
}
