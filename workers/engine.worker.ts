/** The engine worker: exposes the engine API of src/bridge, beating while it runs, and nothing else. */
import { expose } from 'comlink';
import { createEngineApi } from '../src/bridge/engine-api.ts';
import { answerHeartbeat } from '../src/bridge/heartbeat.ts';

expose(createEngineApi(undefined, { onBeat: answerHeartbeat(self) }));
