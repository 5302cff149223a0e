/** The result hash of a run (`summary.json` `resultHash`, shown in the page and carried by share links). */
import { Hasher } from '../lib/hash.ts';
import type { RunBuffers, RunEvent } from './contract.ts';

/** Hashes every number of a run: each buffer's bytes in key order, then the events. */
export function hashResult(b: RunBuffers, events: RunEvent[]): string {
  const h = new Hasher();
  for (const key of Object.keys(b).sort()) {
    h.updateString(key);
    h.update(b[key as keyof RunBuffers]);
  }
  h.updateString(events.map((e) => `${e.month}|${e.type}|${e.agent}|${e.country}|${e.rule}|${e.detail}\n`).join(''));
  return h.digest();
}
