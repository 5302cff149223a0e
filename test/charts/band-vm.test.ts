import { describe, expect, it } from 'vitest';
import { type BandRun, bandOf, column, cumulative, pairedBandOf, scaled, sumOf } from '../../src/charts/band-vm.ts';
import { buildCapacityVm } from '../../src/charts/capacity-vm.ts';
import { attachBands, buildMoneyBands } from '../../src/charts/ensemble-vm.ts';
import { MONEY_FIGURES, buildMoneyVm, moneyTable } from '../../src/charts/money-vm.ts';
import { buildPricesVm } from '../../src/charts/prices-vm.ts';
import { buildSupplyVm } from '../../src/charts/supply-vm.ts';
import { timeTable } from '../../src/charts/time-vm.ts';
import { bandsFrom } from '../../src/ensemble/bands.ts';
import { quantile } from '../../src/ensemble/quantiles.ts';
import { FAKE_MONTHS, makeFakeResult } from '../helpers/fake-result.ts';

const METRICS = [
  'price_refine_member',
  'price_refine_other',
  'price_refine_dominant',
  'floor_refine',
  'capacity_operating_refine_member',
  'capacity_operating_refine_other',
  'consumption_refine_member',
  'consumption_refine_other',
  'dominant_share_refine_member',
  'dominant_share_refine_world',
  ...MONEY_FIGURES.map((f) => f.column),
];

/** A run whose every column is `base(metric) + level`, with a small wiggle by month; NaN where `empty` says. */
function run(seed: number, level: number, empty?: (metric: string, m: number) => boolean): BandRun {
  const k = METRICS.length;
  const monthly = new Float64Array(FAKE_MONTHS * k);
  for (let m = 0; m < FAKE_MONTHS; m++) {
    METRICS.forEach((name, j) => {
      const base = name.startsWith('dominant_share') ? 0.5 : 10 * (j + 1);
      monthly[m * k + j] = empty?.(name, m) ? NaN : base + level + (m % 3);
    });
  }
  return { seed, metrics: METRICS, monthly };
}

/** Seeds 1…n with levels 0…n−1 (shuffled), so the median level is (n − 1) / 2. */
function ensemble(n: number, shift = 0): BandRun[] {
  const runs = Array.from({ length: n }, (_, i) => run(i + 1, i + shift));
  return [...runs.slice(n >> 1), ...runs.slice(0, n >> 1)];
}

describe('bands of a derived series', () => {
  it('gives the type-7 quantiles across seeds for every month, whatever order the runs came in', () => {
    const runs = ensemble(11);
    const band = bandOf(runs, column('price_refine_member'))!;
    // Month 4: levels 0…10 on top of 10 + 4 % 3 = 11.
    const sorted = Float64Array.from({ length: 11 }, (_, i) => 11 + i);
    expect(band.p50[4]).toBe(quantile(sorted, 0.5));
    expect(band.p5[4]).toBeCloseTo(quantile(sorted, 0.05));
    expect(band.p25[4]).toBeCloseTo(quantile(sorted, 0.25));
    expect(band.p75[4]).toBeCloseTo(quantile(sorted, 0.75));
    expect(band.p95[4]).toBeCloseTo(quantile(sorted, 0.95));
    const reversed = bandOf([...runs].reverse(), column('price_refine_member'))!;
    expect(Array.from(reversed.p50)).toEqual(Array.from(band.p50));
  });

  it('agrees with bandsFrom on the whole monthly layout', () => {
    const runs = ensemble(7);
    const all = bandsFrom(
      runs.map((r) => r.monthly),
      { months: FAKE_MONTHS, metrics: METRICS },
    );
    const j = METRICS.indexOf('price_refine_other');
    const band = bandOf(runs, column('price_refine_other'))!;
    for (const m of [0, 17, 59]) expect(band.p75[m]).toBe(all.quantiles[(m * METRICS.length + j) * 5 + 3]);
  });

  it('leaves empty cells out, and a month empty in every run empty', () => {
    const runs = [run(1, 0, (n, m) => n === 'price_refine_member' && m === 2), run(2, 4), run(3, 8)];
    const band = bandOf(runs, column('price_refine_member'))!;
    expect(band.p50[2]).toBe(10 + 2 + 6); // the median of 14 and 22
    const none = bandOf(
      runs.map((_, i) => run(i, 0, (n, m) => n === 'price_refine_member' && m === 5)),
      column('price_refine_member'),
    )!;
    expect(none.p50[5]).toBeNaN();
  });

  it('returns null when no run has the column', () => {
    expect(bandOf(ensemble(3), column('no_such_column'))).toBeNull();
    expect(bandOf([], column('price_refine_member'))).toBeNull();
  });

  it('sums columns, scales them and keeps running totals', () => {
    const r = run(1, 0);
    const sum = sumOf('capacity_operating_refine_member', 'capacity_operating_refine_other')(r)!;
    expect(sum[0]).toBe(50 + 60);
    expect(scaled('dominant_share_refine_world', 100)(r)![1]).toBeCloseTo(150);
    const total = cumulative('tariff_revenue_musd')(r)!;
    const j = METRICS.indexOf('tariff_revenue_musd');
    expect(total[2]).toBe(3 * (10 * (j + 1)) + 0 + 1 + 2);
  });
});

