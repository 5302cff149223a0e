/** The engine worker: exposes the engine API of src/bridge and nothing else. */
import { expose } from 'comlink';
import { createEngineApi } from '../src/bridge/engine-api.ts';

expose(createEngineApi());
