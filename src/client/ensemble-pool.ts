/**
 * The browser's ensemble pool: `workers/ensemble.worker.ts` module workers behind comlink, one task at a time each.
 * A task plans an ensemble or summarizes one of its seeds; a worker that dies rejects its call and is replaced. Death
 * includes silence: each worker is watched by the heartbeat (`heartbeat-watch.ts`), so one that closed itself or
 * hangs fails its task instead of holding the ensemble forever.
 */
import {
  type EnsembleRequest,
  type PlanResponse,
  type SummarizeRequest,
  type SummarizeResponse,
  wrapEnsembleWorker,
} from '../bridge/protocol.ts';
import { watchHeartbeat } from './heartbeat-watch.ts';
import { type PoolWorker, type WorkerPool, createWorkerPool, defaultPoolSize } from './pool.ts';

/** What an ensemble worker is asked. */
export type EnsembleTask =
  { kind: 'plan'; request: EnsembleRequest } | { kind: 'summarize'; request: SummarizeRequest };
/** What it answers. */
export type EnsembleOut = PlanResponse | SummarizeResponse;

/** The pool the ensemble controller drives. */
export type EnsemblePool = WorkerPool<EnsembleTask, EnsembleOut>;

/** Creates the pool of `size` workers (defaultPoolSize: every core on one or two, all but one from three up). */
export function createEnsemblePool(size = defaultPoolSize(globalThis.navigator?.hardwareConcurrency)): EnsemblePool {
  return createWorkerPool<EnsembleTask, EnsembleOut>({ size, spawn: spawnEnsembleWorker });
}

function spawnEnsembleWorker(): PoolWorker<EnsembleTask, EnsembleOut> {
  let live: LiveEnsembleWorker | null = null;
  const start = (): LiveEnsembleWorker => (live = startEnsembleWorker(() => (live = null)));
  start();
  return {
    // A worker that fell silent while idle was put down: a fresh one takes the task, and nobody is the worse.
    run: (task) => (live ?? start()).run(task),
    terminate: () => live?.terminate(),
  };
}

interface LiveEnsembleWorker {
  run(task: EnsembleTask): Promise<EnsembleOut>;
  terminate(): void;
}

/** Starts a worker; `onIdleDeath` hears that it fell silent while idle (it is terminated already). */
function startEnsembleWorker(onIdleDeath: () => void): LiveEnsembleWorker {
  const worker = new Worker(new URL('../../workers/ensemble.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble',
  });
  const api = wrapEnsembleWorker(worker);
  let busy = false;
  let reject!: (e: Error) => void;
  const died = new Promise<never>((_, r) => (reject = r));
  died.catch(() => {});
  const onDeath = (e: Event) => reject(new Error(`an ensemble worker stopped: ${(e as ErrorEvent).message ?? e.type}`));
  worker.addEventListener('error', onDeath);
  worker.addEventListener('messageerror', onDeath);
  const terminate = () => {
    watch.stop();
    worker.terminate();
  };
  const watch = watchHeartbeat(
    worker,
    () => busy,
    (ms) => {
      if (!busy) {
        terminate();
        return onIdleDeath();
      }
      reject(new Error(`an ensemble worker stopped answering (silent for ${(ms / 1000).toFixed(1)} s)`));
    },
  );
  return {
    run: (task) => {
      busy = true;
      const call = task.kind === 'plan' ? api.plan(task.request) : api.summarize(task.request);
      return Promise.race([call, died]).finally(() => (busy = false));
    },
    terminate,
  };
}
