/**
 * The `dominant-firm` strategy in the engine (MODEL.md §4.4): against a small fringe it prices far above its compete
 * ask; against a fringe large enough to serve the world without it, just below a fringe plant's cost.
 */
import { describe, expect, it } from 'vitest';
import { exportMarket } from '../../../src/engine/agents/residual-demand.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, type World } from '../../../src/engine/world/world.ts';
import type { ScenarioInput } from '../../../src/scenario/schema.ts';
import { build, smallMarket } from '../scenario-builder.ts';

/** The small market with `rivals` fringe producers, no outages and no demand noise, for a few months. */
function market(rivals: number, strategy: 'scripted' | 'dominant-firm', extra: Partial<ScenarioInput> = {}) {
  const base = smallMarket({ rivals, months: 12 });
  return build({
    ...base,
    market: { ...base.market, demandNoise: 0 },
    facilityRules: { outageProbability: 0 },
    dominant: { ...base.dominant!, strategy },
    ...extra,
  });
}

/** Runs months 0..n−1 and returns the world and the refined export ask of each month. */
function asks(s: ReturnType<typeof market>, n: number): { w: World; ask: number[] } {
  const w = createWorld(s, s.seed, n);
  const ask: number[] = [];
  for (let m = 0; m < n; m++) {
    w.month = m;
    stepMonth(w);
    ask.push(w.strategist.exportAskUsdPerKg[1]!);
  }
  return { w, ask };
}

describe('the dominant-firm strategy (MODEL.md §4.4)', () => {
  it('prices far above its compete ask when the fringe is small', () => {
    // One rival, 15,000 t/yr at 35 $/kg, against 25,000 t/yr of demand outside China: with ε = −0.1 the residual
    // stays positive up to the choke price, so the leader's best price on it is there.
    const compete = asks(market(1, 'scripted'), 3).ask;
    const leader = asks(market(1, 'dominant-firm'), 3).ask;
    for (let m = 1; m < 3; m++) {
      expect(leader[m]).toBeGreaterThan(3 * compete[m]!);
      expect(leader[m]).toBeLessThanOrEqual(300);
    }
  });

  it("prices just below a fringe plant's cost when the fringe could serve the world without it", () => {
    // Five rivals, 15,000 t/yr each at 35, 38, 41, 44 and 47 $/kg: 75,000 t/yr against 45,000 t/yr of demand outside
    // China. Above the dearest fringe cost the residual is negative; the leader asks just below one of the costs.
    const { w, ask } = asks(market(5, 'dominant-firm'), 2);
    const p = ask[1]!;
    const entries = Array.from(exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, 25).demand.steps);
    expect(entries.length).toBeGreaterThan(0);
    const nearest = Math.min(...entries.filter((e) => e >= p));
    expect(nearest - p).toBeLessThan(0.01 * nearest);
    // The fringe enters at its cash cost less transport from China: between 35 and 47 $/kg less a few dollars.
    expect(p).toBeGreaterThan(30);
    expect(p).toBeLessThan(47);
  });

  it('limit-prices when the entry it invites is costly enough (Gaskins 1971)', () => {
    // The small-fringe case with a strong entry response and a limit price of 30 $/kg, below the rival's cost: every
    // dollar above 30 would cost more than a month's exports earn, so the price falls to the limit price.
    const s = market(1, 'dominant-firm', {
      dominant: { country: 'CHN', strategy: 'dominant-firm', entryTpyPerUsd: 1e6, limitPrice: 30 },
    });
    const { ask } = asks(s, 3);
    expect(Math.abs(ask[2]! - 30) / 30).toBeLessThan(0.01);
  });
});

/**
 * A dominant exporter (CHN: one state plant at 10 $/kg, no home demand) and two importers 1 $/kg of transport away:
 * IMP (12,000 t/yr at 50 $/kg, ε = −0.5, with a private plant of 6,000 t/yr at 30 $/kg) and MEM, a zone member
 * (6,000 t/yr, no plant) behind a 60 $/kg levied floor; a 10% ad valorem tariff on IMP's imports from CHN.
 */
