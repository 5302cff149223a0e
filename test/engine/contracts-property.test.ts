/**
 * Contracts on random markets (MODEL.md §4.7; fast-check, seeded): whatever the contracts — buyers a country, the zone
 * or its stockpile; sellers a mine, a refinery, an integrated plant of the dominant's pool or a rival, or a country;
 * fixed, indexed and floor prices; terms; export bans and quotas on their routes — the engine's invariants hold every
 * month (material balances and the accounting identity, to a millionth), and no contract delivers more than its volume
 * or than its seller's output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, smallMarket } from './scenario-builder.ts';

const FACILITY_SELLERS = ['chn-1', 'chn-2', 'aus-1', 'usa-1', 'extra-1', 'ref-jpn'] as const;
const COUNTRY_SELLERS = ['CHN', 'AUS', 'USA', 'JPN'] as const;
const BUYERS = ['CHN', 'AUS', 'USA', 'JPN', 'KOR', 'zone', 'stockpile'] as const;

const price = fc.oneof(
  fc.record({ kind: fc.constant('fixed' as const), usdPerKg: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ kind: fc.constant('floor' as const), usdPerKg: fc.integer({ min: 0, max: 200 }) }),
  fc.record({
    kind: fc.constant('indexed' as const),
    share: fc.integer({ min: 50, max: 150 }).map((x) => x / 100),
    min: fc.integer({ min: 0, max: 60 }),
    max: fc.integer({ min: 60, max: 300 }),
  }),
);

const contract = fc.record({
  seller: fc.constantFrom(...FACILITY_SELLERS, ...COUNTRY_SELLERS),
  buyer: fc.constantFrom(...BUYERS, 'JPN', 'JPN'),
  mineStage: fc.boolean(),
  volumeTpm: fc.integer({ min: 0, max: 3000 }),
  price,
  start: fc.integer({ min: 0, max: 11 }),
  term: fc.integer({ min: 1, max: 24 }),
});

const restriction = fc.record({
  country: fc.constantFrom('CHN', 'AUS', 'USA', 'JPN'),
  to: fc.constantFrom('all', 'member', 'JPN', 'KOR', 'USA'),
  stage: fc.constantFrom('mine' as const, 'refine' as const, 'both' as const),
  cut: fc.constantFrom(1, 0.5),
  month: fc.integer({ min: 1, max: 12 }),
  months: fc.integer({ min: 1, max: 8 }),
});

/** The values an arbitrary generates. */
type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;

const label = (m: number) => `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

function market(
  seed: number,
  withZone: boolean,
  cs: Gen<typeof contract>[],
  rs: Gen<typeof restriction>[],
): ScenarioInput {
  const s = smallMarket({ seed, months: 24, rivals: 2, importers: 2, withZone, extraFacility: true });
  s.facilities!.push({
    id: 'ref-jpn',
    name: 'Refinery',
    country: 'JPN',
    stage: 'refine',
    capacityTpy: 3000,
    cashCost: 8,
  });
  if (withZone) {
    s.zone = {
      ...s.zone!,
      stockpile: { country: 'AUS', budgetMusd: 100, capacityT: 2000, maxBuyPerMonthT: 100, maxReleasePerMonthT: 300 },
    };
  }
  s.events = rs.map((r) => ({
    kind: 'export-restriction' as const,
    country: r.country,
    to: r.to,
    stage: r.stage,
    cut: r.cut,
    month: label(r.month),
    until: label(r.month + r.months),
  }));
  s.contracts = cs.map((c, i) => {
    const facilityStage = { 'extra-1': 'mine', 'ref-jpn': 'refine' } as Record<string, string>;
    let stage: 'mine' | 'refine' = c.seller.length === 3 ? (c.mineStage ? 'mine' : 'refine') : 'refine';
    if (facilityStage[c.seller] === 'mine') stage = 'mine';
    let buyer: string = c.buyer;
    if ((buyer === 'zone' || buyer === 'stockpile') && !withZone) buyer = 'JPN';
    // Japan's refinery is the market's only buyer of concentrate.
    if (stage === 'mine') buyer = 'JPN';
    return {
      id: `k${i}`,
      buyer,
      seller: c.seller,
      stage,
      volumeTpm: c.volumeTpm,
      price: c.price,
      start: label(c.start),
      termMonths: c.term,
    };
  });
  return s;
}

describe('contracts on random markets (fast-check, seeded)', () => {
  it('keep the balances and the identity, and never deliver more than their volume or their seller’s output', () => {
    const arb = fc.record({
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      withZone: fc.boolean(),
      contracts: fc.array(contract, { minLength: 1, maxLength: 4 }),
      restrictions: fc.array(restriction, { maxLength: 2 }),
    });
    // What the runs delivered, by kind of contract, so the property is not vacuous.
    const seen = new Map<string, number>();
    const note = (kind: string, t: number) => seen.set(kind, (seen.get(kind) ?? 0) + t);
    fc.assert(
      fc.property(arb, ({ seed, withZone, contracts, restrictions }) => {
        const s = build(market(seed, withZone, contracts, restrictions));
        const r = runScenario(s, { checkInvariants: true });
        const b = r.buffers;
        const F = r.meta.facilities.length;
        const C = r.meta.countries.length;
        const codes = r.meta.countries.map((c) => c.code);
        const ids = r.meta.facilities.map((f) => f.id);
        const list = s.contracts!;
        const cols = r.meta.monthlyColumns;
        for (let m = 0; m < r.meta.months; m++) {
          const stock = b.monthly[m * cols.length + cols.indexOf('stockpile_t')]!;
          expect(stock, `stockpile, month ${m}`).toBeLessThanOrEqual(2000 * (1 + 1e-9));
          const byContract = new Float64Array(list.length);
          for (let k = 0; k < b.flowMonth.length; k++)
            if (b.flowMonth[k] === m && b.flowContract[k]! >= 0) byContract[b.flowContract[k]!]! += b.flowTonnes[k]!;
          const bySeller = new Map<string, number>();
          list.forEach((c, k) => {
            note(c.seller === 'ref-jpn' ? 'refinery' : c.stage === 'mine' ? 'mine' : c.buyer, byContract[k]!);
            expect(byContract[k]!, `${c.id} month ${m}`).toBeLessThanOrEqual(c.volumeTpm! * (1 + 1e-9) + 1e-9);
            const key = `${c.seller}:${c.stage}`;
            bySeller.set(key, (bySeller.get(key) ?? 0) + byContract[k]!);
          });
          for (const [key, t] of bySeller) {
            const [seller, stage] = key.split(':') as [string, string];
            const f = ids.indexOf(seller);
            const out =
              f >= 0
                ? b.facOutput[m * F + f]!
                : b.production[(m * C + codes.indexOf(seller)) * 2 + (stage === 'mine' ? 0 : 1)]!;
            expect(t, `${key} month ${m}`).toBeLessThanOrEqual(out * (1 + 1e-6) + 1e-6);
            if (f >= 0)
              expect(out, `${key} month ${m}`).toBeLessThanOrEqual(
                (b.facCapacity[m * F + f]! / 12) * (1 + 1e-6) + 1e-6,
              );
          }
        }
      }),
      { numRuns: Number(process.env.K_RUNS ?? 40), seed: Number(process.env.K_SEED ?? 4711) },
    );
    for (const kind of ['refinery', 'mine', 'zone', 'stockpile', 'JPN'])
      expect(seen.get(kind) ?? 0, `t delivered by ${kind} contracts`).toBeGreaterThan(0);
  }, 120_000);
});
