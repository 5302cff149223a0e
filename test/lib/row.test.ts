import { describe, expect, it } from 'vitest';
import { row } from '../../src/lib/row.ts';

describe('row', () => {
  it('builds the object its literal would: the same fields, in order, writable and enumerable', () => {
    const literal = { count: 2, values: new Float64Array([1, 2]), names: ['a', 'b'], nothing: undefined, gap: 0.5 };
    const built = row({ count: 2, values: new Float64Array([1, 2]), names: ['a', 'b'], nothing: undefined, gap: 0.5 });
    expect(Object.keys(built)).toEqual(Object.keys(literal));
    expect(built).toEqual(literal);
    expect(JSON.stringify(built)).toBe(JSON.stringify(literal));
    built.count = 3;
    built.gap += 1;
    expect([built.count, built.gap]).toEqual([3, 1.5]);
    expect(Object.getOwnPropertyDescriptor(built, 'names')).toMatchObject({
      writable: true,
      enumerable: true,
      configurable: true,
    });
    // The fields' values are the ones given, not copies.
    const values = new Float64Array(1);
    expect(row({ values }).values).toBe(values);
  });
});
