/**
 * Named random streams (MODEL.md §6). Every stream is a seedrandom generator keyed by the run's seed and a name such as
 * `outage:<facility id>`, so adding an agent never shifts another agent's draws. Nothing else in the engine is random.
 */
import { cos as dCos, log as dLog } from '../../lib/dmath.ts';
import seedrandom from 'seedrandom';

/** A stream of uniform numbers in [0, 1). */
export type Stream = () => number;

/**
 * Opens the stream `name` of the run seeded with `seed`. It uses seedrandom's Alea generator (32 bits per draw), which
 * is several times faster than its default ARC4 and matters here: every facility draws every month.
 */
export function openStream(seed: number, name: string): Stream {
  return seedrandom.alea(`${seed}:${name}`);
}

/** Draws a standard normal number (Box–Muller; always consumes exactly two uniforms). */
export function drawNormal(stream: Stream): number {
  const u1 = 1 - stream();
  const u2 = stream();
  return Math.sqrt(-2 * dLog(u1)) * dCos(2 * Math.PI * u2);
}
