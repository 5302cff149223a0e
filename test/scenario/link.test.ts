import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../src/lib/base64url.ts';
import type { Problem, Result } from '../../src/lib/result.ts';
import { applyDiff, diffJson } from '../../src/scenario/diff.ts';
import {
  type DecodedLink,
  LINK_LIMITS,
  type LinkInput,
  decodeLink,
  describeHashMismatch,
  encodeLink,
} from '../../src/scenario/link.ts';
import { catalog } from '../scenarios/preset-catalog.ts';
import { PRESET_IDS, applyChange, modifiedPresetArb, parsedPreset, viewArb } from './link-arbitraries.ts';

const HASH = '0123456789abcdef';

function linkOf(presetId: string, over: Partial<LinkInput> = {}): string {
  const preset = parsedPreset(presetId);
  return encodeLink({
    presetId,
    scenario: preset,
    preset,
    seed: preset.seed,
    engineVersion: '0.1.0',
    resultHash: HASH,
    ...over,
  });
}

function expectOk(r: Result<DecodedLink>): DecodedLink {
  if (!r.ok) throw new Error(r.error.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.value;
}

function expectProblem(r: Result<DecodedLink>, path: string, message: RegExp): Problem[] {
  expect(r.ok).toBe(false);
  const problems = (r as { error: Problem[] }).error;
  expect(
    problems.some((p) => p.path === path && message.test(p.message)),
    JSON.stringify(problems),
  ).toBe(true);
  return problems;
}

/** Builds a link fragment around any JSON, as a hostile or buggy encoder could. */
const rawLink = (json: unknown) => `#v1.${encodeBase64Url(deflateSync(strToU8(JSON.stringify(json))))}`;

describe('share links round-trip', () => {
  it('give back the same scenario, seed, horizon, view and short hash for random changes to every preset', () => {
    fc.assert(
      fc.property(
        modifiedPresetArb(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.option(fc.integer({ min: 12, max: 1200 }), { nil: undefined }),
        fc.option(viewArb, { nil: undefined }),
        fc.option(fc.stringMatching(/^[0-9a-f]{16}$/), { nil: undefined }),
        ({ presetId, scenario }, seed, months, view, resultHash) => {
          const preset = parsedPreset(presetId);
          const fragment = encodeLink({
            presetId,
            scenario,
            preset,
            seed,
            months,
            view,
            resultHash,
            engineVersion: '9',
          });
          expect(fragment.startsWith('#v1.')).toBe(true);
          expect(fragment).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
          const d = expectOk(decodeLink(fragment, catalog));
          expect(d.scenario).toEqual(scenario);
          expect(d.presetId).toBe(presetId);
          expect(d.seed).toBe(seed);
          expect(d.months).toBe(months);
          expect(d.view).toEqual(view ?? {});
          expect(d.shortHash).toBe(resultHash?.slice(0, 8));
          expect(d.engineVersion).toBe('9');
          expect(d.diff.length === 0).toBe(JSON.stringify(scenario) === JSON.stringify(preset));
        },
      ),
      { numRuns: 300, seed: 0x11c4 },
    );
  });

  it('carry only what differs: nothing for a preset as shipped, one entry for one changed setting', () => {
    for (const id of PRESET_IDS) {
      const d = expectOk(decodeLink(linkOf(id), catalog));
      expect(d.diff).toEqual([]);
      expect(d.scenario).toEqual(parsedPreset(id));
      expect(linkOf(id).length).toBeLessThan(300);
    }
    const scenario = applyChange(parsedPreset('export-ban'), {
      kind: 'set',
      path: 'zone.floor.refine',
      index: 0,
      value: 61.5,
    });
    const d = expectOk(decodeLink(linkOf('export-ban', { scenario }), catalog));
    expect(d.diff).toEqual([['zone.floor.refine', 61.5]]);
    expect(d.scenario.zone?.floor.refine).toBe(61.5);
  });

  it('write removed settings as [path] and compare arrays by index when their lengths agree', () => {
    const base = { a: { b: 1, c: 2 }, list: [{ x: 1 }, { x: 2 }], short: [1, 2, 3] };
    const target = { a: { b: 1 }, list: [{ x: 1 }, { x: 5 }], short: [1, 2], added: { y: true } };
    const diff = diffJson(base, target);
    expect(diff).toEqual([['a.c'], ['list.1.x', 5], ['short', [1, 2]], ['added', { y: true }]]);
    const back = applyDiff(base, diff, 'diff');
    expect(back).toEqual({ ok: true, value: target });
  });

  it('open links whose preset no longer has the zone they changed, like --set would', () => {
    const scenario = parsedPreset('export-ban');
    delete scenario.zone;
    const d = expectOk(decodeLink(linkOf('export-ban', { scenario }), catalog));
    expect(d.diff).toEqual([['zone']]);
    expect(d.scenario.zone).toBeUndefined();
  });
});

describe('share links refuse bad input with a clear problem', () => {
  it('an unknown preset, listing the known ones', () => {
    const fragment = linkOf('export-ban', { presetId: 'no-such-preset' });
    expectProblem(decodeLink(fragment, catalog), 'link.preset', /unknown preset "no-such-preset".*export-ban/);
  });

  it('a link from a later format or scenario schema', () => {
    expectProblem(decodeLink('#v2.AAAA', catalog), 'link', /format v2; this version of Chokepoint reads v1/);
    expectProblem(
      decodeLink(rawLink({ schema: 2, engine: '1', preset: 'export-ban', seed: 1, diff: [] }), catalog),
      'link.schema',
      /schema 2/,
    );
  });

  it('text that is not a link, or a damaged one', () => {
    expectProblem(decodeLink('hello', catalog), 'link', /not a Chokepoint link/);
    expectProblem(decodeLink('#v1.abc*', catalog), 'link', /character 3 .* not base64url/);
    expectProblem(decodeLink('#v1.' + linkOf('export-ban').slice(4, 40), catalog), 'link', /damaged/);
  });

  it('a link longer than the limit, before decoding it', () => {
    const long = '#v1.' + 'A'.repeat(LINK_LIMITS.fragmentChars);
    expectProblem(decodeLink(long, catalog), 'link', /at most 8192/);
  });

  it('a zip bomb: refused once it expands past the limit, quickly', () => {
    const bomb = deflateSync(new Uint8Array(5_000_000).fill(32), { level: 9 });
    const fragment = `#v1.${encodeBase64Url(bomb)}`;
    expect(fragment.length).toBeLessThan(LINK_LIMITS.fragmentChars);
    const t = performance.now();
    expectProblem(decodeLink(fragment, catalog), 'link', /expands to more than 65536 bytes/);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('__proto__, constructor and prototype keys, in values and in paths', () => {
    const base = { schema: 1, engine: '0.1.0', preset: 'export-ban', seed: 1 };
    const proto = JSON.parse('{"__proto__": {"polluted": true}}');
    expectProblem(
      decodeLink(rawLink({ ...base, diff: [['zone', proto]] }), catalog),
      'link.diff[0][1].__proto__',
      /not allowed/,
    );
    expectProblem(
      decodeLink(rawLink({ ...base, diff: [['zone.constructor.x', 1]] }), catalog),
      'link.diff[0]',
      /"constructor" is not a valid path segment/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('wrong types and unknown fields in the link, and a view out of bounds', () => {
    const base = { schema: 1, engine: '0.1.0', preset: 'export-ban', seed: 1, diff: [] };
    expectProblem(decodeLink(rawLink({ ...base, seed: 'one' }), catalog), 'link.seed', /number/);
    expectProblem(decodeLink(rawLink({ ...base, extra: 1 }), catalog), 'link', /extra/);
    expectProblem(decodeLink(rawLink({ ...base, view: { cursor: 99999 } }), catalog), 'link.view.cursor', /1199/);
    expectProblem(decodeLink(rawLink({ ...base, view: { view: '<script>' } }), catalog), 'link.view.view', /letters/);
    expectProblem(decodeLink(rawLink({ ...base, diff: [[1, 2]] }), catalog), 'link.diff[0]', /\[path, value\]/);
  });

  it('a change that makes the scenario invalid, naming the scenario path', () => {
    const base = { schema: 1, engine: '0.1.0', preset: 'export-ban', seed: 1 };
    expectProblem(decodeLink(rawLink({ ...base, diff: [['months', 5000]] }), catalog), 'months', /1200/);
    expectProblem(
      decodeLink(rawLink({ ...base, diff: [['facilities.99.cashCost', 1]] }), catalog),
      'link.diff[0]',
      /facilities has 9 items/,
    );
  });

  it('encodeLink throws on a view it could not read back (a bug in the caller)', () => {
    expect(() => linkOf('export-ban', { view: { cursor: -1 } })).toThrow(/link.*view.cursor|view\.cursor/);
  });
});

describe('describeHashMismatch', () => {
  const link = { shortHash: '0123abcd', engineVersion: '0.1.0', presetId: 'export-ban' };

  it('is silent when the hashes agree or the link has none', () => {
    expect(describeHashMismatch(link, '0.1.0', '0123abcdffffffff')).toBeUndefined();
    expect(describeHashMismatch({ ...link, shortHash: undefined }, '0.2.0', 'ffffffffffffffff')).toBeUndefined();
  });

  it('names both hashes and both engine versions when they differ', () => {
    const newer = describeHashMismatch(link, '0.2.0', 'ffffffff00000000')!;
    expect(newer).toContain('0123abcd');
    expect(newer).toContain('ffffffff');
    expect(newer).toContain('engine 0.1.0');
    expect(newer).toContain('engine 0.2.0');
    expect(newer).toContain('The engine has changed');
    expect(describeHashMismatch(link, '0.1.0', 'ffffffff00000000')).toContain('preset "export-ban"');
  });
});
