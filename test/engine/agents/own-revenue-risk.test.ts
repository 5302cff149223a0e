/**
 * An integrated project's own revenue risk (MODEL.md §4.3, v2): with its own mining cost given (`pipeline[].
 * mineCashCost`), investors take the volatility of the refined price less that cost, and the worst 12-month average
 * refined price, instead of the refining margin's.
 */
import { describe, expect, it } from 'vitest';
import { ownRevenueRisk } from '../../../src/engine/agents/investors.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { createWorld } from '../../../src/engine/world/world.ts';
import { parseScenario } from '../../../src/scenario/parse.ts';
import { build, smallMarket } from '../scenario-builder.ts';

describe('ownRevenueRisk, by hand', () => {
  // The refined price in Australia alternates 50 and 55 USD/kg month after month over the investors' whole memory.
  const w = createWorld(build(smallMarket({ months: 24 })), 1, 24);
  const c = w.countries.codes.indexOf('AUS');
  const M = w.investors.memoryMonths;
  const stride = w.countries.count * 2;
  for (let slot = 0; slot < M; slot++) {
    w.investors.historyUsdPerKg[slot * stride + c * 2] = 0;
    w.investors.historyUsdPerKg[slot * stride + c * 2 + 1] = slot % 2 === 0 ? 50 : 55;
  }

  it('takes the worst 12-month average of the refined price: 52.5 USD/kg', () => {
    expect(ownRevenueRisk(w, c, 0).worst).toBeCloseTo(52.5, 9);
    expect(ownRevenueRisk(w, c, 40).worst).toBeCloseTo(52.5, 9);
  });

  it('is riskier the thinner the revenue: at a 40 USD/kg mining cost, log(15/10) / log(55/50) = 4.254 times the price', () => {
    // Every month's squared log change is the same, so the two EWMAs differ only by that factor.
    const thin = ownRevenueRisk(w, c, 40).vol;
    const price = ownRevenueRisk(w, c, 0).vol;
    expect(thin / price).toBeCloseTo(Math.log(1.5) / Math.log(1.1), 9);
    expect(thin).toBeGreaterThan(1);
  });
});

describe('pipeline[].mineCashCost', () => {
  // The small market's integrated projects at a 30 USD/kg cash cost, against a refined price of about 45 USD/kg.
  const base = smallMarket({ months: 120 });
  const withMine = (mineCashCost: number, stage: 'integrated' | 'refine' = 'integrated') =>
    parseScenario({ ...base, pipeline: base.pipeline!.map((p) => ({ ...p, cashCost: 30, stage, mineCashCost })) });

  it('is refused on a refinery and when mining alone would cost more than the whole cash cost', () => {
    const refinery = withMine(10, 'refine');
    expect(refinery.ok).toBe(false);
    if (!refinery.ok) expect(refinery.error[0]!.path).toBe('pipeline[0].mineCashCost');
    const dear = withMine(40);
    expect(dear.ok).toBe(false);
    if (!dear.ok) expect(dear.error[0]!.message).toMatch(/more than the whole cashCost 30/);
  });

  it('commits fewer integrated projects when the mining cost leaves them a thin, volatile revenue', () => {
    const projects = (s: ReturnType<typeof withMine>) => {
      if (!s.ok) throw new Error(JSON.stringify(s.error));
      return runScenario(s.value).events.filter((e) => e.type === 'project' && e.country !== 'CHN').length;
    };
    // Four projects when mining costs 5 USD/kg of concentrate, two when it costs 25 and leaves a thin revenue.
    expect(projects(withMine(5))).toBeGreaterThan(0);
    expect(projects(withMine(25))).toBeLessThan(projects(withMine(5)));
  });
});
