import { describe, expect, it } from 'vitest';
import { Hasher } from '../../src/lib/hash.ts';
import type { RunBuffers, RunEvent } from '../../src/results/contract.ts';
import { hashResult } from '../../src/results/result-hash.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

/** A deep copy of a result's buffers. */
const copyBuffers = (b: RunBuffers): RunBuffers =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.slice()])) as unknown as RunBuffers;

/** Writes a NaN with the given 64-bit pattern at `i`. */
function setNaN64(a: Float64Array, i: number, hi: number, lo: number): void {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  u[2 * i] = lo;
  u[2 * i + 1] = hi;
}

describe('hashResult', () => {
  const { buffers, events } = makeFakeResult();
  const base = hashResult(buffers, events);
  const nanAt = buffers.floor.findIndex((v) => v !== v);
  const zeroAt = buffers.unmet.indexOf(0);
  const zero32At = buffers.facOutput.indexOf(0);

  it('gives equal results one hash whatever the bit pattern of their NaNs', () => {
    expect(nanAt).toBeGreaterThanOrEqual(0);
    for (const [hi, lo] of [
      [0xfff80000, 0], // the sign bit set: what x86 arithmetic produces for 0/0
      [0x7ff80000, 1], // a payload
      [0x7ff00000, 1], // a signalling NaN
    ]) {
      const b = copyBuffers(buffers);
      setNaN64(b.floor, nanAt, hi!, lo!);
      expect(Number.isNaN(b.floor[nanAt])).toBe(true);
      expect(hashResult(b, events)).toBe(base);
    }
    const b = copyBuffers(buffers);
    new Uint32Array(b.facCost.buffer)[0] = 0xffc00001; // a float32 NaN with sign and payload
    const c = copyBuffers(buffers);
    c.facCost[0] = NaN;
    expect(hashResult(b, events)).toBe(hashResult(c, events));
  });

  it('hashes −0 as +0, in float64 and float32 buffers', () => {
    expect(zeroAt).toBeGreaterThanOrEqual(0);
    expect(zero32At).toBeGreaterThanOrEqual(0);
    const b = copyBuffers(buffers);
    b.unmet[zeroAt] = -0;
    b.facOutput[zero32At] = -0;
    expect(hashResult(b, events)).toBe(base);
  });

  it('leaves the buffers it hashes as they were', () => {
    const b = copyBuffers(buffers);
    b.unmet[zeroAt] = -0;
    setNaN64(b.floor, nanAt, 0xfff80000, 0);
    const before = new Uint8Array(b.floor.buffer).slice();
    hashResult(b, events);
    expect(Object.is(b.unmet[zeroAt], -0)).toBe(true);
    expect(new Uint8Array(b.floor.buffer)).toEqual(before);
  });

  it('still tells apart results that differ in one number, one buffer or one event', () => {
    const b = copyBuffers(buffers);
    b.unmet[zeroAt] = Number.MIN_VALUE;
    expect(hashResult(b, events)).not.toBe(base);
    const moved: RunEvent[] = events.map((e, i) => (i === 0 ? { ...e, month: e.month + 1 } : e));
    expect(hashResult(buffers, moved)).not.toBe(base);
    const f = copyBuffers(buffers);
    f.facState[0]! ^= 1;
    expect(hashResult(f, events)).not.toBe(base);
  });

  it('is unchanged for results with only canonical NaN and no −0: the raw bytes, key by key, then the events', () => {
    const h = new Hasher();
    for (const key of Object.keys(buffers).sort()) {
      h.updateString(key);
      h.update(buffers[key as keyof RunBuffers]);
    }
    h.updateString(events.map((e) => `${e.month}|${e.type}|${e.agent}|${e.country}|${e.rule}|${e.detail}\n`).join(''));
    expect(base).toBe(h.digest());
  });
});
