/**
 * Trade that leaks (MODEL.md §4.9, §9): re-exports through a third country past an export ban, their cost, origin
 * enforcement, and the leakage bound — with no enforcement, the members' price under a ban exceeds the hub's price by
 * at most the re-export cost plus transport (and the importer's tariffs).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { preset } from '../scenarios/preset-catalog.ts';

function banRun(enforcement: number, reexportUsdPerKg = 2): RunResult {
  const s = preset('export-ban');
  s.market.leakage = { reexportUsdPerKg, originEnforcement: enforcement };
  return runScenario(s, { checkInvariants: true });
}

function memberPrice(r: RunResult): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf('price_refine_member');
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

const plain = runScenario(preset('export-ban'));
const banMonths = (() => {
  const p = memberPrice(plain);
  return [...p.keys()].filter((m) => p[m]! >= 299);
})();

describe('re-exports past an export ban (MODEL.md §4.9)', () => {
  it('changes nothing with full enforcement (the default, 0.1’s rule)', () => {
    expect(banRun(1).resultHash).toBe(plain.resultHash);
  });

  it('holds members within the re-export cost plus transport of the hub’s price with no enforcement', () => {
    expect(banMonths.length).toBeGreaterThan(12);
    const r = banRun(0);
    const b = r.buffers;
    const C = r.meta.countries.length;
    let legs = 0;
    for (let k = 0; k < b.flowMonth.length; k++) {
      if (b.flowStage[k] !== 1 || b.flowOrigin[k] === b.flowFrom[k]) continue;
      const t = b.flowTonnes[k]!;
      const hub = b.flowFrom[k]!;
      const m = b.flowMonth[k]!;
      const buyerPrice = (b.flowValue[k]! * 1000) / t;
      // The hub's price: the product's landed price there (the first leg's buyer price), or the hub's market price.
      let hubPrice = b.price[(m * C + hub) * 2 + 1]!;
      for (let j = 0; j < b.flowMonth.length; j++) {
        if (b.flowMonth[j] === m && b.flowStage[j] === 1 && b.flowTo[j] === hub && b.flowOrigin[j] === b.flowOrigin[k])
          hubPrice = (b.flowValue[j]! * 1000) / b.flowTonnes[j]!;
      }
      const carriage = (b.flowTransport[k]! * 1000) / t;
      const tariff = (b.flowTariff[k]! * 1000) / t;
      // carriage = the hub → member transport + the re-export cost.
      expect(buyerPrice - hubPrice, `month ${m}`).toBeLessThanOrEqual(carriage + tariff + 1e-6);
      expect(carriage).toBeGreaterThanOrEqual(2);
      legs++;
    }
    expect(legs).toBeGreaterThan(12);
    const p = memberPrice(r);
    for (const m of banMonths) expect(p[m]!, `month ${m}`).toBeLessThan(60);
    expect(r.kpis.unmet_refine_member_t).toBe(0);
  });

  it('leaks less as enforcement rises, and costs more', () => {
    const none = memberPrice(banRun(0));
    const half = memberPrice(banRun(0.5));
    const full = memberPrice(plain);
    for (const m of banMonths) {
      expect(half[m]!, `month ${m}`).toBeGreaterThan(none[m]!);
      expect(half[m]!, `month ${m}`).toBeLessThan(full[m]!);
    }
  });

  it('keeps the re-export’s origin on both legs, and the hub’s balance closed (the engine checks it)', () => {
    const r = banRun(0);
    const b = r.buffers;
    const origins = new Set<number>();
    for (let k = 0; k < b.flowMonth.length; k++) if (b.flowOrigin[k] !== b.flowFrom[k]) origins.add(b.flowOrigin[k]!);
    expect([...origins].map((c) => r.meta.countries[c]!.code)).toEqual(['CHN']);
  });
});
