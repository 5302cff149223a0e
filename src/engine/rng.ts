/**
 * Named random streams (MODEL.md §6). Every stream is a seedrandom generator keyed by the run's seed and a name such as
 * `outage:<facility id>`, so adding an agent never shifts another agent's draws. Nothing else in the engine is random.
 */
import seedrandom from 'seedrandom';

/** A stream of uniform numbers in [0, 1). */
export type Stream = () => number;

/** Opens the stream `name` of the run seeded with `seed`. */
export function openStream(seed: number, name: string): Stream {
  const prng = seedrandom(`${seed}:${name}`);
  return () => prng.double();
}

/** Draws a standard normal number (Box–Muller; always consumes exactly two uniforms). */
export function drawNormal(stream: Stream): number {
  const u1 = 1 - stream();
  const u2 = stream();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
