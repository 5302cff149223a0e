/**
 * The engine's public entry points, as the CLI, tests and the worker call them.
 * `runScenario` is implemented in run.ts; this file only states the options.
 */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Overrides the scenario's horizon (12..1200 months). */
  months?: number;
  /**
   * Called after every month with the fraction done (0..1): progress bars, and the page worker's heartbeat. After the
   * last month it is called again with 1 between the stretches of work that end a run (the KPIs, each buffer hashed),
   * so that a worker never goes silent for long.
   */
  onProgress?: (fraction: number) => void;
  /** Checks the engine's invariants after every month (invariants.ts) and throws on the first one broken; for tests. */
  checkInvariants?: boolean;
}
