/**
 * The main thread's contract with the engine. Two implementations — in-thread (tests) and worker (browser) — so the
 * page cannot tell them apart.
 */
import type { RunRequest, RunResponse } from '../bridge/protocol.ts';

export type { RunRequest, RunResponse };

/** Runs scenarios somewhere; a rejected promise means the engine itself failed (a dead worker), never bad input. */
export interface EngineClient {
  run(request: RunRequest): Promise<RunResponse>;
  dispose(): void;
}
