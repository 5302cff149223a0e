/**
 * The clearing package: the month's spatial price equilibrium as an exact min-cost flow (docs/MODEL.md §5). The rest of
 * the engine uses only what this file exports.
 */
import { solveNetworkBySsp } from './network-ssp.ts';
import type { NetworkProblem, NetworkSolution } from './problem.ts';

export { clearMarket } from './clear.ts';
export type { ClearingProblem, ClearingQuota, ClearingSolution, NetworkProblem, NetworkSolution } from './problem.ts';

/** Clears a general network (see problem.ts). */
export function solveNetwork(p: NetworkProblem, _opts: { trusted?: boolean } = {}): NetworkSolution {
  return solveNetworkBySsp(p);
}
