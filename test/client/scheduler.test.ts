import { describe, expect, it } from 'vitest';
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
    expect(got).toEqual(['four']);
    expect(m.maxInFlight()).toBe(1);
  });

  it('never delivers a stale result, even one that finishes after a newer request was made', async () => {
    const m = manualRuns();
    const got: string[] = [];
    const s = createRunScheduler(m.run, { onResult: (r) => got.push(r), onError: () => {} });
    s.request(1);
    s.request(2);
    m.calls[0]!.resolve('stale');
    await flush();
    expect(got).toEqual([]);
    m.calls[1]!.resolve('fresh');
    await flush();
    expect(got).toEqual(['fresh']);
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

  it('ignores the run in flight and drops the pending one after cancel', async () => {
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
