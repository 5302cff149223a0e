/**
 * The worker side of the pool (pool.ts): a task module calls `serveTasks` once with a function that builds its task
 * handler from the pool's shared data. Messages: `{ kind: 'task', id, task }` in, `{ kind: 'done', id, result }` or
 * `{ kind: 'failed', id, message }` out; `{ kind: 'close' }` closes the port, and the thread then exits with code 0.
 */
import { parentPort, workerData } from 'node:worker_threads';

/**
 * What a handler returns: the result, which is copied to the pool. Nothing is transferred: a transfer detaches its
 * buffers, and once a buffer has been detached in a thread, V8 makes the optimised code of every typed-array access
 * there check for detached buffers. Every later engine run on that thread was about 15% slower (rare-earths-2024,
 * 30.3 → 35.0 ms CPU), and `chokepoint sweep rare-earths-2024 --runs 100` took 3.83 s with the digests' monthly
 * buffers transferred, 3.35 s with them copied.
 */
export interface TaskOutput<R> {
  result: R;
}

/** Messages from the pool to a worker. */
export type ToWorker<T> = { kind: 'task'; id: number; task: T } | { kind: 'close' };
/** Messages from a worker to the pool. */
export type FromWorker<R> = { kind: 'done'; id: number; result: R } | { kind: 'failed'; id: number; message: string };

/** Serves tasks on this worker thread until the pool closes it. A task that throws is reported, not fatal. */
export function serveTasks<D, T, R>(createHandler: (data: D) => (task: T) => TaskOutput<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run in a worker thread started by the pool');
  const handle = createHandler((workerData as { data: D }).data);
  port.on('message', (msg: ToWorker<T>) => {
    if (msg.kind === 'close') {
      port.close();
      return;
    }
    let reply: FromWorker<R>;
    try {
      reply = { kind: 'done', id: msg.id, result: handle(msg.task).result };
    } catch (e) {
      reply = { kind: 'failed', id: msg.id, message: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply);
  });
}
