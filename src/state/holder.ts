/**
 * One holder for what lives beside the store (result buffers, the ensemble's collectors): a value, a version counter
 * and listeners, as zustand's vanilla `createStore` keeps a state and its listeners. Unlike the store it never diffs:
 * every `set` is a change, bumps the version and calls every listener, so views redraw on the version alone.
 */

/** A holder: its own face `A` (getters and setters over the value) plus a version and listeners. */
export type Holder<A> = A & {
  /** Increases with every change. */
  readonly version: number;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (holder: Holder<A>) => void): () => void;
};

/**
 * Creates a holder of `initial`; `face(set, get)` returns what the holder shows of it. `set` replaces the value, bumps
 * the version, then calls the listeners with the holder.
 */
export function createHolder<T, A extends object>(
  initial: T,
  face: (set: (next: T) => void, get: () => T) => A,
): Holder<A> {
  const listeners = new Set<(holder: Holder<A>) => void>();
  let value = initial;
  let version = 0;
  const set = (next: T) => {
    value = next;
    version++;
    for (const l of listeners) l(holder);
  };
  const core = {
    get version() {
      return version;
    },
    subscribe(listener: (holder: Holder<A>) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  // Copied as property descriptors, so the face's getters stay getters.
  const holder = Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(face(set, () => value)), ...Object.getOwnPropertyDescriptors(core) },
  ) as Holder<A>;
  return holder;
}