function residualCase(): World {
  const s = build({
    schema: 1,
    title: 'Residual demand',
    start: '2025-01',
    months: 12,
    market: {
      referencePrice: { mine: 20, refine: 50 },
      chokePrice: 500,
      elasticityShort: -0.5,
      substitutionSpeed: 0,
      transport: { baseUsdPerKg: 1, perThousandKmUsdPerKg: 0, overrides: [] },
    },
    countries: [
      { code: 'CHN', name: 'C', lat: 0, lon: 0, role: 'dominant', demandTpy: 0 },
      { code: 'IMP', name: 'I', lat: 0, lon: 10, role: 'other', demandTpy: 12_000 },
      { code: 'MEM', name: 'M', lat: 10, lon: 0, role: 'member', demandTpy: 6_000 },
    ],
    facilities: [
      { id: 'c', name: 'C', country: 'CHN', stage: 'integrated', capacityTpy: 50_000, cashCost: 10, owner: 'state' },
      { id: 'i', name: 'I', country: 'IMP', stage: 'integrated', capacityTpy: 6_000, cashCost: 30, cashMusd: 1e3 },
    ],
    facilityRules: { outageProbability: 0 },
    dominant: { country: 'CHN', strategy: 'dominant-firm' },
    zone: { floor: { refine: 60 }, variableLevy: true },
    events: [{ kind: 'tariff', month: '2025-01', importer: 'IMP', exporter: 'CHN', stage: 'refine', adValorem: 0.1 }],
  });
  const w = createWorld(s, s.seed, 12);
  w.month = 0;
  stepMonth(w);
  return w;
}

describe('the residual demand of the dominant-firm strategy (residual-demand.ts)', () => {
  it('is world demand at landed prices less the fringe that covers its cost there, by hand', () => {
    const w = residualCase();
    const m = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, 0);
    // IMP's price is the landed price (p + 1) × 1.1; its plant (30 $/kg) supplies 500 t/month once that reaches 30,
    // i.e. from p = 30 / 1.1 − 1 = 26.27. MEM's price is the floor, 60, up to p = 59, then p + 1.
    const imp = (p: number) => 1000 * (((p + 1) * 1.1) / 50) ** -0.5;
    const mem = (p: number) => 500 * (Math.max(60, p + 1) / 50) ** -0.5;
    expect(Array.from(m.demand.steps)).toHaveLength(1);
    expect(m.demand.steps[0]).toBeCloseTo(30 / 1.1 - 1, 9);
    for (const p of [10, 26, 27, 40, 59, 80, 200]) {
      const fringe = p >= 30 / 1.1 - 1 ? 500 : 0;
      expect(m.demand.quantityAt(p)).toBeCloseTo(imp(p) + mem(p) - fringe, 6);
    }
    // No home demand: the whole pool exports, 50,000 t/yr at 10 $/kg.
    expect(m.homeSalesT).toBe(0);
    expect(Array.from(m.cost.capacityT)).toEqual([50_000 / 12]);
    expect(Array.from(m.cost.unitCostUsdPerKg)).toEqual([10]);
  });

  it("serves a restricted destination only up to the quota, after the fringe's share of it", () => {
    const w = residualCase();
    // Exports to members banned: MEM buys nothing from CHN.
    w.policies.restrictions.push({ exporter: 0, stage: 1, dest: 'member', quotaT: 0, until: 12, source: 'event' });
    const m = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, 0);
    const imp = (p: number) => 1000 * (((p + 1) * 1.1) / 50) ** -0.5;
    expect(m.demand.quantityAt(20)).toBeCloseTo(imp(20), 6);
    // Above 26.27 the fringe's 500 t serve MEM first (456 t at the floor), so CHN's residual is IMP's demand less the
    // 44 t the fringe has left over.
    const mem = 500 * (60 / 50) ** -0.5;
    expect(m.demand.quantityAt(40)).toBeCloseTo(Math.min(imp(40), imp(40) + mem - 500), 6);
  });
});
