import { describe, expect, it } from 'vitest';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { encodeLink } from '../../src/scenario/link.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';
import { isLinkFragment, planLinkOpen } from '../../src/app/link-plan.ts';

const catalog = loadPresetCatalog();
const parsed = parseScenario(catalog.get('dumping-cycle-floor'), catalog);
if (!parsed.ok) throw new Error('preset must parse');
const preset = parsed.value;

const link = (scenario: Scenario, extra: Partial<Parameters<typeof encodeLink>[0]> = {}) =>
  encodeLink({
    presetId: 'dumping-cycle-floor',
    scenario,
    preset,
    seed: preset.seed,
    engineVersion: '0.1.0',
    ...extra,
  });

describe('opening a link', () => {
  it('refuses a run past the page’s interactive bound and gives the command that runs it', () => {
    const zone = parseScenario(catalog.get('rare-earths-zone-2026'), catalog);
    if (!zone.ok) throw new Error('preset must parse');
    // The zone preset's 60 countries and 45 more, for 1,200 months: 1,200 × (105² + plants) ≈ 13.3 million unit-months,
    // past the bound of 12.5 million, in a link of a few kilobytes.
    const extra = Array.from({ length: 45 }, (_, i) => ({
      code: `Q${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`,
      name: `Country ${i}`,
      lat: 0,
      lon: i,
      role: 'other' as const,
      demandTpy: 0,
      growth: 0,
    }));
    const big = parseScenario(
      { ...zone.value, extends: undefined, countries: [...zone.value.countries, ...extra] },
      catalog,
    );
    if (!big.ok) throw new Error(JSON.stringify(big.error.slice(0, 3)));
    const fragment = encodeLink({
      presetId: 'rare-earths-zone-2026',
      scenario: big.value,
      preset: zone.value,
      seed: zone.value.seed,
      months: 1200,
      engineVersion: '0.1.0',
    });
    const plan = planLinkOpen(fragment, catalog);
    expect(plan.ok).toBe(false);
    if (!plan.ok) {
      expect(plan.error).toContain(`npx chokepoint run --link '${fragment}'`);
      expect(plan.error).toMatch(/105 countries, 19 facilities, 1200 months\) would take about 11 s/);
    }
    // The same link at the preset's own horizon opens.
    const own = encodeLink({
      presetId: 'rare-earths-zone-2026',
      scenario: zone.value,
      preset: zone.value,
      seed: 1,
      engineVersion: '0.1.0',
    });
    expect(planLinkOpen(own, catalog).ok).toBe(true);
  });

  it('opens a changed preset as its own scenario, compared with the preset', () => {
    const changed = { ...preset, market: { ...preset.market, elasticityShort: -0.3 } };
    const plan = planLinkOpen(link(changed, { seed: 99, months: 48, view: { cursor: 30, view: 'mine' } }), catalog);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.opened).toMatchObject({ origin: 'link', baseId: 'dumping-cycle-floor' });
    expect(plan.value.opened?.scenario.market.elasticityShort).toBe(-0.3);
    expect(plan.value.view).toEqual({
      presetId: 'dumping-cycle-floor',
      controls: { seed: 99, months: 48 },
      cursor: 30,
      selected: null,
      stage: 'mine',
    });
    expect(plan.value.months).toBe(48);
  });

  it('opens an unchanged preset as the preset, keeping a country it has', () => {
    const country = preset.countries[0]!.code;
    const plan = planLinkOpen(link(preset, { view: { country, cursor: 2 } }), catalog);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.opened).toBeNull();
    expect(plan.value.view).toMatchObject({ controls: {}, selected: country, cursor: 2, stage: 'refine' });
  });

  it('says in words what is wrong with a bad link', () => {
    const cases: [string, RegExp][] = [
      ['#v1.garbage', /cannot be opened — link: damaged/],
      ['#%%%', /not a Chokepoint link/],
      ['#v2.abc', /link format v2/],
      [`#v1.${'A'.repeat(9000)}`, /at most 8192/],
      ['#v1.<img src=x onerror=alert(1)>', /cannot be opened — link: damaged/],
    ];
    for (const [fragment, message] of cases) {
      const plan = planLinkOpen(fragment, catalog);
      expect(plan.ok).toBe(false);
      if (!plan.ok) expect(plan.error).toMatch(message);
    }
  });

  it('reads only fragments that are not empty and not the page’s own anchors', () => {
    const anchors = (id: string) => id === 'charts-area';
    expect(isLinkFragment('', anchors)).toBe(false);
    expect(isLinkFragment('#', anchors)).toBe(false);
    expect(isLinkFragment('#charts-area', anchors)).toBe(false);
    expect(isLinkFragment('#v1.abc', anchors)).toBe(true);
    expect(isLinkFragment('#%%%', anchors)).toBe(true);
  });
});
