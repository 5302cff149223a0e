/**
 * The clearing package: one stage's spatial price equilibrium as an exact min-cost flow (docs/MODEL.md §5). The rest of
 * the engine uses only what this file exports.
 */
export { clearMarket } from './clear.ts';
export type { ClearingProblem, ClearingQuota, ClearingSolution } from './problem.ts';
