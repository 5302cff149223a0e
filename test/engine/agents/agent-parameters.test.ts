/**
 * The agents' parameters added for MODEL.md §4.2–4.4 (version 2): a scenario without them — every 0.1 file — loads
 * with their defaults, and a value out of bounds is refused with its JSON path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../../src/scenario/apply-overrides.ts';
import { parseScenario } from '../../../src/scenario/parse.ts';
import { preset } from '../../scenarios/preset-catalog.ts';

const problemsAfter = (...sets: string[]): string[] => {
  const r = applyOverrides(preset('rare-earths-zone-2026'), sets);
  return r.ok ? [] : r.error.problems.map((p) => `${p.path}: ${p.message}`);
};

describe("the agents' v2 parameters", () => {
  it('take their defaults in a scenario that does not name them', () => {
    const file: unknown = JSON.parse(readFileSync('test/fixtures/tiny-scenario.json', 'utf8'));
    const r = parseScenario(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.dominant?.forgiveMonths).toBe(12);
    expect(r.value.zone?.policyCredibility).toBe(1);
    expect(r.value.investors.scarCollapse).toBe(0.3);
    expect(r.value.investors.scarSpillover).toBe(0.25);
    const rules = r.value.facilityRules;
    expect([rules.fixedCostIdle, rules.brownfieldRestarts]).toEqual([false, false]);
    expect([rules.brownfieldLeadShare, rules.brownfieldCapexShare]).toEqual([0.5, 0.3]);
  });

  it('refuse values out of bounds, naming the path', () => {
    const cases: [string, RegExp][] = [
      ['dominant.forgiveMonths=-1', /→ dominant\.forgiveMonths: /],
      ['dominant.forgiveMonths=1.5', /→ dominant\.forgiveMonths: /],
      ['zone.policyCredibility=1.5', /→ zone\.policyCredibility: /],
      ['investors.scarCollapse=-0.1', /→ investors\.scarCollapse: /],
      ['investors.scarSpillover=2', /→ investors\.scarSpillover: /],
      ['facilityRules.fixedCostIdle=1', /→ facilityRules\.fixedCostIdle: /],
      ['facilityRules.brownfieldRestarts="yes"', /→ facilityRules\.brownfieldRestarts: /],
      ['facilityRules.brownfieldLeadShare=0', /→ facilityRules\.brownfieldLeadShare: /],
      ['facilityRules.brownfieldCapexShare=3', /→ facilityRules\.brownfieldCapexShare: /],
    ];
    for (const [set, path] of cases) {
      const problems = problemsAfter(set);
      expect(problems, set).toHaveLength(1);
      expect(problems[0], set).toMatch(path);
    }
    expect(problemsAfter('dominant.forgiveMonths=0', 'zone.policyCredibility=0.5')).toEqual([]);
  });
});
