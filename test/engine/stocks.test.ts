/**
 * Commercial stocks (MODEL.md §4.8, §9): competitive storage at a stated expectation rule. A textbook storage case
 * (one country, two plants, one out), the storage-arbitrage condition every month, stocks never negative nor above
 * capacity, and a property over random outages.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reservationPrice } from '../../src/engine/market/book.ts';
import { stepMonth } from '../../src/engine/step.ts';
import { checkMonth } from '../../src/engine/invariants.ts';
import { runScenario } from '../../src/engine/run.ts';
import { createWorld } from '../../src/engine/world/world.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, supplyShock } from './scenario-builder.ts';

const refinedPrice = (s: ScenarioInput) => {
  const r = runScenario(build(s), { checkInvariants: true });
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.price[m * 2 + 1]!);
};

describe('commercial stocks (MODEL.md §4.8)', () => {
  it('holds the price at normal before a shock: no tranche is worth trading at 50 $/kg', () => {
    const p = refinedPrice(supplyShock(1, 1));
    for (let m = 0; m < 3; m++) expect(p[m]!).toBeCloseTo(50, 0);
  });

  it('raises the price by less and for longer after a one-month outage than without stocks', () => {
    const without = refinedPrice(supplyShock(1, 0));
    const withStocks = refinedPrice(supplyShock(1, 1));
    // Without stocks: half the supply for one month, 50 · 2⁵ = 1,600 $/kg, then straight back to 50.
    expect(without[3]! / 1600).toBeCloseTo(1, 2);
    expect(without[4]! / 50).toBeCloseTo(1, 2);
    // With a month of stocks the spike is a few times smaller; restocking keeps the price up for months after.
    expect(withStocks[3]!).toBeLessThan(without[3]! / 5);
    expect(withStocks[3]!).toBeGreaterThan(50 * 1.2);
    for (let m = 4; m < 10; m++) {
      expect(withStocks[m]!, `month ${m}`).toBeGreaterThan(without[m]! * 1.02);
      expect(withStocks[m]!, `month ${m}`).toBeLessThanOrEqual(withStocks[m - 1]! + 1e-9);
    }
  });

  it('softens the spike more with more stocks', () => {
    const one = refinedPrice(supplyShock(3, 1));
    const two = refinedPrice(supplyShock(3, 2));
    for (const m of [3, 4, 5]) expect(two[m]!, `month ${m}`).toBeLessThan(one[m]!);
  });

  it('meets the storage-arbitrage condition every month: the expected rise stays within the carrying cost', () => {
    // r(S') = E[p_{t+1} | S'] / (1 + i/12) − k/12. While stocks are above their working minimum, p_t ≤ r(S') within
    // one tranche (the expected rise covers the carrying cost, or they would sell more); while there is room,
    // p_t ≥ r(S') within one tranche (or they would buy more).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        (outage, months, gamma) => {
          const input = supplyShock(outage, months);
          input.market!.stocks = { initialMonths: { mine: 0, refine: months }, scarcityElasticity: gamma };
          const s = build(input);
          const w = createWorld(s, s.seed, s.months);
          for (let m = 0; m < s.months; m++) {
            w.month = m;
            // The clearing reads the normal price as it was before the month; settlement then moves it.
            const normal = w.stocks.normalPriceUsdPerKg[1]!;
            stepMonth(w);
            checkMonth(w);
            const moved = w.stocks.normalPriceUsdPerKg[1]!;
            w.stocks.normalPriceUsdPerKg[1] = normal;
            const level = w.stocks.levelT[1]!;
            const step = w.stocks.normalT[1]! / 8;
            const p = w.outcome.priceUsdPerKg[1]!;
            expect(level).toBeGreaterThanOrEqual(0);
            expect(level).toBeLessThanOrEqual(w.stocks.capacityT[1]! + 1e-9);
            // Stock left to sell: it was not worth selling one more tranche at this price.
            if (level > w.stocks.minT[1]! + 1e-6)
              expect(p, `month ${m}`).toBeLessThanOrEqual(reservationPrice(w, 1, Math.max(level - step, 1e-9)) + 1e-6);
            // Room left: it was not worth buying one more tranche at this price.
            if (level < w.stocks.capacityT[1]! - 1e-6)
              expect(p, `month ${m}`).toBeGreaterThanOrEqual(reservationPrice(w, 1, level + step) - 1e-6);
            w.stocks.normalPriceUsdPerKg[1] = moved;
          }
        },
      ),
      { seed: 20_261_207, numRuns: 40 },
    );
  });

  it('keeps stocks off by default (a 0.1 scenario runs as before)', () => {
    const s = build(supplyShock(1, 0));
    expect(s.market.stocks.initialMonths).toEqual({ mine: 0, refine: 0 });
    const w = createWorld(s, s.seed, s.months);
    expect(Array.from(w.stocks.normalT)).toEqual([0, 0]);
  });
});
