import { describe, expect, it } from 'vitest';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { buildControls } from '../../src/app/controls/controls-spec.ts';
import type { ValueOf } from '../../src/app/controls/control-types.ts';
import {
  checkControlValue,
  embedOrigins,
  isEmbedded,
  parseEmbedRequest,
  resolveMonth,
} from '../../src/app/embed-protocol.ts';

const catalog = loadPresetCatalog();
const p = parseScenario(catalog.get('rare-earths-zone-2026'), catalog);
if (!p.ok) throw new Error('zone preset');
const specs = buildControls(p.value, 'rare-earths-zone-2026');
const valueOf: ValueOf = (id) => specs.find((s) => s.id === id)!.defaultValue;
const spec = (id: string) => specs.find((s) => s.id === id);
const v1 = { protocol: 'chokepoint', version: 1 };

describe('the embed protocol', () => {
  it('parses the two requests and refuses anything else with a sentence', () => {
    expect(parseEmbedRequest({ ...v1, type: 'set-cursor', month: '2027-02' })).toEqual({
      ok: true,
      value: { type: 'set-cursor', month: '2027-02' },
    });
    expect(parseEmbedRequest({ ...v1, type: 'set-control', id: 'floor-refine', value: null }).ok).toBe(true);
    expect(parseEmbedRequest({ ...v1, type: 'set-cursor', month: 1.5 }).ok).toBe(false);
    expect(parseEmbedRequest({ ...v1, type: 'set-control', id: '__proto__', value: 1 }).ok).toBe(false);
    expect(parseEmbedRequest({ ...v1, type: 'set-control', id: 'seed', value: { x: 1 } }).ok).toBe(false);
    expect(parseEmbedRequest({ type: 'set-cursor', month: 1 }).ok).toBe(false);
    expect(parseEmbedRequest({ ...v1, version: 2, type: 'set-cursor', month: 1 }).ok).toBe(false);
    expect(parseEmbedRequest('set-cursor').ok).toBe(false);
  });

  it('resolves months by index or label within the run', () => {
    expect(resolveMonth('2027-02', '2026-01', 96)).toEqual({ ok: true, value: 13 });
    expect(resolveMonth(95, '2026-01', 96)).toEqual({ ok: true, value: 95 });
    expect(resolveMonth(96, '2026-01', 96).ok).toBe(false);
    expect(resolveMonth('2025-12', '2026-01', 96).ok).toBe(false);
  });

  it('checks a control value against its range, its options and whether it is in force', () => {
    expect(checkControlValue(spec('floor-refine'), 60, valueOf)).toEqual({ ok: true, value: 60 });
    expect(checkControlValue(spec('floor-refine'), null, valueOf)).toEqual({ ok: true, value: undefined });
    expect(checkControlValue(spec('floor-refine'), 1e9, valueOf).ok).toBe(false);
    expect(checkControlValue(spec('floor-refine'), '60', valueOf).ok).toBe(false);
    expect(checkControlValue(spec('mechanism'), 'cfd', valueOf)).toEqual({ ok: true, value: 'cfd' });
    expect(checkControlValue(spec('mechanism'), 'bribe', valueOf).ok).toBe(false);
    expect(checkControlValue(spec('members'), 'USA,ZZZ', valueOf).ok).toBe(false);
    expect(checkControlValue(spec('cfd-budget'), 100, valueOf)).toMatchObject({ ok: false });
    expect(checkControlValue(undefined, 1, valueOf).ok).toBe(false);
  });

  it('posts to the pinned origin, else the referrer’s, and pins only an explicit valid origin', () => {
    expect(embedOrigins('?embed=1&origin=https://course.example/week3', '')).toEqual({
      target: 'https://course.example',
      pinned: 'https://course.example',
    });
    expect(embedOrigins('?embed=1', 'https://news.example/article?x=1')).toEqual({
      target: 'https://news.example',
      pinned: null,
    });
    expect(embedOrigins('?embed=1&origin=javascript:alert(1)', '')).toEqual({ target: '*', pinned: null });
    expect(isEmbedded('?embed=1')).toBe(true);
    expect(isEmbedded('?embed=0')).toBe(false);
  });
});
