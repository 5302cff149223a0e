/**
 * MODEL.md §8.4 through the whole engine, with numbers to check by hand. (The clearing alone is checked against
 * hand-made markets and an LP oracle in test/engine/clearing/.)
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, oneMarket, twoMarkets } from './scenario-builder.ts';

function column(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

function cell(r: RunResult, key: 'price' | 'consumption' | 'imports', m: number, c: number, st: number) {
  return r.buffers[key][(m * r.meta.countries.length + c) * 2 + st]!;
}

describe('textbook checks through the engine (MODEL.md §8.4)', () => {
  it('clears one frictionless market at the analytic competitive price', () => {
    // Demand at 40 $/kg: 9000 · (40/50)^-0.5 = 10,062 t/yr, between 6,000 and 12,000: the 40 $/kg producer is marginal.
    const r = runScenario(build(oneMarket()));
    // Prices lie on the true demand curve (within 0.5%) from the first month: the grid is re-centred within the month.
    const q40 = (9000 * Math.pow(40 / 50, -0.5)) / 12;
    for (let m = 0; m < 12; m++) {
      expect(cell(r, 'price', m, 0, 1)).toBeCloseTo(40, 6);
      expect(Math.abs(cell(r, 'consumption', m, 0, 1) - q40) / q40).toBeLessThan(0.005);
    }
  });

  it('puts the price at a demand step when supply is short: the dearest producer runs flat out', () => {
    // Demand 30,000 t/yr at 50 $/kg: even 12,000 t/yr clears only at 50 · (30000/12000)^2 = 312.5 $/kg.
    const s = oneMarket();
    s.countries[0]!.demandTpy = 30_000;
    const r = runScenario(build(s));
    for (let m = 0; m < 12; m++) {
      const p = cell(r, 'price', m, 0, 1);
      expect(Math.abs(p - 312.5) / 312.5, `month ${m}: ${p}`).toBeLessThan(0.005);
      expect(cell(r, 'consumption', m, 0, 1)).toBeCloseTo(1000, 6);
    }
  });

  it("raises an importer's price by between 0 and a per-kg tariff t", () => {
    const t = 10;
    const free = runScenario(build(twoMarkets({})));
    const taxed = runScenario(build(twoMarkets({ perKg: t })));
    const m = 6;
    const rise = cell(taxed, 'price', m, 1, 1) - cell(free, 'price', m, 1, 1);
    expect(rise).toBeGreaterThan(0);
    expect(rise).toBeLessThanOrEqual(t + 1e-9);
    // The exporter's own price does not rise: the tariff falls on the importer's side or on the exporter's margin.
    expect(cell(taxed, 'price', m, 0, 1)).toBeLessThanOrEqual(cell(free, 'price', m, 0, 1) + 1e-9);
    // Trade still flows, and the importer pays tariff revenue.
    expect(cell(taxed, 'imports', m, 1, 1)).toBeGreaterThan(0);
    expect(column(taxed, 'tariff_revenue_musd')[m]).toBeGreaterThan(0);
  });

  it('leaves excess supply at a floor above the free price, absorbed only by the stockpile', () => {
    // Free market: 12,000 t/yr of supply at 20 and 40 $/kg against demand 9000 · (P/50)^-0.5 → the price is 40.
    // A floor of 60 $/kg with a stockpile buying at the floor: consumption Q(60) = 8,216 t/yr, the rest is stocked.
    const member = (stockpile: boolean): ScenarioInput =>
      oneMarket({
        countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'member', demandTpy: 9000 }],
        zone: {
          floor: { refine: 60 },
          variableLevy: true,
          stockpile: stockpile
            ? {
                budgetMusd: 1e5,
                capacityT: 1e6,
                maxBuyPerMonthT: 1e5,
                maxReleasePerMonthT: 0,
                buyBelow: 60,
                releaseAbove: 1000,
              }
            : undefined,
        },
      });
    const withStock = runScenario(build(member(true)));
    const without = runScenario(build(member(false)));
    const q60 = (9000 * Math.pow(60 / 50, -0.5)) / 12;
    const bought = column(withStock, 'stockpile_t');
    for (let m = 0; m < 12; m++) {
      expect(cell(withStock, 'price', m, 0, 1)).toBeCloseTo(60, 6);
      expect(Math.abs(cell(withStock, 'consumption', m, 0, 1) - q60) / q60).toBeLessThan(0.005);
      // Both producers run flat out (1,000 t a month); what consumers do not take goes into the stockpile.
      const stocked = bought[m]! - (m > 0 ? bought[m - 1]! : 0);
      expect(stocked + cell(withStock, 'consumption', m, 0, 1)).toBeCloseTo(1000, 6);
      // Without a buyer of last resort the floor does not hold: the price stays at the free-market 40 $/kg.
      expect(cell(without, 'price', m, 0, 1)).toBeCloseTo(40, 6);
    }
  });
});
