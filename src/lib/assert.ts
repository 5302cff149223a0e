/** Throws when an engine invariant is broken; the message names the value. Bugs throw; bad input never reaches here. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant broken: ${message}`);
}
