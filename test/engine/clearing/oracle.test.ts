/**
 * The LP oracle: on randomized markets, clearMarket's surplus equals the optimum HiGHS finds for the same LP, and its
 * prices and quantities satisfy the equilibrium conditions. Where quotas bind, HiGHS also looks for quota rents >= 0
 * that close the price gaps on their routes, and the resulting dual objective must equal the surplus (strong duality).
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ClearingProblem, type ClearingSolution, clearMarket } from '../../../src/engine/clearing/clear.ts';
import { toLpText } from '../../../src/engine/clearing/lp.ts';
import { TOLERANCE, bindingQuotas, findViolations } from './conditions.ts';
import { type ClearingProblemSize, randomClearingProblem, seededRng } from './fixtures.ts';

let highs: Highs;

beforeAll(async () => {
  highs = await (await import('highs')).default();
});

/** Returns the optimum of `p`'s LP found by HiGHS. */
function solveWithHighs(p: ClearingProblem): number {
  const result = highs.solve(toLpText(p), { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return result.ObjectiveValue;
}

/** Returns true when two surpluses agree within 1e-6 relative (absolute near zero). */
function sameSurplus(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Returns the dual objective (USD/kg × t) of the solution's prices, with the quota rents HiGHS finds for them, or a
 * message when no rents >= 0 on binding quotas close every route's price gap (equal to it where the route carries flow).
 */
function dualObjective(p: ClearingProblem, sol: ClearingSolution): number | string {
  let total = 0;
  for (let j = 0; j < p.nOffers; j++) {
    total += p.offerQty[j]! * Math.max(0, sol.sellerPrice[p.offerSeller[j]!]! - p.offerAsk[j]!);
  }
  for (let k = 0; k < p.nBids; k++)
    total += p.bidQty[k]! * Math.max(0, p.bidPrice[k]! - sol.buyerPrice[p.bidBuyer[k]!]!);
  const binding = bindingQuotas(p, sol);
  const rents = p.quotas.map((_, i) => i).filter((i) => binding[i]);
  if (rents.length === 0) return total;
  const rows: string[] = [];
  for (let s = 0; s < p.sellers; s++) {
    for (let b = 0; b < p.buyers; b++) {
      const r = s * p.buyers + b;
      if (p.routeCost[r] === Infinity) continue;
      const covering = rents.filter((i) => p.quotas[i]!.seller === s && p.quotas[i]!.buyerMask[b]);
      if (covering.length === 0) continue;
      const gap = sol.buyerPrice[b]! - sol.sellerPrice[s]! - p.routeCost[r]!;
      const slack = TOLERANCE * (1 + Math.abs(sol.buyerPrice[b]!) + Math.abs(sol.sellerPrice[s]!));
      const sum = covering.map((i) => `+ r${i}`).join(' ');
      rows.push(` g${r}: ${sum} >= ${gap - slack}`);
      if (sol.flow[r]! > TOLERANCE) rows.push(` h${r}: ${sum} <= ${gap + slack}`);
    }
  }
  const objective = rents.map((i) => `+ ${p.quotas[i]!.capacity} r${i}`).join(' ');
  const lp = ['Minimize', ` obj: ${objective}`, 'Subject To', ...rows, 'End', ''].join('\n');
  const result = highs.solve(lp, { output_flag: false });
  if (result.Status !== 'Optimal') return `no quota rents fit the prices (${result.Status})`;
  return total + result.ObjectiveValue;
}

/** Clears `p` and returns what disagrees with the oracle or the equilibrium conditions. */
function auditAgainstOracle(p: ClearingProblem): string[] {
  const sol = clearMarket(p);
  const problems = findViolations(p, sol);
  const optimum = solveWithHighs(p);
  if (!sameSurplus(sol.surplus, optimum)) problems.push(`surplus ${sol.surplus} != LP optimum ${optimum}`);
  const dual = dualObjective(p, sol);
  if (typeof dual === 'string') problems.push(dual);
  else if (!sameSurplus(dual, sol.surplus)) problems.push(`dual objective ${dual} != surplus ${sol.surplus}`);
  return problems;
}

const smallSize: fc.Arbitrary<ClearingProblemSize> = fc.record({
  sellers: fc.integer({ min: 2, max: 8 }),
  buyers: fc.integer({ min: 2, max: 8 }),
  offers: fc.integer({ min: 2, max: 24 }),
  bidsPerBuyer: fc.integer({ min: 1, max: 6 }),
  closedShare: fc.constantFrom(0, 0.15, 0.5),
  tariffShare: fc.constantFrom(0, 0.3),
  levyShare: fc.constantFrom(0, 0.3),
  subsidyShare: fc.constantFrom(0, 0, 0.15),
  quotas: fc.integer({ min: 0, max: 4 }),
  integers: fc.boolean(),
});

describe('clearMarket against the HiGHS LP oracle', () => {
  it('matches the LP optimum and meets the equilibrium conditions on 300 random small markets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), smallSize, (seed, size) => {
        const problems = auditAgainstOracle(randomClearingProblem(seededRng(seed), size));
        expect(problems).toEqual([]);
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('matches the LP optimum on typical-size markets (15 sellers, 25 buyers, 40 offers, 20 bids each)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const size = { sellers: 15, buyers: 25, offers: 40, bidsPerBuyer: 20, quotas: 4, integers: seed % 2 === 0 };
      expect(auditAgainstOracle(randomClearingProblem(seededRng(seed), size)), `seed ${seed}`).toEqual([]);
    }
  });

  it('matches the LP optimum on larger markets with many quotas and subsidies (30 sellers, 60 buyers)', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const size = { sellers: 30, buyers: 60, offers: 600, bidsPerBuyer: 10, quotas: 12, subsidyShare: 0.1 };
      expect(auditAgainstOracle(randomClearingProblem(seededRng(seed), size)), `seed ${seed}`).toEqual([]);
    }
  });
});
