// Entry of every pool worker thread. Under tsx on Node 20 a .ts file cannot be a worker entry, so this file registers
// tsx's loader in the new thread and then imports the TypeScript module named in workerData.entry (see pool.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
