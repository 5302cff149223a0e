/**
 * Chart 5, money: the zone's and the dominant's outlays and receipts (M$), summed over the whole run by default — a
 * total and its average per year — or, as an option, from the start to the cursor month; each with its difference from
 * the baseline over the same months. Zone-wide: a selected country does not filter it.
 * Members' consumer cost is summed over the current run's members in both runs (price × consumption of refined
 * product), so the difference compares the same manufacturers even when the baseline has no zone.
 */
import { monthLabel } from '../scenario/months.ts';
import type { RunResult } from '../results/contract.ts';
import { countryIndex, countryValue, monthlyColumn } from '../state/result-columns.ts';
import type { MoneyBands } from './ensemble-vm.ts';
import { type ChartInput, type TableVm, finite, formatValue } from './time-vm.ts';

/** The figures shown, by monthly column (RESULTS.md). */
export const MONEY_FIGURES = [
  { column: 'tariff_revenue_musd', label: 'Tariff revenue', hint: 'Levies and tariffs collected on imports' },
  { column: 'cfd_outlay_musd', label: 'CfD outlays', hint: 'Paid to member producers below the floor' },
  { column: 'stockpile_spend_musd', label: 'Stockpile spend', hint: 'Bought by the strategic reserve' },
  { column: 'consumer_cost_member_musd', label: "Members' consumer cost", hint: 'What member manufacturers paid' },
  { column: 'state_support_musd', label: "Dominant's state support", hint: 'Losses of its state facilities covered' },
] as const;

/** What the figures sum: the whole run (the default), or the months from the start to the cursor. */
export type MoneySpan = 'horizon' | 'cursor';

/** One money figure. */
export interface MoneyFigure {
  id: string;
  label: string;
  hint: string;
  /** Sum over the span (the whole run, or month 0 to the cursor), M$. */
  value: number;
  /** The baseline's sum over the same months, or NaN without a baseline. */
  baseline: number;
  /** value − baseline, or NaN. */
  delta: number;
  /** `value` per year of the span, M$/yr. */
  perYear: number;
  /** `delta` per year of the span, M$/yr, or NaN. */
  deltaPerYear: number;
  /** Whole-run total, M$. */
  total: number;
  /** With a paired ensemble: the 90% range [p5, p95] of the difference (then `value`, `baseline` and `delta` are medians). */
  range?: [number, number] | null;
  /** Monthly values, for the sparkline. */
  series: Float64Array;
}

/** The money panel, ready to draw. */
export interface MoneyVm {
  title: string;
  description: string;
  cursor: number;
  months: number;
  /** What the figures sum. */
  span: MoneySpan;
  /** Months summed (whole run, or up to and with the cursor). */
  spanMonths: number;
  figures: MoneyFigure[];
  /** Seeds behind the figures (1 without an ensemble). */
  seeds?: number;
}

/**
 * Builds the money figures over `span` — the whole run by default, or up to `input.cursor`; with an ensemble's
 * `bands`, each figure that has them shows medians over the seeds and, when paired, the median difference with its 90%
 * range.
 */
export function buildMoneyVm(input: ChartInput, bands?: MoneyBands | null, span: MoneySpan = 'horizon'): MoneyVm {
  const { current: r, baseline, cursor } = input;
  const end = span === 'horizon' ? r.meta.months - 1 : cursor;
  const years = (end + 1) / 12;
  const seriesOf = (run: RunResult, column: string) =>
    column === 'consumer_cost_member_musd' ? membersSpend(run, r) : monthlyColumn(run, column);
  const figures: MoneyFigure[] = MONEY_FIGURES.map((f) => {
    const series = seriesOf(r, f.column);
    const value = sumTo(series, end);
    const base = baseline ? sumTo(seriesOf(baseline, f.column), Math.min(end, baseline.meta.months - 1)) : NaN;
    return {
      id: f.column,
      label: f.label,
      hint: f.hint,
      value,
      baseline: base,
      delta: value - base,
      perYear: value / years,
      deltaPerYear: (value - base) / years,
      total: sumTo(series, r.meta.months - 1),
      series,
    };
  });
  if (bands) figures.forEach((f, i) => (figures[i] = withBands(f, bands, end, years)));
  const when = monthLabel(r.meta.start, end);
  const note = input.selected ? ' — zone-wide, not filtered by country' : '';
  const seeds = bands?.seeds ?? 1;
  const spanText = span === 'horizon' ? 'over the whole run' : 'to the cursor';
  return {
    title:
      span === 'horizon' ? `Money over the run, ${r.meta.start} to ${when}, M$${note}` : `Money to ${when}, M$${note}`,
    description:
      seeds > 1
        ? `Sums from ${r.meta.start} to ${when} (${spanText}) in millions of US dollars, and per year, medians of ${seeds} seeds, with the paired difference from the baseline (median and 90% range).`
        : `Sums from ${r.meta.start} to ${when} (${spanText}) in millions of US dollars, and per year, with the difference from the baseline.`,
    cursor,
    months: r.meta.months,
    span,
    spanMonths: end + 1,
    figures,
    seeds,
  };
}

