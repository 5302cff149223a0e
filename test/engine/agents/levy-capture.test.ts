/**
 * Export asks by destination group (MODEL.md §4.4, v2): with `dominant.captureLevy`, facing the zone's variable levy
 * the dominant raises its price to members up to the levy threshold and keeps the rent — the levy revenue on its route
 * becomes its export rent, per kg, and the member pays the same price, less the cent a kilogram by which the dominant
 * undercuts the threshold to win the sale.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/engine/run.ts';
import type { RunResult } from '../../../src/results/contract.ts';
import { CAPTURE_UNDERCUT } from '../../../src/engine/market/levy.ts';
import { build } from '../scenario-builder.ts';
import { preset } from '../../scenarios/preset-catalog.ts';

/** rare-earths-zone-2026 for three years, retaliation off (so both runs trade on the same routes), capture on or off. */
function zoneRun(captureLevy: boolean): RunResult {
  const p = preset('rare-earths-zone-2026');
  return runScenario(
    build({
      ...p,
      extends: undefined,
      months: 36,
      dominant: { ...p.dominant!, retaliationTrigger: 10, captureLevy },
    } as never),
  );
}

interface RouteMonth {
  tonnes: number;
  tariffPerKg: number;
  rentPerKg: number;
  buyerPerKg: number;
}

/** The refined flows of the dominant's own product to `to`, by month. */
function route(r: RunResult, to: string): Map<number, RouteMonth> {
  const b = r.buffers;
  const d = r.meta.countries.findIndex((c) => c.role === 'dominant');
  const t = r.meta.countries.findIndex((c) => c.code === to);
  const out = new Map<number, RouteMonth>();
  for (let k = 0; k < b.flowMonth.length; k++) {
    if (b.flowStage[k] !== 1 || b.flowFrom[k] !== d || b.flowTo[k] !== t || b.flowOrigin[k] !== d) continue;
    const q = b.flowTonnes[k]!;
    if (!(q > 1e-6)) continue;
    out.set(b.flowMonth[k]!, {
      tonnes: q,
      tariffPerKg: (1000 * b.flowTariff[k]!) / q,
      rentPerKg: (1000 * b.flowRent[k]!) / q,
      buyerPerKg: (1000 * b.flowValue[k]!) / q,
    });
  }
  return out;
}

describe('the dominant captures the variable levy (MODEL.md §4.4, captureLevy)', () => {
  const off = zoneRun(false);
  const on = zoneRun(true);

  it("turns the levy on its route to Japan into its own export rent, per kg, at the member's same price", () => {
    const a = route(off, 'JPN');
    const b = route(on, 'JPN');
    let checked = 0;
    for (const [m, x] of a) {
      const y = b.get(m);
      if (!y || x.tariffPerKg < 0.01) continue;
      // Without capture China pays the levy; with it, no levy, and its rent rises by what the levy was, less the cent
      // a kilogram by which it lands under the threshold to win the sale (CAPTURE_UNDERCUT) and which Japan saves.
      expect(y.tariffPerKg).toBeCloseTo(0, 9);
      expect(y.rentPerKg - x.rentPerKg).toBeCloseTo(x.tariffPerKg - CAPTURE_UNDERCUT, 6);
      expect(y.buyerPerKg).toBeCloseTo(x.buyerPerKg - CAPTURE_UNDERCUT, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('lowers the levy revenue and raises the export rent', () => {
    expect(on.kpis.levy_revenue_musd).toBeLessThan(off.kpis.levy_revenue_musd!);
    expect(on.kpis.export_rent_musd).toBeGreaterThan(off.kpis.export_rent_musd!);
    expect(on.kpis.dominant_payoff_musd).toBeGreaterThan(off.kpis.dominant_payoff_musd!);
  });

  it("keeps the month's accounting identity and every invariant with the levy captured", () => {
    const p = preset('rare-earths-zone-2026');
    const s = build({ ...p, extends: undefined, months: 24, dominant: { ...p.dominant!, captureLevy: true } } as never);
    expect(() => runScenario(s, { checkInvariants: true })).not.toThrow();
  });
});
