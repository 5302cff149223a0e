import { createEngineApi } from '../bridge/engine-api.ts';
import type { EngineApi } from '../bridge/protocol.ts';
import type { EngineClient } from './engine-client.ts';

/**
 * Creates a client that runs the engine on the calling thread (tests, Node); results are not copied. A run cannot be
 * stopped once started: an aborted signal only refuses a call that has not started.
 */
export function createInThreadClient(api: EngineApi = createEngineApi()): EngineClient {
  return {
    run: async (request, signal) => {
      signal?.throwIfAborted();
      return api.run(request);
    },
    dispose: () => {},
  };
}
