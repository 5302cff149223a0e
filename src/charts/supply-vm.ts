/**
 * Chart 2, who supplies the members: tonnes delivered each month to zone members (or to the selected country), stacked
 * by origin — the dominant supplier, members (themselves included), others — derived from the flows and that month's
 * membership. Without a zone it shows who supplies every country outside the dominant supplier. The baseline's tonnes
 * from the dominant supplier are a ghost line.
 */
import type { RunResult } from '../results/contract.ts';
import { PALETTE } from '../state/palette.ts';
import { type CountryRole, countryIndex, flowRange, roleAt } from '../state/result-columns.ts';
import { CHART_EVENT_TYPES, buildMarkers } from './events-vm.ts';
import { type ChartInput, type Series, type TimeChartVm, maxOf, stageName } from './time-vm.ts';

const ORIGINS: { role: CountryRole; label: string; color: string }[] = [
  { role: 'dominant', label: 'From the dominant supplier', color: PALETTE.dominant },
  { role: 'member', label: 'From members', color: PALETTE.member },
  { role: 'other', label: 'From others', color: PALETTE.other },
];

/** Builds the supply chart. */
export function buildSupplyVm(input: ChartInput): TimeChartVm {
  const { current: r, baseline, stage, selected } = input;
  const c = selected === null ? -1 : countryIndex(r, selected);
  const zone = r.buffers.membership.includes(1);
  const byOrigin = supplyByOrigin(r, stage === 'mine' ? 0 : 1, selected);
  const areas: Series[] = ORIGINS.map((o, i) => ({ id: o.role, label: o.label, color: o.color, values: byOrigin[i]! }));
  const lines: Series[] = [];
  const comparable =
    c >= 0 ? countryIndex(baseline ?? r, selected!) >= 0 : !zone || baseline?.buffers.membership.includes(1);
  if (baseline && comparable) {
    const values = supplyByOrigin(baseline, stage === 'mine' ? 0 : 1, selected)[0]!;
    lines.push({
      id: 'dominant-baseline',
      label: 'From the dominant, baseline',
      color: PALETTE.dominant,
      values,
      ghost: true,
    });
  }
  const total = areas.reduce((sum, a) => sum + Array.from(a.values).reduce((x, y) => x + y, 0), 0);
  const dominant = r.meta.countries.find((x) => x.role === 'dominant')?.name;
  const who =
    c >= 0
      ? `${r.meta.countries[c]!.name} (selected)`
      : zone
        ? 'the members'
        : `everyone outside ${dominant ?? 'the dominant'}`;
  return {
    id: 'supply',
    title: `Who supplies ${who} — ${stageName(stage)}`,
    description: `Tonnes per month of ${stageName(stage)} product delivered to ${who}, by origin.`,
    unit: 't/month',
    start: r.meta.start,
    months: r.meta.months,
    areas,
    lines,
    yMax: maxOf(areas, lines) * 1.08,
    markers: buildMarkers(r, CHART_EVENT_TYPES.supply, c >= 0 ? selected : null),
    empty: total > 0 ? null : `No ${stageName(stage)} deliveries to ${who} in this run.`,
  };
}

/**
 * Sums flow tonnes of stage `s` into members (or into `country`; or, in a run without a zone, into every country but
 * the dominant) by the exporter's role that month; returns one array per origin in ORIGINS order. Domestic deliveries
 * (exporter = importer), when the engine reports them, count too.
 */
export function supplyByOrigin(r: RunResult, s: number, country: string | null): Float64Array[] {
  let byKey = cache.get(r);
  if (!byKey) cache.set(r, (byKey = new Map()));
  const key = `${s}:${country}`;
  if (!byKey.has(key)) byKey.set(key, computeSupply(r, s, country));
  return byKey.get(key)!;
}

const cache = new WeakMap<RunResult, Map<string, Float64Array[]>>();

function computeSupply(r: RunResult, s: number, country: string | null): Float64Array[] {
  const M = r.meta.months;
  const C = r.meta.countries.length;
  const out = ORIGINS.map(() => new Float64Array(M));
  const target = country === null ? -1 : countryIndex(r, country);
  if (country !== null && target < 0) return out;
  const { flowStage, flowOrigin, flowTo, flowTonnes } = r.buffers;
  const zone = r.buffers.membership.includes(1);
  const dominant = r.meta.countries.findIndex((x) => x.role === 'dominant');
  for (let m = 0; m < M; m++) {
    const [a, b] = flowRange(r, m);
    for (let i = a; i < b; i++) {
      if (flowStage[i] !== s) continue;
      const to = flowTo[i]!;
      if (target >= 0 ? to !== target : zone ? r.buffers.membership[m * C + to] !== 1 : to === dominant) continue;
      // By origin: a re-export through a third country counts as its origin's supply (MODEL.md §4.9).
      const role = roleAt(r, m, flowOrigin[i]!);
      out[role === 'dominant' ? 0 : role === 'member' ? 1 : 2]![m]! += flowTonnes[i]!;
    }
  }
  return out;
}
