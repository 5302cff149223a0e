import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi, RunRequest, RunResponse } from '../../src/bridge/protocol.ts';
import { answerHeartbeat } from '../../src/bridge/heartbeat.ts';
import { STANDBY_AFTER_MS, createWorkerClient } from '../../src/client/worker-client.ts';

/** A worker that never answers, and can be made to die. */
class SilentWorker extends EventTarget {
  terminated = false;
  posted = 0;
  postMessage(): void {
    this.posted++;
  }
  terminate(): void {
    this.terminated = true;
  }
  die(): void {
    this.dispatchEvent(new Event('error'));
  }
}

/**
 * A worker that answers through comlink over a MessageChannel, exposing `api`, and answers the heartbeat as
 * workers/engine.worker.ts does; `close()` makes it fall silent as `self.close()` does (no event, no answer).
 */
class ComlinkWorker extends EventTarget {
  terminated = false;
  closed = false;
  readonly beat: () => void;
  private readonly port: MessagePort;
  constructor(api: EngineApi | ((beat: () => void) => EngineApi)) {
    super();
    const channel = new MessageChannel();
    const inner = channel.port2;
    this.beat = answerHeartbeat({
      addEventListener: (type, listener) => inner.addEventListener(type, listener),
      postMessage: (m) => !this.closed && inner.postMessage(m),
    });
    expose(typeof api === 'function' ? api(() => this.beat()) : api, inner);
    this.port = channel.port1;
    this.port.addEventListener('message', (e) => {
      if (!this.closed && !this.terminated) this.dispatchEvent(new MessageEvent('message', { data: e.data }));
    });
    this.port.start();
    open.push(channel);
  }
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated && !this.closed) this.port.postMessage(message, transfer);
  }
  terminate(): void {
    this.terminated = true;
  }
  close(): void {
    this.closed = true;
  }
}

