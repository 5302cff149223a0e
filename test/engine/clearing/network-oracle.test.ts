/**
 * The LP oracle for solveNetwork: on seeded random joint two-stage networks (network-fixtures.ts), the surplus equals
 * the optimum HiGHS finds for the same LP, and the flows and prices meet the equilibrium conditions and the canonical
 * price rule (network-conditions.ts).
 */
import fc from 'fast-check';
import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type NetworkProblem, createNetworkSolver, solveNetwork } from '../../../src/engine/clearing/index.ts';
import { toNetworkLpText } from '../../../src/engine/clearing/network-lp.ts';
import { seededRng } from './fixtures.ts';
import { findNetworkViolations } from './network-conditions.ts';
import { type NetworkProblemSize, nextMonth, randomNetworkProblem, withOddArcs } from './network-fixtures.ts';

let highs: Highs;

beforeAll(async () => {
  highs = await (await import('highs')).default();
});

/** Returns the optimum of `p`'s LP found by HiGHS. */
function solveWithHighs(p: NetworkProblem): number {
  const result = highs.solve(toNetworkLpText(p), { output_flag: false });
  if (result.Status !== 'Optimal') throw new Error(`HiGHS: ${result.Status}`);
  return result.ObjectiveValue;
}

/** Solves `p` (with `solve`, cold by default) and returns what disagrees with the oracle or the conditions. */
function audit(
  p: NetworkProblem,
  solve: (p: NetworkProblem) => ReturnType<typeof solveNetwork> = solveNetwork,
): string[] {
  const sol = solve(p);
  const problems = findNetworkViolations(p, sol);
  const optimum = solveWithHighs(p);
  if (Math.abs(sol.surplus - optimum) > 1e-6 * Math.max(1, Math.abs(optimum)))
    problems.push(`surplus ${sol.surplus} != LP optimum ${optimum}`);
  return problems;
}

const smallSize: fc.Arbitrary<NetworkProblemSize> = fc.record({
  countries: fc.integer({ min: 2, max: 10 }),
  producers: fc.integer({ min: 1, max: 5 }),
  offers: fc.integer({ min: 1, max: 24 }),
  bidsPerCountry: fc.integer({ min: 0, max: 5 }),
  routesPerCountry: fc.integer({ min: 0, max: 4 }),
  quotaShare: fc.constantFrom(0, 0.2, 0.5),
  subsidyShare: fc.constantFrom(0, 0.1, 0.3),
  integers: fc.boolean(),
});

describe('solveNetwork against the HiGHS LP oracle', () => {
  it('matches the LP optimum and meets the equilibrium conditions on 300 random joint networks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7fffffff }), smallSize, (seed, size) => {
        expect(audit(randomNetworkProblem(seededRng(seed), size))).toEqual([]);
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('matches the LP optimum with self-loops, parallel and closed arcs, warm-started from bounds and from the tree over four months (60 networks)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rng = seededRng(7919 * seed);
      const size = {
        countries: 2 + (seed % 9),
        producers: 1 + (seed % 4),
        offers: 1 + (seed % 24),
        bidsPerCountry: seed % 6,
        quotaShare: (seed % 3) * 0.2,
        subsidyShare: (seed % 4) * 0.1,
        integers: seed % 2 === 0,
      };
      let p = withOddArcs(randomNetworkProblem(rng, size), rng);
      const solver = createNetworkSolver();
      const treeSolver = createNetworkSolver({ keepTree: true });
      for (let month = 0; month < 4; month++) {
        expect(
          audit(p, (q) => solver.solve(q)),
          `seed ${seed} month ${month}`,
        ).toEqual([]);
        expect(
          audit(p, (q) => treeSolver.solve(q)),
          `seed ${seed} month ${month}, tree kept`,
        ).toEqual([]);
        p = nextMonth(p, rng);
      }
    }
  });

  it('matches the LP optimum on mid-size networks (40 countries, 10 producers, 80 offers)', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const size = { countries: 40, producers: 10, offers: 80, bidsPerCountry: 8, integers: seed % 2 === 0 };
      expect(audit(randomNetworkProblem(seededRng(seed), size)), `seed ${seed}`).toEqual([]);
    }
  });
});
