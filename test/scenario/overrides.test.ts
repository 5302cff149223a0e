import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import { parseOverride } from '../../src/scenario/overrides.ts';
import { preset } from '../scenarios/preset-catalog.ts';

describe('--set extends=…', () => {
  it('is refused with a message, not silently ignored (a preset is resolved when the scenario is read)', () => {
    const r = applyOverrides(preset('dumping-cycle-floor'), ['extends=export-ban']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.reason).toBe('bad');
    expect(r.error.problems).toEqual([
      { path: '--set extends=export-ban', message: expect.stringMatching(/^"extends" cannot be set/) },
    ]);
  });

  it('is refused under any spelling of the path, and for a scenario without extends too', () => {
    expect(parseOverride('extends="rare-earths-2024"').ok).toBe(false);
    expect(applyOverrides(preset('dumping-cycle'), ['extends=export-ban']).ok).toBe(false);
  });
});
