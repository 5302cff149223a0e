/**
 * Bilateral deals and offtake contracts (MODEL.md §4.7), hand-checked. A cheap exporter AAA (integrated, 20 $/kg, 2,000
 * t/month) supplies Japan (12,000 t/yr at 50 $/kg, ε = −0.1) at 21 $/kg landed (transport 1 $/kg everywhere); a dear
 * plant in BBB (40 $/kg, 500 t/month) sells nothing on spot but has an offtake with Japan: 300 t/month at a fixed 45
 * $/kg FOB. Japan's demand triples in months 6–8 (the spot price leaves 21 $/kg), and BBB bans exports to Japan in
 * months 12–14.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { buildFlowsCsv } from '../../src/results/run-files.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, handMarket } from './scenario-builder.ts';

function offtakeMarket(withContract = true): ScenarioInput {
  return {
    schema: 1,
    title: 'Offtake',
    start: '2025-01',
    months: 24,
    market: { ...handMarket({ mine: 10, elasticityShort: -0.1 }), elasticityLong: -0.1, recyclingElasticity: 0 },
    countries: [
      { code: 'AAA', name: 'Cheap exporter', lat: 0, lon: 0, role: 'other', demandTpy: 0 },
      { code: 'BBB', name: 'Dear exporter', lat: 10, lon: 10, role: 'other', demandTpy: 0 },
      { code: 'JPN', name: 'Japan', lat: 36, lon: 138, role: 'other', demandTpy: 12_000 },
    ],
    facilities: [
      { id: 'x', name: 'X', country: 'AAA', stage: 'integrated', capacityTpy: 24_000, cashCost: 20, cashMusd: 1e5 },
      {
        id: 'lamp',
        name: 'Lamp',
        country: 'BBB',
        stage: 'integrated',
        capacityTpy: 6_000,
        cashCost: 40,
        cashMusd: 1e5,
      },
    ],
    facilityRules: { outageProbability: 0, idleAfter: 120 },
    events: [
      { kind: 'demand-shock', month: '2025-07', months: 3, country: 'JPN', factor: 3 },
      { kind: 'export-restriction', month: '2026-01', until: '2026-04', country: 'BBB', to: 'JPN', cut: 1 },
    ],
    ...(withContract
      ? {
          contracts: [
            {
              id: 'offtake',
              buyer: 'JPN',
              seller: 'lamp',
              volumeTpm: 300,
              price: { kind: 'fixed' as const, usdPerKg: 45 },
              start: '2025-01',
              termMonths: 36,
              note: 'A test contract.',
            },
          ],
        }
      : {}),
  };
}

describe('an offtake at a fixed price (MODEL.md §4.7)', () => {
  const r = runScenario(build(offtakeMarket()), { checkInvariants: true });
  const C = 3;
  const cols = r.meta.monthlyColumns;
  const monthly = (m: number, name: string) => r.buffers.monthly[m * cols.length + cols.indexOf(name)]!;
  const price = (m: number) => r.buffers.price[(m * C + 2) * 2 + 1]!;
  const contractRows = (m: number) => {
    const rows: number[] = [];
    for (let k = 0; k < r.buffers.flowMonth.length; k++)
      if (r.buffers.flowMonth[k] === m && r.buffers.flowContract[k]! >= 0) rows.push(k);
    return rows;
  };

  it('delivers its 300 t a month before the spot market, paid at 45 $/kg FOB + 1 $/kg transport', () => {
    const rows = contractRows(0);
    expect(rows).toHaveLength(1);
    const k = rows[0]!;
    const b = r.buffers;
    expect([b.flowFrom[k], b.flowTo[k], b.flowStage[k]]).toEqual([1, 2, 1]);
    expect(b.flowTonnes[k]).toBeCloseTo(300, 9);
    expect(b.flowSellerValue[k]).toBeCloseTo(13.5, 9); // 300 t × 45 $/kg
    expect(b.flowTransport[k]).toBeCloseTo(0.3, 9); // 300 t × 1 $/kg
    expect(b.flowValue[k]).toBeCloseTo(13.8, 9); // what Japan pays: 300 t × 46 $/kg
    expect(b.flowTariff[k]).toBeCloseTo(0, 9);
    // Japan's spot price is set by AAA, 20 + 1; its spot imports are its demand there less the 300 t.
    expect(price(0)).toBeCloseTo(21, 6);
    // (On its curve within the clearing's tolerance, and the month's demand noise.)
    const q = b.consumption[(0 * C + 2) * 2 + 1]!;
    expect(Math.abs(q / (1000 * Math.pow(21 / 50, -0.1)) - 1)).toBeLessThan(1e-3);
    expect(b.imports[(0 * C + 2) * 2 + 1]).toBeCloseTo(q, 6);
    expect(b.exports[(0 * C + 0) * 2 + 1]).toBeCloseTo(q - 300, 6);
    // The plant sells nothing on spot (its ask, 40, is above the 20 it would net), only its contract.
    expect(b.facOutput[0 * 2 + 1]).toBeCloseTo(300, 6);
  });

  it('moves the difference with spot as a transfer: (45 − 20) × 300 t = 7.5 M$ to the seller', () => {
    // BBB's spot price is its best netback, Japan's 21 less 1 of transport: 20 $/kg.
    expect(r.buffers.price[(0 * C + 1) * 2 + 1]).toBeCloseTo(20, 6);
    expect(monthly(0, 'contract_refine_t')).toBeCloseTo(300, 9);
    expect(monthly(0, 'contract_transfer_musd')).toBeCloseTo(7.5, 9);
    // The seller's producer surplus: 300 t at 45 less its 40 $/kg cost and a month of fixed cost (0).
    const base = runScenario(build(offtakeMarket(false)), { checkInvariants: true });
    const col = (rr: typeof r, m: number, name: string) => rr.buffers.monthly[m * cols.length + cols.indexOf(name)]!;
    const ps = col(r, 0, 'producer_surplus_other_musd') - col(base, 0, 'producer_surplus_other_musd');
    const cs = col(r, 0, 'consumer_surplus_other_musd') - col(base, 0, 'consumer_surplus_other_musd');
    // Seller: + 300 × (45 − 40) = 1.5 M$; AAA sells 300 t less at zero margin over its node price... its price is 20,
    // its cost 20, so nothing. Buyer: same price, same quantity, 300 t at 46 instead of 21: −7.5 M$.
    expect(ps).toBeCloseTo(1.5, 6);
    expect(cs).toBeCloseTo(-7.5, 6);
  });

  it('keeps its volume and price through a spot-price swing (Japan’s demand tripled in months 6–8)', () => {
    for (const m of [6, 7, 8]) {
      expect(price(m), `month ${m}`).toBeGreaterThan(45);
      const [k] = contractRows(m);
      expect(r.buffers.flowTonnes[k!]).toBeCloseTo(300, 9);
      expect(r.buffers.flowSellerValue[k!]).toBeCloseTo(13.5, 9);
    }
    expect(price(9)).toBeCloseTo(21, 6);
  });

  it('stops under a ban on its route, with an event naming it and the rule, and resumes after', () => {
    for (const m of [12, 13, 14]) {
      expect(contractRows(m), `month ${m}`).toHaveLength(0);
      expect(monthly(m, 'contract_refine_t')).toBe(0);
    }
    expect(r.buffers.flowTonnes[contractRows(15)[0]!]).toBeCloseTo(300, 9);
    const events = r.events.filter((e) => e.rule === '4.7 contract');
    expect(events.map((e) => [e.month, e.type, e.agent])).toEqual([
      [0, 'policy', 'offtake'],
      [12, 'restriction', 'offtake'],
      [15, 'restriction', 'offtake'],
    ]);
    expect(events[1]!.detail).toMatch(/offtake .* stopped: BBB bans refined product exports to JPN/);
    expect(events[2]!.detail).toMatch(/offtake .* resumes/);
  });

  it('writes contract rows in flows.csv, naming the contract', () => {
    const lines = buildFlowsCsv(r).split('\n');
    expect(lines[0]).toMatch(/,contract$/);
    const row = lines.find((l) => l.startsWith('2025-01,refine,BBB,JPN,'));
    expect(row).toMatch(/,offtake$/);
    expect(lines.find((l) => l.startsWith('2025-01,refine,AAA,JPN,'))).toMatch(/,$/);
  });

  it('ends with its term, with an event', () => {
    const r2 = runScenario(
      build({ ...offtakeMarket(), contracts: [{ ...offtakeMarket().contracts![0]!, termMonths: 18 }] }),
      { checkInvariants: true },
    );
    const ends = r2.events.filter((e) => e.rule === '4.7 contract' && /ends/.test(e.detail));
    expect(ends.map((e) => e.month)).toEqual([18]);
  });
});

describe('an offtake under an export quota (MODEL.md §4.7)', () => {
  it('uses the quota first: cut to 100 t a month by a 1,200 t/yr quota, with an event, back in full after', () => {
    const input = offtakeMarket();
    input.events = [
      { kind: 'export-restriction', month: '2025-03', until: '2025-06', country: 'BBB', to: 'JPN', quotaTpy: 1200 },
    ];
    const r = runScenario(build(input), { checkInvariants: true });
    const cols = r.meta.monthlyColumns;
    const delivered = (m: number) => r.buffers.monthly[m * cols.length + cols.indexOf('contract_refine_t')]!;
    expect([1, 2, 3, 4, 5, 6].map((m) => Number(delivered(m).toFixed(6)))).toEqual([300, 100, 100, 100, 300, 300]);
    const events = r.events.filter((e) => e.rule === '4.7 contract' && e.type === 'restriction');
    expect(events.map((e) => e.month)).toEqual([2, 5]);
    expect(events[0]!.detail).toMatch(/cut to 100 of 300 t\/month by BBB's export quota/);
  });
});

describe('contract validation (MODEL.md §4.7)', () => {
  it('names the path of an unknown seller or buyer, a missing volume and a stage a facility does not sell at', () => {
    const input = offtakeMarket();
    const bad = {
      ...input,
      contracts: [
        {
          id: 'a',
          buyer: 'XYZ',
          seller: 'lamp',
          volumeTpm: 1,
          price: { kind: 'fixed', usdPerKg: 1 },
          start: '2025-01',
        },
        {
          id: 'b',
          buyer: 'JPN',
          seller: 'nope',
          volumeTpm: 1,
          price: { kind: 'fixed', usdPerKg: 1 },
          start: '2025-01',
        },
        { id: 'c', buyer: 'JPN', seller: 'lamp', price: { kind: 'fixed', usdPerKg: 1 }, start: '2025-01' },
        {
          id: 'd',
          buyer: 'JPN',
          seller: 'lamp',
          stage: 'mine',
          volumeTpm: 1,
          price: { kind: 'floor', usdPerKg: 1 },
          start: '2025-01',
        },
        {
          id: 'e',
          buyer: 'zone',
          seller: 'AAA',
          volumeTpm: 1,
          price: { kind: 'fixed', usdPerKg: 1 },
          start: '2025-01',
        },
      ],
    };
    expect(() => build(bad as ScenarioInput)).toThrow(
      /contracts\[0\]\.buyer: unknown country "XYZ"[\s\S]*contracts\[1\]\.seller: unknown facility or country "nope"[\s\S]*contracts\[2\]: give the volume once[\s\S]*contracts\[3\]\.stage[\s\S]*contracts\[4\]\.buyer: the scenario has no zone/,
    );
  });

  it('leaves a scenario without contracts as it was', () => {
    expect(build(offtakeMarket(false)).contracts).toBeUndefined();
  });
});
