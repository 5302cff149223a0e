import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineApi, RunRequest, RunResponse } from '../../src/bridge/protocol.ts';
import { createWorkerClient } from '../../src/client/worker-client.ts';

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

/** A worker that answers through comlink over a MessageChannel, exposing `api`. */
class ComlinkWorker extends EventTarget {
  terminated = false;
  private readonly port: MessagePort;
  constructor(api: EngineApi) {
    super();
    const channel = new MessageChannel();
    expose(api, channel.port2);
    this.port = channel.port1;
    this.port.addEventListener('message', (e) => this.dispatchEvent(new MessageEvent('message', { data: e.data })));
    this.port.start();
    open.push(channel);
  }
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.port.postMessage(message, transfer);
  }
  terminate(): void {
    this.terminated = true;
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
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r) });
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
    const client = createWorkerClient(spawn);
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
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r) });
    await expect(client.run({ presetId: 'a' })).rejects.toThrow(/boom inside the worker/);
    expect((spawned[0] as ComlinkWorker).terminated).toBe(true);
    expect(spawned).toHaveLength(1);
    expect(restarts[0]).toMatch(/engine failed \(boom inside the worker\)/);
    await expect(client.run({ presetId: 'b' })).resolves.toEqual(answer({ presetId: 'b' }));
    expect(spawned).toHaveLength(2);
    client.dispose();
  });

  it('rejects the calls in flight when disposed, without announcing a restart', async () => {
    const restarts: string[] = [];
    const { spawn } = spawner([() => new SilentWorker()]);
    const client = createWorkerClient(spawn, { onRestart: (r) => restarts.push(r) });
    const call = client.run({ presetId: 'a' });
    client.dispose();
    await expect(call).rejects.toThrow(/disposed/);
    expect(restarts).toEqual([]);
  });
});
