/**
 * Remembers which request produced which result, so the page can say what ran (About this run), link it (Share) and
 * write it out (Download) from the result on screen alone. Weakly held: a result that is dropped takes its entry along.
 */
import type { RunResult } from '../results/contract.ts';
import type { EngineClient, RunRequest } from './engine-client.ts';

/** A client that records requests, and the look-up. */
export interface LoggedClient {
  client: EngineClient;
  /** Returns the request that produced `result` through this client, if it did. */
  requestOf(result: RunResult): RunRequest | undefined;
}

/** Wraps `client` so every successful run's request can be looked up by its result. */
export function logRunRequests(client: EngineClient): LoggedClient {
  const requests = new WeakMap<RunResult, RunRequest>();
  return {
    client: {
      async run(request, signal) {
        const snapshot = { ...request, overrides: request.overrides ? [...request.overrides] : undefined };
        const response = await client.run(request, signal);
        if (response.ok) requests.set(response.result, snapshot);
        return response;
      },
      dispose: () => client.dispose(),
    },
    requestOf: (result) => requests.get(result),
  };
}
