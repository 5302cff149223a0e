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

describe('--set of fields that go together', () => {
  const s = preset('cobalt-2024');
  const k = s.facilities.findIndex((f) => f.stage === 'integrated' && f.owner === 'private');

  it("sets an integrated plant's own mine by two consecutive overrides, in either order", () => {
    const capacity = `facilities.${k}.mineCapacityTpy=9000`;
    const cost = `facilities.${k}.mineCashCost=7.5`;
    for (const sets of [
      [capacity, cost],
      [cost, capacity],
    ]) {
      const r = applyOverrides(s, sets);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.facilities[k]).toMatchObject({ mineCapacityTpy: 9000, mineCashCost: 7.5 });
    }
  });

  it('still refuses one of them alone, naming it and why', () => {
    const r = applyOverrides(s, [`facilities.${k}.mineCapacityTpy=9000`, 'market.demandNoise=0.1']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ text: `facilities.${k}.mineCapacityTpy=9000`, reason: 'invalid' });
    expect(r.error.problems[0]!.message).toMatch(/mineCapacityTpy and mineCashCost go together/);
  });

  it('reports an unreadable override after an incomplete one as the failure', () => {
    const r = applyOverrides(s, [`facilities.${k}.mineCapacityTpy=9000`, 'market.demandNoise']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ text: 'market.demandNoise', reason: 'bad' });
  });
});
