/**
 * The calibrated scenario library: every preset validates, runs and cites its sources; the historical replays
 * reproduce the shape of their episode; the 2024 baselines reproduce their calibration year (USGS Mineral Commodity
 * Summaries 2025 mine shares within 5 percentage points for the major producers, and the 2024 price within 25%).
 * Each check reads the run's own monthly columns, country-stage buffers and events. The last block perturbs presets
 * and checks that the same checks then fail, so they can.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { monthIndex } from '../../src/scenario/months.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { catalog, preset } from './preset-catalog.ts';

const LIBRARY = [
  'rare-earths-2024',
  'rare-earths-zone-2026',
  'rare-earths-2010-crisis',
  'lithium-2021-boom-bust',
  'gallium-2024',
  'graphite-2024',
  'cobalt-2024',
  'nickel-2024',
] as const;

/** One full run per preset, shared by the tests of this file. */
const runs = new Map<string, RunResult>();
function run(id: string): RunResult {
  let r = runs.get(id);
  if (!r) {
    r = runScenario(preset(id));
    runs.set(id, r);
  }
  return r;
}

function series(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
/** Month index of a "YYYY-MM" label in a run. */
const at = (r: RunResult, label: string) => monthIndex(r.meta.start, label);
/** Values of a series from one label to another, inclusive. */
const between = (xs: number[], r: RunResult, from: string, to: string) => xs.slice(at(r, from), at(r, to) + 1);

/** Events of some types for one facility (or any facility of a set) between two labels, inclusive. */
function eventsOf(r: RunResult, types: string[], agents: Set<string>, from: string, to: string) {
  return r.events.filter(
    (e) => types.includes(e.type) && agents.has(e.agent) && e.month >= at(r, from) && e.month <= at(r, to),
  );
}

/** Share of each country in world production of a stage over the first `months` months of a run. */
function productionShares(r: RunResult, stage: 0 | 1, months = 12): Map<string, number> {
  const C = r.meta.countries.length;
  const total = new Float64Array(C);
  for (let m = 0; m < Math.min(months, r.meta.months); m++) {
    for (let c = 0; c < C; c++) total[c]! += r.buffers.production[(m * C + c) * 2 + stage]!;
  }
  const world = total.reduce((a, x) => a + x, 0);
  return new Map(r.meta.countries.map((c, i) => [c.code, total[i]! / world]));
}

/**
 * USGS Mineral Commodity Summaries 2025, mine production 2024 (CALIBRATION.md §2–7): tonnes by country and the world
 * total. A country is a major producer when it holds at least 2% of the world.
 */
const USGS_2024: Record<string, { world: number; mine: Record<string, number> }> = {
  'rare-earths-2024': {
    world: 390_000,
    mine: { CHN: 270_000, USA: 45_000, MMR: 31_000, AUS: 13_000, NGA: 13_000, THA: 13_000, IND: 2_900 },
  },
  'gallium-2024': { world: 760, mine: { CHN: 750, RUS: 6, JPN: 3, KOR: 3 } },
  'graphite-2024': {
    world: 1_600_000,
    mine: {
      CHN: 1_270_000,
      MDG: 89_000,
      MOZ: 75_000,
      BRA: 68_000,
      IND: 27_800,
      TZA: 25_000,
      CAN: 20_000,
      RUS: 20_000,
    },
  },
  'cobalt-2024': {
    world: 290_000,
    mine: {
      COD: 220_000,
      IDN: 28_000,
      RUS: 8_700,
      CAN: 4_500,
      PHL: 3_800,
      AUS: 3_600,
      CUB: 3_500,
      PNG: 2_800,
      TUR: 2_700,
      MDG: 2_600,
    },
  },
  'nickel-2024': {
    world: 3_700_000,
    mine: {
      IDN: 2_200_000,
      PHL: 330_000,
      RUS: 210_000,
      CAN: 190_000,
      CHN: 120_000,
      NCL: 110_000,
      AUS: 110_000,
      BRA: 77_000,
    },
  },
};

/** The 2024 price each baseline is calibrated to, USD/kg, and the column it is read from (first 12 months' mean). */
const PRICE_2024: Record<string, { column: string; price: number; what: string }> = {
  'rare-earths-2024': { column: 'price_refine_world', price: 56, what: 'Nd oxide, USGS 2024 average' },
  'gallium-2024': { column: 'price_refine_world', price: 220, what: 'low-purity gallium, USGS 2024' },
  'graphite-2024': { column: 'price_mine_world', price: 1.0, what: 'flake graphite, $900–1,100/t' },
  'cobalt-2024': { column: 'price_refine_world', price: 37.5, what: 'cobalt cathode, ~$17/lb' },
  'nickel-2024': { column: 'price_refine_world', price: 17, what: 'LME nickel, ~$17,000/t' },
};

/** Returns the major producers whose first-year mine share is more than 5 points off USGS 2024, with both shares. */
function shareMisses(id: string, r: RunResult): string[] {
  const usgs = USGS_2024[id]!;
  const model = productionShares(r, 0);
  const misses: string[] = [];
  for (const [code, t] of Object.entries(usgs.mine)) {
    const real = t / usgs.world;
    if (real < 0.02) continue;
    const got = model.get(code) ?? 0;
    if (Math.abs(got - real) > 0.05)
      misses.push(`${code}: model ${(got * 100).toFixed(1)}% vs USGS ${(real * 100).toFixed(1)}%`);
  }
  return misses;
}

/** Mean of the calibration price column over the first 12 months, relative to the 2024 price (1 = exact). */
function priceRatio(id: string, r: RunResult): number {
  const p = PRICE_2024[id]!;
  return mean(series(r, p.column).slice(0, 12)) / p.price;
}

describe('the calibrated library', () => {
  for (const id of LIBRARY) {
    it(`${id} validates, cites dated sources, lists its estimates and runs`, () => {
      expect(catalog.has(id), id).toBe(true);
      const s = preset(id);
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.description.length).toBeGreaterThan(200);
      expect(s.sources.filter((src) => src.year !== undefined && (src.detail ?? '').length > 0).length).toBeGreaterThan(
        0,
      );
      expect(s.estimates.length).toBeGreaterThan(0);
      for (const e of s.estimates) expect(e.length).toBeGreaterThan(20);
      const r = run(id);
      expect(r.meta.months).toBe(s.months);
      const world = series(r, 'price_refine_world');
      world.forEach((p, m) => expect(Number.isFinite(p) && p > 0, `${id} month ${m}`).toBe(true));
      for (const step of s.story) {
        const m = monthIndex(s.start, step.month);
        expect(m >= 0 && m < s.months, `${id} story ${step.month}`).toBe(true);
      }
    });
  }
});