const open: MessageChannel[] = [];
afterEach(() => {
  for (const c of open.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

const answer = (request: RunRequest): RunResponse => ({
  ok: false,
  problems: [{ path: 'echo', message: String(request.presetId) }],
});

/** Spawns the workers of `makers` in turn, recording them. */
function spawner(makers: (() => EventTarget)[]) {
  const spawned: EventTarget[] = [];
  const spawn = () => {
    const make = makers[spawned.length];
    if (!make) throw new Error('no more workers');
    const w = make();
    spawned.push(w);
    return w as unknown as Worker;
  };
  return { spawned, spawn };
}

describe('worker client', () => {
  it('retries a call on a fresh worker when its worker dies, and says it restarted', async () => {
    const restarts: string[] = [];
    const { spawned, spawn } = spawner([() => new SilentWorker(), () => new ComlinkWorker({ run: answer })]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: false });
    const first = client.run({ presetId: 'a' });
    await Promise.resolve();
    const silent = spawned[0] as SilentWorker;
    expect(silent.posted).toBe(1);
    silent.die();
    await expect(first).resolves.toEqual(answer({ presetId: 'a' }));
    expect(silent.terminated).toBe(true);
    expect(spawned).toHaveLength(2);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatch(/engine worker stopped \(error\); a fresh engine worker takes over/);
    await expect(client.run({ presetId: 'b' })).resolves.toEqual(answer({ presetId: 'b' }));
    expect(spawned).toHaveLength(2);
    client.dispose();
    expect((spawned[1] as ComlinkWorker).terminated).toBe(true);
  });

  it('rejects when the fresh worker dies too, and keeps working on the next call', async () => {
    const { spawned, spawn } = spawner([
      () => new SilentWorker(),
      () => new SilentWorker(),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { heartbeat: false });
    const first = client.run({ presetId: 'a' });
    await Promise.resolve();
    (spawned[0] as SilentWorker).die();
    await expect.poll(() => spawned.length).toBe(2);
    (spawned[1] as SilentWorker).die();
    await expect(first).rejects.toThrow(/engine worker stopped/);
    await expect(client.run({ presetId: 'c' })).resolves.toEqual(answer({ presetId: 'c' }));
    client.dispose();
  });

  it('replaces a worker whose call rejected, without retrying that call', async () => {
    const restarts: string[] = [];
    const throwing: EngineApi = {
      run() {
        throw new Error('boom inside the worker');
      },
    };
    const { spawned, spawn } = spawner([() => new ComlinkWorker(throwing), () => new ComlinkWorker({ run: answer })]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: false });
    await expect(client.run({ presetId: 'a' })).rejects.toThrow(/boom inside the worker/);
    expect((spawned[0] as ComlinkWorker).terminated).toBe(true);
    // The failed worker had loaded, so its successor starts at once, ready for the next call.
    expect(spawned).toHaveLength(2);
    expect(restarts[0]).toMatch(/engine failed \(boom inside the worker\)/);
    await expect(client.run({ presetId: 'b' })).resolves.toEqual(answer({ presetId: 'b' }));
    expect(spawned).toHaveLength(2);
    client.dispose();
  });

  it('rejects the calls in flight when disposed, without announcing a restart', async () => {
    const restarts: string[] = [];
    const { spawn } = spawner([() => new SilentWorker()]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: false });
    const call = client.run({ presetId: 'a' });
    client.dispose();
    await expect(call).rejects.toThrow(/disposed/);
    expect(restarts).toEqual([]);
  });
});

/** An API whose runs wait until released (by request id), beating while they wait when asked to. */
function heldApi() {
  const waiting = new Map<string, () => void>();
  const make =
    (beating: boolean) =>
    (beat: () => void): EngineApi => ({
      run: ((request: RunRequest) =>
        new Promise<RunResponse>((resolve) => {
          const timer = beating ? setInterval(beat, 10) : undefined;
          waiting.set(String(request.presetId), () => {
            clearInterval(timer);
            resolve(answer(request));
          });
        })) as unknown as EngineApi['run'],
    });
  return { make, started: (id: string) => waiting.has(id), release: (id: string) => waiting.get(id)?.() };
}

const FAST = { intervalMs: 20, silenceMs: 200, busySilenceMs: 300, startupMs: 1000 };

describe('worker client: aborts', () => {
  it('drops an aborted call that is still queued, without touching the worker running another', async () => {
    const held = heldApi();
    const { spawned, spawn } = spawner([() => new ComlinkWorker(held.make(false)(() => {}))]);
    const client = createWorkerClient(spawn, { heartbeat: false });
    const first = client.run({ presetId: 'a' });
    const controller = new AbortController();
    const second = client.run({ presetId: 'b' }, controller.signal);
    controller.abort(new DOMException('superseded', 'AbortError'));
    await expect(second).rejects.toThrow(/superseded/);
    await expect.poll(() => held.started('a')).toBe(true);
    held.release('a');
    await expect(first).resolves.toEqual(answer({ presetId: 'a' }));
    expect(held.started('b')).toBe(false);
    expect(spawned).toHaveLength(1);
    expect((spawned[0] as ComlinkWorker).terminated).toBe(false);
    client.dispose();
  });

  it('terminates the worker running an aborted call, quietly, and runs the next call on a fresh one', async () => {
    const restarts: string[] = [];
    const held = heldApi();
    const { spawned, spawn } = spawner([
      () => new ComlinkWorker(held.make(false)(() => {})),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: false });
    const controller = new AbortController();
    const long = client.run({ presetId: 'long' }, controller.signal);
    const next = client.run({ presetId: 'next' });
    await expect.poll(() => held.started('long')).toBe(true);
    controller.abort(new DOMException('superseded', 'AbortError'));
    await expect(long).rejects.toThrow(/superseded/);
    expect((spawned[0] as ComlinkWorker).terminated).toBe(true);
    await expect(next).resolves.toEqual(answer({ presetId: 'next' }));
    expect(spawned).toHaveLength(2);
    expect(restarts).toEqual([]);
    client.dispose();
  });

  it('refuses a call whose signal is already aborted', async () => {
    const { spawned, spawn } = spawner([]);
    const client = createWorkerClient(spawn, { heartbeat: false });
    await expect(client.run({ presetId: 'a' }, AbortSignal.abort(new Error('too late')))).rejects.toThrow(/too late/);
    expect(spawned).toHaveLength(0);
  });
});

describe('worker client: heartbeat', () => {
  it('replaces an idle worker that closed itself, says so, and runs the next call on its successor', async () => {
    const restarts: string[] = [];
    const { spawned, spawn } = spawner([
      () => new ComlinkWorker({ run: answer }),
      () => new ComlinkWorker({ run: answer }),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: FAST });
    await expect(client.run({ presetId: 'a' })).resolves.toEqual(answer({ presetId: 'a' }));
    // Idle after a run: a standby has loaded beside the worker in service.
    expect(spawned).toHaveLength(2);
    (spawned[0] as ComlinkWorker).close();
    await expect.poll(() => (spawned[0] as ComlinkWorker).terminated, { timeout: 2000 }).toBe(true);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]).toMatch(
      /engine worker stopped answering \(silent for 0\.\d s\); a fresh engine worker takes over/,
    );
    await expect(client.run({ presetId: 'b' })).resolves.toEqual(answer({ presetId: 'b' }));
    client.dispose();
  });

  it('replaces a worker that hangs in the middle of a run and retries the run on its successor', async () => {
    const restarts: string[] = [];
    const held = heldApi();
    const { spawned, spawn } = spawner([
      () => new ComlinkWorker(held.make(false)),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: FAST });
    const call = client.run({ presetId: 'a' });
    await expect(call).resolves.toEqual(answer({ presetId: 'a' }));
    expect((spawned[0] as ComlinkWorker).terminated).toBe(true);
    expect(restarts).toHaveLength(1);
    client.dispose();
  });

  it('keeps a worker that beats through a run far longer than the silence allowed', async () => {
    const restarts: string[] = [];
    const held = heldApi();
    const { spawned, spawn } = spawner([() => new ComlinkWorker(held.make(true)), () => new SilentWorker()]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r), heartbeat: FAST });
    const call = client.run({ presetId: 'long' });
    await new Promise((r) => setTimeout(r, 4 * FAST.busySilenceMs));
    held.release('long');
    await expect(call).resolves.toEqual(answer({ presetId: 'long' }));
    expect((spawned[0] as ComlinkWorker).terminated).toBe(false);
    expect(restarts).toEqual([]);
    client.dispose();
  });
});

