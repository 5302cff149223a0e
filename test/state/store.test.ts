import { describe, expect, it } from 'vitest';
import { createResultsHolder } from '../../src/state/results.ts';
import { createAppStore } from '../../src/state/store.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

describe('UI store', () => {
  it('clamps the cursor to the run', () => {
    const s = createAppStore('p');
    s.getState().setCursor(99, 60);
    expect(s.getState().cursor).toBe(59);
    s.getState().setCursor(-3, 60);
    expect(s.getState().cursor).toBe(0);
  });

  it('keeps only moved controls and forgets them with a new preset', () => {
    const s = createAppStore('p');
    s.getState().setControl('seed', 7);
    s.getState().setControl('floor-refine', 60);
    s.getState().setControl('seed', undefined);
    expect(s.getState().controls).toEqual({ 'floor-refine': 60 });
    s.getState().setPreset('q');
    expect(s.getState().controls).toEqual({});
  });

  it('toggles a chart’s table', () => {
    const s = createAppStore('p');
    s.getState().toggleTable('prices');
    expect(s.getState().tables).toEqual(['prices']);
    s.getState().toggleTable('prices');
    expect(s.getState().tables).toEqual([]);
  });
});

describe('results holder', () => {
  it('bumps its version and tells listeners on every change', () => {
    const h = createResultsHolder();
    const seen: number[] = [];
    h.subscribe((x) => seen.push(x.version));
    const r = makeFakeResult();
    h.setCurrent(r);
    h.setBoth(r, r);
    expect(seen).toEqual([1, 2]);
    expect(h.baseline).toBe(r);
  });
});
