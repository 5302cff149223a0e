/**
 * The zone's stockpile (MODEL.md §4.6, src/engine/policy/stockpile.ts): a release rationed over the declared
 * disruption's expected length, sold at members' value and never below `buyBelow`, with a carrying cost.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STOCKPILE } from '../../src/engine/market/book.ts';
import { runScenario } from '../../src/engine/run.ts';
import { stepMonth } from '../../src/engine/step.ts';
import { createWorld } from '../../src/engine/world/world.ts';
import { checkMonth } from '../../src/engine/invariants.ts';
import type { RunResult } from '../../src/results/contract.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, oneMarket } from './scenario-builder.ts';

type StockpileInput = NonNullable<NonNullable<ScenarioInput['zone']>['stockpile']>;

function column(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

/**
 * MODEL.md §8.4's one market as a zone of one member: plants of 6,000 t/yr at $20 and $40/kg, demand 9,000 t/yr ×
 * (P/50)^−0.5. From 2025-04 the $40 plant is out for `outage` months and a disruption is declared for as long; the
 * stockpile holds `initialT` and buys nothing (no budget).
 */
function outageMarket(outage: number, stockpile: Partial<StockpileInput> | null, months = 12): ScenarioInput {
  return oneMarket({
    months,
    countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'member', demandTpy: 9000 }],
    zone: {
      variableLevy: false,
      stockpile: stockpile
        ? {
            budgetMusd: 0,
            capacityT: 10_000,
            initialT: 1200,
            buyBelow: 30,
            maxBuyPerMonthT: 0,
            maxReleasePerMonthT: 10_000,
            ...stockpile,
          }
        : undefined,
    },
    events: [
      { kind: 'outage', month: '2025-04', facility: 'high', months: outage },
      { kind: 'disruption', month: '2025-04', months: outage },
    ],
  });
}

describe('the stockpile rationed over a declared disruption (MODEL.md §4.6)', () => {
  it('releases stock / months left at the price members bid for it, by hand', () => {
    // Six months without the $40 plant: 500 t a month from the $20 plant. The stockpile's 1,200 t are rationed over
    // the six months, 200 t each; members get 700 t and pay P with 750 · (P/50)^−0.5 = 700, P = 50 · (750/700)² =
    // $57.40/kg — far above the $30 buy price, which is only its reserve price. Without it they would pay
    // 50 · (750/500)² = $112.50/kg.
    const r = runScenario(build(outageMarket(6, {})), { checkInvariants: true });
    const without = runScenario(build(outageMarket(6, null)), { checkInvariants: true });
    const stock = column(r, 'stockpile_t');
    const sales = column(r, 'stockpile_sales_musd');
    const price = column(r, 'price_refine_member');
    // Prices lie on the demand curve within the engine's 0.5% (MODEL.md §4.5).
    const p = 50 * (750 / 700) ** 2;
    for (let m = 3; m < 9; m++) {
      expect(Math.abs(price[m]! - p) / p, `month ${m}: ${price[m]}`).toBeLessThan(0.005);
      expect(stock[m]!, `month ${m}`).toBeCloseTo(1200 - 200 * (m - 2), 6);
      expect(sales[m]!).toBeCloseTo((200 * price[m]!) / 1000, 6);
      expect(Math.abs(column(without, 'price_refine_member')[m]! - 112.5) / 112.5).toBeLessThan(0.005);
    }
    expect(stock[8]).toBeCloseTo(0, 9);
    // Back to $40/kg when the plant returns; nothing released outside the disruption.
    expect(price[9]).toBeCloseTo(40, 6);
    expect(sales[9]).toBe(0);
  });

  it('lasts a scheduled ban of known length when sized for it: stock is left in every month until the last', () => {
    for (const outage of [3, 6, 8]) {
      const r = runScenario(build(outageMarket(outage, {}, 14)), { checkInvariants: true });
      const stock = column(r, 'stockpile_t');
      const sales = column(r, 'stockpile_sales_musd');
      for (let m = 3; m < 3 + outage; m++) {
        // It enters every month of the disruption with stock and sells some of it.
        expect(m === 3 ? 1200 : stock[m - 1]!, `outage ${outage}, month ${m}`).toBeGreaterThan(0);
        expect(sales[m]!, `outage ${outage}, month ${m}`).toBeGreaterThan(0);
      }
      expect(stock[2 + outage]).toBeCloseTo(0, 9);
    }
  });

  it('keeps what members would not buy at its buy price for the months left', () => {
    // A buy price of $60/kg above the $57.40 the ration would fetch: each month it sells only what members take at
    // $60, 750 · (60/50)^−0.5 − 500 = 184.7 t, less than its ration (200 t, then 1,016 / 5 = 203 t, …), and keeps the
    // rest: about 1,200 − 6 × 184.7 = 92 t are left when the disruption ends.
    const r = runScenario(build(outageMarket(6, { buyBelow: 60 })), { checkInvariants: true });
    const stock = column(r, 'stockpile_t');
    const price = column(r, 'price_refine_member');
    const sold = 750 * (60 / 50) ** -0.5 - 500;
    for (let m = 3; m < 9; m++) {
      expect(price[m]).toBeCloseTo(60, 6);
      // Within the engine's 0.5% of the 684.7 t demanded at $60/kg (MODEL.md §4.5).
      expect(Math.abs((m === 3 ? 1200 : stock[m - 1]!) - stock[m]! - sold)).toBeLessThan(0.005 * 684.7);
    }
    expect(Math.abs(stock[8]! - (1200 - 6 * sold))).toBeLessThan(6 * 0.005 * 684.7);
    expect(stock[11]).toBe(stock[8]);
  });

  it('caps the ration at maxReleasePerMonthT', () => {
    const r = runScenario(build(outageMarket(6, { maxReleasePerMonthT: 150 })));
    const stock = column(r, 'stockpile_t');
    expect(stock[3]).toBeCloseTo(1050, 6);
    expect(stock[8]).toBeCloseTo(1200 - 6 * 150, 6);
  });

  it('charges its carrying cost to its treasury, by hand', () => {
    // Booked at its $30 buy price: 1,200 t = 36 M$. A month's carrying cost: 5%/12 of 36 M$ + 1,200 t × $0.2/kg/12
    // = 0.15 + 0.02 = 0.17 M$. After the first 200 t sold (at average cost): 30 M$ and 1,000 t, 0.125 + 0.016667.
    const r = runScenario(build(outageMarket(6, {})), { checkInvariants: true });
    const holding = column(r, 'stockpile_holding_musd');
    expect(holding[0]).toBeCloseTo(0.17, 9);
    expect(holding[3]).toBeCloseTo(0.125 + (1000 * 0.2) / 12 / 1000, 9);
    expect(holding[8]).toBe(0);
    expect(r.kpis.stockpile_holding_musd).toBeCloseTo(
      holding.reduce((a, x) => a + x, 0),
      9,
    );
    // In the welfare accounts: the government's revenue is its sales less the carrying cost.
    const gov = column(r, 'government_revenue_member_musd');
    const sales = column(r, 'stockpile_sales_musd');
    for (let m = 0; m < 12; m++) expect(gov[m]).toBeCloseTo(sales[m]! - holding[m]!, 9);
    const free = runScenario(build(outageMarket(6, { holdingCost: { interestPerYr: 0, storageUsdPerKgYr: 0 } })));
    expect(free.kpis.stockpile_holding_musd).toBe(0);
    expect(free.kpis.welfare_member_musd! - r.kpis.welfare_member_musd!).toBeCloseTo(r.kpis.stockpile_holding_musd!, 6);
  });

  it('never sells below buyBelow, whatever its parameters', () => {
    fc.assert(
      fc.property(
        fc.record({
          buyBelow: fc.double({ min: 5, max: 200, noNaN: true }),
          releaseAbove: fc.double({ min: 1, max: 200, noNaN: true }),
          initialT: fc.double({ min: 0, max: 5000, noNaN: true }),
          maxBuy: fc.double({ min: 0, max: 500, noNaN: true }),
          maxRelease: fc.double({ min: 0, max: 2000, noNaN: true }),
          budget: fc.double({ min: 0, max: 200, noNaN: true }),
          outage: fc.integer({ min: 1, max: 8 }),
          disruption: fc.integer({ min: 1, max: 10 }),
          demand: fc.double({ min: 3000, max: 20_000, noNaN: true }),
        }),
        (p) => {
          const input = outageMarket(p.outage, {
            buyBelow: p.buyBelow,
            releaseAbove: p.releaseAbove,
            initialT: p.initialT,
            maxBuyPerMonthT: p.maxBuy,
            maxReleasePerMonthT: p.maxRelease,
            budgetMusd: p.budget,
          });
          input.countries![0]!.demandTpy = p.demand;
          input.events![1] = { kind: 'disruption', month: '2025-04', months: p.disruption };
          const w = createWorld(build(input), 1, 12);
          for (let m = 0; m < 12; m++) {
            w.month = m;
            const { refine } = stepMonth(w);
            checkMonth(w);
            const { book, offerSold, sellerPrice } = refine!;
            for (let k = 0; k < book.offerOwner.n; k++) {
              if (book.offerOwner.data[k] !== STOCKPILE || !(offerSold[k]! > 1e-9)) continue;
              expect(sellerPrice[book.stockSeller]!, `month ${m}`).toBeGreaterThanOrEqual(p.buyBelow - 1e-6);
            }
          }
        },
      ),
      { numRuns: 60, seed: 0x570c }, // replayable
    );
  });
});

