/**
 * The browser's client: the engine in a module worker, reached through comlink.
 *
 * Calls wait in a queue on this side and go to the worker one at a time, so any call can be stopped: an aborted call
 * still queued is dropped, and an aborted call that is running is stopped by terminating its worker; a fresh worker
 * takes the next call.
 *
 * A worker that dies — an uncaught error, a message that cannot be read, a failed load, or the silence the heartbeat
 * catches (`heartbeat-watch.ts`: a worker that closed itself or hangs) — is terminated and replaced: the call it was
 * running is tried once more on a fresh worker, so a single crash costs a delay, not the run; a second death rejects
 * it. A call that itself rejects (the worker threw from `run`, or the request could not be sent) is not retried — it
 * would fail again — but its worker is replaced too, since its state is unknown. `onRestart` hears of every
 * replacement the page did not ask for (an abort is asked for), so the page can say what happened. A worker that had
 * loaded is replaced at once, even with nothing to run, so the next run does not wait for a worker to load. And a
 * standby worker is kept loaded beside the one in service — started when the client first falls idle after a run, or
 * once a run has taken STANDBY_AFTER_MS — so that replacing a worker, for an abort or a death, costs no load either.
 */
import { type RemoteEngineApi, wrapEngineWorker } from '../bridge/protocol.ts';
import type { EngineClient, RunRequest, RunResponse } from './engine-client.ts';
import { HEARTBEAT_TIMING, type HeartbeatTiming, type HeartbeatWatch, watchHeartbeat } from './heartbeat-watch.ts';

/** How the worker client behaves when its worker fails. */
export interface WorkerClientOptions {
  /** Called with a sentence each time a failed worker is replaced. */
  onRestart?(reason: string): void;
  /** The heartbeat's timing (default HEARTBEAT_TIMING), or false to watch for error events only. */
  heartbeat?: HeartbeatTiming | false;
}

/**
 * How long the first run goes before a standby worker starts loading beside it, ms: half the scheduler's least
 * patience (ABORT_AFTER_MS), so the standby has loaded (about 0.3 s, more on a busy machine) by the time a superseded
 * run is aborted.
 */
export const STANDBY_AFTER_MS = 500;

interface Call {
  request: RunRequest;
  signal: AbortSignal | undefined;
  /** Workers this call has been sent to. */
  tries: number;
  resolve(response: RunResponse): void;
  reject(error: unknown): void;
}

interface Live {
  worker: Worker;
  api: RemoteEngineApi;
  /** Rejects with `deathError` when the worker dies or is put down. */
  died: Promise<never>;
  deathError: Error | null;
  /** True once the worker has said anything (it loaded). */
  heard: boolean;
  watch: HeartbeatWatch | null;
  /** Terminates the worker; `announce` tells `onRestart`. */
  kill(error: Error, announce: boolean): void;
}