describe('paired difference bands', () => {
  it('is exactly zero when a scenario is compared with itself', () => {
    const runs = ensemble(9);
    const { band, pairs } = pairedBandOf(runs, runs, column('price_refine_member'))!;
    expect(pairs).toBe(9);
    expect(Array.from(band.p5).every((v) => v === 0)).toBe(true);
    expect(Array.from(band.p95).every((v) => v === 0)).toBe(true);
  });

  it('subtracts seed by seed: a shift of every seed is the whole band, however wide each side is', () => {
    const base = ensemble(9);
    const cur = ensemble(9, 5);
    const { band } = pairedBandOf(base, cur, column('price_refine_member'))!;
    expect(band.p5[10]).toBe(5);
    expect(band.p95[10]).toBe(5);
    const sideWidth = bandOf(cur, column('price_refine_member'))!;
    expect(sideWidth.p95[10]! - sideWidth.p5[10]!).toBeGreaterThan(5);
  });

  it('counts only the seeds both sides have finished', () => {
    const base = ensemble(6);
    const cur = ensemble(6, 2).filter((r) => r.seed <= 4);
    const paired = pairedBandOf(base, cur, column('price_refine_member'))!;
    expect(paired.pairs).toBe(4);
    expect(pairedBandOf(base.slice(0, 0), cur, column('price_refine_member'))).toBeNull();
  });
});

const current = makeFakeResult(5);
const baseline = makeFakeResult(0);
const input = { current, baseline, stage: 'refine' as const, selected: null, cursor: 10 };