describe('disruptions the stockpile answers (MODEL.md §4.6)', () => {
  it('declares one for an export restriction of the dominant supplier on members, for its length', () => {
    const s = build({
      schema: 1,
      title: 'Ban',
      start: '2025-01',
      months: 24,
      market: { referencePrice: { mine: 20, refine: 50 }, chokePrice: 300, substitutionSpeed: 0 },
      countries: [
        { code: 'CHN', name: 'C', lat: 35, lon: 105, role: 'dominant', demandTpy: 1000 },
        { code: 'JPN', name: 'J', lat: 36, lon: 138, role: 'member', demandTpy: 6000 },
      ],
      facilities: [
        {
          id: 'c1',
          name: 'C1',
          country: 'CHN',
          stage: 'integrated',
          capacityTpy: 10_000,
          cashCost: 20,
          owner: 'state',
        },
      ],
      facilityRules: { outageProbability: 0 },
      dominant: { country: 'CHN', strategy: 'scripted' },
      zone: {
        stockpile: { budgetMusd: 0, capacityT: 1200, initialT: 1200, maxBuyPerMonthT: 0, maxReleasePerMonthT: 1e4 },
      },
      events: [{ kind: 'export-restriction', month: '2025-07', until: '2026-01', to: 'member', cut: 1 }],
    });
    const r = runScenario(s, { checkInvariants: true });
    const declared = r.events.filter((e) => e.rule === '4.6 stockpile' && e.type === 'policy');
    expect(declared.map((e) => e.month)).toEqual([6]);
    expect(declared[0]!.detail).toContain('for 6 months');
    const stock = column(r, 'stockpile_t');
    // 1,200 t over six months: 200 t a month, the last of it in the ban's last month.
    for (let m = 6; m < 12; m++) expect(stock[m]).toBeCloseTo(1200 - 200 * (m - 5), 6);
  });
});
