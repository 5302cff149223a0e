import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandAt, bandsFrom } from '../../src/ensemble/bands.ts';
import { BAND_PROBABILITIES, quantile, sortedSample } from '../../src/ensemble/quantiles.ts';

/** Type 7 straight from its definition (Hyndman & Fan 1996): a plain sort, then Q(p) = (1 − γ)·x_j + γ·x_{j+1}. */
function naiveQuantile(values: readonly number[], p: number): number {
  const x = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (x.length === 0) return NaN;
  const h = (x.length - 1) * p;
  const j = Math.floor(h);
  const g = h - j;
  return j + 1 < x.length ? (1 - g) * x[j]! + g * x[j + 1]! : x[j]!;
}

const close = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

const sample = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), {
  maxLength: 60,
});

describe('quantile (type 7)', () => {
  it('matches a naive sort-based implementation of the definition', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const got = quantile(sortedSample(values), p);
        expect(close(got, naiveQuantile(values, p)), `${got} vs ${naiveQuantile(values, p)}`).toBe(true);
      }),
    );
  });

  it('gives textbook values: R quantile(1:10, c(.05, .25, .5, .75, .95))', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const want = [1.45, 3.25, 5.5, 7.75, 9.55];
    BAND_PROBABILITIES.forEach((p, i) => expect(quantile(x, p)).toBeCloseTo(want[i]!, 12));
  });

  it('returns the minimum at p = 0, the maximum at p = 1, NaN for no values, and never makes NaN of infinities', () => {
    expect(quantile(Float64Array.of(3, 4, 9), 0)).toBe(3);
    expect(quantile(Float64Array.of(3, 4, 9), 1)).toBe(9);
    expect(quantile(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantile(Float64Array.of(1, Infinity, Infinity), 0.9)).toBe(Infinity);
  });

  it('is monotone in p and stays within the sample', () => {
    fc.assert(
      fc.property(sample, (values) => {
        const s = sortedSample(values);
        if (!s.length) return;
        const qs = BAND_PROBABILITIES.map((p) => quantile(s, p));
        for (let i = 1; i < qs.length; i++) expect(qs[i]!).toBeGreaterThanOrEqual(qs[i - 1]!);
        expect(qs[0]!).toBeGreaterThanOrEqual(s[0]!);
        expect(qs.at(-1)!).toBeLessThanOrEqual(s.at(-1)!);
      }),
    );
  });
});

describe('bandsFrom', () => {
  const layout = { months: 3, metrics: ['a', 'b'] };
  const runs = fc.array(
    fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(NaN)), {
      minLength: 6,
      maxLength: 6,
    }),
    { minLength: 1, maxLength: 25 },
  );

  it('equals a direct per-cell computation, and is bit-identical whatever the order of the runs', () => {
    fc.assert(
      fc.property(runs, fc.infiniteStream(fc.nat()), (rows, stream) => {
        const bands = bandsFrom(rows, layout);
        for (let m = 0; m < 3; m++) {
          for (let j = 0; j < 2; j++) {
            const cell = rows.map((r) => r[m * 2 + j]!);
            const want = BAND_PROBABILITIES.map((p) => naiveQuantile(cell, p));
            bandAt(bands, m, j).forEach((q, i) => expect(close(q, want[i]!), `${q} vs ${want[i]}`).toBe(true));
            expect(bands.count[m * 2 + j]).toBe(cell.filter((v) => !Number.isNaN(v)).length);
          }
        }
        const shuffled = [...rows];
        const it = stream[Symbol.iterator]();
        for (let i = shuffled.length - 1; i > 0; i--) {
          const k = it.next().value! % (i + 1);
          [shuffled[i], shuffled[k]] = [shuffled[k]!, shuffled[i]!];
        }
        const again = bandsFrom(shuffled, layout);
        expect(again.quantiles).toEqual(bands.quantiles);
        expect(again.mean).toEqual(bands.mean);
      }),
    );
  });

  it('rejects a sample of the wrong size (a bug in the caller)', () => {
    expect(() => bandsFrom([new Float64Array(5)], layout)).toThrow(/5 cells, expected 6/);
  });
});
