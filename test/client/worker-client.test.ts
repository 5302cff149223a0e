import { describe, expect, it } from 'vitest';
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

describe('worker client', () => {
  it('rejects the calls in flight when the worker dies, and starts a fresh worker for the next call', async () => {
    const spawned: SilentWorker[] = [];
    const client = createWorkerClient(() => {
      const w = new SilentWorker();
      spawned.push(w);
      return w as unknown as Worker;
    });
    const first = client.run({ presetId: 'x' });
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.posted).toBe(1);
    spawned[0]!.die();
    await expect(first).rejects.toThrow(/engine worker stopped/);
    expect(spawned[0]!.terminated).toBe(true);
    void client.run({ presetId: 'x' }).catch(() => {});
    expect(spawned).toHaveLength(2);
    client.dispose();
    expect(spawned[1]!.terminated).toBe(true);
  });
});
