/**
 * The clearing package: one stage's spatial price equilibrium (clearMarket), or one month's whole network over both
 * stages (solveNetwork), each an exact min-cost flow (docs/MODEL.md §5). The rest of the engine uses only what this
 * file exports.
 */
export { clearMarket } from './clear.ts';
export { createNetworkSolver, solveNetwork } from './solve-network.ts';
export type { NetworkSolver } from './solve-network.ts';
export type { ClearingProblem, ClearingQuota, ClearingSolution, NetworkProblem, NetworkSolution } from './problem.ts';
