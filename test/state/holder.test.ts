import { describe, expect, it } from 'vitest';
import { createHolder } from '../../src/state/holder.ts';
import { createEnsembleHolder, NO_ENSEMBLE } from '../../src/state/ensemble.ts';

describe('createHolder', () => {
  const counter = () =>
    createHolder({ n: 0 }, (set, get) => ({
      get n() {
        return get().n;
      },
      add: (k: number) => set({ n: get().n + k }),
    }));

  it('keeps the face’s getters live and bumps the version on every set', () => {
    const h = counter();
    expect([h.n, h.version]).toEqual([0, 0]);
    h.add(2);
    h.add(0);
    expect([h.n, h.version]).toEqual([2, 2]);
  });

  it('calls each listener once per change with the holder, until unsubscribed', () => {
    const h = counter();
    const seen: [number, number][] = [];
    const listener = (x: typeof h) => seen.push([x.n, x.version]);
    const off = h.subscribe(listener);
    h.subscribe(listener);
    h.add(1);
    off();
    h.add(1);
    expect(seen).toEqual([[1, 1]]);
  });
});

describe('ensemble holder', () => {
  it('merges a patch on touch, and counts a touch without one as a change', () => {
    const h = createEnsembleHolder();
    h.touch({ done: 3 });
    expect(h.state).toEqual({ ...NO_ENSEMBLE, done: 3 });
    const before = h.state;
    h.touch();
    expect(h.state).toBe(before);
    expect(h.version).toBe(2);
  });
});
