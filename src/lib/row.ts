/**
 * Gives an object the engine builds once a run (the world and its parts, a run's scratch) the shape it keeps from run
 * to run: its fields are defined, in order, on a fresh instance of one empty class.
 *
 * An object literal builds the same object, but V8 builds a literal's boilerplate the second time the literal runs (in
 * a thread's second run) and in doing so generalises the field types of the objects it made, which throws away every
 * function optimised against them: on `rare-earths-2024`, about 60 functions of the month's loop were deoptimised at
 * the start of a thread's second run. Fields defined one by one keep the types the first run gave them. They are
 * defined with `Object.defineProperty`: V8 keeps objects of 26 fields or more that `Object.assign`, a keyed store or
 * `Reflect.set` built as slow dictionaries.
 */
class Row {}

/** Returns `fields` as an object built field by field (see above). */
export function row<T extends object>(fields: T): T {
  const o = new Row();
  for (const key of Object.keys(fields)) {
    Object.defineProperty(o, key, {
      value: fields[key as keyof T],
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return o as T;
}
