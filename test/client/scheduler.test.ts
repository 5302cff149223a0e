import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunScheduler } from '../../src/client/scheduler.ts';

/** A run function whose calls resolve only when the test says so. */
function manualRuns() {
  const calls: { req: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = (req: number) =>
    new Promise<string>((resolve, reject) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const done =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          inFlight--;
          f(x);
        };
      calls.push({ req, resolve: done(resolve), reject: done(reject) });
    });
  return { run, calls, maxInFlight: () => maxInFlight };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('latest-wins scheduler', () => {
  it('delivers the result of a lone request', async () => {
    const m = manualRuns();
    const got: string[] = [];
    const s = createRunScheduler(m.run, { onResult: (r) => got.push(r), onError: () => {} });
    s.request(1);
    m.calls[0]!.resolve('one');
    await flush();
    expect(got).toEqual(['one']);
    expect(s.busy).toBe(false);
  });

  it('keeps one run in flight and drops superseded pending requests unrun', async () => {
    const m = manualRuns();
    const got: string[] = [];
    const s = createRunScheduler(m.run, { onResult: (r) => got.push(r), onError: () => {} });
    s.request(1);
    s.request(2);
    s.request(3);
    s.request(4);
    expect(m.calls.map((c) => c.req)).toEqual([1]);
    m.calls[0]!.resolve('one');
    await flush();
    expect(m.calls.map((c) => c.req)).toEqual([1, 4]);
    m.calls[1]!.resolve('four');
    await flush();
    expect(got).toEqual(['one', 'four']);
    expect(m.maxInFlight()).toBe(1);
  });

  it('delivers the newest finished run while a newer request waits, then the newest', async () => {
    const m = manualRuns();
    const got: string[] = [];
    const busy: boolean[] = [];
    const s = createRunScheduler(m.run, {
      onResult: (r) => got.push(r),
      onError: () => {},
      onBusy: (b) => busy.push(b),
    });
    s.request(1);
    s.request(2);
    m.calls[0]!.resolve('one');
    await flush();
    expect(got).toEqual(['one']);
    expect(busy).toEqual([true, true]);
    m.calls[1]!.resolve('two');
    await flush();
    expect(got).toEqual(['one', 'two']);
    expect(busy).toEqual([true, true, false]);
  });

  it('redraws at the pace of the runs during a drag: 25 inputs 40 ms apart, runs of 150 ms', async () => {
    vi.useFakeTimers();
    try {
      const got: number[] = [];
      const run = (req: number) => new Promise<number>((resolve) => setTimeout(() => resolve(req), 150));
      const s = createRunScheduler(run, { onResult: (r) => got.push(r), onError: () => {} }, { now: () => Date.now() });
      for (let i = 1; i <= 25; i++) {
        s.request(i);
        await vi.advanceTimersByTimeAsync(40);
      }
      await vi.advanceTimersByTimeAsync(1000);
      expect(got.length).toBeGreaterThanOrEqual(6);
      expect(got.at(-1)).toBe(25);
      expect([...got].sort((a, b) => a - b)).toEqual(got);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failed run only when it is the latest, and keeps going after it', async () => {
    const m = manualRuns();
    const errors: unknown[] = [];
    const got: string[] = [];
    const s = createRunScheduler(m.run, { onResult: (r) => got.push(r), onError: (e) => errors.push(e) });
    s.request(1);
    m.calls[0]!.reject(new Error('worker died'));
    await flush();
    expect(errors).toHaveLength(1);
    s.request(2);
    m.calls[1]!.resolve('two');
    await flush();
    expect(got).toEqual(['two']);
  });

  it('aborts the run in flight and drops the pending one after cancel', async () => {
    const m = manualRuns();
    const got: string[] = [];
    const busy: boolean[] = [];
    const s = createRunScheduler(m.run, {
      onResult: (r) => got.push(r),
      onError: () => {},
      onBusy: (b) => busy.push(b),
    });
    s.request(1);
    s.request(2);
    s.cancel();
    m.calls[0]!.resolve('one');
    await flush();
    expect(m.calls).toHaveLength(1);
    expect(got).toEqual([]);
    expect(busy).toEqual([true, false]);
  });

  it('turns a synchronous throw of the run function into an error', async () => {
    const errors: unknown[] = [];
    const s = createRunScheduler<number, string>(
      () => {
        throw new Error('boom');
      },
      { onResult: () => {}, onError: (e) => errors.push(e) },
    );
    s.request(1);
    await flush();
    expect((errors[0] as Error).message).toBe('boom');
  });
});

/** Runs that never finish unless told, each with its abort signal, on a clock the test moves. */
function abortableRuns() {
  const calls: { req: number; signal: AbortSignal; resolve: (v: string) => void }[] = [];
  const run = (req: number, signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      calls.push({ req, signal, resolve });
    });
  return { run, calls };
}

