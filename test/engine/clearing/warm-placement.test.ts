/**
 * The warm start's placement of the arcs off a kept tree (placeByPrices in simplex.ts), on the engine's own problems:
 * every network problem one run of a preset gives its solver, replayed through a solver that places them by the last
 * solve's prices and through one that holds the bounds they had; each solve is checked against a cold solve.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkProblem } from '../../../src/engine/clearing/index.ts';
import {
  createNetworkSolver,
  recordNetworkProblems,
  solveNetwork,
} from '../../../src/engine/clearing/solve-network.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { findNetworkViolations } from './network-conditions.ts';

/** The network problems of one run of preset `id`, `months` long, in the order its solver was given them. */
function problemsOf(id: string, months: number): NetworkProblem[] {
  return recordNetworkProblems(() => runScenario(preset(id), { months }));
}

/** Replays `seq` through one warm solver; checks each solve against a cold one; returns the warm solves' pivots. */
function replay(seq: NetworkProblem[], placeArcs: boolean): number {
  const solver = createNetworkSolver({ keepTree: true, placeArcs });
  let pivots = 0;
  seq.forEach((p, i) => {
    const warm = solver.solve(p);
    if (solver.stats.warm) pivots += solver.stats.pivots;
    expect(findNetworkViolations(p, warm), `problem ${i}`).toEqual([]);
    const cold = solveNetwork(p);
    expect(Math.abs(warm.surplus - cold.surplus), `problem ${i}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(cold.surplus)),
    );
  });
  return pivots;
}

describe('a kept tree with its other arcs placed by the last prices', () => {
  it.each([
    ['rare-earths-zone-2026', 60],
    ['cobalt-2024', 120],
  ])('reaches every optimum of %s (%i months) in fewer pivots than from the bounds the arcs held', (id, months) => {
    const seq = problemsOf(id, months);
    expect(seq.length).toBeGreaterThanOrEqual(months);
    const placed = replay(seq, true);
    const held = replay(seq, false);
    expect(placed).toBeLessThan(0.8 * held);
  });
});
