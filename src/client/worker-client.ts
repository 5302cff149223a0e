/**
 * The browser's client: the engine in a module worker, reached through comlink. A worker that dies (an uncaught error,
 * a failed load) rejects the calls in flight and is replaced by a fresh one on the next call.
 */
import { type RemoteEngineApi, wrapEngineWorker } from '../bridge/engine-api.ts';
import type { EngineClient, RunRequest, RunResponse } from './engine-client.ts';

interface Live {
  worker: Worker;
  api: RemoteEngineApi;
  died: Promise<never>;
}

/** Creates a client backed by `workers/engine.worker.ts` (or by the worker `spawn` returns). */
export function createWorkerClient(spawn: () => Worker = spawnEngineWorker): EngineClient {
  let live: Live | null = null;
  const start = (): Live => {
    const worker = spawn();
    const died = new Promise<never>((_, reject) => {
      const onDeath = (e: Event) => {
        if (live?.worker === worker) live = null;
        worker.terminate();
        reject(new Error(`the engine worker stopped: ${(e as ErrorEvent).message ?? e.type}`));
      };
      worker.addEventListener('error', onDeath);
      worker.addEventListener('messageerror', onDeath);
    });
    died.catch(() => {});
    return { worker, api: wrapEngineWorker(worker), died };
  };
  return {
    async run(request: RunRequest): Promise<RunResponse> {
      live ??= start();
      return Promise.race([live.api.run(request), live.died]);
    },
    dispose() {
      live?.worker.terminate();
      live = null;
    },
  };
}

function spawnEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}