describe('scheduler: superseded runs are aborted, not waited for', () => {
  const setup = () => {
    vi.useFakeTimers();
    const m = abortableRuns();
    const got: string[] = [];
    const errors: unknown[] = [];
    const busy: boolean[] = [];
    const s = createRunScheduler(
      m.run,
      { onResult: (r) => got.push(r), onError: (e) => errors.push(e), onBusy: (b) => busy.push(b) },
      { abortAfterMs: 1000, maxPatienceMs: 4000, now: () => Date.now() },
    );
    return { m, got, errors, busy, s };
  };
  const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  afterEach(() => vi.useRealTimers());

  it('lets the newest request run as long as it takes', async () => {
    const { m, s } = setup();
    s.request(1);
    await advance(60_000);
    expect(m.calls[0]!.signal.aborted).toBe(false);
    expect(s.busy).toBe(true);
  });

  it('aborts a run older than its patience at once when a newer request comes, and starts that one', async () => {
    const { m, got, s } = setup();
    s.request(1);
    await advance(1500);
    s.request(2);
    expect(m.calls[0]!.signal.aborted).toBe(true);
    expect((m.calls[0]!.signal.reason as DOMException).name).toBe('AbortError');
    expect(m.calls.map((c) => c.req)).toEqual([1, 2]);
    m.calls[0]!.resolve('late');
    m.calls[1]!.resolve('two');
    await advance(0);
    expect(got).toEqual(['two']);
  });

  it('lets a young superseded run go on until its patience runs out, then aborts it', async () => {
    const { m, s } = setup();
    s.request(1);
    await advance(200);
    s.request(2);
    expect(m.calls[0]!.signal.aborted).toBe(false);
    await advance(799);
    expect(m.calls).toHaveLength(1);
    await advance(1);
    expect(m.calls[0]!.signal.aborted).toBe(true);
    expect(m.calls.map((c) => c.req)).toEqual([1, 2]);
  });

  it('gives a superseded run twice the last run’s duration, at most maxPatienceMs', async () => {
    const { m, s } = setup();
    s.request(1);
    await advance(1500);
    m.calls[0]!.resolve('one');
    await advance(0);
    s.request(2);
    s.request(3);
    await advance(2999);
    expect(m.calls[1]!.signal.aborted).toBe(false);
    await advance(1);
    expect(m.calls[1]!.signal.aborted).toBe(true);
    expect(m.calls.map((c) => c.req)).toEqual([1, 2, 3]);
    await advance(2500);
    m.calls[2]!.resolve('three');
    await advance(0);
    s.request(4);
    s.request(5);
    await advance(3999);
    expect(m.calls[3]!.signal.aborted).toBe(false);
    await advance(1);
    expect(m.calls[3]!.signal.aborted).toBe(true);
  });

  it('aborts at once a superseded run expected to outlast its patience, and waits for one expected to end sooner', async () => {
    vi.useFakeTimers();
    const m = abortableRuns();
    // Requests above 100 are expected to take that many ms; the others are not estimated.
    const s = createRunScheduler(
      m.run,
      { onResult: () => {}, onError: () => {} },
      { abortAfterMs: 1000, maxPatienceMs: 4000, now: () => Date.now(), expectedMs: (r) => (r > 100 ? r : undefined) },
    );
    s.request(10_000);
    await advance(100);
    s.request(1);
    expect(m.calls[0]!.signal.aborted).toBe(true);
    expect(m.calls.map((c) => c.req)).toEqual([10_000, 1]);
    s.request(900);
    expect(m.calls[1]!.signal.aborted).toBe(false);
    m.calls[1]!.resolve('one');
    await advance(0);
    expect(m.calls.map((c) => c.req)).toEqual([10_000, 1, 900]);
    s.request(2);
    await advance(999);
    expect(m.calls[2]!.signal.aborted).toBe(false);
    await advance(1);
    expect(m.calls[2]!.signal.aborted).toBe(true);
  });

  it('after cancel, aborts the run in flight at once and delivers nothing of it', async () => {
    const { m, got, busy, s } = setup();
    s.request(1);
    await advance(100);
    s.cancel();
    expect(m.calls[0]!.signal.aborted).toBe(true);
    expect(busy).toEqual([true, false]);
    m.calls[0]!.resolve('one');
    await advance(0);
    expect(got).toEqual([]);
    s.request(2);
    m.calls[1]!.resolve('two');
    await advance(0);
    expect(got).toEqual(['two']);
  });

  it('reports no error for an aborted run, nor for one a newer request superseded', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    const got: string[] = [];
    const rejects: ((e: Error) => void)[] = [];
    const s = createRunScheduler<number, string>(
      (req, signal) =>
        new Promise((resolve, reject) => {
          rejects.push(reject);
          signal.addEventListener('abort', () => reject(signal.reason));
          if (req === 3) resolve('three');
        }),
      { onResult: (r) => got.push(r), onError: (e) => errors.push(e) },
      { now: () => Date.now() },
    );
    s.request(1);
    await advance(2000);
    s.request(2);
    s.request(3);
    rejects[1]!(new Error('worker died'));
    await advance(0);
    expect(errors).toEqual([]);
    expect(got).toEqual(['three']);
  });
});