function withBands(f: MoneyFigure, bands: MoneyBands, end: number, years: number): MoneyFigure {
  const b = bands.figures.get(f.id);
  if (!b || (!b.delta && !bands.unpaired)) return f;
  const at = Math.min(end, b.value.length - 1);
  const value = b.value[at]!;
  if (!b.delta || !b.baseline) {
    return { ...f, value, baseline: value, delta: 0, perYear: value / years, deltaPerYear: 0, range: null };
  }
  const delta = b.delta.p50[at]!;
  return {
    ...f,
    value,
    baseline: b.baseline[at]!,
    delta,
    perYear: value / years,
    deltaPerYear: delta / years,
    range: [b.delta.p5[at]!, b.delta.p95[at]!],
  };
}

/** Builds the money table. */
export function moneyTable(vm: MoneyVm): TableVm {
  return {
    caption: vm.title,
    columns: [
      'Figure',
      vm.span === 'horizon' ? 'Whole run (M$)' : 'To cursor (M$)',
      'Per year (M$/yr)',
      'Baseline (M$)',
      'Difference (M$)',
      'Difference per year (M$/yr)',
      ...(vm.figures.some((f) => f.range) ? ['Difference, 90% range (M$)'] : []),
      ...(vm.span === 'cursor' ? ['Whole run (M$)'] : []),
    ],
    rows: vm.figures.map((f) => [
      f.label,
      formatValue(f.value),
      formatValue(f.perYear),
      formatValue(f.baseline),
      formatDelta(f.delta),
      formatDelta(f.deltaPerYear),
      ...(vm.figures.some((g) => g.range)
        ? [f.range ? `${formatDelta(f.range[0])} to ${formatDelta(f.range[1])}` : '–']
        : []),
      ...(vm.span === 'cursor' ? [formatValue(f.total)] : []),
    ]),
  };
}

/** Formats a difference with its sign ("+12", "−3.4", "±0"). */
export function formatDelta(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) < 0.005) return '±0';
  return `${v > 0 ? '+' : '−'}${formatValue(Math.abs(v))}`;
}

/** What the members of `members` (by month) paid for refined product in `run`, M$ per month: Σ price × consumption. */
export function membersSpend(run: RunResult, members: RunResult): Float64Array {
  let byMembers = spendCache.get(run);
  if (!byMembers) spendCache.set(run, (byMembers = new WeakMap()));
  let out = byMembers.get(members);
  if (!out) byMembers.set(members, (out = computeMembersSpend(run, members)));
  return out;
}

const spendCache = new WeakMap<RunResult, WeakMap<RunResult, Float64Array>>();

function computeMembersSpend(run: RunResult, members: RunResult): Float64Array {
  const out = new Float64Array(run.meta.months);
  const C = members.meta.countries.length;
  const M = Math.min(run.meta.months, members.meta.months);
  const index = members.meta.countries.map((c) => countryIndex(run, c.code));
  for (let m = 0; m < M; m++) {
    for (let c = 0; c < C; c++) {
      const rc = index[c]!;
      if (rc < 0 || members.buffers.membership[m * C + c] !== 1) continue;
      const v = countryValue(run, 'price', m, rc, 1) * countryValue(run, 'consumption', m, rc, 1);
      if (Number.isFinite(v)) out[m]! += v / 1000;
    }
  }
  return out;
}

function sumTo(series: Float64Array, m: number): number {
  let s = 0;
  for (let i = 0; i <= m && i < series.length; i++) s += finite(series[i]);
  return s;
}
