/**
 * The investors' scar per country (MODEL.md §4.3): raised only by closures that followed a price collapse, by
 * `scarStep` at home and `scarSpillover` × `scarStep` elsewhere, decaying with half-life `scarHalfLifeMonths`.
 */
import { describe, expect, it } from 'vitest';
import { updateExpectations } from '../../../src/engine/agents/investors.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, type World } from '../../../src/engine/world/world.ts';
import type { Scenario } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, oneMarket } from '../scenario-builder.ts';

/** Steps a world until `stop` says so (or the horizon), and returns it. */
function stepUntil(s: Scenario, months: number, stop: (w: World) => boolean): World {
  const w = createWorld(s, s.seed, months);
  for (let m = 0; m < months; m++) {
    w.month = m;
    stepMonth(w);
    if (stop(w)) break;
  }
  return w;
}

const closed = (w: World) => w.events.some((e) => e.type === 'closed' && e.month === w.month);

describe('the scar per country (MODEL.md §4.3)', () => {
  it('scars the closing country by scarStep and the others by the spill-over, after a price collapse', () => {
    // dumping-cycle: the flood drives the refining margin from about $12.5/kg to about $5/kg (a fall of more than
    // scarCollapse = 30%), and Brazil's plant goes bankrupt first, in 2025-11.
    const s = preset('dumping-cycle');
    const w = stepUntil(s, s.months, closed);
    const e = w.events.filter((x) => x.type === 'closed' && x.month === w.month);
    expect(e.map((x) => x.country)).toEqual(['BRA']);
    expect(e[0]!.detail).toContain('followed a price collapse');
    const { scarStep, scarSpillover } = s.investors;
    const bra = w.countries.index.get('BRA')!;
    for (let c = 0; c < w.countries.count; c++) {
      expect(w.investors.scar[c * 2]).toBe(0);
      expect(w.investors.scar[c * 2 + 1]).toBeCloseTo(c === bra ? scarStep : scarSpillover * scarStep, 12);
    }
  });

  it('halves in scarHalfLifeMonths', () => {
    const s = preset('dumping-cycle');
    const w = createWorld(s, s.seed, s.months);
    w.investors.scar[3] = 0.02;
    for (let m = 0; m < s.investors.scarHalfLifeMonths; m++) updateExpectations(w);
    expect(w.investors.scar[3]).toBeCloseTo(0.01, 12);
  });

  it('is not raised by a closure without a price collapse', () => {
    // One market at a steady $40/kg (its reference price too, so memory holds no better year): the 40 $/kg plant with
    // a fixed cost of 120 M$/yr and no cash loses 10 M$ a month and goes bankrupt (below −200 M$) in its 21st month,
    // with prices flat: no scar.
    const s = oneMarket({ months: 36 });
    s.market = { ...s.market, referencePrice: { mine: 20, refine: 40 } };
    s.facilities = s.facilities!.map((f) => (f.id === 'high' ? { ...f, fixedCostMusd: 120, cashMusd: 0 } : f));
    const w = stepUntil(build(s), 36, closed);
    const e = w.events.find((x) => x.type === 'closed');
    expect(e?.agent).toBe('high');
    expect(e!.detail).not.toContain('price collapse');
    expect(Array.from(w.investors.scar)).toEqual([0, 0]);
  });
});
