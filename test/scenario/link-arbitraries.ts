/**
 * Random valid scenarios for link tests: a preset from scenarios/ with a few `--set`-style changes that still validate
 * (floors, margins, seeds, growth, toggled zone mechanisms, facility costs, added or removed events and facilities,
 * removed zone parts). A change that would make the scenario invalid is skipped, as the CLI would refuse it.
 */
import fc from 'fast-check';
import { applyOverride } from '../../src/scenario/overrides.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { catalog, preset } from '../scenarios/preset-catalog.ts';

/** Every preset id, and each preset parsed once. */
export const PRESET_IDS = [...catalog.keys()];
const PARSED = new Map(PRESET_IDS.map((id) => [id, preset(id)]));

/** Returns a fresh copy of a parsed preset. */
export function parsedPreset(id: string): Scenario {
  return structuredClone(PARSED.get(id)!);
}

/** A number in [min, max] that JSON writes back exactly (no -0, no NaN). */
const num = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);
const int = (min: number, max: number) => fc.integer({ min, max });

/** A change: `#` in the path stands for an index into the array before it, taken modulo its length. */
export type Change = { kind: 'set'; path: string; index: number; value: unknown } | { kind: 'remove'; path: string };

const set = (path: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<Change> =>
  fc.record({ kind: fc.constant('set' as const), path: fc.constant(path), index: fc.nat(1000), value });
const remove = (path: string): fc.Arbitrary<Change> => fc.constant({ kind: 'remove' as const, path });

const event = fc.oneof(
  fc.record({ kind: fc.constant('mode'), month: fc.constant('2026-01'), mode: fc.constantFrom('flood', 'harvest') }),
  fc.record({
    kind: fc.constant('demand-shock'),
    month: fc.constant('2027-06'),
    months: int(1, 60),
    factor: num(0.01, 3),
  }),
  fc.record({
    kind: fc.constant('export-restriction'),
    month: fc.constant('2026-03'),
    cut: num(0, 1),
    to: fc.constantFrom('member', 'all'),
  }),
);

/** One random change to a scenario. */
export const changeArb: fc.Arbitrary<Change> = fc.oneof(
  set('zone.floor.refine', fc.oneof(num(0, 300), fc.constant(null))),
  set('zone.floor.mine', fc.oneof(num(0, 100), fc.constant(null))),
  set('zone.variableLevy', fc.boolean()),
  set('zone.cfd', fc.boolean()),
  set('zone.fixedTariff', num(0, 10)),
  set('zone.budgetMusd', num(0, 1e7)),
  set(
    'zone.floorSetting',
    fc.oneof(
      fc.constant({ kind: 'fixed' }),
      fc.record({ kind: fc.constant('cost-indexed'), reviewMonths: int(1, 120), margin: num(-0.5, 5) }),
    ),
  ),
  remove('zone.stockpile'),
  remove('zone'),
  set('dominant.normalMargin', num(0, 5)),
  set('dominant.strategy', fc.constantFrom('scripted', 'adaptive')),
  set('dominant.harvestAfter', int(0, 240)),
  set('dominant.undercut', num(0, 1)),
  set('dominant.retaliationTrigger', num(0, 10)),
  set('seed', int(0, 2 ** 31 - 1)),
  set('months', int(12, 1200)),
  set('title', fc.string({ minLength: 1, maxLength: 40, unit: 'binary' })),
  set('countries.#.growth', num(-0.5, 1)),
  set('countries.#.demandTpy', num(0, 1e7)),
  set('countries.#.elasticityShort', num(-5, 0)),
  set('countries.#.role', fc.constantFrom('member', 'other')),
  set('facilities.#.cashCost', num(0, 1e6)),
  set('facilities.#.capacityTpy', num(0, 1e9)),
  set('facilities.#.owner', fc.constantFrom('private', 'state')),
  set('market.elasticityLong', num(-5, 0)),
  set('market.demandNoise', num(0, 1)),
  set('market.transport.baseUsdPerKg', num(0, 5)),
  set('investors.baseRate', num(0, 1)),
  set('facilityRules.idleAfter', int(1, 120)),
  set('events', fc.array(event, { maxLength: 3 })),
  set('facilities', fc.constant('drop-last')),
);

/** Applies one change if the result still validates; otherwise returns the scenario unchanged. */
export function applyChange(s: Scenario, change: Change): Scenario {
  let next: unknown;
  if (change.kind === 'remove') {
    next = structuredClone(s);
    const parts = change.path.split('.');
    let node = next as Record<string, unknown> | undefined;
    for (const p of parts.slice(0, -1)) node = node?.[p] as Record<string, unknown> | undefined;
    if (node) delete node[parts.at(-1)!];
  } else if (change.value === 'drop-last') {
    next = { ...s, facilities: s.facilities.slice(0, -1) };
  } else {
    const path: string[] = [];
    let node: unknown = s;
    for (const part of change.path.split('.')) {
      const seg = part === '#' ? String(change.index % Math.max(1, (node as unknown[]).length)) : part;
      path.push(seg);
      node = (node as Record<string, unknown> | undefined)?.[seg];
    }
    const applied = applyOverride(s, { path, value: change.value, text: change.path });
    if (!applied.ok) return s;
    next = applied.value;
  }
  const checked = validateScenario(next);
  return checked.ok ? checked.value : s;
}

/** A preset with up to `max` random changes applied, and the id of that preset. */
export const modifiedPresetArb = (max = 6) =>
  fc
    .record({ presetId: fc.constantFrom(...PRESET_IDS), changes: fc.array(changeArb, { maxLength: max }) })
    .map(({ presetId, changes }) => ({
      presetId,
      changes,
      scenario: changes.reduce(applyChange, parsedPreset(presetId)),
    }));

/** A random view for a link. */
export const viewArb = fc.record(
  {
    cursor: int(0, 1199),
    view: fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/),
    country: fc.stringMatching(/^[A-Z]{3}$/),
    seeds: int(1, 1000),
  },
  { requiredKeys: [] },
);
