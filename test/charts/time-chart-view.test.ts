import { describe, expect, it } from 'vitest';
import { clusterMarkers } from '../../src/charts/time-chart-view.ts';
import type { EventMarker } from '../../src/charts/events-vm.ts';

const marker = (month: number, indices: number[], what = 'X (AUS) closed'): EventMarker => ({
  month,
  indices,
  type: 'closed',
  label: `2025-${String(month + 1).padStart(2, '0')}: ${what}`,
});

describe('clusterMarkers', () => {
  it('sorts markers by month and keeps those far enough apart', () => {
    const out = clusterMarkers([marker(9, [2]), marker(0, [0])], (m) => m * 20, '2025-01');
    expect(out.map((m) => m.month)).toEqual([0, 9]);
  });

  it('merges markers closer than a marker’s width into one at the first month, with every event', () => {
    const out = clusterMarkers(
      [marker(0, [0]), marker(1, [1, 2], 'Y (USA) closed and 1 more'), marker(2, [3]), marker(6, [4])],
      (m) => m * 5,
      '2025-01',
    );
    expect(out.map((m) => [m.month, m.indices])).toEqual([
      [0, [0, 1, 2, 3]],
      [6, [4]],
    ]);
    expect(out[0]!.label).toBe('2025-01 to 2025-03: 4 events, first X (AUS) closed');
    expect(out[1]!.label).toBe('2025-07: X (AUS) closed');
  });
});
