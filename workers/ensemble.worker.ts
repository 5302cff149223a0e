/** An ensemble worker: exposes the ensemble API of src/bridge (plan, summarize one seed), beating while it runs. */
import { expose } from 'comlink';
import { createEnsembleApi } from '../src/bridge/ensemble-api.ts';
import { answerHeartbeat } from '../src/bridge/heartbeat.ts';

expose(createEnsembleApi(undefined, { onBeat: answerHeartbeat(self) }));
