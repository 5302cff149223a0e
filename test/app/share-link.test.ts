import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { runScenario } from '../../src/engine/run.ts';
import { LINK_LIMITS, decodeLink, describeHashMismatch } from '../../src/scenario/link.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { standaloneScenario } from '../../src/app/scenario-file.ts';
import { type ShareRun, buildShareLink } from '../../src/app/share-link.ts';

const catalog = loadPresetCatalog();
const PAGE = 'https://example.org/chokepoint/index.html?x=1#old-fragment';

function scenarioOf(overrides: string[]): Scenario {
  const built = buildRequestScenario({ presetId: 'dumping-cycle-floor', overrides }, catalog);
  if (!built.ok) throw new Error(JSON.stringify(built.error));
  return built.value;
}

const scenario = scenarioOf(['zone.floor.refine=50']);
const result = runScenario(scenario, { seed: 11, months: 24 });
const run: ShareRun = { baseId: 'dumping-cycle-floor', scenario, result, engineVersion: '0.1.0' };
const view = { cursor: 9, selected: 'USA', stage: 'mine' as const };

describe('the share link of a run', () => {
  it('opens to the same scenario, seed, horizon, view and result hash', () => {
    const link = buildShareLink(run, catalog, view, PAGE);
    if (!link.ok) throw new Error(link.error);
    expect(link.value.url).toBe(`https://example.org/chokepoint/index.html?x=1${link.value.fragment}`);
    expect(link.value.tooLong).toBe(false);
    const decoded = decodeLink(link.value.url, catalog);
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.error));
    const d = decoded.value;
    expect(d.presetId).toBe('dumping-cycle-floor');
    expect(d.diff).toEqual([['zone.floor.refine', 50]]);
    expect(d.scenario).toEqual(scenario);
    expect(d.seed).toBe(11);
    expect(d.months).toBe(24);
    expect(d.view).toEqual({ cursor: 9, country: 'USA', view: 'mine' });
    const again = runScenario(d.scenario, { seed: d.seed, months: d.months });
    expect(again.resultHash).toBe(result.resultHash);
    expect(describeHashMismatch(d, '0.1.0', again.resultHash)).toBeUndefined();
  });

  it('does not count a scenario sent without `extends` as a change from its preset', () => {
    const link = buildShareLink({ ...run, scenario: standaloneScenario(scenario) }, catalog, view, PAGE);
    if (!link.ok) throw new Error(link.error);
    const decoded = decodeLink(link.value.fragment, catalog);
    expect(decoded.ok && decoded.value.diff).toEqual([['zone.floor.refine', 50]]);
  });

  it('leaves out a country the run does not have and a cursor past the end', () => {
    const link = buildShareLink(run, catalog, { cursor: 500, selected: 'XXX', stage: 'refine' }, PAGE);
    if (!link.ok) throw new Error(link.error);
    const decoded = decodeLink(link.value.fragment, catalog);
    expect(decoded.ok && decoded.value.view).toEqual({ cursor: 23 });
  });

  it('cannot be made for a scenario that starts from no preset', () => {
    const link = buildShareLink({ ...run, baseId: null }, catalog, view, PAGE);
    expect(link).toEqual({ ok: false, error: expect.stringMatching(/download the scenario file/) });
  });

  it('says when it is too long to share', () => {
    // Text that does not compress: a linear congruential stream of letters.
    let x = 12345;
    const noise = (n: number) =>
      Array.from({ length: n }, () => String.fromCharCode(97 + ((x = (x * 1103515245 + 12345) % 2 ** 31) % 26))).join(
        '',
      );
    const renamed = { ...scenario, description: noise(3000) };
    const link = buildShareLink({ ...run, scenario: renamed }, catalog, view, PAGE);
    if (!link.ok) throw new Error(link.error);
    expect(link.value.url.length).toBeGreaterThan(LINK_LIMITS.shareChars);
    expect(link.value.tooLong).toBe(true);
  });
});
