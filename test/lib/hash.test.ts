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

  it('reads unaligned views the same as aligned copies', () => {
    const base = Uint8Array.from({ length: 41 }, (_, i) => (i * 37) & 255);
    const unaligned = base.subarray(1);
    const copy = Uint8Array.from(unaligned);
    expect(new Hasher().update(unaligned).digest()).toBe(new Hasher().update(copy).digest());
  });
});
