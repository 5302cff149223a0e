/**
 * Invariants of clearMarket as fast-check properties, replayable by seed: quantities balance at every node, prices are
 * finite and (without export subsidies) never negative, and the same problem always clears the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClearingProblem, type ClearingSolution, clearMarket } from '../../../src/engine/clearing/clear.ts';
import { TOLERANCE } from './conditions.ts';
import { type ClearingProblemSize, randomClearingProblem, seededRng } from './fixtures.ts';

const sizes = (subsidyShare: number): fc.Arbitrary<ClearingProblemSize> =>
  fc.record({
    sellers: fc.integer({ min: 0, max: 12 }),
    buyers: fc.integer({ min: 0, max: 12 }),
    offers: fc.integer({ min: 0, max: 40 }),
    bidsPerBuyer: fc.integer({ min: 0, max: 8 }),
    closedShare: fc.constantFrom(0, 0.3, 1),
    quotas: fc.integer({ min: 0, max: 5 }),
    subsidyShare: fc.constant(subsidyShare),
    integers: fc.boolean(),
  });

/** Returns the largest imbalance (t) between what each node trades through its steps and through its routes. */
function worstImbalance(p: ClearingProblem, sol: ClearingSolution): number {
  const S = p.sellers;
  const B = p.buyers;
  const net = new Float64Array(S + B);
  const scale = new Float64Array(S + B).fill(1);
  for (let j = 0; j < p.nOffers; j++) net[p.offerSeller[j]!]! += sol.offerSold[j]!;
  for (let k = 0; k < p.nBids; k++) net[S + p.bidBuyer[k]!]! += sol.bidFilled[k]!;
  for (let s = 0; s < S; s++) {
    for (let b = 0; b < B; b++) {
      const x = sol.flow[s * B + b]!;
      net[s]! -= x;
      net[S + b]! -= x;
      scale[s]! += x;
      scale[S + b]! += x;
    }
  }
  return Math.max(0, ...Array.from(net, (x, i) => Math.abs(x) / scale[i]!));
}

describe('clearMarket invariants', () => {
  it('balances quantities and never returns a negative or NaN price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), sizes(0), (seed, size) => {
        const p = randomClearingProblem(seededRng(seed), size);
        const sol = clearMarket(p);
        expect(worstImbalance(p, sol)).toBeLessThanOrEqual(TOLERANCE);
        for (const price of [...sol.buyerPrice, ...sol.sellerPrice]) {
          expect(Number.isNaN(price)).toBe(false);
          expect(price).toBeGreaterThanOrEqual(0);
        }
        expect(sol.surplus).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300, seed: 0xc1ea },
    );
  });

  it('stays finite and balanced with export subsidies, and clears the same problem the same way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), sizes(0.3), (seed, size) => {
        const p = randomClearingProblem(seededRng(seed), size);
        const sol = clearMarket(p);
        expect(worstImbalance(p, sol)).toBeLessThanOrEqual(TOLERANCE);
        expect([...sol.buyerPrice, ...sol.sellerPrice, sol.surplus].every(Number.isFinite)).toBe(true);
        expect(clearMarket(p)).toEqual(sol);
      }),
      { numRuns: 200, seed: 0x5b5d },
    );
  });
});
