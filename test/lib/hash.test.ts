import { describe, expect, it } from 'vitest';
import { Hasher } from '../../src/lib/hash.ts';

describe('Hasher', () => {
  it('gives the same digest for the same bytes and another for one changed bit', () => {
    const a = new Float64Array([1, 2, 3.5, -0, NaN]);
    const b = Float64Array.from(a);
    expect(new Hasher().update(a).digest()).toBe(new Hasher().update(b).digest());
    const bits = new Uint8Array(b.buffer);
    bits[5]! ^= 1;
    expect(new Hasher().update(b).digest()).not.toBe(new Hasher().update(a).digest());
  });

  it('tells apart arrays that differ only in length or in a tail byte', () => {
    const h = (xs: number[]) => new Hasher().update(Uint8Array.from(xs)).digest();
    expect(h([1, 2, 3])).not.toBe(h([1, 2, 3, 0]));
    expect(h([1, 2, 3, 4, 5])).not.toBe(h([1, 2, 3, 4, 6]));
    expect(h([])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('feels a change in any word, whichever pair of lanes it goes to, and the order of words', () => {
    // Nine words: pairs a to d twice over, then one left over (mixed into pair a).
    const base = Uint32Array.from({ length: 9 }, (_, i) => 0x01000193 * (i + 1));
    const digest = (u: Uint32Array) => new Hasher().update(u).digest();
    const seen = new Set([digest(base)]);
    for (let i = 0; i < base.length; i++) {
      const changed = base.slice();
      changed[i]! ^= 1 << (i * 3);
      seen.add(digest(changed));
    }
    const swapped = base.slice();
    [swapped[0], swapped[4]] = [swapped[4]!, swapped[0]!];
    seen.add(digest(swapped));
    expect(seen.size).toBe(base.length + 2);
  });

  it('reads unaligned views the same as aligned copies', () => {
    const base = Uint8Array.from({ length: 41 }, (_, i) => (i * 37) & 255);
    const unaligned = base.subarray(1);
    const copy = Uint8Array.from(unaligned);
    expect(new Hasher().update(unaligned).digest()).toBe(new Hasher().update(copy).digest());
  });
});
