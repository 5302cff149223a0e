/**
 * Chart 4, the cost curve at the cursor month: every facility able to produce at the chosen stage (operating,
 * ramping up or idle) as a bar whose width is its available capacity (t/yr) and height its unit cash cost (USD/kg),
 * cheapest first; with the prices members, others and the dominant's home buyers pay, and the floor, as lines.
 */
import { monthLabel } from '../scenario/months.ts';
import { PALETTE } from '../state/palette.ts';
import { displayStateAt, facilityOnStage, monthlyColumn, roleAt } from '../state/result-columns.ts';
import { type ChartInput, type TableVm, formatValue, stageName } from './time-vm.ts';

/** One facility's bar. */
export interface CostBar {
  facility: number;
  label: string;
  x0: number;
  x1: number;
  cost: number;
  color: string;
  idle: boolean;
  /** True when a country is selected and this facility is elsewhere (drawn faint). */
  faded: boolean;
}

/** A horizontal price line. */
export interface PriceLine {
  label: string;
  value: number;
  color: string;
  dashed: boolean;
}

/** The cost curve, ready to draw. */
export interface CostCurveVm {
  title: string;
  description: string;
  bars: CostBar[];
  prices: PriceLine[];
  xMax: number;
  yMax: number;
  empty: string | null;
}

/** Builds the cost curve at `input.cursor`. */
export function buildCostCurveVm(input: ChartInput): CostCurveVm {
  const { current: r, stage, selected, cursor: m } = input;
  const s = stage === 'mine' ? 0 : 1;
  const F = r.meta.facilities.length;
  const rows: { f: number; cap: number; cost: number; idle: boolean }[] = [];
  for (let f = 0; f < F; f++) {
    if (!facilityOnStage(r, f, s)) continue;
    const st = displayStateAt(r, m, f);
    const cap = r.buffers.facCapacity[m * F + f]!;
    const cost = r.buffers.facCost[m * F + f]!;
    if ((st === 'operating' || st === 'idle') && cap > 0 && Number.isFinite(cost))
      rows.push({ f, cap, cost, idle: st === 'idle' });
  }
  rows.sort((a, b) => a.cost - b.cost || a.f - b.f);
  let x = 0;
  const bars = rows.map(({ f, cap, cost, idle }) => {
    const meta = r.meta.facilities[f]!;
    const country = r.meta.countries[meta.country]!;
    const bar: CostBar = {
      facility: f,
      label: `${meta.name} (${country.code})`,
      x0: x,
      x1: x + cap,
      cost,
      color: PALETTE[roleAt(r, m, meta.country)],
      idle,
      faded: selected !== null && country.code !== selected,
    };
    x += cap;
    return bar;
  });
  const prices: PriceLine[] = [
    {
      label: 'Members pay',
      value: monthlyColumn(r, `price_${stage}_member`)[m]!,
      color: PALETTE.member,
      dashed: false,
    },
    { label: 'Others pay', value: monthlyColumn(r, `price_${stage}_other`)[m]!, color: PALETTE.other, dashed: false },
    {
      label: 'Dominant home',
      value: monthlyColumn(r, `price_${stage}_dominant`)[m]!,
      color: PALETTE.dominant,
      dashed: false,
    },
    { label: 'Floor', value: r.buffers.floor[m * 2 + s]!, color: PALETTE.floor, dashed: true },
  ].filter((p) => Number.isFinite(p.value));
  const yMax = niceCeil(Math.max(1, ...bars.map((b) => b.cost), ...prices.map((p) => p.value)) * 1.08);
  const when = monthLabel(r.meta.start, m);
  return {
    title: `Cost curve, ${when} — ${stageName(stage)}${selected ? ` (${selected} highlighted)` : ''}`,
    description: `Facilities able to produce ${stageName(stage)} product in ${when}, cheapest first: width is capacity (t/yr), height is cash cost (USD/kg).`,
    bars,
    prices,
    xMax: niceCeil(x * 1.02),
    yMax,
    empty: bars.length ? null : `No facility can produce ${stageName(stage)} product in ${when}.`,
  };
}

/**
 * Rounds up to 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten: the axes follow the month but change only in steps,
 * so they stay still over most of a playback.
 */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const k of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) if (k * p >= v) return k * p;
  return 10 * p;
}

/** Builds the cost curve's data table. */
export function costCurveTable(vm: CostCurveVm): TableVm {
  return {
    caption: vm.title,
    columns: ['Facility', 'State', 'Capacity (t/yr)', 'Cumulative (t/yr)', 'Cash cost (USD/kg)'],
    rows: [
      ...vm.bars.map((b) => [
        b.label,
        b.idle ? 'idle' : 'operating',
        formatValue(b.x1 - b.x0),
        formatValue(b.x1),
        formatValue(b.cost),
      ]),
      ...vm.prices.map((p) => [p.label, 'price line', '', '', formatValue(p.value)]),
    ],
  };
}
