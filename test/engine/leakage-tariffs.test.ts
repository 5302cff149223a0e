/**
 * Tariffs and levies by origin leak through third countries (MODEL.md §4.9): a textbook case checked by hand, and the
 * zone's levy leaking through a member hub.
 *
 * The case: Australia makes the product at $10/kg with room to spare, Japan buys it and has a backstop plant at $40/kg,
 * Korea is a third country. Transport is $1/kg on every route, re-exporting costs $2/kg more, and Japan levies $20/kg
 * on Australian product. Direct, Japan pays 10 + 1 + 20 = $31. Through Korea a shipment costs 10 + 1 + 1 + 2 = $14
 * before duty, and pays Japan's duty only when caught (share e): 14 + 20e. So Japan pays $14 at e = 0, $24 at e = 0.5,
 * and at e = 0.9 (14 + 18 = 32 > 31) or e = 1 the channel is dearer than the direct route and nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build } from './scenario-builder.ts';

function tariffCase(originEnforcement: number): ScenarioInput {
  const country = (code: string, lat: number, lon: number, demandTpy: number) => ({
    code,
    name: code,
    lat,
    lon,
    role: 'other' as const,
    demandTpy,
  });
  return {
    schema: 1,
    title: 'A tariff by origin and a hub',
    start: '2025-01',
    months: 12,
    seed: 1,
    market: {
      referencePrice: { mine: 10, refine: 30 },
      chokePrice: 300,
      demandNoise: 0,
      leakage: { reexportUsdPerKg: 2, originEnforcement },
      transport: { baseUsdPerKg: 1, perThousandKmUsdPerKg: 0, overrides: [] },
    },
    countries: [country('AUS', -25, 134, 1), country('JPN', 36, 138, 12_000), country('KOR', 36, 128, 1)],
    facilities: [
      { id: 'aus', name: 'Australian plant', country: 'AUS', stage: 'integrated', capacityTpy: 100_000, cashCost: 10 },
      { id: 'jpn', name: 'Japanese backstop', country: 'JPN', stage: 'integrated', capacityTpy: 100_000, cashCost: 40 },
    ],
    events: [{ kind: 'tariff', month: '2025-01', importer: 'JPN', exporter: 'AUS', stage: 'refine', perKg: 20 }],
  };
}

const C = 3;
const JPN = 1;
const price = (r: RunResult, m: number, c: number) => r.buffers.price[(m * C + c) * 2 + 1]!;
const run = (e: number) => runScenario(build(tariffCase(e)), { checkInvariants: true });

describe('tariffs by origin leak through a hub (MODEL.md §4.9)', () => {
  it('prices Japan at 10 + 4 + 20e while the channel is cheaper than the direct route, by hand', () => {
    for (const [e, want] of [
      [0, 14],
      [0.25, 19],
      [0.5, 24],
      [0.9, 31],
      [1, 31],
    ] as const) {
      const r = run(e);
      for (let m = 0; m < 12; m++) expect(price(r, m, JPN), `e = ${e}, month ${m}`).toBeCloseTo(want, 6);
    }
  });

  it('records the re-export as two flows of Australian origin, and Japan collects the expected duty', () => {
    const r = run(0.5);
    const b = r.buffers;
    let legs = 0;
    for (let k = 0; k < b.flowMonth.length; k++) {
      if (b.flowMonth[k] !== 0 || b.flowStage[k] !== 1) continue;
      const codes = [b.flowFrom[k], b.flowTo[k], b.flowOrigin[k]].map((c) => r.meta.countries[c!]!.code);
      if (codes[1] === 'KOR') expect(codes).toEqual(['AUS', 'KOR', 'AUS']);
      if (codes[0] === 'KOR') {
        expect(codes).toEqual(['KOR', 'JPN', 'AUS']);
        // Half the $20 duty is expected to be paid: $10/kg on what came through.
        expect((b.flowTariff[k]! * 1000) / b.flowTonnes[k]!).toBeCloseTo(10, 6);
        legs++;
      }
    }
    expect(legs).toBe(1);
  });

  it('changes nothing with full enforcement (the default)', () => {
    const plain = runScenario(build({ ...tariffCase(1), market: { ...tariffCase(1).market, leakage: undefined } }));
    expect(run(1).resultHash).toBe(plain.resultHash);
  });
});
