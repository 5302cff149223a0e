import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandAt, bandsFrom } from '../../src/ensemble/bands.ts';
import { BAND_PROBABILITIES, quantile, sortedSample } from '../../src/ensemble/quantiles.ts';

/**
 * Type 7 straight from its definition (Hyndman & Fan 1996): a plain sort, then Q(p) = (1 − γ)·x_j + γ·x_{j+1}, with
 * h = (n − 1)·p, j = ⌊h⌋ and γ = h − j. Also returns `scale` = max(|x_j|, |x_{j+1}|), the size of the two order
 * statistics Q(p) is made from, which bounds its rounding error (see `close`).
 */
function naiveQuantile(values: readonly number[], p: number): { q: number; scale: number } {
  const x = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (x.length === 0) return { q: NaN, scale: NaN };
  const h = (x.length - 1) * p;
  const j = Math.floor(h);
  const g = h - j;
  if (j + 1 >= x.length) return { q: x[j]!, scale: Math.abs(x[j]!) };
  return { q: (1 - g) * x[j]! + g * x[j + 1]!, scale: Math.max(Math.abs(x[j]!), Math.abs(x[j + 1]!)) };
}

/**
 * Whether `got` = x_j + γ·(x_{j+1} − x_j), as `quantile` computes it, equals `want` = (1 − γ)·x_j + γ·x_{j+1} up to
 * rounding. Both take γ from the same h = (n − 1)·p, so they differ only in rounding. With u = 2⁻⁵³ and
 * s = max(|x_j|, |x_{j+1}|): the first rounds three times, each error at most u·2s (|x_{j+1} − x_j| ≤ 2s) or u·s
 * (|Q| ≤ s), within 5u·s of the exact value; the second rounds four times, its errors weighted by 1 − γ and γ, within
 * 3u·s. So |got − want| ≤ 8u·s ≈ 8.9e-16·s, plus at most 1.5 × Number.MIN_VALUE where a product underflows. The
 * tolerance, 1e-12·s + 2 × Number.MIN_VALUE, is over a thousand times that bound (a million random cases came within
 * half of it), while a wrong order statistic or γ is off by a fair part of s. It must be relative to s, not to the
 * result: between −16,396.7 and 0 at γ ≈ 0.99992 the result is −1.376 and the two differ by 1.376e-12, just over the
 * 1e-12 × max(1, |result|) this test used to allow (it failed about one run in three).
 */
const close = (got: number, want: { q: number; scale: number }) =>
  (Number.isNaN(got) && Number.isNaN(want.q)) || Math.abs(got - want.q) <= 1e-12 * want.scale + 2 * Number.MIN_VALUE;

const sample = fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(NaN)), {
  maxLength: 60,
});

describe('quantile (type 7)', () => {
  it('matches a naive sort-based implementation of the definition', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const got = quantile(sortedSample(values), p);
        const want = naiveQuantile(values, p);
        expect(close(got, want), `${got} vs ${want.q} (scale ${want.scale})`).toBe(true);
      }),
      { seed: 0x9a47 },
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
      { seed: 0x3070 },
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
            bandAt(bands, m, j).forEach((q, i) => expect(close(q, want[i]!), `${q} vs ${want[i]!.q}`).toBe(true));
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
      { seed: 0xba4d },
    );
  });

  it('rejects a sample of the wrong size (a bug in the caller)', () => {
    expect(() => bandsFrom([new Float64Array(5)], layout)).toThrow(/5 cells, expected 6/);
  });
});
