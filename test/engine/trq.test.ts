/**
 * The zone's tariff-rate quota (MODEL.md §4.6): a member imports from a non-member at the in-quota rate until the
 * year's volume is used, then at the out-of-quota rate; the volume starts again in January. Hand-checked: a cheap
 * exporter (20 $/kg, surplus capacity) and one member buying 12,000 t/yr at 50 $/kg (ε = −0.1), a quota of 6,000 t/yr
 * at 0%, 50% above it.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, handMarket } from './scenario-builder.ts';

function trqMarket(volumeTpy: number): ScenarioInput {
  return {
    schema: 1,
    title: 'Tariff-rate quota',
    start: '2025-01',
    months: 24,
    market: { ...handMarket({ mine: 10, elasticityShort: -0.1 }), elasticityLong: -0.1, recyclingElasticity: 0 },
    countries: [
      { code: 'AAA', name: 'Exporter', lat: 0, lon: 0, role: 'other', demandTpy: 0 },
      { code: 'JPN', name: 'Japan', lat: 36, lon: 138, role: 'member', demandTpy: 12_000 },
    ],
    facilities: [
      { id: 'x', name: 'X', country: 'AAA', stage: 'integrated', capacityTpy: 50_000, cashCost: 20, cashMusd: 1e5 },
    ],
    facilityRules: { outageProbability: 0 },
    zone: {
      floor: {},
      variableLevy: false,
      tariffRateQuota: { volumeTpy, inQuotaRate: 0, outOfQuotaRate: 0.5 },
    },
  };
}

describe('tariff-rate quota (MODEL.md §4.6)', () => {
  const r = runScenario(build(trqMarket(6000)), { checkInvariants: true });
  const C = 2;
  const price = (m: number) => r.buffers.price[(m * C + 1) * 2 + 1]!;
  const imports = (m: number) => r.buffers.imports[(m * C + 1) * 2 + 1]!;
  const cols = r.meta.monthlyColumns;
  const tariffRevenue = (m: number) => r.buffers.monthly[m * cols.length + cols.indexOf('tariff_revenue_musd')]!;

  it('imports at the in-quota rate first: 21 $/kg landed (20 + 1 transport), no tariff', () => {
    for (let m = 0; m < 4; m++) {
      expect(price(m)).toBeCloseTo(21, 6);
      expect(tariffRevenue(m)).toBeCloseTo(0, 9);
    }
  });

  it('pays the out-of-quota rate on the customs value once the year’s 6,000 t are used: 21 + 0.5 × 21', () => {
    for (let m = 7; m < 12; m++) expect(price(m), `month ${m}`).toBeCloseTo(31.5, 6);
  });

  it('charges the in-quota rate on exactly the year’s volume, and 50% of 21 $/kg on the rest', () => {
    let year = 0;
    let revenue = 0;
    for (let m = 0; m < 12; m++) {
      year += imports(m);
      revenue += tariffRevenue(m);
    }
    // Quota rent aside, the tariff collected is the out-of-quota rate on the customs value of what exceeded 6,000 t.
    expect(revenue).toBeCloseTo(((year - 6000) * 0.5 * 21) / 1000, 6);
  });

  it('starts a new volume in January', () => {
    expect(price(12)).toBeCloseTo(21, 6);
  });

  it('leaves a quota rent in the month it runs out (the member price above the in-quota landed price)', () => {
    const quotaRent = (m: number) => r.buffers.monthly[m * cols.length + cols.indexOf('quota_rent_musd')]!;
    let rent = 0;
    for (let m = 0; m < 12; m++) rent += quotaRent(m);
    expect(rent).toBeGreaterThan(0);
  });
});
