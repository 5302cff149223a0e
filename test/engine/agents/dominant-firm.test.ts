/**
 * The dominant-firm optimiser (MODEL.md §4.4, `dominant-firm`): textbook cases whose price-leader optimum is known in
 * closed form, and properties on random residual demands and cost steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type OwnCost,
  type ResidualDemand,
  marginalCostAt,
  ownCostOf,
  priceAgainstResidual,
  quantityAt,
} from '../../../src/engine/agents/dominant-firm.ts';

/** World demand a − b·p (t/month, never negative) less fringe units that each supply their capacity at p ≥ cost. */
function linearResidual(a: number, b: number, fringe: { cost: number; capT: number }[]): ResidualDemand {
  return {
    quantityAt: (p) => Math.max(0, a - b * p) - fringe.reduce((s, f) => s + (p >= f.cost ? f.capT : 0), 0),
    steps: fringe.map((f) => f.cost),
  };
}

const flat = (unitCost: number, capT: number): OwnCost => ({ capacityT: [capT], unitCostUsdPerKg: [unitCost] });

describe('the dominant-firm price on a residual demand', () => {
  it('matches the analytic price leader: monopoly on the residual above a small fringe', () => {
    // Demand D(p) = 1000 − 10p t/month (choke 100 $/kg); fringe 300 t/month at a constant 20 $/kg; the leader's cost
    // 10 $/kg, capacity 2,000 t/month. Above 20 the residual is R(p) = 700 − 10p, and the leader's best price on it
    // solves d/dp[(p − 10)(700 − 10p)] = 800 − 20p = 0: p* = 40, profit 30 × 300 = 9,000 $k = 9 M$. Below 20 the
    // residual is the whole demand and the profit (p − 10)(1000 − 10p) rises up to 20 (its peak is at 55): the limit
    // price 20⁻ earns 10 × 800 = 8,000 $k < 9,000. So the leader lets the fringe in and asks 40 $/kg.
    const r = priceAgainstResidual(linearResidual(1000, 10, [{ cost: 20, capT: 300 }]), flat(10, 2000), 10, 100);
    expect(Math.abs(r.priceUsdPerKg - 40) / 40).toBeLessThan(0.01);
    expect(r.quantityT).toBeCloseTo(300, 0);
    expect(r.profitMusd).toBeCloseTo(9, 3);
  });

  it('matches the analytic price leader: a limit price just below a large fringe’s cost', () => {
    // The same with a fringe of 600 t/month: above 20, R(p) = 400 − 10p and the best price on it is
    // (400 + 100) / 20 = 25, earning 15 × 150 = 2,250 $k; just below 20 the leader keeps the fringe out and sells
    // 1000 − 200 = 800 t at a margin of 10: 8,000 $k. The limit price wins: p* = 20⁻.
    const r = priceAgainstResidual(linearResidual(1000, 10, [{ cost: 20, capT: 600 }]), flat(10, 2000), 10, 100);
    expect(r.priceUsdPerKg).toBeLessThan(20);
    expect(Math.abs(r.priceUsdPerKg - 20) / 20).toBeLessThan(0.01);
    expect(r.quantityT).toBeCloseTo(800, 0);
    expect(r.profitMusd).toBeCloseTo(8, 3);
  });

  it('raises the price until the residual fits its capacity', () => {
    // The first case with 200 t/month of capacity: at 40 the residual (300 t) exceeds it, so the leader sells 200 t
    // and raises the price while the residual stays above 200: 700 − 10p = 200 gives p = 50, where the slope of
    // (p − 10)(700 − 10p), 800 − 20p = −200, turns negative. Profit 40 × 200 = 8,000 $k.
    const r = priceAgainstResidual(linearResidual(1000, 10, [{ cost: 20, capT: 300 }]), flat(10, 200), 10, 100);
    expect(Math.abs(r.priceUsdPerKg - 50) / 50).toBeLessThan(0.01);
    expect(r.quantityT).toBeCloseTo(200, 0);
  });

  it('weighs the entry a high price invites (Gaskins 1971): a limit price when entry is costly enough', () => {
    // Case one with an entry term 0.5 M$ per $/kg above the fringe's cost: at 40 it costs 10 M$ and the profit is
    // 9 − 10 < 0, while the limit price 20⁻ keeps its 8 M$.
    const entry = (p: number) => 0.5 * Math.max(0, p - 20);
    const r = priceAgainstResidual(linearResidual(1000, 10, [{ cost: 20, capT: 300 }]), flat(10, 2000), 10, 100, entry);
    expect(Math.abs(r.priceUsdPerKg - 20) / 20).toBeLessThan(0.01);
  });

  it('never prices below its own marginal cost or above the ceiling, and beats every other price it could ask', () => {
    const unit = fc.record({
      cost: fc.double({ min: 1, max: 90, noNaN: true }),
      capT: fc.double({ min: 1, max: 400 }),
    });
    fc.assert(
      fc.property(
        fc.double({ min: 200, max: 3000, noNaN: true }),
        fc.double({ min: 1, max: 40, noNaN: true }),
        fc.array(unit, { maxLength: 6 }),
        fc.array(unit, { minLength: 1, maxLength: 4 }),
        fc.double({ min: 40, max: 200, noNaN: true }),
        (a, b, fringe, own, ceiling) => {
          const steps = [...own].sort((x, y) => x.cost - y.cost);
          const cost: OwnCost = { capacityT: steps.map((s) => s.capT), unitCostUsdPerKg: steps.map((s) => s.cost) };
          const demand = linearResidual(a, b, fringe);
          const floor = steps[0]!.cost;
          const r = priceAgainstResidual(demand, cost, floor, ceiling);
          const p = r.priceUsdPerKg;
          expect(p).toBeGreaterThanOrEqual(floor);
          expect(p).toBeLessThanOrEqual(Math.max(floor, ceiling));
          if (r.quantityT > 1e-6) expect(p).toBeGreaterThanOrEqual(marginalCostAt(cost, r.quantityT) * (1 - 1e-6));
          const profitAt = (x: number) => {
            const q = quantityAt(demand, cost, x);
            return (x * q - ownCostOf(cost, q)) / 1000;
          };
          const tol = 1e-6 * Math.max(1, Math.abs(r.profitMusd));
          // Nearby prices and a sweep of the whole range.
          for (const x of [p * 0.99, p * 0.999, p * 1.001, p * 1.01])
            if (x >= floor && x <= ceiling) expect(profitAt(x)).toBeLessThanOrEqual(r.profitMusd + tol);
          for (let k = 0; k <= 400; k++) {
            const x = floor + ((ceiling - floor) * k) / 400;
            expect(profitAt(x)).toBeLessThanOrEqual(r.profitMusd + tol);
          }
        },
      ),
      { numRuns: 300, seed: 0xd0f1 },
    );
  });
});
