/**
 * The main thread's contract with the engine. Two implementations — in-thread (tests) and worker (browser) — so the
 * page cannot tell them apart.
 */
import type { RunRequest, RunResponse } from '../bridge/protocol.ts';

export type { RunRequest, RunResponse };

/**
 * Runs scenarios somewhere; a rejected promise means the engine itself failed (a dead worker) or the call was aborted,
 * never bad input. Aborting `signal` rejects the call with the signal's reason and stops its work: a call still queued
 * is dropped, and a worker running it is terminated (and replaced).
 */
export interface EngineClient {
  run(request: RunRequest, signal?: AbortSignal): Promise<RunResponse>;
  dispose(): void;
}
