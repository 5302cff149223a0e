/**
 * Chart 1, prices: what members, others and the dominant's domestic buyers pay (demand-weighted bloc means), the
 * zone floor dashed, and the baseline as faint dotted ghosts. With a country selected: that country's price instead.
 */
import type { RunResult } from '../results/contract.ts';
import { PALETTE } from '../state/palette.ts';
import { countryIndex, countrySeries, monthlyColumn } from '../state/result-columns.ts';
import { CHART_EVENT_TYPES, buildMarkers } from './events-vm.ts';
import { type ChartInput, type Series, type TimeChartVm, maxOf, stageName } from './time-vm.ts';

const BLOC_LINES = [
  { bloc: 'member', label: 'Members', color: PALETTE.member },
  { bloc: 'other', label: 'Others', color: PALETTE.other },
  { bloc: 'dominant', label: 'Dominant (domestic)', color: PALETTE.dominant },
] as const;

/** Builds the prices chart. */
export function buildPricesVm(input: ChartInput): TimeChartVm {
  const { current: r, baseline, stage, selected } = input;
  const s = stage === 'mine' ? 0 : 1;
  const c = selected === null ? -1 : countryIndex(r, selected);
  const lines: Series[] = [];
  if (c >= 0) {
    const name = r.meta.countries[c]!.name;
    lines.push({ id: 'country', label: name, color: PALETTE.member, values: countrySeries(r, 'price', c, s) });
    lines.push({ id: 'world', label: 'World mean', color: PALETTE.world, values: bloc(r, stage, 'world') });
    const bc = baseline ? countryIndex(baseline, selected!) : -1;
    if (baseline && bc >= 0) {
      const values = countrySeries(baseline, 'price', bc, s);
      lines.push({ id: 'country-baseline', label: `${name}, baseline`, color: PALETTE.member, values, ghost: true });
    }
  } else {
    for (const l of BLOC_LINES)
      lines.push({ id: l.bloc, label: l.label, color: l.color, values: bloc(r, stage, l.bloc) });
    if (baseline) {
      for (const l of BLOC_LINES) {
        const values = bloc(baseline, stage, l.bloc);
        lines.push({ id: `${l.bloc}-baseline`, label: `${l.label}, baseline`, color: l.color, values, ghost: true });
      }
    }
  }
  const floor = floorSeries(r, s);
  if (floor.some(Number.isFinite)) {
    lines.push({ id: 'floor', label: 'Zone floor', color: PALETTE.floor, values: floor, dashed: true });
  }
  const present = lines.filter((l) => Array.from(l.values).some(Number.isFinite));
  const where = c >= 0 ? `in ${r.meta.countries[c]!.name} (selected)` : 'by bloc';
  return {
    id: 'prices',
    title: `Prices ${where} — ${stageName(stage)}`,
    description: `Price paid by buyers, USD/kg of ${stageName(stage)} product, month by month.`,
    unit: 'USD/kg',
    start: r.meta.start,
    months: r.meta.months,
    areas: [],
    lines: present,
    yMax: maxOf([], present) * 1.08,
    markers: buildMarkers(r, CHART_EVENT_TYPES.prices, c >= 0 ? selected : null),
    empty: present.length ? null : 'No prices in this run.',
  };
}

function bloc(r: RunResult, stage: 'mine' | 'refine', name: string): Float64Array {
  return monthlyColumn(r, `price_${stage}_${name}`);
}

function floorSeries(r: RunResult, s: number): Float64Array {
  const out = new Float64Array(r.meta.months);
  for (let m = 0; m < r.meta.months; m++) out[m] = r.buffers.floor[m * 2 + s]!;
  return out;
}
