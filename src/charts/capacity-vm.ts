/**
 * Chart 3, capacity by state outside the dominant supplier (members + others), t/yr, stacked: operating, idle,
 * building, closed. With a country selected: that country's facilities, nameplate capacity by their state each month.
 * The baseline's operating capacity is a ghost line.
 */
import type { RunResult } from '../results/contract.ts';
import { DISPLAY_STATES, type DisplayState, PALETTE } from '../state/palette.ts';
import { countryIndex, displayStateAt, facilityOnStage, monthlyColumn } from '../state/result-columns.ts';
import { CHART_EVENT_TYPES, buildMarkers } from './events-vm.ts';
import { type ChartInput, type Series, type TimeChartVm, maxOf, stageName } from './time-vm.ts';

const LABELS: Record<DisplayState, string> = {
  operating: 'Operating',
  idle: 'Idle',
  building: 'Building',
  closed: 'Closed',
};

/** Builds the capacity chart. */
export function buildCapacityVm(input: ChartInput): TimeChartVm {
  const { current: r, baseline, stage, selected } = input;
  const c = selected === null ? -1 : countryIndex(r, selected);
  const byState = c >= 0 ? countryCapacity(r, stage, c) : outsideDominant(r, stage);
  const areas: Series[] = DISPLAY_STATES.map((st, i) => ({
    id: st,
    label: LABELS[st],
    color: PALETTE[st],
    values: byState[i]!,
  }));
  const lines: Series[] = [];
  if (baseline) {
    const bc = c >= 0 ? countryIndex(baseline, selected!) : -1;
    if (c < 0 || bc >= 0) {
      const values = (bc >= 0 ? countryCapacity(baseline, stage, bc) : outsideDominant(baseline, stage))[0]!;
      lines.push({
        id: 'operating-baseline',
        label: 'Operating, baseline',
        color: PALETTE.operating,
        values,
        ghost: true,
      });
    }
  }
  const dominant = r.meta.countries.find((x) => x.role === 'dominant');
  const where =
    c >= 0 ? `in ${r.meta.countries[c]!.name} (selected)` : dominant ? `outside ${dominant.name}` : 'worldwide';
  const any = areas.some((a) => Array.from(a.values).some((v) => v > 0));
  return {
    id: 'capacity',
    title: `Capacity ${where} — ${stageName(stage)}`,
    description: `Capacity ${where} by state, tonnes per year of ${stageName(stage)} product.`,
    unit: 't/yr',
    start: r.meta.start,
    months: r.meta.months,
    areas,
    lines,
    yMax: maxOf(areas, lines) * 1.08,
    markers: buildMarkers(r, CHART_EVENT_TYPES.capacity, c >= 0 ? selected : null),
    empty: any ? null : `No ${stageName(stage)} capacity ${where}.`,
  };
}

/** Members' and others' capacity by state, from the monthly columns. */
function outsideDominant(r: RunResult, stage: 'mine' | 'refine'): Float64Array[] {
  return DISPLAY_STATES.map((st) => {
    const a = monthlyColumn(r, `capacity_${st}_${stage}_member`);
    const b = monthlyColumn(r, `capacity_${st}_${stage}_other`);
    return a.map((v, m) => (Number.isFinite(v) ? v : 0) + (Number.isFinite(b[m]) ? b[m]! : 0));
  });
}

/** One country's nameplate capacity by display state, from the facility columns. */
function countryCapacity(r: RunResult, stage: 'mine' | 'refine', c: number): Float64Array[] {
  const out = DISPLAY_STATES.map(() => new Float64Array(r.meta.months));
  const s = stage === 'mine' ? 0 : 1;
  r.meta.facilities.forEach((f, i) => {
    if (f.country !== c || !facilityOnStage(r, i, s)) return;
    const cap = r.buffers.facCapacityTpy[i]!;
    for (let m = 0; m < r.meta.months; m++) {
      const st = displayStateAt(r, m, i);
      if (st !== null) out[DISPLAY_STATES.indexOf(st)]![m]! += cap;
    }
  });
  return out;
}
