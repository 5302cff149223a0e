/**
 * Controls that set one number at a schema path, as data: adding a control for a new parameter is one entry in
 * PARAMETER_CONTROLS (its path, label, range, unit, the rule it drives, and when it applies). Each entry's default is
 * the preset's value at that path (the schema's default when the preset leaves it out), its override is
 * `<path>=<value>`, exactly the CLI's `--set`, and a control whose rule does not apply in the preset (or given the
 * other controls) says why in plain words and what would make it apply, instead of moving nothing.
 */
import type { RunResult } from '../../results/contract.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { ControlValue } from '../../state/store.ts';
import { type ControlGroup, type ControlSpec, type ValueOf, percent } from './control-types.ts';
import { noFloodRemark, noReleaseRemark, releaseRation, releaseRemark } from './binding.ts';

/** How a parameter's value reads. */
export type ParamUnit = 'musd' | 'tonnes' | 'tonnes-month' | 'share' | 'months' | 'months-held' | 'months-long';

/** One parameter control, as data. */
export interface ParamEntry {
  id: string;
  group: ControlGroup;
  /** Dotted path into the scenario, as `--set` takes it. */
  path: string;
  label: string;
  min: number;
  /** The slider's top: a number, or one computed from the preset's value (so a large preset value fits). */
  max: number | ((presetValue: number) => number);
  step: number;
  unit: ParamUnit;
  /** The value when the preset leaves the path out (the schema's default, or what the parent control creates). */
  fallback: number;
  /** One line: the rule it drives. */
  rule: string;
  /** Why the rule does not apply here and what would make it apply, or null when it applies. */
  appliesWhen?: (s: Scenario, valueOf: ValueOf) => string | null;
  /** A remark about the current value (e.g. a budget of zero that pays nothing), or null; `run` is the run on screen. */
  remark?: (value: number, s: Scenario, valueOf: ValueOf, run?: RunResult | null) => string | null;
  /**
   * The slider's top given the other controls, where something else binds above it (it never falls below the
   * preset's value), or null to keep `max`.
   */
  bound?: (s: Scenario, valueOf: ValueOf) => number | null;
  /** Why the control changes nothing in the run on screen (see ControlSpec.idleIn), or null. */
  idleIn?: (s: Scenario, run: RunResult | null) => string | null;
}

