/**
 * The browser's client: the engine in a module worker, reached through comlink.
 *
 * A worker that dies (an uncaught error, a message that cannot be read, a failed load) is terminated and replaced:
 * the calls that were in flight on it are tried once more on a fresh worker, so a single crash costs a delay, not the
 * run; a second death rejects them. A call that itself rejects (the worker threw from `run`, or the request could not
 * be sent) is not retried — it would fail again — but its worker is replaced too, since its state is unknown.
 * `onRestart` hears of every replacement, so the page can say what happened.
 */
import { type RemoteEngineApi, wrapEngineWorker } from '../bridge/protocol.ts';
import type { EngineClient, RunRequest, RunResponse } from './engine-client.ts';

/** How the worker client behaves when its worker fails. */
export interface WorkerClientOptions {
  /** Called with a sentence each time a failed worker is replaced. */
  onRestart?(reason: string): void;
}

interface Live {
  worker: Worker;
  api: RemoteEngineApi;
  /** Rejects with `deathError` when the worker dies or is put down. */
  died: Promise<never>;
  deathError: Error | null;
  kill(error: Error): void;
}

/** Creates a client backed by `workers/engine.worker.ts` (or by the workers `spawn` returns). */
export function createWorkerClient(
  spawn: () => Worker = spawnEngineWorker,
  options: WorkerClientOptions = {},
): EngineClient {
  let live: Live | null = null;
  let disposed = false;

  const start = (): Live => {
    const worker = spawn();
    let reject!: (e: Error) => void;
    const died = new Promise<never>((_, r) => (reject = r));
    died.catch(() => {});
    const l: Live = {
      worker,
      api: wrapEngineWorker(worker),
      died,
      deathError: null,
      kill(error) {
        if (l.deathError) return;
        l.deathError = error;
        if (live === l) live = null;
        worker.terminate();
        reject(error);
        if (!disposed) options.onRestart?.(`${error.message}; a fresh engine worker takes over`);
      },
    };
    const onDeath = (e: Event) => {
      const text = (e as Partial<ErrorEvent>).message;
      const message = typeof text === 'string' && text ? text : e.type;
      l.kill(new Error(`the engine worker stopped (${message})`));
    };
    worker.addEventListener('error', onDeath);
    worker.addEventListener('messageerror', onDeath);
    return l;
  };

  const attempt = async (request: RunRequest): Promise<{ response: RunResponse } | { died: Error }> => {
    if (disposed) throw new Error('the engine client was disposed');
    const l = (live ??= start());
    try {
      return { response: await Promise.race([l.api.run(request), l.died]) };
    } catch (e) {
      if (l.deathError && e === l.deathError) return { died: l.deathError };
      const error = e instanceof Error ? e : new Error(String(e));
      l.kill(new Error(`the engine failed (${error.message})`));
      throw error;
    }
  };

  return {
    async run(request) {
      const first = await attempt(request);
      if ('response' in first) return first.response;
      const second = await attempt(request);
      if ('response' in second) return second.response;
      throw second.died;
    },
    dispose() {
      disposed = true;
      live?.kill(new Error('the engine client was disposed'));
      live = null;
    },
  };
}

function spawnEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}