describe('charts with an ensemble', () => {
  it('draws each bloc’s price as its median with bands, the baseline ghosts as baseline medians, and the difference', () => {
    const runs = { current: ensemble(9, 3), baseline: ensemble(9), seeds: 9 };
    const vm = attachBands(buildPricesVm(input), runs, 'refine', null);
    const member = vm.lines.find((l) => l.id === 'member')!;
    expect(member.label).toMatch(/median/);
    expect(member.band).toBeDefined();
    expect(member.values[0]).toBe(10 + 3 + 4);
    expect(vm.lines.find((l) => l.id === 'member-baseline')!.values[0]).toBe(10 + 4);
    expect(vm.lines.find((l) => l.id === 'floor')!.band).toBeUndefined();
    expect(vm.diff).toMatchObject({ unit: 'USD/kg', pairs: 9, months: FAKE_MONTHS });
    expect(vm.diff!.label).toMatch(/^Members' price: current − baseline/);
    expect(vm.diff!.p50[0]).toBe(3);
    expect(vm.bandNote).toBe('Shaded: middle 50% and 90% of 9 seeds');
    expect(vm.yMax).toBeGreaterThanOrEqual(Math.max(...member.band!.p95));
  });

  it('says how many seeds are in while the ensemble runs, and has no difference without a baseline ensemble', () => {
    const vm = attachBands(buildPricesVm(input), { current: ensemble(4), baseline: null, seeds: 20 }, 'refine', null);
    expect(vm.bandNote).toMatch(/of 4 seeds \(of 20\)/);
    expect(vm.diff).toBeNull();
  });

  it('puts operating capacity as a median with bands over one seed’s faint stacked states', () => {
    const vm = attachBands(
      buildCapacityVm(input),
      { current: ensemble(5), baseline: ensemble(5), seeds: 5 },
      'refine',
      null,
    );
    expect(vm.fadeAreas).toBe(true);
    const median = vm.lines.find((l) => l.id === 'operating-median')!;
    expect(median.values[0]).toBe(50 + 60 + 2 * 2);
    expect(vm.diff!.label).toMatch(/^Operating capacity/);
  });

  it('puts refined use on the supply chart and the dominant’s share difference in percentage points', () => {
    const runs = { current: ensemble(5, 1), baseline: ensemble(5), seeds: 5 };
    const vm = attachBands(buildSupplyVm(input), runs, 'refine', null);
    expect(vm.lines[0]!.id).toBe('use-median');
    expect(vm.diff).toMatchObject({ unit: 'pp' });
    expect(vm.diff!.p50[0]).toBeCloseTo(100);
    const mine = attachBands(buildSupplyVm({ ...input, stage: 'mine' }), runs, 'mine', null);
    expect(mine.lines.some((l) => l.band)).toBe(false);
    expect(mine.description).toMatch(/refined stage only/);
  });

  it('leaves a country-filtered chart as one seed’s, and says why', () => {
    const vm = attachBands(
      buildPricesVm({ ...input, selected: 'JPN' }),
      { current: ensemble(3), baseline: null, seeds: 3 },
      'refine',
      'JPN',
    );
    expect(vm.lines.some((l) => l.band)).toBe(false);
    expect(vm.description).toMatch(/drawn by bloc/);
  });

  it('adds the band edges and the difference to the data table', () => {
    const vm = attachBands(
      buildPricesVm(input),
      { current: ensemble(5), baseline: ensemble(5), seeds: 5 },
      'refine',
      null,
    );
    const t = timeTable(vm);
    expect(t.columns).toContain('Members, median, p5');
    expect(t.columns).toContain('Members, median, p95');
    expect(t.columns.some((c) => /current − baseline \(USD\/kg\), p50/.test(c))).toBe(true);
    expect(t.rows[0]!.length).toBe(t.columns.length);
  });
});

describe('money with an ensemble', () => {
  const columns = MONEY_FIGURES.map((f) => f.column);

  it('shows median totals and the paired difference’s median with its 90% range', () => {
    const bands = buildMoneyBands({ current: ensemble(9, 2), baseline: ensemble(9), seeds: 9 }, columns, () => true)!;
    const vm = buildMoneyVm(input, bands, 'cursor');
    const tariff = vm.figures.find((f) => f.id === 'tariff_revenue_musd')!;
    // Through month 10: every seed adds 2 a month, so the difference is 22 in every seed.
    expect(tariff.delta).toBe(22);
    expect(tariff.range).toEqual([22, 22]);
    expect(vm.seeds).toBe(9);
    expect(vm.description).toMatch(/medians of 9 seeds/);
    expect(moneyTable(vm).columns).toContain('Difference, 90% range (M$)');
  });

  it('keeps a figure one seed’s when its baseline does not measure the same thing', () => {
    const bands = buildMoneyBands(
      { current: ensemble(5, 2), baseline: ensemble(5), seeds: 5 },
      columns,
      (c) => c !== 'consumer_cost_member_musd',
    )!;
    const vm = buildMoneyVm(input, bands, 'cursor');
    const plain = buildMoneyVm(input, null, 'cursor');
    const members = vm.figures.find((f) => f.id === 'consumer_cost_member_musd')!;
    expect(members).toEqual(plain.figures.find((f) => f.id === 'consumer_cost_member_musd'));
    expect(members.range).toBeUndefined();
  });

  it('says ±0 without a range when the scenario is its own baseline', () => {
    const bands = buildMoneyBands({ current: ensemble(5), baseline: null, seeds: 5 }, columns, () => true)!;
    const f = buildMoneyVm(input, bands, 'cursor').figures[0]!;
    expect(f.delta).toBe(0);
    expect(f.range).toBeNull();
  });
});