describe('worker client: standby', () => {
  it('loads a standby worker once a run has taken STANDBY_AFTER_MS, and moves to it when that run is aborted', async () => {
    const held = heldApi();
    const { spawned, spawn } = spawner([
      () => new ComlinkWorker(held.make(false)(() => {})),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { heartbeat: false });
    const controller = new AbortController();
    const long = client.run({ presetId: 'long' }, controller.signal);
    await expect.poll(() => held.started('long')).toBe(true);
    expect(spawned).toHaveLength(1);
    await expect.poll(() => spawned.length, { timeout: 2 * STANDBY_AFTER_MS + 1000 }).toBe(2);
    controller.abort(new DOMException('superseded', 'AbortError'));
    await expect(long).rejects.toThrow(/superseded/);
    await expect(client.run({ presetId: 'next' })).resolves.toEqual(answer({ presetId: 'next' }));
    expect(spawned).toHaveLength(2);
    client.dispose();
    expect((spawned[1] as ComlinkWorker).terminated).toBe(true);
  });

  it('loads a standby when it falls idle after a run, and keeps sending calls to the worker in service', async () => {
    const held = heldApi();
    const { spawned, spawn } = spawner([
      () => new ComlinkWorker({ run: answer }),
      () => new ComlinkWorker(held.make(false)(() => {})),
      () => new ComlinkWorker({ run: answer }),
    ]);
    const client = createWorkerClient(spawn, { heartbeat: false });
    await client.run({ presetId: 'a' });
    expect(spawned).toHaveLength(2);
    // The next call still goes to the worker in service; the standby waits.
    await client.run({ presetId: 'b' });
    expect(spawned).toHaveLength(2);
    expect((spawned[1] as ComlinkWorker).terminated).toBe(false);
    client.dispose();
    expect(spawned.every((w) => (w as ComlinkWorker).terminated)).toBe(true);
  });
});
