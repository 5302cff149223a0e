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
import { build } from './scenario-builder.ts';

/**
 * MODEL.md §8.4's country: ε = −0.2, demand 10,000 t/yr at 50 $/kg, two plants of 5,000 t/yr at 20 $/kg; plant 2 out
 * from 2025-04 for `outage` months; `months` months of refined use held as normal commercial stock.
 */
function storage(outage: number, months: number, horizon = 18): ScenarioInput {
  return {
    schema: 1,
    title: 'Storage',
    start: '2025-01',
    months: horizon,
    market: {
      referencePrice: { mine: 20, refine: 50 },
      chokePrice: 5000,
      elasticityShort: -0.2,
      elasticityLong: -0.2,
      substitutionSpeed: 0,
      stocks: { initialMonths: { mine: 0, refine: months } },
    },
    countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'other', demandTpy: 10_000 }],
    facilities: [
      { id: 'p1', name: 'P1', country: 'AAA', stage: 'integrated', capacityTpy: 5000, cashCost: 20, cashMusd: 1e5 },
      { id: 'p2', name: 'P2', country: 'AAA', stage: 'integrated', capacityTpy: 5000, cashCost: 20, cashMusd: 1e5 },
    ],
    facilityRules: { outageProbability: 0 },
    events: [{ kind: 'outage', month: '2025-04', facility: 'p2', months: outage }],
  };
}

const refinedPrice = (s: ScenarioInput) => {
  const r = runScenario(build(s), { checkInvariants: true });
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.price[m * 2 + 1]!);
};

describe('commercial stocks (MODEL.md §4.8)', () => {
  it('holds the price at normal before a shock: no tranche is worth trading at 50 $/kg', () => {
    const p = refinedPrice(storage(1, 1));
    for (let m = 0; m < 3; m++) expect(p[m]!).toBeCloseTo(50, 0);
  });

  it('raises the price by less and for longer after a one-month outage than without stocks', () => {
    const without = refinedPrice(storage(1, 0));
    const withStocks = refinedPrice(storage(1, 1));
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
    const one = refinedPrice(storage(3, 1));
    const two = refinedPrice(storage(3, 2));
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
          const input = storage(outage, months);
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
    const s = build(storage(1, 0));
    expect(s.market.stocks.initialMonths).toEqual({ mine: 0, refine: 0 });
    const w = createWorld(s, s.seed, s.months);
    expect(Array.from(w.stocks.normalT)).toEqual([0, 0]);
  });
});
