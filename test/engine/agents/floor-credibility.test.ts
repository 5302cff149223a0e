/**
 * A floor bounds investors' downside only as far as an instrument defends it, scaled by `zone.policyCredibility`
 * (MODEL.md §4.3; src/engine/policy/floor-defence.ts).
 */
import { describe, expect, it } from 'vitest';
import { defendDownside } from '../../../src/engine/policy/floor-defence.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { createWorld, FacilityKind } from '../../../src/engine/world/world.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/schema.ts';
import { build, smallMarket } from '../scenario-builder.ts';

type ZoneInput = NonNullable<ScenarioInput['zone']>;

/**
 * The small market with every country but China in the zone, a scripted dominant selling at cost plus 15% (about
 * $23–28/kg), and a refined floor of $60/kg: the members' pipeline projects (cash cost $38/kg) pay only on the floor.
 */
function zoneMarket(zone: Partial<ZoneInput>): Scenario {
  const base = smallMarket({ withZone: true, months: 36 });
  return build({
    ...base,
    countries: base.countries.map((c) => (c.code === 'CHN' ? c : { ...c, role: 'member' })),
    dominant: { ...base.dominant!, strategy: 'scripted' },
    zone: { floor: { refine: 60 }, variableLevy: false, ...zone },
  });
}

const memberProjects = (s: Scenario) =>
  runScenario(s).events.filter((e) => e.type === 'project' && e.country !== 'CHN');

describe('a floor defended by an instrument (MODEL.md §4.3)', () => {
  it('commits no project on a floor that no instrument defends', () => {
    expect(memberProjects(zoneMarket({}))).toEqual([]);
  });

  it('commits member projects on a floor a variable levy defends while members import', () => {
    const events = memberProjects(zoneMarket({ variableLevy: true }));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.detail).toContain('floor defended by the variable levy');
  });

  it('commits none on a levy nobody believes (policyCredibility 0)', () => {
    expect(memberProjects(zoneMarket({ variableLevy: true, policyCredibility: 0 }))).toEqual([]);
  });

  it('protects no new project with a CfD whose budget is spent', () => {
    expect(memberProjects(zoneMarket({ cfd: true, budgetMusd: 0 }))).toEqual([]);
    const funded = memberProjects(zoneMarket({ cfd: true, budgetMusd: 100_000 }));
    expect(funded.length).toBeGreaterThan(0);
    expect(funded[0]!.detail).toContain('floor defended by the CfD');
  });
});

describe('defendDownside, by hand', () => {
  // A 10,000 t/yr integrated project over 20 years whose own downside is $30/kg, under a $60/kg floor.
  const project = { country: 1, kind: FacilityKind.integrated, capacityTpy: 10_000, lifeYears: 20 };

  it('lifts the downside by the share of the top-ups a CfD budget can pay, times credibility', () => {
    // Top-ups at the downside over the contract's 10-year term: (60 − 30) × 10,000 t × 10 yr / 1000 = 3,000 M$. A
    // 1,500 M$ budget covers half of them, for half the project's 20 years: coverage 0.25; at credibility 0.8 the
    // downside rises by 0.8 × 0.25 × 30 = $6/kg, to $36/kg (test/engine/cfd.test.ts has the term alone).
    const w = createWorld(zoneMarket({ cfd: true, budgetMusd: 1500, policyCredibility: 0.8 }), 1, 12);
    w.countries.member.fill(1);
    w.countries.member[0] = 0;
    const d = defendDownside(w, project, 30, false);
    expect(d.instrument).toBe('CfD');
    expect(d.downsideUsdPerKg).toBeCloseTo(36, 9);
    w.zone.budgetLeftMusd = 0;
    expect(defendDownside(w, project, 30, false).downsideUsdPerKg).toBe(30);
  });

  it('lets a variable levy defend the floor only while members import', () => {
    const w = createWorld(zoneMarket({ variableLevy: true }), 1, 12);
    w.countries.member.fill(1);
    w.countries.member[0] = 0;
    expect(defendDownside(w, project, 30, true).downsideUsdPerKg).toBe(60);
    expect(defendDownside(w, project, 30, false).downsideUsdPerKg).toBe(30);
  });

  it('lets a stockpile defend its buy price in proportion to its buying room against a year of output', () => {
    // Storage 2,000 t, 1,000 t already held, budget for 1000 M$ × 1000 / $60 = 16,667 t: room 1,000 t, a tenth of a
    // year of the project's 10,000 t. The downside rises by 0.1 × (60 − 30) = $3/kg.
    const stockpile = {
      budgetMusd: 1000,
      capacityT: 2000,
      initialT: 1000,
      maxBuyPerMonthT: 100,
      maxReleasePerMonthT: 100,
    };
    const w = createWorld(zoneMarket({ stockpile }), 1, 12);
    w.countries.member.fill(1);
    w.countries.member[0] = 0;
    const d = defendDownside(w, project, 30, false);
    expect(d.instrument).toBe('stockpile');
    expect(d.downsideUsdPerKg).toBeCloseTo(33, 9);
  });
});