/** Reads a dotted path in a parsed scenario, or undefined. */
export function readPath(s: unknown, path: string): unknown {
  let node: unknown = s;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const noZone = (s: Scenario, valueOf: ValueOf): string | null =>
  !s.zone && valueOf('members') === '' ? 'This preset has no zone: choose its members first.' : null;

/** The mechanism in force given the Mechanism control ('preset' keeps the preset's combination). */
export const cfdInForce = (s: Scenario, valueOf: ValueOf): boolean => {
  const m = valueOf('mechanism');
  return m === 'cfd' || (m === 'preset' && !!s.zone?.cfd);
};

const needsCfd = (s: Scenario, valueOf: ValueOf): string | null =>
  noZone(s, valueOf) ??
  (cfdInForce(s, valueOf)
    ? null
    : 'Applies to the contract for difference only: choose “Contract for difference” under Mechanism.');

const needsStockpile = (s: Scenario, valueOf: ValueOf): string | null =>
  noZone(s, valueOf) ??
  (s.zone?.stockpile || Number(valueOf('stockpile-budget')) > 0
    ? null
    : 'There is no stockpile here: give it a budget under Stockpile budget first.');

const needsReview = (s: Scenario, valueOf: ValueOf): string | null => {
  const zone = noZone(s, valueOf);
  if (zone) return zone;
  if (valueOf('floor-setting') !== 'cost-indexed') {
    return 'The floor is fixed here: choose “Cost-indexed review” under Floor setting for a review to reset it.';
  }
  if (!(Number(valueOf('floor-refine')) > 0) && !(Number(valueOf('floor-mine')) > 0)) {
    return 'There is no floor to review: set a floor (refined or concentrate) first.';
  }
  return null;
};

const needsAdaptive = (s: Scenario, valueOf: ValueOf): string | null =>
  !s.dominant
    ? 'This preset has no dominant supplier.'
    : valueOf('strategy') === 'adaptive'
      ? null
      : 'Applies to the adaptive strategy only: choose “Adaptive” under Strategy.';

/** Leakage needs something to leak past: an export restriction, a tariff, a zone (its levy or tariff) or a ban. */
const needsBarrier = (s: Scenario, valueOf: ValueOf): string | null =>
  s.zone ||
  valueOf('members') !== '' ||
  s.events.some((e) => e.kind === 'export-restriction' || e.kind === 'tariff') ||
  Number(valueOf('export-ban')) < s.months
    ? null
    : 'Nothing to leak past here: no export restriction, tariff or zone. Choose members or an export ban first.';

/** The parameter controls, in the order they show within their groups. */
export const PARAMETER_CONTROLS: ParamEntry[] = [
  {
    id: 'floor-margin',
    group: 'zone',
    path: 'zone.floorSetting.margin',
    label: 'Floor review: margin',
    min: -0.5,
    max: 2,
    step: 0.05,
    unit: 'share',
    fallback: 0.1,
    rule: 'Each review sets the floor to the cost of the member producer needed for the security share of members’ demand, plus this margin.',
    appliesWhen: needsReview,
  },
  {
    id: 'floor-security-share',
    group: 'zone',
    path: 'zone.floorSetting.securityShare',
    label: 'Floor review: security share',
    min: 0,
    max: 1,
    step: 0.05,
    unit: 'share',
    fallback: 0.3,
    rule: 'The share of members’ demand their own producers should be able to supply at the floor; the review prices the producer that reaches it.',
    appliesWhen: needsReview,
  },
  {
    id: 'floor-max-step',
    group: 'zone',
    path: 'zone.floorSetting.maxStep',
    label: 'Floor review: largest step',
    min: 0,
    max: 1,
    step: 0.01,
    unit: 'share',
    fallback: 0.15,
    rule: 'A review moves the floor at most this far, up or down, from where it was.',
    appliesWhen: needsReview,
  },
  {
    id: 'floor-review-months',
    group: 'zone',
    path: 'zone.floorSetting.reviewMonths',
    label: 'Floor review: every',
    min: 1,
    max: 60,
    step: 1,
    unit: 'months',
    fallback: 6,
    rule: 'How often the floor is reviewed.',
    appliesWhen: needsReview,
  },
  {
    id: 'cfd-budget',
    group: 'zone',
    path: 'zone.budgetMusd',
    label: 'Contract for difference: budget',
    min: 0,
    max: (v) => (v >= 1e6 ? 1e6 : Math.max(5000, Math.ceil((3 * v) / 1000) * 1000)),
    step: 50,
    unit: 'musd',
    fallback: 1e6,
    rule: 'The contract pays member producers the gap between the floor and the price they get, until this budget is spent.',
    appliesWhen: needsCfd,
    remark: (v, s, valueOf) =>
      v <= 0 && cfdInForce(s, valueOf) ? 'At 0 M$ the contract pays nothing: raise the budget for it to act.' : null,
  },
  {
    id: 'cfd-term',
    group: 'zone',
    path: 'zone.cfdTerms.termMonths',
    label: 'Contract for difference: term',
    min: 1,
    max: 240,
    step: 1,
    unit: 'months-long',
    fallback: 120,
    rule: 'Each member producer’s contract lasts this long from the first month it produces under it; then it is paid the market price only.',
    appliesWhen: needsCfd,
  },
  {
    id: 'stockpile-capacity',
    group: 'zone',
    path: 'zone.stockpile.capacityT',
    label: 'Stockpile: storage',
    min: 0,
    max: (v) => Math.max(10_000, Math.ceil((3 * v) / 1000) * 1000),
    step: 100,
    unit: 'tonnes',
    fallback: 0,
    rule: 'The most the stockpile can hold; once full it stops buying, whatever budget is left.',
    appliesWhen: needsStockpile,
  },
  {
    id: 'stockpile-max-buy',
    group: 'zone',
    path: 'zone.stockpile.maxBuyPerMonthT',
    label: 'Stockpile: buys at most',
    min: 0,
    max: (v) => Math.max(1000, Math.ceil((3 * v) / 100) * 100),
    step: 10,
    unit: 'tonnes-month',
    fallback: 0,
    rule: 'The stockpile buys at most this much a month while the price is at or below its buy price.',
    appliesWhen: needsStockpile,
  },
  {
    id: 'stockpile-max-release',
    group: 'zone',
    path: 'zone.stockpile.maxReleasePerMonthT',
    label: 'Stockpile: releases at most',
    min: 0,
    max: (v) => Math.max(1000, Math.ceil((3 * v) / 100) * 100),
    step: 10,
    unit: 'tonnes-month',
    fallback: 0,
    rule: 'In a shortage (price above its release price, or a declared disruption) it sells at most this much a month.',
    appliesWhen: needsStockpile,
    // During a scheduled disruption the ration (stock / months left) binds first: the slider stops there.
    bound: (s, valueOf) => releaseRation(s, valueOf)?.boundT ?? null,
    remark: (v, s, valueOf) => releaseRemark(s, valueOf, v),
    idleIn: (s, run) => noReleaseRemark(s, run),
  },
  {
    id: 'flood-patience',
    group: 'dominant',
    path: 'dominant.floodPatienceMonths',
    label: 'Flood: gives up after',
    min: 1,
    max: 36,
    step: 1,
    unit: 'months-long',
    fallback: 24,
    rule: 'A flood is abandoned when rivals’ operating capacity (tonnes a year) has not fallen for this long.',
    appliesWhen: needsAdaptive,
    remark: (_, s, valueOf, run) => noFloodRemark(s, valueOf, run),
  },
  {
    id: 'leakage-enforcement',
    group: 'market',
    path: 'market.leakage.originEnforcement',
    label: 'Rules of origin: enforcement',
    min: 0,
    max: 1,
    step: 0.05,
    unit: 'share',
    fallback: 1,
    rule: 'The share of re-exports through third countries that customs catch and treat as of their origin; below 100%, bans, tariffs and the levy leak.',
    appliesWhen: needsBarrier,
  },
  {
    id: 'stocks-refine',
    group: 'market',
    path: 'market.stocks.initialMonths.refine',
    label: 'Traders’ stocks of refined product',
    min: 0,
    max: 6,
    step: 0.25,
    unit: 'months-held',
    fallback: 0,
    rule: 'Each country’s normal commercial stock, in months of its use: traders buy when prices are low and sell into a shortage.',
  },
];

/** Formats a value in a unit. */
export function formatUnit(unit: ParamUnit, v: ControlValue): string {
  const n = Number(v);
  switch (unit) {
    case 'musd':
      return n >= 1e6 ? 'unlimited' : `${n.toLocaleString('en-US')} M$`;
    case 'tonnes':
      return `${n.toLocaleString('en-US')} t`;
    case 'tonnes-month':
      return `${n.toLocaleString('en-US')} t/month`;
    case 'share':
      return percent(n);
    case 'months':
      return n === 1 ? 'every month' : `${n} months`;
    case 'months-held':
      return n === 0 ? 'none' : `${n} months of use`;
    case 'months-long':
      return n === 1 ? '1 month' : `${n} months`;
  }
}

/** Builds the spec of one parameter entry for a preset. */
export function paramControl(e: ParamEntry, s: Scenario, presetId: string): ControlSpec {
  const at = readPath(s, e.path);
  const preset = typeof at === 'number' ? at : e.fallback;
  const format = (v: ControlValue) => formatUnit(e.unit, v);
  const max = typeof e.max === 'number' ? e.max : e.max(preset);
  const bound = e.bound;
  return {
    id: e.id,
    group: e.group,
    label: e.label,
    kind: 'range',
    min: e.min,
    max,
    step: e.step,
    defaultValue: preset,
    rule: e.rule,
    origin: typeof at === 'number' ? `${presetId}: ${format(preset)}` : `${presetId}: not set (${format(preset)})`,
    disabled: null,
    ...(e.appliesWhen ? { blockedBy: (valueOf: ValueOf) => e.appliesWhen!(s, valueOf) } : {}),
    ...(e.idleIn ? { idleIn: (run: RunResult | null) => e.idleIn!(s, run) } : {}),
    ...(e.remark
      ? { remark: (v: ControlValue, valueOf: ValueOf, run?: RunResult | null) => e.remark!(Number(v), s, valueOf, run) }
      : {}),
    ...(bound
      ? {
          range: (valueOf: ValueOf) => {
            const top = bound(s, valueOf);
            return { min: e.min, max: top === null ? max : Math.max(preset, top) };
          },
        }
      : {}),
    format,
    // Where the preset lacks the object holding it, the control that creates it comes first in the list (Members,
    // Stockpile budget, Floor setting) and reads this value when it writes the whole object.
    overrides: (v) => [`${e.path}=${Number(v)}`],
  };
}

/** Builds the parameter controls of one group. */
export function paramControls(group: ControlGroup, s: Scenario, presetId: string): ControlSpec[] {
  return PARAMETER_CONTROLS.filter((e) => e.group === group).map((e) => paramControl(e, s, presetId));
}
