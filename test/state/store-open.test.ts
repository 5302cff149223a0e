import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/schema.ts';
import { createAppStore } from '../../src/state/store.ts';

describe('UI store, opening a scenario from a link or a file', () => {
  it('sets the scenario and its view in one change, and a preset picked afterwards forgets it', () => {
    const s = createAppStore('p');
    s.getState().setControl('floor-refine', 60);
    s.getState().setBaselinePinned(true);
    let changes = 0;
    s.subscribe(() => changes++);
    const opened = { origin: 'link' as const, label: 'a shared link', scenario: {} as Scenario, baseId: 'q' };
    s.getState().openScenario(opened, {
      presetId: 'q',
      controls: { seed: 4 },
      cursor: 12,
      selected: 'USA',
      stage: 'mine',
    });
    expect(changes).toBe(1);
    expect(s.getState()).toMatchObject({
      opened,
      presetId: 'q',
      controls: { seed: 4 },
      cursor: 12,
      selected: 'USA',
      stage: 'mine',
      baselinePinned: false,
    });
    s.getState().setPreset('q');
    expect(s.getState()).toMatchObject({ opened: null, presetId: 'q', controls: {}, cursor: 0, selected: null });
  });
});
