/**
 * What crosses the worker boundary, both ways: the requests the page sends, the responses the engine and ensemble
 * workers return, and the wrappers the main thread uses to call them. The page imports this file, never the
 * implementations (`engine-api.ts`, `ensemble-api.ts`), so no simulation code enters the main bundle. A request is
 * resolved into a scenario by `buildRequestScenario`, the same in the worker and in the page's own checks.
 */
import { wrap, type Remote } from 'comlink';
import type { RunDigest } from '../ensemble/digest.ts';
import type { RunSpec, SweepHeader } from '../ensemble/plan.ts';
import { type Problem, type Result, fail } from '../lib/result.ts';
import type { RunResult } from '../results/contract.ts';
import { applyOverrides } from '../scenario/apply-overrides.ts';
import { type PresetCatalog, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';

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
  const applied = applyOverrides(parsed.value, overrides.map(String));
  return applied.ok ? applied : fail(applied.error.problems);
}

/** The engine API as seen from the main thread: every call returns a promise. */
export type RemoteEngineApi = Remote<EngineApi>;

/** Wraps a worker that exposes the engine API (see `workers/engine.worker.ts`). */
export function wrapEngineWorker(worker: Worker): RemoteEngineApi {
  return wrap<EngineApi>(worker);
}

/** An ensemble: the run request (its `seed` is the first seed, its `months` the horizon of every run) and N seeds. */
export interface EnsembleRequest {
  run: RunRequest;
  runs: number;
}

/** One run of an ensemble: the request it belongs to, and its spec from the plan (index, point, seed, sets). */
export interface SummarizeRequest {
  run: RunRequest;
  spec: RunSpec;
  months: number;
}

/** The plan's header (the main thread expands it into specs with `expandPlan`), or the request's problems. */
export type PlanResponse = { ok: true; plan: SweepHeader } | { ok: false; problems: Problem[] };
/** A run's digest, or the request's problems. */
export type SummarizeResponse = { ok: true; digest: RunDigest } | { ok: false; problems: Problem[] };

/** What an ensemble worker exposes. */
export interface EnsembleApi {
  plan(request: EnsembleRequest): PlanResponse;
  summarize(request: SummarizeRequest): SummarizeResponse;
}

/** The ensemble API as seen from the main thread. */
export type RemoteEnsembleApi = Remote<EnsembleApi>;

/** Wraps a worker that exposes the ensemble API (see `workers/ensemble.worker.ts`). */
export function wrapEnsembleWorker(worker: Worker): RemoteEnsembleApi {
  return wrap<EnsembleApi>(worker);
}
