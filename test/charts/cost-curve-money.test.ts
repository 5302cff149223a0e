import { describe, expect, it } from 'vitest';
import { buildCostCurveVm, costCurveTable, niceCeil } from '../../src/charts/cost-curve-vm.ts';
import { buildMoneyVm, formatDelta, membersSpend } from '../../src/charts/money-vm.ts';
import { explainEvent } from '../../src/charts/events-vm.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

const current = makeFakeResult(5);
const baseline = makeFakeResult(0);
const input = { current, baseline, stage: 'refine' as const, selected: null, cursor: 20 };

describe('cost curve', () => {
  it('sorts facilities that can refine by cash cost, widths by capacity', () => {
    const vm = buildCostCurveVm(input);
    // Refine stage: Baotou (25), LAMP (45), Mountain Pass (integrated, idle at month 20, 52).
    expect(vm.bars.map((b) => b.label)).toEqual(['Baotou refinery (CHN)', 'Lynas LAMP (MYS)', 'Mountain Pass (USA)']);
    expect(vm.bars.map((b) => [b.x0, b.x1])).toEqual([
      [0, 50000],
      [50000, 60000],
      [60000, 68000],
    ]);
    expect(vm.bars[2]!.idle).toBe(true);
    expect(vm.prices.map((p) => p.label)).toEqual(['Members pay', 'Others pay', 'Dominant home', 'Floor']);
    expect(vm.title).toMatch(/2026-09/);
  });

  it('leaves closed and not-yet-built facilities off the curve', () => {
    const vm = buildCostCurveVm({ ...input, cursor: 35, stage: 'mine' });
    expect(vm.bars.map((b) => b.label)).toEqual(['Bayan Obo (CHN)', 'Mount Weld (AUS)']);
  });

  it('fades facilities outside the selected country and tabulates every bar', () => {
    const vm = buildCostCurveVm({ ...input, selected: 'MYS' });
    expect(vm.bars.map((b) => b.faded)).toEqual([true, false, true]);
    expect(costCurveTable(vm).rows).toHaveLength(3 + vm.prices.length);
  });
});

describe('money figures', () => {
  it('sums each figure to the cursor and compares it with the baseline', () => {
    const vm = buildMoneyVm(input, null, 'cursor');
    const byId = Object.fromEntries(vm.figures.map((f) => [f.id, f]));
    expect(byId.tariff_revenue_musd!.value).toBe(5 * 9);
    expect(byId.stockpile_spend_musd!.value).toBe(100);
    // Members' spend: USA and AUS each buy 800 t a month at the member price (USD/kg) → M$ = t × USD/kg / 1000.
    let spend = 0;
    for (let m = 0; m <= 20; m++) spend += (2 * 800 * (65 + 10 * Math.sin(m / 6))) / 1000;
    expect(byId.consumer_cost_member_musd!.value).toBeCloseTo(spend, 9);
    expect(byId.consumer_cost_member_musd!.delta).toBeCloseTo((2 * 800 * 5 * 21) / 1000, 9);
    expect(byId.tariff_revenue_musd!.delta).toBe(0);
  });

  it('prices the current members’ purchases in a baseline without a zone', () => {
    const noZone = makeFakeResult(0);
    noZone.buffers.membership.fill(0);
    const spend = membersSpend(noZone, current);
    expect(spend[0]).toBeCloseTo((2 * 800 * 60) / 1000, 9);
    expect(spend[30]).toBeCloseTo((3 * 800 * (60 + 10 * Math.sin(5))) / 1000, 9);
  });

  it('sums the whole run by default, with figures per year', () => {
    const vm = buildMoneyVm(input);
    const cursorVm = buildMoneyVm(input, null, 'cursor');
    expect(vm.span).toBe('horizon');
    expect(vm.spanMonths).toBe(current.meta.months);
    expect(vm.title).toMatch(/over the run/);
    for (const [i, f] of vm.figures.entries()) {
      expect(f.value).toBeCloseTo(f.total, 9);
      expect(f.perYear).toBeCloseTo(f.value / (current.meta.months / 12), 9);
      expect(f.value).toBeGreaterThanOrEqual(cursorVm.figures[i]!.value);
    }
    const members = vm.figures.find((f) => f.id === 'consumer_cost_member_musd')!;
    expect(members.delta).toBeGreaterThan(cursorVm.figures.find((f) => f.id === members.id)!.delta);
    expect(members.deltaPerYear).toBeCloseTo(members.delta / (current.meta.months / 12), 9);
  });

  it('has no delta without a baseline', () => {
    const vm = buildMoneyVm({ ...input, baseline: null });
    expect(vm.figures.every((f) => Number.isNaN(f.delta))).toBe(true);
  });

  it('writes differences with their sign', () => {
    expect([formatDelta(12.5), formatDelta(-3), formatDelta(0), formatDelta(NaN)]).toEqual(['+12.5', '−3', '±0', '–']);
  });
});

describe('event explanations', () => {
  it('builds one sentence from when, who, the reason and the rule', () => {
    expect(explainEvent(current, 3)).toBe(
      '2027-07 — Mountain Pass (USA) closed: Idle for 12 months (rule 4.2 close of the model).',
    );
  });
});

describe('cost curve axes', () => {
  it('round up in steps so they change rarely during playback', () => {
    expect([niceCeil(0), niceCeil(1), niceCeil(1.2), niceCeil(57), niceCeil(68_000), niceCeil(810)]).toEqual([
      1, 1, 1.5, 60, 80_000, 1000,
    ]);
  });
});