describe('rare-earths-zone-2026: the zone as proposed in February 2026', () => {
  const s: Scenario = preset('rare-earths-zone-2026');
  const r = run('rare-earths-zone-2026');
  const members = (m: number) =>
    r.meta.countries.filter((_, c) => r.buffers.membership[m * r.meta.countries.length + c]);

  it('opens with a few founding members in February 2026 and grows to 55 partners', () => {
    const open = at(r, '2026-02');
    expect(members(open - 1).length).toBe(0);
    const founding = members(open).map((c) => c.code);
    expect(founding).toEqual(expect.arrayContaining(['USA', 'JPN', 'AUS']));
    expect(founding.length).toBeLessThanOrEqual(5);
    expect(members(r.meta.months - 1).length).toBe(55);
    expect(r.events.filter((e) => e.type === 'join').length).toBe(55);
  });

  it('sets its NdPr floor by the cost-indexed variable levy, with a Project Vault stockpile and a dominant that may retaliate', () => {
    expect(s.zone?.variableLevy).toBe(true);
    expect(s.zone?.floorSetting.kind).toBe('cost-indexed');
    expect(s.zone?.stockpile?.budgetMusd).toBeGreaterThan(0);
    expect(s.zone?.stockpile?.budgetMusd).toBeLessThan(12_000);
    expect(s.dominant?.strategy).toBe('adaptive');
    expect(s.dominant?.retaliationTrigger).toBeGreaterThan(0);
    expect(s.story.length).toBeGreaterThanOrEqual(5);
    expect(s.story.length).toBeLessThanOrEqual(8);
    for (const step of s.story) expect(step.chart).toBeDefined();
  });

  it('holds member prices at the floor (less freight) once the zone is open, and collects levy revenue', () => {
    const floor = series(r, 'floor_refine');
    const price = series(r, 'price_refine_member');
    expect(Number.isFinite(floor[at(r, '2026-01')]!)).toBe(false);
    let checked = 0;
    floor.forEach((f, m) => {
      if (!Number.isFinite(f) || !Number.isFinite(price[m]!)) return;
      expect(price[m], `month ${m}`).toBeGreaterThanOrEqual(f - 1);
      checked++;
    });
    expect(checked).toBeGreaterThan(80);
    expect(r.kpis.tariff_revenue_member_musd).toBeGreaterThan(0);
    expect(r.events.some((e) => e.rule === '4.6 cost-indexed floor')).toBe(true);
  });
});

