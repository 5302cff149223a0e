/**
 * The left-hand controls as data (a pure view-model): each says what rule it drives, what the preset set it to, and
 * how a value becomes `--set` overrides applied to the parsed preset — so `chokepoint run <preset> --set …` reproduces
 * the page's run exactly. Seed and horizon become the request's `seed` / `months` (`--seed`, `--months`).
 */
import { paramControls } from './param-controls.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { ControlValue } from '../../state/store.ts';
import { type ControlRequest, type ControlSpec, type ValueOf, percent } from './control-types.ts';

export type { ControlRequest, ControlSpec };
import { dominantControls } from './controls-dominant.ts';
import { zoneControls } from './controls-zone.ts';
import { MAX_SEEDS } from '../seeds.ts';

/** Builds every control for a parsed preset. */
export function buildControls(s: Scenario, presetId: string): ControlSpec[] {
  return [
    ...zoneControls(s, presetId),
    ...dominantControls(s, presetId),
    ...marketControls(s, presetId),
    ...runControls(s, presetId),
  ];
}

/** Turns the moved controls into a run request (controls in list order, so later ones win on a shared path). */
export function controlRequest(specs: ControlSpec[], values: Readonly<Record<string, ControlValue>>): ControlRequest {
  const valueOf: ValueOf = (id) => values[id] ?? specs.find((s) => s.id === id)?.defaultValue ?? 0;
  const out: ControlRequest = { overrides: [] };
  for (const spec of specs) {
    const v = values[spec.id];
    if (v === undefined || v === spec.defaultValue || spec.disabled || spec.blockedBy?.(valueOf)) continue;
    if (spec.id === 'seed') out.seed = Number(v);
    else if (spec.id === 'months') out.months = Number(v);
    else out.overrides.push(...spec.overrides(v, valueOf));
  }
  // A whole-list replacement (`events=[…]`) goes before the edits of single items, which index into the new list.
  const whole = (o: string) => /^[A-Za-z]+=\[/.test(o);
  out.overrides = [...out.overrides.filter(whole), ...out.overrides.filter((o) => !whole(o))];
  return out;
}

function marketControls(s: Scenario, presetId: string): ControlSpec[] {
  const withDemand = s.countries.map((c, i) => [c, i] as const).filter(([c]) => c.demandTpy > 0);
  const total = withDemand.reduce((a, [c]) => a + c.demandTpy, 0);
  const growth = total > 0 ? withDemand.reduce((a, [c]) => a + c.growth * c.demandTpy, 0) / total : 0;
  const g = Number((Math.round(growth * 200) / 200).toFixed(3));
  const num = (v: ControlValue) => Number(v).toFixed(2);
  return [
    {
      id: 'demand-growth',
      group: 'market',
      label: 'Demand growth, all countries',
      kind: 'range',
      min: -0.05,
      max: 0.2,
      step: 0.005,
      defaultValue: g,
      rule: 'Each country’s demand for refined product grows this much a year.',
      origin: `${presetId}: demand-weighted mean of its countries, ${percent(g)}/yr`,
      disabled: withDemand.length ? null : 'No country has demand in this preset.',
      format: (v) => `${percent(v)}/yr`,
      overrides: (v) => withDemand.map(([, i]) => `countries.${i}.growth=${Number(v)}`),
    },
    {
      id: 'elasticity-short',
      group: 'market',
      label: 'Short-run price elasticity',
      kind: 'range',
      min: -1,
      max: 0,
      step: 0.01,
      defaultValue: s.market.elasticityShort,
      rule: 'How much buyers cut their purchases at once when the price rises (short-run price sensitivity).',
      origin: `${presetId}: ${num(s.market.elasticityShort)}`,
      disabled: null,
      format: num,
      overrides: (v) => [`market.elasticityShort=${Number(v)}`],
    },
    {
      id: 'elasticity-long',
      group: 'market',
      label: 'Long-run price elasticity',
      kind: 'range',
      min: -2,
      max: 0,
      step: 0.05,
      defaultValue: s.market.elasticityLong,
      rule: 'How far buyers switch to other materials over years of high prices (long-run price sensitivity).',
      origin: `${presetId}: ${num(s.market.elasticityLong)}`,
      disabled: null,
      format: num,
      overrides: (v) => [`market.elasticityLong=${Number(v)}`],
    },
    ...paramControls('market', s, presetId),
  ];
}

function runControls(s: Scenario, presetId: string): ControlSpec[] {
  return [
    {
      id: 'seed',
      group: 'run',
      label: 'Seed',
      kind: 'number',
      min: 0,
      max: 2 ** 31 - 1,
      step: 1,
      defaultValue: s.seed,
      rule: 'Picks the random draws: outages, project costs, demand noise. The same seed gives the same run.',
      origin: `${presetId}: seed ${s.seed}`,
      disabled: null,
      format: (v) => String(v),
      overrides: () => [],
    },
    {
      id: 'months',
      group: 'run',
      label: 'Horizon',
      kind: 'range',
      min: 12,
      max: Math.max(600, s.months),
      step: 12,
      defaultValue: s.months,
      rule: 'How many months the whole run simulates.',
      origin: `${presetId}: ${s.months} months from ${s.start}`,
      disabled: null,
      format: (v) => `${v} months (${Math.round(Number(v) / 1.2) / 10} yr)`,
      overrides: () => [],
    },
    {
      id: 'seeds',
      group: 'run',
      label: 'Seeds',
      kind: 'number',
      min: 1,
      max: MAX_SEEDS,
      step: 1,
      defaultValue: 1,
      rule: 'Runs seeds Seed … Seed+N−1 in parallel; the charts show the median and the 50%/90% bands.',
      origin: `${presetId}: one seed, a single run`,
      disabled: null,
      format: (v) => (Number(v) > 1 ? `${v} seeds` : '1 seed'),
      overrides: () => [],
    },
  ];
}
