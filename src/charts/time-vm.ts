/**
 * The view-model every time chart shares (prices, supply, capacity): lines and stacked areas over month indices, the
 * cursor and the event markers. Pure data: the view draws it, `timeTable` turns it into the accessible table.
 */
import type { RunResult } from '../results/contract.ts';
import { monthLabel } from '../scenario/months.ts';
import type { ChartId } from '../state/store.ts';
import type { BandValues } from './band-vm.ts';
import type { EventMarker } from './events-vm.ts';

/** One series: a value per month (NaN = no value). */
export interface Series {
  id: string;
  label: string;
  color: string;
  values: ArrayLike<number>;
  /** Drawn dashed (the floor). */
  dashed?: boolean;
  /** The baseline's series, drawn faint and dotted. */
  ghost?: boolean;
  /** Ensemble bands around the line (its `values` are then the median): p5–p95 and p25–p75 per month. */
  band?: BandValues;
}

/** The paired difference (current − baseline) of a chart's key figure across seeds, drawn under the chart. */
export interface DiffVm extends BandValues {
  label: string;
  unit: string;
  start: string;
  months: number;
  /** Seeds with both runs in. */
  pairs: number;
}

/** A time chart, ready to draw. */
export interface TimeChartVm {
  id: ChartId;
  title: string;
  /** One line saying what the chart shows and what the axis measures. */
  description: string;
  unit: string;
  start: string;
  months: number;
  /** Stacked bottom-up. */
  areas: Series[];
  lines: Series[];
  yMax: number;
  markers: EventMarker[];
  /** Shown instead of the chart when there is nothing to draw. */
  empty: string | null;
  /** With an ensemble: the legend line for the shaded bands. */
  bandNote?: string;
  /** With an ensemble: the stacked areas are one seed's, drawn faint under the bands. */
  fadeAreas?: boolean;
  /** With a paired ensemble: the difference band. */
  diff?: DiffVm | null;
}

/** A data table: caption, header and rows of formatted cells. */
export interface TableVm {
  caption: string;
  columns: string[];
  rows: string[][];
}

/** Returns the largest finite value of the series (stacked areas summed), at least `floor`. */
export function maxOf(areas: Series[], lines: Series[], floor = 1): number {
  let max = floor;
  const n = Math.max(0, ...[...areas, ...lines].map((s) => s.values.length));
  for (let m = 0; m < n; m++) {
    let sum = 0;
    for (const a of areas) sum += finite(a.values[m]);
    max = Math.max(max, sum);
    for (const l of lines) if (Number.isFinite(l.values[m])) max = Math.max(max, l.values[m]!);
  }
  return max;
}

/** Returns the value, or 0 when it is not finite. */
export const finite = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0);

const FORMATS = [0, 1, 2].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d }));

/** Formats a number for tables and figures: whole numbers from 100, one decimal from 10, else two; thousands separated. */
export function formatValue(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  return FORMATS[abs >= 100 ? 0 : abs >= 10 ? 1 : 2]!.format(v);
}

/** Builds the data table of a time chart: one row per month, one column per series. */
export function timeTable(vm: TimeChartVm): TableVm {
  const series = [...vm.areas, ...vm.lines];
  const columns = series.flatMap((s) => [s.label, ...(s.band ? BAND_EDGES.map((q) => `${s.label}, ${q}`) : [])]);
  const rows: string[][] = [];
  for (let m = 0; m < vm.months; m++) {
    const cells = series.flatMap((s) => [
      formatValue(s.values[m]),
      ...(s.band ? BAND_EDGES.map((q) => formatValue(s.band![q][m])) : []),
    ]);
    const d = vm.diff;
    if (d) cells.push(...DIFF_EDGES.map((q) => formatValue(d[q][m])));
    rows.push([monthLabel(vm.start, m), ...cells]);
  }
  if (vm.diff) columns.push(...DIFF_EDGES.map((q) => `${vm.diff!.label} (${vm.diff!.unit}), ${q}`));
  return { caption: `${vm.title} (${vm.unit})`, columns: ['Month', ...columns], rows };
}

const DIFF_EDGES = ['p50', 'p5', 'p95'] as const;

const BAND_EDGES = ['p5', 'p25', 'p75', 'p95'] as const;

/** What every chart view-model is built from. */
export interface ChartInput {
  current: RunResult;
  /** The baseline, or null when there is none or it is the current run itself. */
  baseline: RunResult | null;
  stage: 'mine' | 'refine';
  /** ISO alpha-3 code of the selected country. */
  selected: string | null;
  cursor: number;
}

/** Names the stage for titles. */
export const stageName = (stage: 'mine' | 'refine'): string => (stage === 'mine' ? 'concentrate' : 'refined');