/** The shape of the 2010–2015 rare-earth crisis (CALIBRATION.md §2). */
function crisisMisses(r: RunResult): string[] {
  const outside = series(r, 'price_refine_other');
  const jan2010 = outside[at(r, '2010-01')]!;
  const peak = Math.max(...outside);
  const peakMonth = outside.indexOf(peak);
  const end2014 = outside[at(r, '2014-12')]!;
  const mp = new Set(['us-mountain-pass']);
  const misses: string[] = [];
  if (peak < 5 * jan2010) misses.push(`peak ${peak.toFixed(0)} < 5 × Jan-2010 ${jan2010.toFixed(1)}`);
  if (peakMonth < at(r, '2010-02') || peakMonth > at(r, '2012-12')) misses.push(`peak in month ${peakMonth}`);
  if (end2014 > 0.4 * peak) misses.push(`Dec-2014 ${end2014.toFixed(0)} is not 60% below the peak ${peak.toFixed(0)}`);
  if (
    !r.events.some((e) => e.type === 'commissioned' && e.agent === 'us-mountain-pass' && e.month === at(r, '2012-08'))
  )
    misses.push('Mountain Pass is not commissioned in 2012-08');
  if (eventsOf(r, ['idle', 'closed'], mp, '2014-01', '2016-12').length === 0)
    misses.push('Mountain Pass neither idles nor closes in 2014–2016');
  if (eventsOf(r, ['idle', 'closed'], mp, '2009-01', '2013-12').length > 0)
    misses.push('Mountain Pass stops before 2014');
  return misses;
}

/** Outside price over China's price in the month the outside price peaks. */
function twoTier(r: RunResult): number {
  const outside = series(r, 'price_refine_other');
  const inside = series(r, 'price_refine_dominant');
  const peakMonth = outside.indexOf(Math.max(...outside));
  return outside[peakMonth]! / inside[peakMonth]!;
}

describe('rare-earths-2010-crisis: the export-quota crisis replayed', () => {
  const r = run('rare-earths-2010-crisis');

  it('reproduces the episode: a spike outside China, a fall by 2014, Mountain Pass restarting and then stopping', () => {
    expect(crisisMisses(r)).toEqual([]);
  });

  it('opens a two-tier price: buyers outside China pay far more than Chinese buyers at the peak', () => {
    expect(twoTier(r)).toBeGreaterThan(3);
  });

  it('keeps Lynas (Kuantan) running after the quotas go', () => {
    expect(eventsOf(r, ['closed'], new Set(['my-lynas']), '2012-01', '2017-12')).toEqual([]);
  });
});

/** The shape of the 2021–2024 lithium boom and bust (CALIBRATION.md §3). */
function lithiumMisses(s: Scenario, r: RunResult): string[] {
  const price = series(r, 'price_refine_world');
  const p2020 = mean(between(price, r, '2020-01', '2020-12'));
  const peak = Math.max(...price);
  const peakMonth = price.indexOf(peak);
  const late2024 = mean(between(price, r, '2024-10', '2024-12'));
  const misses: string[] = [];
  if (peak < 4 * p2020) misses.push(`peak ${peak.toFixed(1)} < 4 × 2020 ${p2020.toFixed(1)}`);
  if (peakMonth < at(r, '2021-01') || peakMonth > at(r, '2023-06')) misses.push(`peak in month ${peakMonth}`);
  if (late2024 > 0.3 * peak) misses.push(`late 2024 ${late2024.toFixed(1)} is not 70% below the peak`);
  // High-cost: the top third of the scenario's mines and integrated producers by cash cost.
  const costs = s.facilities
    .filter((f) => f.stage !== 'refine')
    .map((f) => f.cashCost)
    .sort((a, b) => a - b);
  const cut = costs[Math.floor((costs.length * 2) / 3)]!;
  const highCost = new Set(s.facilities.filter((f) => f.stage !== 'refine' && f.cashCost >= cut).map((f) => f.id));
  if (eventsOf(r, ['idle', 'closed'], highCost, '2023-01', '2025-12').length === 0)
    misses.push(`no high-cost (≥ $${cut}/kg) curtailment in 2023–2025`);
  return misses;
}

