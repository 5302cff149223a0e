/**
 * Puts an ensemble on the time charts (pure). Bands are drawn by bloc from the runs' monthly columns, so with a country
 * selected the chart stays one seed's. Per chart:
 * - prices: each bloc's line becomes its median with 50%/90% bands; the baseline ghosts become the baseline's
 *   medians; the difference is the members' price (the others' without members).
 * - capacity: operating capacity outside the dominant supplier (members + others) as a median with bands over one
 *   seed's stacked states, drawn faint; the difference is that capacity.
 * - supply (refined): the bloc's refined use (members', or everyone's outside the dominant) as a median with bands
 *   over one seed's stacked origins; the difference is the dominant supplier's share of that bloc's supply, in
 *   percentage points (of world output without a zone).
 */
import { PALETTE } from '../state/palette.ts';
import {
  type BandRun,
  type BandValues,
  type Derive,
  type EnsembleRuns,
  bandMax,
  bandOf,
  column,
  cumulative,
  pairedBandOf,
  scaled,
  sumOf,
} from './band-vm.ts';
import type { DiffVm, Series, TimeChartVm } from './time-vm.ts';

/** Returns `vm` with the ensemble's bands, medians and difference band (unchanged without runs). */
export function attachBands(
  vm: TimeChartVm,
  runs: EnsembleRuns,
  stage: 'mine' | 'refine',
  selected: string | null,
): TimeChartVm {
  if (!runs.current.length) return vm;
  if (selected !== null) {
    return {
      ...vm,
      description: `${vm.description} Ensemble bands are drawn by bloc: show all countries to see them.`,
    };
  }
  const n = runs.current.length;
  const bandNote = `Shaded: middle 50% and 90% of ${n} seed${n === 1 ? '' : 's'}${n < runs.seeds ? ` (of ${runs.seeds})` : ''}`;
  const out =
    vm.id === 'prices'
      ? pricesBands(vm, runs, stage)
      : vm.id === 'capacity'
        ? capacityBands(vm, runs, stage)
        : vm.id === 'supply'
          ? supplyBands(vm, runs, stage)
          : vm;
  const top = Math.max(...out.lines.map((l) => (l.band ? bandMax(l.band) : 0)));
  return { ...out, bandNote, yMax: Math.max(out.yMax, top * 1.08) };
}

const BLOC_LABEL = { member: "Members'", other: "Others'", dominant: "The dominant's" } as const;

function pricesBands(vm: TimeChartVm, runs: EnsembleRuns, stage: 'mine' | 'refine'): TimeChartVm {
  const blocs = ['member', 'other', 'dominant'] as const;
  const lines = vm.lines.map((l): Series => {
    const bloc = blocs.find((b) => l.id === b || l.id === `${b}-baseline`);
    if (!bloc) return l;
    const derive = column(`price_${stage}_${bloc}`);
    if (l.id === bloc) {
      const band = bandOf(runs.current, derive);
      return band ? { ...l, label: `${l.label}, median`, values: band.p50, band } : l;
    }
    const base = runs.baseline?.length ? bandOf(runs.baseline, derive) : null;
    return base ? { ...l, label: `${l.label} median`, values: base.p50 } : l;
  });
  const key = hasValues(runs.current, column(`price_${stage}_member`)) ? 'member' : 'other';
  const diff = diffOf(runs, column(`price_${stage}_${key}`), `${BLOC_LABEL[key]} price`, 'USD/kg', vm);
  return { ...vm, lines, diff };
}

