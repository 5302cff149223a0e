/**
 * Merit-order offers (MODEL.md §4.4, v2): the pool offers each of its plants at its own cost × (1 + domesticMargin),
 * not one pooled ask read off last month's output. In 0.1 the dominant's refined price in `export-ban` flipped between
 * 46.8 $/kg (cn-south's 36 × 1.3) and 36.4 (cn-north's 28 × 1.3) month after month through the ban: each month's ask
 * moved its output across the boundary between the two plants, which moved the next month's ask back.
 */
import { describe, expect, it } from 'vitest';
import { POOL, addProcessing, buildOffers, resetBook } from '../../../src/engine/market/book.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld } from '../../../src/engine/world/world.ts';
import type { RunResult } from '../../../src/results/contract.ts';
import { build } from '../scenario-builder.ts';
import { preset } from '../../scenarios/preset-catalog.ts';

function series(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

/** The largest month-to-month change of the dominant's refined price over the ban's months, relative. */
function largestJump(r: RunResult): number {
  const p = series(r, 'price_refine_dominant');
  const ban = r.events.find((e) => e.type === 'restriction')!.month;
  let worst = 0;
  for (let m = ban + 1; m < ban + 24; m++) worst = Math.max(worst, Math.abs(p[m]! - p[m - 1]!) / p[m - 1]!);
  return worst;
}

describe('merit-order offers (MODEL.md §4.4)', () => {
  it('keeps the dominant’s refined price steady through the ban in export-ban (0.1 flipped 46.8 / 36.4)', () => {
    const r = runScenario(preset('export-ban'));
    // Without noise, China's price follows its demand curve at cn-north's capacity, or cn-south's offer: it moves by a
    // few percent a month at most (ε = −0.1 makes a 0.3% shift of demand a 3% move of price), never 29% and back.
    expect(largestJump(r)).toBeLessThan(0.05);
  });

  it('offers each state plant at its own cost × (1 + domesticMargin); the pooled ask with the flag off', () => {
    const offers = (merit: boolean) => {
      const p = preset('export-ban');
      const s = build({ ...p, dominant: { ...p.dominant!, meritOrderOffers: merit } } as never);
      const w = createWorld(s, s.seed, s.months);
      w.month = 0;
      stepMonth(w);
      const book = resetBook(w, 1);
      buildOffers(w, book);
      const out: { owner: string; ask: number }[] = [];
      for (let k = 0; k < book.offerOwner.n; k++) {
        const o = book.offerOwner.data[k]!;
        if (o === POOL || (o >= 0 && w.facilities.country[o] === w.countries.dominant))
          out.push({ owner: o === POOL ? 'pool' : s.facilities[o]!.id, ask: book.offerAsk.data[k]! });
      }
      return out;
    };
    // cn-north 28 $/kg and cn-south 36 $/kg, domesticMargin 0.3: 36.4 and 46.8.
    const merit = offers(true);
    expect(merit.map((o) => o.owner)).toEqual(['cn-north', 'cn-south']);
    expect(merit[0]!.ask).toBeCloseTo(36.4, 9);
    expect(merit[1]!.ask).toBeCloseTo(46.8, 9);
    // One pooled offer at the domestic ask, read off last month's output.
    const pooled = offers(false);
    expect(pooled.map((o) => o.owner)).toEqual(['pool']);
  });

  it("asks a state refinery's arc its unit cost × (1 + domesticMargin) less the domestic concentrate ask / recovery", () => {
    // rare-earths-2024: China's separation plant for imported concentrate converts at 6 $/kg and China has no state
    // mines, so its feed is costed at the reference concentrate price: (6 + ref / 0.95) × 1.25 − ref / 0.95.
    const s = preset('rare-earths-2024');
    const w = createWorld(s, s.seed, s.months);
    w.month = 0;
    stepMonth(w);
    const mine = resetBook(w, 0);
    const refine = resetBook(w, 1);
    buildOffers(w, mine);
    buildOffers(w, refine);
    addProcessing(w, mine, refine);
    const f = s.facilities.findIndex((x) => x.id === 'cn-separation-imported');
    const k = Array.from(refine.offerOwner.data.subarray(0, refine.offerOwner.n)).indexOf(f);
    expect(k).toBeGreaterThanOrEqual(0);
    const ref = s.market.referencePrice.mine;
    expect(w.strategist.domesticAskUsdPerKg[0]).toBe(ref);
    expect(refine.offerAsk.data[k]).toBeCloseTo((6 + ref / 0.95) * 1.25 - ref / 0.95, 9);
  });
});
