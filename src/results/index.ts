/**
 * The results layer: what a run reports (the typed-array contract and its layout), the engine version that wrote it,
 * the headline KPIs, the result hash and the six files. Below the engine and the views: everything that reads a run
 * imports from here, never from src/engine.
 */
export * from './contract.ts';
export { computeKpis } from './kpis.ts';
export { hashResult } from './result-hash.ts';
export * from './run-files.ts';
export { ENGINE_VERSION } from './version.ts';
