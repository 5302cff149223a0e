import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.ts';
import { applyOverride, parseOverride } from '../../src/scenario/overrides.ts';
import { smallMarket } from '../engine/scenario-builder.ts';

const paths = (input: unknown, presets = new Map<string, unknown>()) => {
  const r = parseScenario(input, presets);
  return r.ok ? [] : r.error.map((p) => p.path);
};

describe('parseScenario', () => {
  it('accepts a valid scenario and fills defaults', () => {
    const r = parseScenario(smallMarket());
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.facilityRules.idleAfter).toBe(3);
  });

  it('names the JSON path of every problem', () => {
    const s = smallMarket() as Record<string, unknown>;
    (s.facilities as Record<string, unknown>[])[1]!.capacityTpy = -5;
    (s.countries as Record<string, unknown>[])[0]!.code = 'china';
    s.months = 5000;
    expect(paths(s)).toEqual(expect.arrayContaining(['facilities[1].capacityTpy', 'countries[0].code', 'months']));
  });

  it('checks references between countries, facilities, the dominant and the zone', () => {
    const s = smallMarket({ withZone: true }) as Record<string, unknown>;
    (s.facilities as Record<string, unknown>[])[2]!.country = 'XXX';
    (s.facilities as Record<string, unknown>[])[3] = { ...(s.facilities as object[])[0]! };
    expect(paths(s)).toEqual(expect.arrayContaining(['facilities[2].country', 'facilities[3].id']));
  });

  it('rejects prototype-polluting keys before anything reads them', () => {
    const s = JSON.parse(
      JSON.stringify(smallMarket()).replace('"schema":1', '"schema":1,"__proto__":{"polluted":true}'),
    );
    expect(paths(s)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds the number of pipeline projects so no file can make a run hang', () => {
    const s = smallMarket() as Record<string, unknown>;
    s.pipeline = Array.from({ length: 30 }, () => ({
      country: 'AUS',
      stage: 'mine',
      capacityTpy: 100,
      capexMusd: 1,
      cashCost: 1,
      leadMonths: 1,
      count: 100,
    }));
    expect(paths(s)).toContain('pipeline');
  });

  it('resolves extends: objects merge, arrays replace, unknown presets are named', () => {
    const base = { ...smallMarket(), id: 'base' };
    const presets = new Map<string, unknown>([['base', base]]);
    const r = parseScenario({ extends: 'base', title: 'Variant', dominant: { supportBudgetMusd: 5 } }, presets);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.title).toBe('Variant');
      expect(r.value.dominant?.country).toBe('CHN');
      expect(r.value.dominant?.supportBudgetMusd).toBe(5);
    }
    expect(paths({ extends: 'nope' }, presets)).toEqual(['extends']);
  });
});

describe('--set overrides', () => {
  it('parse JSON values, take bare words as strings and reject unsafe paths', () => {
    const a = parseOverride('zone.floor.refine=60');
    expect(a.ok && a.value.value).toBe(60);
    const b = parseOverride('dominant.strategy=adaptive');
    expect(b.ok && b.value.value).toBe('adaptive');
    expect(parseOverride('__proto__.x=1').ok).toBe(false);
    expect(parseOverride('no-equals').ok).toBe(false);
  });

  it('apply to a copy and refuse an index out of range', () => {
    const s = smallMarket();
    const o = parseOverride('facilities.99.cashCost=1');
    expect(o.ok).toBe(true);
    if (o.ok) expect(applyOverride(s, o.value).ok).toBe(false);
    const good = parseOverride('facilities.0.cashCost=7');
    if (good.ok) {
      const r = applyOverride(s, good.value);
      expect(r.ok && (r.value as { facilities: { cashCost: number }[] }).facilities[0]!.cashCost).toBe(7);
      expect(s.facilities![0]!.cashCost).not.toBe(7);
    }
  });
});
