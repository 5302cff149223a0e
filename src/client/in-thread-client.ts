import { createEngineApi } from '../bridge/engine-api.ts';
import type { EngineApi } from '../bridge/protocol.ts';
import type { EngineClient } from './engine-client.ts';

/** Creates a client that runs the engine on the calling thread (tests, Node); results are not copied. */
export function createInThreadClient(api: EngineApi = createEngineApi()): EngineClient {
  return {
    run: async (request) => api.run(request),
    dispose: () => {},
  };
}
