import { describe, expect, it } from 'vitest';
import { type PoolListener, type PoolWorker, createWorkerPool, defaultPoolSize } from '../../src/client/pool.ts';

/** A fake worker: each call waits until the test answers it (or kills the worker). */
class FakeWorker implements PoolWorker<string, string> {
  calls: { task: string; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  terminated = false;
  constructor(readonly id: number) {}
  run(task: string): Promise<string> {
    if (this.terminated) throw new Error('run on a terminated worker');
    return new Promise((resolve, reject) => this.calls.push({ task, resolve, reject }));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the oldest call still waiting. */
  answer(): void {
    const c = this.calls.shift()!;
    c.resolve(`done:${c.task}`);
  }
  die(): void {
    this.calls.shift()!.reject(new Error('worker died'));
  }
  get pending(): string[] {
    return this.calls.map((c) => c.task);
  }
}

function setup(size: number) {
  const spawned: FakeWorker[] = [];
  const pool = createWorkerPool<string, string>({
    size,
    spawn: () => {
      const w = new FakeWorker(spawned.length);
      spawned.push(w);
      return w;
    },
    idleMs: Infinity,
  });
  return { pool, spawned };
}

function recorder() {
  const results: string[] = [];
  const errors: string[] = [];
  let done = 0;
  const listener: PoolListener<string, string> = {
    onResult: (out) => results.push(out),
    onError: (_e, task) => errors.push(task),
    onDone: () => done++,
  };
  return { listener, results, errors, done: () => done };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('worker pool', () => {
  it("sizes itself to the cores but the page's own from three cores up, to every core on one or two", () => {
    expect(defaultPoolSize(8)).toBe(7);
    expect(defaultPoolSize(3)).toBe(2);
    expect(defaultPoolSize(2)).toBe(2);
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(0)).toBe(2);
    expect(defaultPoolSize(undefined)).toBe(2);
  });

  it('sends tasks in order, each to the next free worker, and reports them as they finish', async () => {
    const { pool, spawned } = setup(2);
    const r = recorder();
    pool.start(['a', 'b', 'c', 'd', 'e'], r.listener);
    expect(spawned).toHaveLength(2);
    expect(spawned.map((w) => w.pending)).toEqual([['a'], ['b']]);
    spawned[1]!.answer();
    await tick();
    expect(r.results).toEqual(['done:b']);
    expect(spawned[1]!.pending).toEqual(['c']);
    spawned[0]!.answer();
    await tick();
    expect(spawned[0]!.pending).toEqual(['d']);
    spawned[1]!.answer();
    await tick();
    expect(spawned[1]!.pending).toEqual(['e']);
    spawned[0]!.answer();
    spawned[1]!.answer();
    await tick();
    expect(r.results).toEqual(['done:b', 'done:a', 'done:c', 'done:d', 'done:e']);
    expect(r.done()).toBe(1);
    expect(spawned).toHaveLength(2);
    expect(pool.busy).toBe(0);
  });

  it('spawns no more workers than there are tasks', () => {
    const { pool, spawned } = setup(4);
    pool.start(['only'], recorder().listener);
    expect(spawned).toHaveLength(1);
  });

  it('stop() cancels the job and terminates every worker: none is left running, late answers are ignored', async () => {
    const { pool, spawned } = setup(3);
    const r = recorder();
    pool.start(['a', 'b', 'c', 'd', 'e', 'f'], r.listener);
    spawned[0]!.answer();
    await tick();
    expect(r.results).toEqual(['done:a']);
    pool.stop();
    expect(pool.workers).toBe(0);
    expect(spawned.every((w) => w.terminated)).toBe(true);
    // Whatever a terminated worker still says is dropped, and nothing more is sent.
    for (const w of spawned) while (w.calls.length) w.answer();
    await tick();
    expect(r.results).toEqual(['done:a']);
    expect(spawned).toHaveLength(3);
    // The next job starts fresh workers.
    const next = recorder();
    pool.start(['x'], next.listener);
    expect(spawned).toHaveLength(4);
    spawned[3]!.answer();
    await tick();
    expect(next.results).toEqual(['done:x']);
  });

  it('a newer job cancels the running one: its in-flight results are dropped and its other tasks never sent', async () => {
    const { pool, spawned } = setup(2);
    const old = recorder();
    const first = pool.start(['a1', 'a2', 'a3', 'a4'], old.listener);
    const newer = recorder();
    pool.start(['b1', 'b2'], newer.listener);
    expect(first.active).toBe(false);
    // Both workers are still busy with a1 and a2: the new job waits for them, then takes them over.
    expect(spawned).toHaveLength(2);
    spawned[0]!.answer();
    await tick();
    expect(old.results).toEqual([]);
    expect(spawned[0]!.pending).toEqual(['b1']);
    spawned[1]!.answer();
    await tick();
    expect(spawned[1]!.pending).toEqual(['b2']);
    spawned[0]!.answer();
    spawned[1]!.answer();
    await tick();
    expect(newer.results).toEqual(['done:b1', 'done:b2']);
    expect(old.results).toEqual([]);
    expect(old.done()).toBe(0);
    expect(spawned.flatMap((w) => w.pending)).toEqual([]);
  });

  it('a cancelled job sends nothing more, and its workers stay up for the next job', async () => {
    const { pool, spawned } = setup(1);
    const r = recorder();
    const job = pool.start(['a', 'b'], r.listener);
    job.cancel();
    spawned[0]!.answer();
    await tick();
    expect(r.results).toEqual([]);
    expect(spawned[0]!.pending).toEqual([]);
    expect(pool.workers).toBe(1);
  });

  it('replaces a worker that dies, reports its task, and goes on with the rest', async () => {
    const { pool, spawned } = setup(1);
    const r = recorder();
    pool.start(['a', 'b'], r.listener);
    spawned[0]!.die();
    await tick();
    expect(r.errors).toEqual(['a']);
    expect(spawned[0]!.terminated).toBe(true);
    expect(spawned).toHaveLength(2);
    expect(spawned[1]!.pending).toEqual(['b']);
    spawned[1]!.answer();
    await tick();
    expect(r.results).toEqual(['done:b']);
    expect(pool.workers).toBe(1);
  });

  it('terminates idle workers after idleMs', async () => {
    const spawned: FakeWorker[] = [];
    const pool = createWorkerPool<string, string>({
      size: 2,
      idleMs: 5,
      spawn: () => {
        const w = new FakeWorker(spawned.length);
        spawned.push(w);
        return w;
      },
    });
    pool.start(['a', 'b'], recorder().listener);
    spawned.forEach((w) => w.answer());
    await tick();
    expect(pool.workers).toBe(2);
    await new Promise((r) => setTimeout(r, 30));
    expect(pool.workers).toBe(0);
    expect(spawned.every((w) => w.terminated)).toBe(true);
  });
});
