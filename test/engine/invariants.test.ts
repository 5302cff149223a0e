import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { createWorld } from '../../src/engine/world/world.ts';
import { stepMonth } from '../../src/engine/step.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { build, smallMarket } from './scenario-builder.ts';

const arbMarket = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  months: fc.integer({ min: 12, max: 48 }),
  rivals: fc.integer({ min: 1, max: 5 }),
  importers: fc.integer({ min: 1, max: 5 }),
  rivalCost: fc.double({ min: 15, max: 60, noNaN: true }),
  dominantCost: fc.double({ min: 5, max: 40, noNaN: true }),
  withZone: fc.boolean(),
});

/** Sums flows of a stage by exporter (out) and importer (in), per month. */
function flowTotals(r: RunResult, m: number, st: number) {
  const C = r.meta.countries.length;
  const out = new Float64Array(C);
  const into = new Float64Array(C);
  const b = r.buffers;
  for (let k = 0; k < b.flowMonth.length; k++) {
    if (b.flowMonth[k] !== m || b.flowStage[k] !== st) continue;
    out[b.flowFrom[k]!]! += b.flowTonnes[k]!;
    into[b.flowTo[k]!]! += b.flowTonnes[k]!;
  }
  return { out, into };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('engine invariants (fast-check)', () => {
  it('balances quantities every month: facility output = exports + domestic sales; flows in = consumption', () => {
    fc.assert(
      fc.property(arbMarket, (o) => {
        const r = runScenario(build(smallMarket(o)));
        const { buffers: b, meta } = r;
        const C = meta.countries.length;
        const F = meta.facilities.length;
        for (let m = 0; m < meta.months; m++) {
          for (let st = 0; st < 2; st++) {
            const { out, into } = flowTotals(r, m, st);
            const made = new Float64Array(C);
            for (let f = 0; f < F; f++) {
              const kind = meta.facilities[f]!.stage;
              if (st === 0 ? kind === 'mine' : kind !== 'mine')
                made[meta.facilities[f]!.country]! += b.facOutput[m * F + f]!;
            }
            for (let c = 0; c < C; c++) {
              const i = (m * C + c) * 2 + st;
              expect(
                close(out[c]!, made[c]!),
                `stage ${st} month ${m} country ${c}: out ${out[c]} made ${made[c]}`,
              ).toBe(true);
              expect(close(into[c]!, b.consumption[i]!), `stage ${st} month ${m} country ${c}: in`).toBe(true);
              if (st === 1) expect(close(b.production[i]!, made[c]!)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 12, seed: 0xba1a },
    );
  });

  it('never produces a negative or NaN price, stock or quantity', () => {
    fc.assert(
      fc.property(arbMarket, (o) => {
        const r = runScenario(build(smallMarket(o)));
        const b = r.buffers;
        const C = r.meta.countries.length;
        for (let m = 0; m < r.meta.months; m++) {
          for (let c = 0; c < C; c++) {
            const p = b.price[(m * C + c) * 2 + 1]!;
            expect(Number.isFinite(p) && p >= 0, `refined price at month ${m}, country ${c}: ${p}`).toBe(true);
          }
        }
        for (const key of ['production', 'consumption', 'imports', 'exports', 'unmet', 'flowTonnes'] as const) {
          for (const v of b[key]) expect(v >= 0 && Number.isFinite(v), `${key}: ${v}`).toBe(true);
        }
        const cols = r.meta.monthlyColumns;
        const stock = cols.indexOf('stockpile_t');
        for (let m = 0; m < r.meta.months; m++) expect(b.monthly[m * cols.length + stock]).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 12, seed: 0x9e9a },
    );
  });

  it('gives the same resultHash for the same scenario and seed, and another for another seed', () => {
    fc.assert(
      fc.property(arbMarket, (o) => {
        const s = build(smallMarket(o));
        const a = runScenario(s);
        const again = runScenario(build(smallMarket(o)));
        expect(again.resultHash).toBe(a.resultHash);
        const other = runScenario(s, { seed: o.seed + 1 });
        expect(other.resultHash).not.toBe(a.resultHash);
      }),
      { numRuns: 6, seed: 0x4a54 },
    );
  });

  it("leaves every other facility's random draws unchanged when a facility is added", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const drawsOf = (extra: boolean) => {
          const s = build(smallMarket({ seed, months: 36, extraFacility: extra }));
          const w = createWorld(s, seed, 36);
          const log = new Map<string, number[]>();
          w.facilities.streams = w.facilities.streams.map((stream, f) => {
            const list: number[] = [];
            log.set(w.facilities.id[f]!, list);
            return () => {
              const u = stream();
              list.push(u);
              return u;
            };
          });
          for (let m = 0; m < 36; m++) {
            w.month = m;
            stepMonth(w);
          }
          return log;
        };
        const base = drawsOf(false);
        const more = drawsOf(true);
        expect(more.size).toBe(base.size + 1);
        for (const [id, draws] of base) {
          expect(draws.length).toBe(72);
          expect(more.get(id)).toEqual(draws);
        }
      }),
      { numRuns: 5, seed: 0xd4a3 },
    );
  });
});