describe('lithium-2021-boom-bust: the EV boom and bust replayed', () => {
  const s = preset('lithium-2021-boom-bust');
  const r = run('lithium-2021-boom-bust');

  it('peaks at least 4× the 2020 price, falls 70% by late 2024, and curtails high-cost supply in 2023–2025', () => {
    expect(lithiumMisses(s, r)).toEqual([]);
  });

  it('has China refining about 65% of lithium chemicals in 2020', () => {
    const china = productionShares(r, 1).get('CHN')!;
    expect(china).toBeGreaterThan(0.55);
    expect(china).toBeLessThan(0.75);
  });
});

describe('2024 baselines reproduce their calibration year', () => {
  for (const id of Object.keys(USGS_2024)) {
    it(`${id}: mine shares within 5 points of USGS 2024 for the major producers`, () => {
      expect(shareMisses(id, run(id))).toEqual([]);
    });
    it(`${id}: ${PRICE_2024[id]!.what} within 25% in the first year`, () => {
      const ratio = priceRatio(id, run(id));
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.25);
    });
  }

  it('cobalt-2024: China refines about 77% of the world’s cobalt and the DRC’s 2025 export ban stops its exports', () => {
    const r = run('cobalt-2024');
    expect(Math.abs(productionShares(r, 1).get('CHN')! - 0.77)).toBeLessThan(0.05);
    const C = r.meta.countries.length;
    const cod = r.meta.countries.findIndex((c) => c.code === 'COD');
    const exports = (m: number) => r.buffers.exports[(m * C + cod) * 2]!;
    expect(exports(at(r, '2024-06'))).toBeGreaterThan(0);
    expect(exports(at(r, '2025-05'))).toBe(0);
  });
});

describe('the checks can fail', () => {
  /** Runs a modified copy of a preset over `months`. */
  function perturbed(id: string, change: (s: Scenario) => void, months?: number): RunResult {
    const s = structuredClone(preset(id));
    change(s);
    return runScenario(s, months ? { months } : {});
  }

  it('rejects mine shares when Madagascar’s graphite mines are three times as large', () => {
    const r = perturbed(
      'graphite-2024',
      (s) => s.facilities.filter((f) => f.country === 'MDG').forEach((f) => (f.capacityTpy *= 3)),
      12,
    );
    expect(shareMisses('graphite-2024', r)).not.toEqual([]);
  });

  it('rejects the nickel price when the reference price is doubled', () => {
    const r = perturbed('nickel-2024', (s) => (s.market.referencePrice.refine *= 2), 12);
    expect(Math.abs(priceRatio('nickel-2024', r) - 1)).toBeGreaterThan(0.25);
  });

  it('rejects the crisis shape when Mountain Pass is cheap enough to survive', () => {
    const r = perturbed('rare-earths-2010-crisis', (s) => {
      const mp = s.facilities.find((f) => f.id === 'us-mountain-pass')!;
      mp.cashCost = 25;
      mp.fixedCostMusd = 20;
    });
    expect(crisisMisses(r)).not.toEqual([]);
  });

  it('loses the two-tier price without the export quotas', () => {
    const r = perturbed('rare-earths-2010-crisis', (s) => {
      s.events = s.events.filter((e) => e.kind !== 'export-restriction');
    });
    expect(twoTier(r)).toBeLessThan(3);
  });

  it('rejects the lithium shape without the EV demand surge', () => {
    const s0 = preset('lithium-2021-boom-bust');
    const r = perturbed('lithium-2021-boom-bust', (s) => {
      s.events = s.events.filter((e) => e.kind !== 'demand-shock');
    });
    expect(lithiumMisses(s0, r)).not.toEqual([]);
  });
});
