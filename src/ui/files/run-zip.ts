/**
 * The run's files for Download (PRODUCT.md "Download"): the six files of RESULTS.md, byte for byte what
 * `chokepoint run --out` writes (src/results/run-files.ts), in one zip named after the scenario and seed, with the
 * scenario file, a README and a metadata.json beside them.
 */
import { strToU8, zipSync } from 'fflate';
import type { RunMeta, RunResult } from '../../results/contract.ts';
import { buildRunFiles, encodeRunFiles } from '../../results/run-files.ts';

/** Returns the stem of every download of a run, `<scenario>-seed<N>`, safe as a file name on any system. */
export function runFileStem(meta: Pick<RunMeta, 'scenarioId' | 'seed'>): string {
  const id = meta.scenarioId.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'scenario';
  return `${id.slice(0, 80)}-seed${meta.seed}`;
}

/**
 * Builds the zip of a run's six files (at the zip's top level, in RESULTS.md's order), then any `extra` text files
 * (the scenario, README.md and metadata.json of run-readme.ts).
 */
export function buildRunZip(result: RunResult, extra: Readonly<Record<string, string>> = {}): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, bytes] of encodeRunFiles(buildRunFiles(result))) files[name] = bytes;
  for (const [name, text] of Object.entries(extra)) files[name] = strToU8(text);
  return zipSync(files, { level: 6 });
}
