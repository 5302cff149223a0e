/**
 * A pool of `worker_threads` that runs a list of tasks and hands back each result as it finishes. Starting a worker
 * costs about half a second (tsx compiles the engine again in each thread), so a pool starts its workers once and
 * feeds them one task at a time until the list is done; `close()` ends every worker and resolves once each has
 * exited, so nothing is left running when a command returns.
 *
 * Workers start from the task module bundled as JavaScript when the caller has it (pool-bundle.ts), else from
 * `pool-bootstrap.mjs`, which registers tsx and imports the task module `entry` (a .ts file that calls `serveTasks`,
 * see pool-serve.ts).
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './pool-serve.ts';

/** How to start the workers. */
export interface PoolOptions {
  /** Number of worker threads (at least 1). */
  size: number;
  /** The task module, e.g. `new URL('./sweep-worker.ts', import.meta.url)`. */
  entry: URL;
  /**
   * The same module bundled as plain JavaScript (see pool-bundle.ts): workers start from it directly, without tsx.
   * When absent they start from `pool-bootstrap.mjs`, which registers tsx and imports `entry`.
   */
  bundled?: URL;
  /** Data every worker receives once at start (structured-cloned), e.g. the scenario. */
  data: unknown;
}

/** A started pool. */
export interface WorkerPool<T, R> {
  readonly size: number;
  /**
   * Runs `tasks`, taken from the iterable one at a time as workers free up (so tasks can be built lazily), calling
   * `onResult` with each result and its task's position as it finishes (in any order). Resolves when all are done;
   * rejects with the first failure (a task that threw, or a worker that died), after which the pool runs nothing more.
   */
  runAll(tasks: Iterable<T>, onResult: (result: R, taskIndex: number) => void): Promise<void>;
  /** Ends every worker: idle ones are asked to close, busy ones are terminated. Resolves with their exit codes. */
  close(): Promise<number[]>;
}

const BOOTSTRAP = new URL('./pool-bootstrap.mjs', import.meta.url);
/** How long an idle worker may take to close before it is terminated, ms. */
const CLOSE_GRACE_MS = 5_000;

let live = 0;

/** Returns the number of pool worker threads started and not yet exited, in this process (for tests). */
export function liveWorkerCount(): number {
  return live;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  exited: Promise<number>;
  exitCode?: number;
}

/** Starts `size` workers running `entry` (or its bundle). */
export function createWorkerPool<T, R>(options: PoolOptions): WorkerPool<T, R> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`invalid pool size: ${options.size}`);
  let failure: Error | undefined;
  let onFailure: ((e: Error) => void) | undefined;
  let onMessage: ((slot: Slot, msg: FromWorker<R>) => void) | undefined;
  let closing = false;
  const fail = (e: Error) => {
    failure ??= e;
    onFailure?.(failure);
  };
  const slots: Slot[] = Array.from({ length: options.size }, (_, n) => {
    const workerData = { entry: options.entry.href, data: options.data };
    const worker = new Worker(options.bundled ?? BOOTSTRAP, { workerData });
    live++;
    const slot: Slot = {
      worker,
      busy: false,
      exited: new Promise<number>((resolve) =>
        worker.once('exit', (code) => {
          live--;
          slot.exitCode = code;
          if (!closing) fail(new Error(`worker ${n + 1} stopped unexpectedly (exit code ${code})`));
          resolve(code);
        }),
      ),
    };
    worker.on('error', (e) => fail(new Error(`worker ${n + 1} failed: ${e?.stack ?? String(e)}`)));
    worker.on('messageerror', (e) => fail(new Error(`worker ${n + 1} sent a message that cannot be read: ${e}`)));
    worker.on('message', (msg: FromWorker<R>) => onMessage?.(slot, msg));
    return slot;
  });

  return {
    size: slots.length,
    runAll(tasks, onResult) {
      return new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        const source = tasks[Symbol.iterator]();
        let next = 0;
        let inFlight = 0;
        let exhausted = false;
        let settled = false;
        const finish = (e?: Error) => {
          if (settled) return;
          settled = true;
          onMessage = undefined;
          onFailure = undefined;
          if (e) reject(e);
          else resolve();
        };
        const feed = (slot: Slot) => {
          if (exhausted) return;
          const item = source.next();
          if (item.done) {
            exhausted = true;
            return;
          }
          slot.busy = true;
          inFlight++;
          const msg: ToWorker<T> = { kind: 'task', id: next++, task: item.value };
          slot.worker.postMessage(msg);
        };
        onFailure = (e) => finish(e);
        onMessage = (slot, msg) => {
          slot.busy = false;
          inFlight--;
          if (msg.kind === 'failed') return finish(new Error(`task ${msg.id} failed in a worker: ${msg.message}`));
          try {
            onResult(msg.result, msg.id);
            feed(slot);
          } catch (e) {
            return finish(e as Error);
          }
          if (exhausted && inFlight === 0) finish();
        };
        try {
          for (const slot of slots) feed(slot);
        } catch (e) {
          return finish(e as Error);
        }
        if (exhausted && inFlight === 0) finish();
      });
    },
    async close() {
      closing = true;
      onMessage = undefined;
      for (const slot of slots) {
        if (slot.exitCode !== undefined) continue;
        if (slot.busy) void slot.worker.terminate();
        else slot.worker.postMessage({ kind: 'close' } satisfies ToWorker<T>);
      }
      const timer = setTimeout(() => slots.forEach((s) => void s.worker.terminate()), CLOSE_GRACE_MS);
      try {
        return await Promise.all(slots.map((s) => s.exited));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
