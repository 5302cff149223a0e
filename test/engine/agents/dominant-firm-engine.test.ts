/**
 * The `dominant-firm` strategy in the engine (MODEL.md §4.4): against a small fringe it prices far above its compete
 * ask; against a fringe large enough to serve the world without it, just below a fringe plant's cost.
 */
import { describe, expect, it } from 'vitest';
import { marginalCostAt } from '../../../src/engine/agents/dominant-firm.ts';
import { exportMarket } from '../../../src/engine/agents/residual-demand.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { FacilityState, createWorld, type World } from '../../../src/engine/world/world.ts';
import type { ScenarioInput } from '../../../src/scenario/schema.ts';
import type { RunResult } from '../../../src/results/contract.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, handMarket, smallMarket } from '../scenario-builder.ts';

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

/** A 12-month world of `s` after its first month. */
function firstMonth(s: ReturnType<typeof market>): World {
  const w = createWorld(s, s.seed, 12);
  w.month = 0;
  stepMonth(w);
  return w;
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
  it('prices far above its compete ask when the fringe is small, at the choke price only when myopic', () => {
    // One rival, 15,000 t/yr at 35 $/kg, against 25,000 t/yr of demand outside China. On this month's demand alone
    // (ε = −0.1) the residual stays positive up to the choke price, so the myopic leader's best price is there. On
    // the demand a held price meets (w = 0.02 / (0.02 + 0.08/12) = 0.75 of the way to ε_long = −0.5) the residual is
    // elastic well below it: the leader stops where its Lerner index equals the inverse of the residual's elasticity.
    const compete = asks(market(1, 'scripted'), 3).ask;
    const myopic = asks(
      market(1, 'dominant-firm', { dominant: { country: 'CHN', strategy: 'dominant-firm', pricingHorizon: 'month' } }),
      3,
    ).ask;
    const { w, ask: held } = asks(market(1, 'dominant-firm'), 3);
    for (let m = 1; m < 3; m++) {
      expect(myopic[m]).toBeGreaterThan(3 * compete[m]!);
      expect(myopic[m]).toBeLessThanOrEqual(300);
      expect(held[m]).toBeGreaterThan(1.5 * compete[m]!);
      expect(held[m]).toBeLessThan(0.5 * myopic[m]!);
    }
    // Lerner on the residual: (p − mc) / p = −1 / ε_R, ε_R = d ln R / d ln p, at the price it set.
    const mk = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, w.strategist.homeFeedUsdPerKg);
    const p = w.strategist.exportAskUsdPerKg[1]!;
    const eps = Math.log(mk.demand.quantityAt(p * 1.001) / mk.demand.quantityAt(p / 1.001)) / Math.log(1.001 ** 2);
    const mc = marginalCostAt(mk.cost, mk.demand.quantityAt(p));
    expect((p - mc) / p).toBeCloseTo(-1 / eps, 2);
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
    market: handMarket({ mine: 20, elasticityShort: -0.5 }),
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
  return firstMonth(s);
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

/**
 * A dominant exporter (CHN: one state plant of 120,000 t/yr at 10 $/kg, no home demand) and one importer IMP
 * (12,000 t/yr at 50 $/kg, ε_short = −0.1, ε_long = −2) 1 $/kg away, no fringe: a monopoly on a market that substitutes.
 */
function monopoly(substitutionSpeed: number, baseRate: number, pricingHorizon: 'held' | 'month' = 'held'): World {
  const s = build({
    schema: 1,
    title: 'Monopoly',
    start: '2025-01',
    months: 12,
    market: {
      referencePrice: { mine: 20, refine: 50 },
      chokePrice: 500,
      elasticityShort: -0.1,
      elasticityLong: -2,
      substitutionSpeed,
      transport: { baseUsdPerKg: 1, perThousandKmUsdPerKg: 0, overrides: [] },
    },
    investors: { baseRate },
    countries: [
      { code: 'CHN', name: 'C', lat: 0, lon: 0, role: 'dominant', demandTpy: 0 },
      { code: 'IMP', name: 'I', lat: 0, lon: 10, role: 'other', demandTpy: 12_000 },
    ],
    facilities: [
      { id: 'c', name: 'C', country: 'CHN', stage: 'integrated', capacityTpy: 120_000, cashCost: 10, owner: 'state' },
    ],
    facilityRules: { outageProbability: 0 },
    dominant: { country: 'CHN', strategy: 'dominant-firm', pricingHorizon },
  });
  return firstMonth(s);
}

describe('the dominant-firm price on the demand a held price meets (MODEL.md §4.4, §4.5), by hand', () => {
  it('prices a substituting market at the long-run monopoly price, not the choke price', () => {
    // IMP buys 1,000 · (L/50)^−0.1 t a month this month at a landed price L = p + 1: a myopic monopolist asks the
    // choke price (the residual is positive up to it). Held at L, substitution moves each month by λ = 1 of its gap to
    // (L/50)^(−2 + 0.1), discounted at 1%/12 a month: w = 1 / (1 + 0.01/12) = 0.99917 of the way. On the long-run
    // curve alone, (p − 10) · (p + 1)^−2 is largest where (p + 1) = 2 (p − 10): p = 21 $/kg (mc · ε/(1 + ε) = 2 mc,
    // in landed terms). The short-run part, 0.00083 of demand, barely moves it.
    expect(monopoly(0, 0.01, 'month').strategist.exportAskUsdPerKg[1]).toBeGreaterThan(490);
    const ask = monopoly(1, 0.01).strategist.exportAskUsdPerKg[1]!;
    expect(Math.abs(ask - 21) / 21).toBeLessThan(0.005);
  });

  it('weighs demand between the short and the long run by λ / (λ + ρ)', () => {
    // λ = 0.02, r = 8%: w = 0.02 / (0.02 + 0.08/12) = 0.75. At p = 39 (L = 40) the demand a held price meets is
    // 1,000 · 0.8^−0.1 · (0.25 + 0.75 · 0.8^−1.9) = 1,000 · 1.0226 · (0.25 + 0.75 · 1.5280) = 1,427.5 t a month.
    const w = monopoly(0.02, 0.08);
    const m = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, 0);
    const s = w.countries.substitution[1]!; // after month 0's update
    const by = 1000 * 0.8 ** -0.1 * (0.25 + (0.75 * 0.8 ** -1.9) / s);
    expect(m.demand.quantityAt(39)).toBeCloseTo(by * s, 6);
    expect(1000 * 0.8 ** -0.1 * (0.25 + 0.75 * 0.8 ** -1.9)).toBeCloseTo(1427.5, 1);
  });

  it('counts an idle fringe plant at its restart hurdle, by δ^k of its capacity', () => {
    // residualCase's IMP plant (6,000 t/yr at 30 $/kg) in care and maintenance: it restarts after 3 months above
    // 30 × 1.1 = 33 $/kg at home, i.e. from p = 33 / 1.1 − 1 = 29, and produces 2 months later: k = 5, and at
    // δ = 1 / (1 + 0.08/12) its 500 t a month count for 500 · δ^5 = 483.7 t.
    const w = residualCase();
    w.facilities.state[1] = FacilityState.idle;
    const m = exportMarket(w, w.strategist.domesticAskUsdPerKg[1]!, 0);
    const imp = (p: number) => 1000 * (((p + 1) * 1.1) / 50) ** -0.5;
    const mem = (p: number) => 500 * (Math.max(60, p + 1) / 50) ** -0.5;
    expect(Array.from(m.demand.steps)).toEqual([expect.closeTo(29, 9)]);
    expect(m.demand.quantityAt(28)).toBeCloseTo(imp(28) + mem(28), 6);
    expect(m.demand.quantityAt(40)).toBeCloseTo(imp(40) + mem(40) - 500 / (1 + 0.08 / 12) ** 5, 6);
    expect(500 / (1 + 0.08 / 12) ** 5).toBeCloseTo(483.7, 1);
  });
});

describe('dumping-cycle with the dominant-firm strategy', () => {
  const run = (pricingHorizon: 'held' | 'month') => {
    const s = preset('dumping-cycle');
    return runScenario({ ...s, dominant: { ...s.dominant!, strategy: 'dominant-firm', pricingHorizon } });
  };
  const outside = (r: RunResult) => {
    const cols = r.meta.monthlyColumns;
    const i = cols.indexOf('price_refine_other');
    return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
  };
  const flips = (p: number[]) =>
    p.slice(1).filter((x, m) => (p[m]! >= 240 && x <= 40) || (p[m]! <= 40 && x >= 240)).length;

  it('no longer flips between the choke price and a limit price, and earns the dominant more', () => {
    // Myopic, on a short-run elasticity of −0.1, it asks the 250 $/kg choke price whenever the residual there is
    // positive, and just below a rival's cost once idling rivals make it negative: 9 jumps between ≥ 240 and ≤ 40 $/kg
    // from one month to the next. Pricing on the demand a held price meets, and counting idle rivals that would
    // restart, it holds 33–38 $/kg while idle rivals close, then 120–150 $/kg: no such jump, never 240 after the first
    // year, and 29.0 B$ of payoff over the run against 9.7 B$ (17.7 against 5.2 B$ discounted).
    const myopic = run('month');
    const held = run('held');
    expect(flips(outside(myopic))).toBeGreaterThanOrEqual(8);
    expect(flips(outside(held))).toBe(0);
    expect(Math.max(...outside(held).slice(12))).toBeLessThan(240);
    expect(held.kpis.dominant_payoff_musd).toBeGreaterThan(2 * myopic.kpis.dominant_payoff_musd!);
    expect(held.kpis.dominant_payoff_discounted_musd).toBeGreaterThan(2 * myopic.kpis.dominant_payoff_discounted_musd!);
  });
});
