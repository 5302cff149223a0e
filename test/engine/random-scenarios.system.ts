/**
 * MODEL.md §9 on ≥ 1,000 random valid scenarios: every preset, mutated within the schema's bounds (demand, costs,
 * elasticities, the floor, tariffs, commercial stocks, leakage, own mines of integrated plants, the dominant's
 * margins, strategy, offers and levy capture), run with the engine's own invariant check — every number finite, no negative price, material balanced in
 * every country and stage, same-month price consistency at every refinery, the accounting identity, prices on the
 * demand curves. Seeded and replayable: a failure prints its seed and path (fast-check), and `--set`-style settings
 * reproduce it from the CLI.
 * A system test (`npm run test:system`, run by CI): about a minute on two cores.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import { catalog, preset } from '../scenarios/preset-catalog.ts';

const ids = [...catalog.keys()];

/** Settings as `--set path=value` texts, each within the schema's bounds. */
const arbSettings = fc.record(
  {
    growth: fc.double({ min: -0.05, max: 0.15, noNaN: true }),
    epsShort: fc.double({ min: -1.5, max: -0.02, noNaN: true }),
    epsLong: fc.double({ min: -2, max: -0.05, noNaN: true }),
    choke: fc.double({ min: 1.2, max: 20, noNaN: true }),
    stocksRefine: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 4, noNaN: true })),
    stocksMine: fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 3, noNaN: true })),
    gamma: fc.double({ min: 0.1, max: 5, noNaN: true }),
    recovery: fc.double({ min: 0.3, max: 1, noNaN: true }),
    domesticMargin: fc.double({ min: 0, max: 5, noNaN: true }),
    strategy: fc.constantFrom('scripted', 'adaptive', 'dominant-firm'),
    meritOrderOffers: fc.boolean(),
    captureLevy: fc.boolean(),
    noise: fc.double({ min: 0, max: 0.3, noNaN: true }),
    floor: fc.double({ min: 0.3, max: 3, noNaN: true }),
    fixedTariff: fc.double({ min: 0, max: 1, noNaN: true }),
    enforcement: fc.double({ min: 0, max: 1, noNaN: true }),
    reexport: fc.double({ min: 0, max: 20, noNaN: true }),
    mineRatio: fc.double({ min: 0.2, max: 3, noNaN: true }),
    miningShare: fc.double({ min: 0, max: 0.9, noNaN: true }),
  },
  { requiredKeys: [] },
);

function settingsFor(id: string, o: Partial<Record<string, number | string | boolean>>): string[] {
  const s = preset(id);
  const out: string[] = [];
  const set = (path: string, v: number | string | boolean | undefined) => v !== undefined && out.push(`${path}=${v}`);
  set('market.elasticityShort', o.epsShort);
  set('market.elasticityLong', o.epsLong);
  if (o.choke !== undefined) set('market.chokePrice', s.market.referencePrice.refine * (o.choke as number));
  set('market.stocks.initialMonths.refine', o.stocksRefine);
  set('market.stocks.initialMonths.mine', o.stocksMine);
  set('market.stocks.scarcityElasticity', o.gamma);
  set('market.recovery', o.recovery);
  set('market.demandNoise', o.noise);
  set('market.leakage.originEnforcement', o.enforcement);
  set('market.leakage.reexportUsdPerKg', o.reexport);
  if (s.dominant) {
    set('dominant.domesticMargin', o.domesticMargin);
    set('dominant.strategy', o.strategy);
    set('dominant.meritOrderOffers', o.meritOrderOffers);
    set('dominant.captureLevy', o.captureLevy);
  }
  if (s.zone) {
    if (o.floor !== undefined) set('zone.floor.refine', s.market.referencePrice.refine * (o.floor as number));
    set('zone.fixedTariff', o.fixedTariff);
  }
  if (o.growth !== undefined && s.countries[0]) set('countries.0.growth', o.growth);
  // An own mine larger or smaller than its refinery needs, on the first private integrated plant (MODEL.md §3).
  const k = s.facilities.findIndex((f) => f.stage === 'integrated' && f.owner === 'private');
  const f = s.facilities[k];
  if (f && o.mineRatio !== undefined && o.miningShare !== undefined) {
    const recovery = f.recovery ?? (o.recovery as number | undefined) ?? s.market.recovery;
    set(`facilities.${k}.mineCapacityTpy`, ((o.mineRatio as number) * f.capacityTpy) / recovery);
    set(`facilities.${k}.mineCashCost`, (o.miningShare as number) * f.cashCost * recovery);
  }
  return out;
}

describe('random valid scenarios (MODEL.md §9)', () => {
  it('keep every invariant in every month of 1,000 mutated presets', () => {
    let ran = 0;
    const refused = new Map<string, number>();
    fc.assert(
      fc.property(fc.constantFrom(...ids), arbSettings, fc.integer({ min: 0, max: 1_000_000 }), (id, o, seed) => {
        const settings = settingsFor(id, o);
        const r = applyOverrides(preset(id), settings);
        // A setting the schema refuses is not a valid scenario; the bounds above keep that rare (checked below).
        if (!r.ok) {
          const what = r.error.text.split('=')[0]!;
          refused.set(what, (refused.get(what) ?? 0) + 1);
        }
        fc.pre(r.ok);
        if (!r.ok) return;
        try {
          runScenario({ ...r.value, seed }, { checkInvariants: true, months: 24 });
        } catch (e) {
          throw new Error(`${id} --seed ${seed} ${settings.map((t) => `--set ${t}`).join(' ')}: ${String(e)}`);
        }
        ran++;
      }),
      { seed: 20_261_207, numRuns: 1000 },
    );
    expect(ran).toBeGreaterThanOrEqual(900);
    const refusals = [...refused.values()].reduce((a, b) => a + b, 0);
    expect(refusals, `settings the schema refused: ${JSON.stringify([...refused])}`).toBeLessThan(0.1 * ran);
    // About a minute on an idle two-core machine; room for a loaded one.
  }, 900_000);
});
