/** An ensemble worker: exposes the ensemble API of src/bridge (plan, summarize one seed) and nothing else. */
import { expose } from 'comlink';
import { createEnsembleApi } from '../src/bridge/ensemble-api.ts';

expose(createEnsembleApi());
