/** Ensembles, parameter sweeps and paired comparison: pure functions shared by the CLI and the browser. */
export * from './badges.ts';
export * from './bands.ts';
export * from './collect.ts';
export * from './digest.ts';
export * from './merge.ts';
export * from './paired.ts';
export * from './plan.ts';
export * from './quantiles.ts';
export * from './sweep-files.ts';
