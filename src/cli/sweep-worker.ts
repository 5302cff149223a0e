/**
 * The task module of a sweep's worker threads: runs one grid point's scenario with one seed and sends back the run's
 * digest, copied (a transfer would detach its buffer and slow every later run in the worker: see pool-serve.ts). The
 * main thread builds and validates each point's scenario and sends it with the task, so a worker loads only the
 * engine — not the scenario schema and its validator.
 */
import { type RunDigest, summarizeRun } from '../ensemble/digest.ts';
import type { RunSpec } from '../ensemble/plan.ts';
import { runScenario, warmUp } from '../engine/run.ts';
import type { Scenario } from '../scenario/schema.ts';
import { serveTasks } from './pool-serve.ts';

/** What every sweep worker receives at start. */
export interface SweepWorkerData {
  /** Horizon of every run, months. */
  months: number;
}

/** One run: its spec and the validated scenario of its grid point (`--set` and the varied values applied). */
export interface SweepTask {
  spec: RunSpec;
  scenario: Scenario;
}

serveTasks<SweepWorkerData, SweepTask, RunDigest>(({ months }) => {
  let warm = false;
  return ({ spec, scenario }) => {
    if (!warm) warmUp(scenario);
    warm = true;
    const digest = summarizeRun(runScenario(scenario, { seed: spec.seed, months }), spec);
    return { result: digest };
  };
});
