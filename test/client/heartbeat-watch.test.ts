import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerHeartbeat, heartbeatMessage, heartbeatSignal } from '../../src/bridge/heartbeat.ts';
import { type HeartbeatTiming, watchHeartbeat } from '../../src/client/heartbeat-watch.ts';

const TIMING: HeartbeatTiming = { intervalMs: 200, silenceMs: 1200, busySilenceMs: 5000, startupMs: 10_000 };

/** A worker as the watch sees it: the test says when it speaks; pings are counted. */
class FakeWorker {
  pings = 0;
  private listeners: (() => void)[] = [];
  addEventListener(_type: 'message', listener: () => void): void {
    this.listeners.push(listener);
  }
  removeEventListener(_type: 'message', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  postMessage(message: unknown): void {
    if (heartbeatSignal(message) === 'ping') this.pings++;
  }
  speak(): void {
    for (const l of this.listeners) l();
  }
}

/** Starts a watch on the fake clock; `busy` is read by the watch at each tick. */
function watch(options: { busy?: () => boolean } = {}) {
  vi.useFakeTimers();
  const worker = new FakeWorker();
  const verdicts: number[] = [];
  const w = watchHeartbeat(
    worker,
    options.busy ?? (() => false),
    (ms) => verdicts.push(ms),
    TIMING,
    () => Date.now(),
  );
  return { worker, verdicts, w };
}

afterEach(() => vi.useRealTimers());

describe('heartbeat watch', () => {
  it('judges an idle worker dead within interval + silence + interval of its last word', async () => {
    const { worker, verdicts, w } = watch();
    worker.speak();
    expect(w.heard).toBe(true);
    await vi.advanceTimersByTimeAsync(TIMING.intervalMs + TIMING.silenceMs + TIMING.intervalMs);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toBeGreaterThanOrEqual(TIMING.silenceMs);
    expect(worker.pings).toBeGreaterThan(0);
  });

  it('keeps a worker that answers its pings, for as long as it answers', async () => {
    const { worker, verdicts } = watch();
    worker.speak();
    for (let i = 0; i < 100; i++) {
      await vi.advanceTimersByTimeAsync(TIMING.intervalMs);
      worker.speak();
    }
    expect(verdicts).toEqual([]);
  });

  it('gives a worker that has not loaded yet startupMs, and a busy one busySilenceMs, without pinging it', async () => {
    const quiet = watch();
    await vi.advanceTimersByTimeAsync(TIMING.startupMs - TIMING.intervalMs);
    expect(quiet.verdicts).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * TIMING.intervalMs);
    expect(quiet.verdicts).toHaveLength(1);
    vi.useRealTimers();

    const busy = watch({ busy: () => true });
    busy.worker.speak();
    await vi.advanceTimersByTimeAsync(TIMING.busySilenceMs - TIMING.intervalMs);
    expect(busy.verdicts).toEqual([]);
    expect(busy.worker.pings).toBe(0);
    await vi.advanceTimersByTimeAsync(3 * TIMING.intervalMs);
    expect(busy.verdicts).toHaveLength(1);
  });

  it('keeps the idle silence for a ping left unanswered when a call starts after it', async () => {
    let busy = false;
    const { worker, verdicts } = watch({ busy: () => busy });
    worker.speak();
    await vi.advanceTimersByTimeAsync(TIMING.intervalMs);
    expect(worker.pings).toBe(1);
    busy = true;
    await vi.advanceTimersByTimeAsync(TIMING.silenceMs + TIMING.intervalMs);
    expect(verdicts).toHaveLength(1);
  });

  it('does not judge across a stall of the page’s own thread: the probe starts over', async () => {
    const { worker, verdicts } = watch();
    worker.speak();
    await vi.advanceTimersByTimeAsync(TIMING.intervalMs);
    // The page's thread is held up for longer than the silence allowed: the worker's answer may wait behind it.
    vi.setSystemTime(Date.now() + 2 * TIMING.silenceMs);
    await vi.advanceTimersByTimeAsync(TIMING.intervalMs);
    expect(verdicts).toEqual([]);
    worker.speak();
    await vi.advanceTimersByTimeAsync(TIMING.intervalMs);
    expect(verdicts).toEqual([]);
  });

  it('stops watching when told', async () => {
    const { verdicts, w } = watch();
    w.stop();
    await vi.advanceTimersByTimeAsync(2 * TIMING.startupMs);
    expect(verdicts).toEqual([]);
  });
});

describe('heartbeat in the worker', () => {
  it('says hello, answers pings with pongs, and beats at most once per 100 ms', () => {
    let t = 0;
    const posted: unknown[] = [];
    let onMessage: (e: MessageEvent) => void = () => {};
    const beat = answerHeartbeat(
      { addEventListener: (_type, l) => (onMessage = l), postMessage: (m) => posted.push(m) },
      () => t,
    );
    expect(posted).toEqual([heartbeatMessage('hello')]);
    onMessage(new MessageEvent('message', { data: heartbeatMessage('ping') }));
    onMessage(new MessageEvent('message', { data: { id: 'comlink-call', type: 'APPLY' } }));
    expect(posted.slice(1)).toEqual([heartbeatMessage('pong')]);
    for (t = 0; t < 1000; t += 10) beat();
    expect(posted.slice(2)).toHaveLength(10);
    expect(posted.slice(2).every((m) => heartbeatSignal(m) === 'beat')).toBe(true);
  });
});
