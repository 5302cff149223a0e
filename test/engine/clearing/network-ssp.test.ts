/**
 * The network simplex against a second, independent solver: plain successive shortest paths with Bellman–Ford
 * searches (network-ssp.ts), on seeded joint two-stage networks. Both must reach the same surplus, and the same
 * canonical prices at every node that reaches the ground (the lowest equilibrium prices; a node that cannot reach it
 * has no lower bound, and the two solvers' fallbacks for it differ by design).
 */
import { describe, expect, it } from 'vitest';
import { solveNetwork } from '../../../src/engine/clearing/index.ts';
import { seededRng } from './fixtures.ts';
import { randomNetworkProblem } from './network-fixtures.ts';
import { solveNetworkBySsp } from './network-ssp.ts';

describe('solveNetwork against successive shortest paths', () => {
  it('reaches the same surplus and the same prices on 100 seeded joint networks', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const p = randomNetworkProblem(seededRng(104_729 * seed), { countries: 3 + (seed % 6), subsidyShare: 0 });
      const simplex = solveNetwork(p);
      const ssp = solveNetworkBySsp(p);
      const scale = Math.max(1, Math.abs(ssp.surplus));
      expect(Math.abs(simplex.surplus - ssp.surplus) / scale, `seed ${seed}`).toBeLessThan(1e-9);
      let compared = 0;
      for (let v = 0; v < p.nodes; v++) {
        if (!ssp.reaches[v]) continue;
        compared++;
        const a = simplex.nodePrice[v]!;
        const b = ssp.nodePrice[v]!;
        expect(Math.abs(a - b), `seed ${seed}, node ${v}: ${a} vs ${b}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
      }
      expect(compared, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
