/**
 * The cost-indexed floor on full cost (MODEL.md §4.6, src/engine/policy/zone.ts), and the floor reported only while
 * an instrument defends it (§7, src/engine/policy/floor-defence.ts `floorDefender`).
 */
import { describe, expect, it } from 'vitest';
import { npv } from '../../src/engine/agents/investors.ts';
import { fullCostUsdPerKg } from '../../src/engine/policy/zone.ts';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, smallMarket } from './scenario-builder.ts';

function column(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

/**
 * One member country (demand 10,000 t/yr at $50/kg) with a 2,000 t/yr plant (cash $30/kg, 6 M$/yr fixed) and one
 * pipeline project (5,000 t/yr, capex 500 M$, cash $25/kg, 10 M$/yr fixed, 24 months to build; no random spread),
 * a dominant exporter, and a $60/kg floor reviewed in month 0 to 1.1 × the marginal unit's cost for 30% of demand.
 */
function reviewMarket(costBasis: 'full' | 'cash'): ScenarioInput {
  return {
    schema: 1,
    title: 'Floor review',
    start: '2025-01',
    months: 12,
    market: { referencePrice: { mine: 20, refine: 50 }, chokePrice: 300, substitutionSpeed: 0 },
    countries: [
      { code: 'CHN', name: 'C', lat: 35, lon: 105, role: 'dominant', demandTpy: 1000 },
      { code: 'USA', name: 'U', lat: 39, lon: -98, role: 'member', demandTpy: 10_000 },
    ],
    facilities: [
      { id: 'c1', name: 'C1', country: 'CHN', stage: 'integrated', capacityTpy: 20_000, cashCost: 20, owner: 'state' },
      {
        id: 'old',
        name: 'Old plant',
        country: 'USA',
        stage: 'integrated',
        capacityTpy: 2000,
        cashCost: 30,
        fixedCostMusd: 6,
        cashMusd: 100,
      },
    ],
    pipeline: [
      {
        name: 'New plant',
        country: 'USA',
        stage: 'integrated',
        capacityTpy: 5000,
        capexMusd: 500,
        cashCost: 25,
        fixedCostMusd: 10,
        leadMonths: 24,
      },
    ],
    investors: { costSpread: 0, baseRate: 0.08, lifeYears: 20 },
    facilityRules: { outageProbability: 0 },
    dominant: { country: 'CHN', strategy: 'scripted' },
    zone: {
      floor: { refine: 60 },
      floorSetting: { kind: 'cost-indexed', reviewMonths: 6, securityShare: 0.3, margin: 0.1, maxStep: 5, costBasis },
    },
  };
}

describe('the cost-indexed floor on full cost (MODEL.md §4.6)', () => {
  it("prices a project at the full cost at which its NPV at the investors' base rate is zero, by hand", () => {
    // Monthly rate r = 1.08^(1/12) − 1 = 0.0064340; annuity over 240 months (1 − 1.08^−20) / r = 122.078; discounted
    // over the 24-month lead, × 1.08^−2 = 104.662. Capital: 500 / 104.662 = 4.7773 M$ a month = 57.327 M$ a year,
    // $11.465/kg of 5,000 t/yr. Fixed: 10 M$ / 5,000 t = $2/kg. Full cost 25 + 2 + 11.465 = $38.465/kg.
    const inv = { baseRate: 0.08, lifeYears: 20 };
    const full = fullCostUsdPerKg(25, 10, 500, 5000, 24, inv);
    const r = Math.pow(1.08, 1 / 12) - 1;
    const annuity = ((1 - Math.pow(1.08, -20)) / r) * Math.pow(1.08, -2);
    expect(full).toBeCloseTo(25 + 2 + ((500 / annuity) * 12 * 1000) / 5000, 9);
    expect(full).toBeCloseTo(38.465, 3);
    expect(npv(full, 25, 5000, 10, 500, 24, 20, 0.08)).toBeCloseTo(0, 9);
    expect(npv(full + 1, 25, 5000, 10, 500, 24, 20, 0.08)).toBeGreaterThan(0);
  });

  it('sets the floor at the full cost of the marginal member unit needed for the security share', () => {
    // 30% of 10,000 t/yr is 3,000 t/yr; the old plant (2,000 t/yr at 30 + 6 M$ / 2,000 t = $33/kg) does not cover
    // it, so the new plant is the marginal unit: 1.1 × 38.465 = $42.31/kg.
    const r = runScenario(build(reviewMarket('full')), { checkInvariants: true });
    const review = r.events.find((e) => e.rule === '4.6 cost-indexed floor');
    expect(review?.month).toBe(0);
    expect(review?.detail).toContain('New plant (project)');
    const floor = column(r, 'floor_refine');
    expect(floor[0]).toBeCloseTo(1.1 * fullCostUsdPerKg(25, 10, 500, 5000, 24, { baseRate: 0.08, lifeYears: 20 }), 9);
    expect(floor[0]).toBeCloseTo(42.31, 2);
  });

  it('keeps the old rule as an option: the cash cost of existing member plants', () => {
    // Existing plants only, at cash cost: the old plant is the last unit, $30/kg; 1.1 × 30 = $33/kg.
    const r = runScenario(build(reviewMarket('cash')));
    expect(column(r, 'floor_refine')[0]).toBeCloseTo(33, 9);
  });

  it('leaves the floor where it is when a review would move it by less than a cent, and says nothing', () => {
    // The cash rule's target is 1.1 × 30 = $33/kg (above): from $33.004 the review would move it by 0.4 cents.
    const near = reviewMarket('cash');
    near.zone!.floor = { refine: 33.004 };
    const r = runScenario(build(near));
    expect(column(r, 'floor_refine')[0]).toBe(33.004);
    expect(r.events.some((e) => e.rule === '4.6 cost-indexed floor')).toBe(false);
    // From $33.02 it moves, by 2 cents, to $33 with its event.
    const far = reviewMarket('cash');
    far.zone!.floor = { refine: 33.02 };
    const moved = runScenario(build(far));
    expect(column(moved, 'floor_refine')[0]).toBeCloseTo(33, 9);
    expect(moved.events.filter((e) => e.rule === '4.6 cost-indexed floor').map((e) => e.month)).toEqual([0]);
  });

  it('follows the full operating cost of existing plants while they cover the security share', () => {
    // A security share of 15% (1,500 t/yr) is covered by the old plant: 1.1 × (30 + 3) = $36.30/kg.
    const s = reviewMarket('full');
    if (s.zone?.floorSetting?.kind === 'cost-indexed') s.zone.floorSetting.securityShare = 0.15;
    const r = runScenario(build(s));
    expect(column(r, 'floor_refine')[0]).toBeCloseTo(36.3, 9);
  });
});

describe('the floor in the report (MODEL.md §7)', () => {
  /** The small market with every country but China in the zone and a $60/kg refined floor. */
  function zoneMarket(zone: NonNullable<ScenarioInput['zone']>): RunResult {
    const base = smallMarket({ withZone: true, months: 24 });
    return runScenario(
      build({
        ...base,
        countries: base.countries.map((c) => (c.code === 'CHN' ? c : { ...c, role: 'member' })),
        dominant: { ...base.dominant!, strategy: 'scripted' },
        zone: { floor: { refine: 60 }, ...zone },
      }),
    );
  }

  it('leaves floor_* empty while no instrument defends the floor', () => {
    const r = zoneMarket({ variableLevy: false });
    expect(column(r, 'floor_refine').every((x) => Number.isNaN(x))).toBe(true);
    expect(Array.from(r.buffers.floor).every((x) => Number.isNaN(x))).toBe(true);
    // The members pay less than the announced floor in most months: nothing holds it.
    const below = column(r, 'price_refine_member').filter((p) => p < 60).length;
    expect(below).toBeGreaterThan(r.meta.months / 2);
  });

  it('reports it in the months a variable levy defends it (members import)', () => {
    const r = zoneMarket({ variableLevy: true });
    const floor = column(r, 'floor_refine');
    const imports = column(r, 'consumption_refine_member').map((c, m) => c - column(r, 'production_refine_member')[m]!);
    floor.forEach((f, m) => expect(Number.isNaN(f), `month ${m}`).toBe(!(imports[m]! > 1e-9)));
    expect(floor.some((f) => f === 60)).toBe(true);
  });
});
