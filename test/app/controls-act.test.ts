/**
 * Every control on every preset either writes overrides the worker accepts (so moving it reaches the run) or says in
 * plain words why it does not apply; the zone preset's binding parameters (the cost-indexed floor's margin, security
 * share, step and review, the stockpile's storage and monthly limits, the CfD budget) are controls. The browser test
 * (test/e2e/controls.e2e.ts) checks that each enabled one changes the result hash.
 */
import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { listPresets } from '../../src/scenario/presets.ts';
import type { ControlValue } from '../../src/state/store.ts';
import { buildControls, controlRequest } from '../../src/app/controls/controls-spec.ts';
import type { ControlSpec, ValueOf } from '../../src/app/controls/control-types.ts';
import { PARAMETER_CONTROLS, readPath } from '../../src/app/controls/param-controls.ts';

const catalog = loadPresetCatalog();

function specsOf(id: string) {
  const parsed = parseScenario(catalog.get(id), catalog);
  if (!parsed.ok) throw new Error(`${id} must parse`);
  return { scenario: parsed.value, specs: buildControls(parsed.value, id) };
}

/** The value a test moves a control to: the end of its range farthest from its default, another option, one more box. */
export function farValue(spec: ControlSpec, valueOf: ValueOf): ControlValue {
  const d = spec.defaultValue;
  if (spec.kind === 'select') return spec.options!.find((o) => o.value !== d)!.value;
  if (spec.kind === 'checklist') {
    const on = String(d).split(',').filter(Boolean);
    return [...on, spec.options!.find((o) => !on.includes(o.value))!.value].join(',');
  }
  const r = spec.range?.(valueOf) ?? { min: spec.min!, max: spec.max! };
  return Number(d) - r.min > r.max - Number(d) ? r.min : r.max;
}

describe('controls that act', () => {
  it('gives the zone preset controls for its binding parameters, each at the preset’s value', () => {
    const { scenario, specs } = specsOf('rare-earths-zone-2026');
    const byId = new Map(specs.map((s) => [s.id, s]));
    for (const e of PARAMETER_CONTROLS) {
      expect(byId.get(e.id)?.defaultValue, e.id).toBe(readPath(scenario, e.path) ?? e.fallback);
    }
    expect(byId.get('floor-refine')).toMatchObject({ defaultValue: 80, label: 'Floor, refined: opens at' });
    expect(byId.get('floor-setting')?.defaultValue).toBe('cost-indexed');
    expect(byId.get('stockpile-capacity')?.defaultValue).toBe(2000);
    expect(byId.get('cfd-budget')?.defaultValue).toBe(0);
  });

  it('says why the CfD budget does not apply under the levy, and what would make it apply', () => {
    const { specs } = specsOf('rare-earths-zone-2026');
    const valueOf: ValueOf = (id) => specs.find((s) => s.id === id)!.defaultValue;
    const cfd = specs.find((s) => s.id === 'cfd-budget')!;
    expect(cfd.blockedBy?.(valueOf)).toMatch(/contract for difference.*Mechanism/i);
    const withCfd: ValueOf = (id) => (id === 'mechanism' ? 'cfd' : valueOf(id));
    expect(cfd.blockedBy?.(withCfd)).toBeNull();
    expect(cfd.remark?.(0, withCfd)).toMatch(/pays nothing/);
  });

  it('says when the stockpile budget is above what its storage can ever hold', () => {
    const { specs } = specsOf('rare-earths-zone-2026');
    const valueOf: ValueOf = (id) => specs.find((s) => s.id === id)!.defaultValue;
    const budget = specs.find((s) => s.id === 'stockpile-budget')!;
    expect(budget.remark?.(300, valueOf)).toMatch(/Storage binds: 2,000 t/);
    expect(budget.remark?.(100, valueOf)).toBeNull();
    expect(budget.range?.(valueOf)).toEqual({ min: 0, max: 300 });
  });

  it.each(listPresets(catalog).map((p) => p.id))(
    '%s: every control, moved to its far value, is either refused with a reason or writes a valid scenario',
    (id) => {
      const { specs } = specsOf(id);
      const defaults: ValueOf = (c) => specs.find((s) => s.id === c)!.defaultValue;
      for (const spec of specs) {
        const reason = spec.disabled ?? spec.blockedBy?.(defaults) ?? null;
        if (reason) {
          expect(reason, spec.id).toMatch(/[a-z].*\.$/);
          continue;
        }
        if (spec.id === 'seeds') continue;
        const req = controlRequest(specs, { [spec.id]: farValue(spec, defaults) });
        expect(req.overrides.length + (req.seed ?? 0) + (req.months ?? 0), spec.id).toBeGreaterThan(0);
        const built = buildRequestScenario({ presetId: id, ...req }, catalog);
        expect(built.ok ? null : built.error, `${id} ${spec.id}`).toBeNull();
      }
    },
  );

  it('moves the opening floor and the cost-indexed review together with an export ban', () => {
    const { specs } = specsOf('rare-earths-zone-2026');
    const req = controlRequest(specs, { 'floor-refine': 60, 'floor-margin': 0.2, 'export-ban': 20 });
    const built = buildRequestScenario({ presetId: 'rare-earths-zone-2026', ...req }, catalog);
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    expect(built.value.events.find((e) => e.kind === 'floor')).toMatchObject({ price: 60 });
    expect(built.value.events.some((e) => e.kind === 'export-restriction' && e.to === 'member')).toBe(true);
    expect(built.value.zone?.floorSetting).toMatchObject({ kind: 'cost-indexed', margin: 0.2 });
  });
});