function capacityBands(vm: TimeChartVm, runs: EnsembleRuns, stage: 'mine' | 'refine'): TimeChartVm {
  const derive = sumOf(`capacity_operating_${stage}_member`, `capacity_operating_${stage}_other`);
  const band = bandOf(runs.current, derive);
  if (!band) return vm;
  const base = runs.baseline?.length ? bandOf(runs.baseline, derive) : null;
  const lines = vm.lines.map((l) =>
    l.id === 'operating-baseline' && base ? { ...l, label: `${l.label} median`, values: base.p50 } : l,
  );
  const median: Series = {
    id: 'operating-median',
    label: 'Operating, median of the seeds',
    color: PALETTE.world,
    values: band.p50,
    band,
  };
  const diff = diffOf(runs, derive, 'Operating capacity', 't/yr', vm);
  return { ...vm, lines: [median, ...lines], fadeAreas: true, diff };
}

function supplyBands(vm: TimeChartVm, runs: EnsembleRuns, stage: 'mine' | 'refine'): TimeChartVm {
  if (stage === 'mine') return { ...vm, description: `${vm.description} Ensemble bands: refined stage only.` };
  const zone = hasValues(runs.current, column('consumption_refine_member'), (v) => v > 0);
  const derive = zone
    ? column('consumption_refine_member')
    : sumOf('consumption_refine_member', 'consumption_refine_other');
  const band = bandOf(runs.current, derive);
  if (!band) return vm;
  const median: Series = {
    id: 'use-median',
    label: zone ? "Members' refined use, median" : 'Refined use outside the dominant, median',
    color: PALETTE.world,
    values: band.p50,
    band,
  };
  const share = zone ? 'dominant_share_refine_member' : 'dominant_share_refine_world';
  const what = zone ? "The dominant's share of members' supply" : "The dominant's share of world output";
  const diff = diffOf(runs, scaled(share, 100), what, 'pp', vm);
  return { ...vm, lines: [median, ...vm.lines], fadeAreas: true, diff };
}

function diffOf(runs: EnsembleRuns, derive: Derive, label: string, unit: string, vm: TimeChartVm): DiffVm | null {
  if (!runs.baseline?.length) return null;
  const paired = pairedBandOf(runs.baseline, runs.current, derive);
  if (!paired) return null;
  return {
    ...paired.band,
    label: `${label}: current − baseline`,
    unit,
    start: vm.start,
    months: vm.months,
    pairs: paired.pairs,
  };
}

function hasValues(runs: readonly BandRun[], derive: Derive, test = (v: number) => v === v): boolean {
  return runs.some((r) => derive(r)?.some(test) ?? false);
}

/** An ensemble's money figure: the median running total and the paired difference's bands, per month. */
export interface MoneyBand {
  /** Median over seeds of the running total from month 0, M$. */
  value: Float64Array;
  /** The baseline's median running total, or null when unpaired. */
  baseline: Float64Array | null;
  /** Bands of the paired difference of running totals (current − baseline), or null when unpaired. */
  delta: BandValues | null;
}

/** The money figures of an ensemble, by monthly column. */
export interface MoneyBands {
  seeds: number;
  /** True when there is no baseline ensemble: the current scenario is the baseline itself. */
  unpaired: boolean;
  figures: Map<string, MoneyBand>;
}

/**
 * Builds the money bands of `columns`; `pairable(column)` says whether the baseline's column measures the same thing
 * (members' consumer cost does not when the baseline has other members).
 */
export function buildMoneyBands(
  runs: EnsembleRuns,
  columns: readonly string[],
  pairable: (column: string) => boolean,
): MoneyBands | null {
  if (!runs.current.length) return null;
  const figures = new Map<string, MoneyBand>();
  for (const c of columns) {
    const derive = cumulative(c);
    const value = bandOf(runs.current, derive);
    if (!value) continue;
    const paired = runs.baseline?.length && pairable(c) ? pairedBandOf(runs.baseline, runs.current, derive) : null;
    const baseline = paired ? bandOf(runs.baseline!, derive) : null;
    figures.set(c, { value: value.p50, baseline: baseline?.p50 ?? null, delta: paired?.band ?? null });
  }
  return { seeds: runs.current.length, unpaired: runs.baseline === null, figures };
}
