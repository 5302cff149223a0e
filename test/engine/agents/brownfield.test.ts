/**
 * Brownfield restarts (MODEL.md §4.2, `facilityRules.brownfieldRestarts`): a closed site comes back only through a
 * brownfield project in its country's pipeline, with `brownfieldLeadShare` of a new project's lead time and
 * `brownfieldCapexShare` of its capex.
 */
import { describe, expect, it } from 'vitest';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, FacilityState } from '../../../src/engine/world/world.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, smallMarket } from '../scenario-builder.ts';

/** Runs a scenario and returns every month a facility left the closed state, and the state it went to. */
function reopenings(s: Scenario) {
  const w = createWorld(s, s.seed, s.months);
  const before = new Uint8Array(w.facilities.max);
  const left: { id: string; month: number; to: number; until: number }[] = [];
  for (let m = 0; m < s.months; m++) {
    w.month = m;
    stepMonth(w);
    for (let f = 0; f < w.facilities.count; f++) {
      const now = w.facilities.state[f]!;
      if (before[f] === FacilityState.closed && now !== FacilityState.closed)
        left.push({ id: w.facilities.id[f]!, month: m, to: now, until: w.facilities.stateEndsMonth[f]! });
      before[f] = now;
    }
  }
  return { w, left };
}

/** dumping-cycle, whose rivals' plants close under the flood, with brownfield restarts on or off. */
function dumpingCycle(brownfieldRestarts: boolean): Scenario {
  const s = preset('dumping-cycle');
  return { ...s, facilityRules: { ...s.facilityRules, brownfieldRestarts } };
}

describe('brownfield restarts (MODEL.md §4.2)', () => {
  it('brings a closed site back only through a brownfield project, with its lead time', () => {
    const s = dumpingCycle(true);
    // Its integrated pipeline's lead times (count-weighted mean) × brownfieldLeadShare (0.5).
    const entries = s.pipeline.filter((p) => p.stage === 'integrated');
    const mean = entries.reduce((a, p) => a + p.leadMonths * p.count, 0) / entries.reduce((a, p) => a + p.count, 0);
    const lead = Math.round(s.facilityRules.brownfieldLeadShare * mean);
    expect(lead).toBeLessThan(mean);
    const { w, left } = reopenings(s);
    expect(left.length).toBeGreaterThan(0);
    for (const x of left) {
      expect(x.to).toBe(FacilityState.construction);
      expect(x.until - x.month).toBe(lead);
      const project = w.events.find((e) => e.type === 'project' && e.agent === x.id && e.month === x.month);
      expect(project?.detail).toContain('a brownfield restart of the closed site');
      expect(project?.detail).toContain(`online in ${lead} months`);
      if (x.month + lead < s.months) {
        const c = w.events.find((e) => e.type === 'commissioned' && e.agent === x.id && e.month >= x.month);
        expect(c?.month).toBe(x.month + lead);
      }
    }
  });

  it('never reopens a closed site without brownfieldRestarts (the default)', () => {
    const s = dumpingCycle(false);
    const { w, left } = reopenings(s);
    expect(w.events.some((e) => e.type === 'closed')).toBe(true);
    expect(left).toEqual([]);
  });

  it('puts a site the scenario starts closed in the pipeline, at the shares of a new project', () => {
    // smallMarket's pipeline: integrated projects of 10,000 t/yr for 300 M$ (30,000 $ per t/yr) and 36 months. A
    // 15,000 t/yr site restarts for 0.3 × 300 × 15,000 / 10,000 = 135 M$ in 0.5 × 36 = 18 months.
    const base: ScenarioInput = smallMarket({ months: 24 });
    const s = build({
      ...base,
      facilityRules: { brownfieldRestarts: true },
      facilities: [...base.facilities!, { ...base.facilities![2]!, id: 'old-site', state: 'closed' }],
    });
    const w = createWorld(s, s.seed, s.months);
    w.month = 0;
    stepMonth(w);
    const entry = w.investors.pipeline.find((p) => p.site >= 0)!;
    expect(w.facilities.id[entry.site]).toBe('old-site');
    expect(entry.capex[0]).toBeCloseTo(135, 9);
    expect(entry.lead[0]).toBe(18);
  });
});
