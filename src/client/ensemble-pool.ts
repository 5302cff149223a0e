/**
 * The browser's ensemble pool: `workers/ensemble.worker.ts` module workers behind comlink, one task at a time each.
 * A task plans an ensemble or summarizes one of its seeds; a worker that dies rejects its call and is replaced.
 */
import {
  type EnsembleRequest,
  type PlanResponse,
  type SummarizeRequest,
  type SummarizeResponse,
  wrapEnsembleWorker,
} from '../bridge/protocol.ts';
import { type PoolWorker, type WorkerPool, createWorkerPool, defaultPoolSize } from './pool.ts';

/** What an ensemble worker is asked. */
export type EnsembleTask =
  { kind: 'plan'; request: EnsembleRequest } | { kind: 'summarize'; request: SummarizeRequest };
/** What it answers. */
export type EnsembleOut = PlanResponse | SummarizeResponse;

/** The pool the ensemble controller drives. */
export type EnsemblePool = WorkerPool<EnsembleTask, EnsembleOut>;

/** Creates the pool: `navigator.hardwareConcurrency − 1` workers (at least one), or `size`. */
export function createEnsemblePool(size = defaultPoolSize(globalThis.navigator?.hardwareConcurrency)): EnsemblePool {
  return createWorkerPool<EnsembleTask, EnsembleOut>({ size, spawn: spawnEnsembleWorker });
}

function spawnEnsembleWorker(): PoolWorker<EnsembleTask, EnsembleOut> {
  const worker = new Worker(new URL('../../workers/ensemble.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble',
  });
  const api = wrapEnsembleWorker(worker);
  const died = new Promise<never>((_, reject) => {
    const onDeath = (e: Event) =>
      reject(new Error(`an ensemble worker stopped: ${(e as ErrorEvent).message ?? e.type}`));
    worker.addEventListener('error', onDeath);
    worker.addEventListener('messageerror', onDeath);
  });
  died.catch(() => {});
  return {
    run: (task) => Promise.race([task.kind === 'plan' ? api.plan(task.request) : api.summarize(task.request), died]),
    terminate: () => worker.terminate(),
  };
}
