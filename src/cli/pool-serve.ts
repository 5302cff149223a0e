/**
 * The worker side of the pool (pool.ts): a task module calls `serveTasks` once with a function that builds its task
 * handler from the pool's shared data. Messages: `{ kind: 'task', id, task }` in, `{ kind: 'done', id, result }` or
 * `{ kind: 'failed', id, message }` out; `{ kind: 'close' }` closes the port, and the thread then exits with code 0.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What a handler returns: the result and the buffers to transfer with it (not copied). */
export interface TaskOutput<R> {
  result: R;
  transfer?: ArrayBuffer[];
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
    let transfer: ArrayBuffer[] = [];
    try {
      const out = handle(msg.task);
      reply = { kind: 'done', id: msg.id, result: out.result };
      transfer = out.transfer ?? [];
    } catch (e) {
      reply = { kind: 'failed', id: msg.id, message: (e as Error)?.stack ?? String(e) };
    }
    port.postMessage(reply, transfer);
  });
}
