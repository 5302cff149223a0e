import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../src/charts/cost-curve-view.ts';

describe('placeLabels', () => {
  it('keeps labels apart, in order, without leaving the plot', () => {
    const at = placeLabels([50, 52, 51, 200], 15, 11, 120);
    const sorted = [...at].sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k]! - sorted[k - 1]!).toBeGreaterThanOrEqual(15);
    expect(at[0]).toBe(50);
    expect(at[2]).toBe(65);
    expect(at[1]).toBe(80);
    expect(at[3]).toBe(120);
  });

  it('pushes labels near the bottom back up', () => {
    expect(placeLabels([118, 119], 15, 11, 120)).toEqual([105, 120]);
  });
});