/** Creates a client backed by `workers/engine.worker.ts` (or by the workers `spawn` returns). */
export function createWorkerClient(
  spawn: () => Worker = spawnEngineWorker,
  options: WorkerClientOptions = {},
): EngineClient {
  const timing = options.heartbeat ?? HEARTBEAT_TIMING;
  let live: Live | null = null;
  /** A loaded worker waiting to take over from `live`. */
  let spare: Live | null = null;
  let standbyTimer: ReturnType<typeof setTimeout> | undefined;
  let current: Call | null = null;
  /** The worker running `current`. */
  let runningOn: Live | null = null;
  let queue: Call[] = [];
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
      heard: false,
      watch: null,
      kill(error, announce) {
        if (l.deathError) return;
        l.deathError = error;
        l.watch?.stop();
        worker.terminate();
        reject(error);
        // A standby that dies is only dropped: nothing ran on it.
        if (spare === l) spare = null;
        if (live !== l) return;
        live = null;
        if (disposed) return;
        if (announce) options.onRestart?.(`${error.message}; a fresh engine worker takes over`);
        // A worker that never loaded is not replaced ahead of need: its successor would likely fail the same way.
        if (l.heard) live = take();
      },
    };
    const onDeath = (e: Event) => {
      const text = (e as Partial<ErrorEvent>).message;
      const message = typeof text === 'string' && text ? text : e.type;
      l.kill(new Error(`the engine worker stopped (${message})`), true);
    };
    worker.addEventListener('error', onDeath);
    worker.addEventListener('messageerror', onDeath);
    worker.addEventListener('message', () => (l.heard = true));
    if (timing) {
      const silent = (ms: number) =>
        l.kill(new Error(`the engine worker stopped answering (silent for ${(ms / 1000).toFixed(1)} s)`), true);
      l.watch = watchHeartbeat(worker, () => live === l && current !== null, silent, timing);
    }
    return l;
  };

  /** Returns the standby worker if there is one, or a fresh one. */
  const take = (): Live => {
    const l = spare ?? start();
    spare = null;
    return l;
  };

  /** Loads a standby worker if there is none (a spawn that throws leaves none: the next one needed fails openly). */
  const standBy = () => {
    if (spare || disposed) return;
    try {
      spare = start();
    } catch {
      spare = null;
    }
  };

  /** Ends `call` (it must be the current one) and sends the next; an idle client loads its standby. */
  const settle = (call: Call, outcome: () => void) => {
    if (current !== call) return;
    current = null;
    outcome();
    pump();
    if (!current && live?.heard) standBy();
  };

  const pump = () => {
    if (disposed || current || queue.length === 0) return;
    const call = queue.shift()!;
    current = call;
    call.tries++;
    const l = (live ??= take());
    runningOn = l;
    clearTimeout(standbyTimer);
    standbyTimer = setTimeout(() => {
      if (current === call) standBy();
    }, STANDBY_AFTER_MS);
    let answer: Promise<RunResponse>;
    try {
      answer = Promise.race([l.api.run(call.request), l.died]);
    } catch (e) {
      answer = Promise.reject(e);
    }
    answer.then(
      (response) => settle(call, () => call.resolve(response)),
      (e: unknown) => {
        if (l.deathError && e === l.deathError) {
          const retry = call.tries < 2;
          if (retry && current === call) queue.unshift(call);
          return settle(call, () => (retry ? undefined : call.reject(e)));
        }
        const error = e instanceof Error ? e : new Error(String(e));
        if (current === call) l.kill(new Error(`the engine failed (${error.message})`), true);
        settle(call, () => call.reject(error));
      },
    );
  };

  const abort = (call: Call) => {
    const reason: unknown = call.signal?.reason;
    if (queue.includes(call)) {
      queue = queue.filter((c) => c !== call);
      return call.reject(reason);
    }
    if (current !== call) return;
    // Running: only a fresh worker stops it. The page asked for this, so no notice.
    runningOn?.kill(new Error('the run was stopped'), false);
    settle(call, () => call.reject(reason));
  };

  return {
    run(request, signal) {
      if (disposed) return Promise.reject(new Error('the engine client was disposed'));
      return new Promise<RunResponse>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => abort(call);
        const done =
          <T>(f: (x: T) => void) =>
          (x: T) => {
            signal?.removeEventListener('abort', onAbort);
            f(x);
          };
        const call: Call = { request, signal, tries: 0, resolve: done(resolve), reject: done(reject) };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(call);
        pump();
      });
    },
    dispose() {
      disposed = true;
      const error = new Error('the engine client was disposed');
      const calls = [...(current ? [current] : []), ...queue];
      current = null;
      queue = [];
      for (const c of calls) c.reject(error);
      clearTimeout(standbyTimer);
      live?.kill(error, false);
      spare?.kill(error, false);
      live = null;
      spare = null;
    },
  };
}

function spawnEngineWorker(): Worker {
  return new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
}
