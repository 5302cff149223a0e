import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { monthLabel } from '../../src/scenario/months.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { DEFAULT_PRESET } from '../../src/scenario/presets.ts';
import type { ControlValue } from '../../src/state/store.ts';
import { buildControls, controlRequest } from '../../src/app/controls/controls-spec.ts';

const catalog = loadPresetCatalog();
const parsed = parseScenario(catalog.get(DEFAULT_PRESET), catalog);
if (!parsed.ok) throw new Error('the default preset must parse');
const preset = parsed.value;
const specs = buildControls(preset, DEFAULT_PRESET);

/** Runs the controls' request through the worker's own validation, exactly as the CLI's --set would. */
function scenarioFor(values: Record<string, ControlValue>) {
  const req = controlRequest(specs, values);
  const built = buildRequestScenario({ presetId: DEFAULT_PRESET, ...req }, catalog);
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return { req, scenario: built.value };
}

describe('controls as --set overrides', () => {
  it('has the four groups, each control saying its rule and where its default came from', () => {
    expect(new Set(specs.map((s) => s.group))).toEqual(new Set(['zone', 'dominant', 'market', 'run']));
    for (const s of specs) {
      expect(s.rule.length).toBeGreaterThan(20);
      expect(s.rule).not.toMatch(/§|ε|\.md/);
      expect(s.origin).toContain(DEFAULT_PRESET);
    }
  });

  it('asks for nothing while every control is at the preset’s value', () => {
    const values = Object.fromEntries(specs.map((s) => [s.id, s.defaultValue]));
    expect(controlRequest(specs, values)).toEqual({ overrides: [] });
  });

  it('turns a dominant-supplier slider into one override', () => {
    const { req, scenario } = scenarioFor({ 'tolerated-share': 0.35 });
    expect(req.overrides).toEqual(['dominant.toleratedRivalShare=0.35']);
    expect(scenario.dominant?.toleratedRivalShare).toBe(0.35);
  });

  it('offers the dominant-firm strategy as an override the scenario accepts', () => {
    const { req, scenario } = scenarioFor({ strategy: 'dominant-firm' });
    expect(req.overrides).toEqual(['dominant.strategy=dominant-firm']);
    expect(scenario.dominant?.strategy).toBe('dominant-firm');
  });

  it('creates a zone from chosen members, then sets its floor, mechanism and stockpile', () => {
    const { scenario } = scenarioFor({
      members: 'USA,AUS,JPN',
      'floor-refine': 70,
      mechanism: 'cfd',
      'stockpile-budget': 2000,
    });
    expect(scenario.countries.filter((c) => c.role === 'member').map((c) => c.code)).toEqual(['USA', 'AUS', 'JPN']);
    expect(scenario.zone?.floor.refine).toBe(70);
    expect(scenario.zone?.cfd).toBe(true);
    expect(scenario.zone?.variableLevy).toBe(false);
    expect(scenario.zone?.stockpile?.budgetMusd).toBe(2000);
  });

  it('leaves zone settings out until there are members to apply them to', () => {
    expect(controlRequest(specs, { 'floor-refine': 70 }).overrides).toEqual([]);
  });

  it('schedules an export ban to members in the chosen month', () => {
    const { scenario } = scenarioFor({ members: 'JPN', 'export-ban': 24 });
    const ban = scenario.events.find((e) => e.kind === 'export-restriction');
    expect(ban).toMatchObject({ month: monthLabel(preset.start, 24), to: 'member', cut: 1 });
  });

  it('sets every country’s demand growth, and the elasticities', () => {
    const { scenario } = scenarioFor({ 'demand-growth': 0.1, 'elasticity-short': -0.3 });
    expect(scenario.countries.filter((c) => c.demandTpy > 0).every((c) => c.growth === 0.1)).toBe(true);
    expect(scenario.market.elasticityShort).toBe(-0.3);
  });

  it('sends seed and horizon as request fields (--seed, --months)', () => {
    expect(controlRequest(specs, { seed: 9, months: 120 })).toEqual({ overrides: [], seed: 9, months: 120 });
  });
});
