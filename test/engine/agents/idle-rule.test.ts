/**
 * The idle rule with the fixed cost idling saves (MODEL.md §4.2, `facilityRules.fixedCostIdle`): a private plant
 * operates while (expected netback − cash cost) × capacity ≥ (1 − careCost) × fixed cost, and goes idle after
 * `idleAfter` months failing it. Checked on the one-market textbook case (`oneMarket`), with the arithmetic here.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/engine/run.ts';
import type { ScenarioInput } from '../../../src/scenario/schema.ts';
import { build, oneMarket } from '../scenario-builder.ts';

/** The one market over 96 months with the 40 $/kg plant given a fixed cost (M$/yr). */
function market(fixedCostMusd: number, fixedCostIdle = true): ScenarioInput {
  const s = oneMarket({ months: 96, facilityRules: { outageProbability: 0, fixedCostIdle } });
  s.facilities = s.facilities!.map((f) => (f.id === 'high' ? { ...f, fixedCostMusd, cashMusd: 0 } : f));
  return s;
}

const run = (s: ScenarioInput) => runScenario(build(s));
const idles = (s: ScenarioInput) => run(s).events.filter((e) => e.type === 'idle' && e.agent === 'high');

describe('the idle rule with fixed-cost savings (MODEL.md §4.2)', () => {
  it('idles a plant earning exactly its cash cost once its expected margin no longer covers the fixed cost saved', () => {
    // Demand 9,000 · (P/50)^−0.5 crosses supply inside the 40 $/kg plant's step: the price is 40 $/kg from month 0,
    // and the plant earns exactly its cash cost. Its expected netback starts at the 50 $/kg reference price and decays
    // toward 40 with a 24-month half-life: after m monthly updates E = 40 + 10 · 0.5^(m/24). At full capacity
    // (500 t a month) it expects (E − 40) × 500 / 1000 = 5 · 0.5^(m/24) M$ a month; idling saves (1 − 0.3) × 12 / 12 =
    // 0.7 M$ a month. 5 · 0.5^(m/24) < 0.7 from m > 24 · log2(5 / 0.7) = 68.1: months 69, 70 and 71 fail, and it idles
    // in month 71 (idleAfter 3).
    const events = idles(market(12));
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.month).toBe(71);
    expect(events[0]!.rule).toBe('4.2 idle');
    expect(events[0]!.detail).toMatch(/below the 0.70 M\$\/month of fixed cost idling would save/);
  });

  it('keeps a plant without fixed cost running at its cash cost: idling would save nothing', () => {
    expect(idles(market(0)).length).toBe(0);
  });

  it('without fixedCostIdle, lets the same plant bleed its fixed cost (the v1 rule)', () => {
    // It never idles, and pays its 1 M$ of fixed cost every month on a zero margin.
    const s = market(12, false);
    const r = run(s);
    expect(r.events.filter((e) => e.type === 'idle' && e.agent === 'high').length).toBe(0);
  });
});
