/** The ensemble in share links: the Seeds count travels in the link's view and comes back as the Seeds control. */
import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { runScenario } from '../../src/engine/run.ts';
import { ENGINE_VERSION } from '../../src/results/version.ts';
import { decodeLink, encodeLink } from '../../src/scenario/link.ts';
import { planLinkOpen } from '../../src/app/link-plan.ts';
import { buildShareLink } from '../../src/app/share-link.ts';

const catalog = loadPresetCatalog();
const built = buildRequestScenario({ presetId: 'dumping-cycle' }, catalog);
if (!built.ok) throw new Error('dumping-cycle must build');
const scenario = built.value;
const result = runScenario(scenario, { months: 12 });
const run = { baseId: 'dumping-cycle', scenario, result, engineVersion: ENGINE_VERSION };

function linkWith(seeds: number | undefined) {
  const link = buildShareLink(run, catalog, { cursor: 3, selected: null, stage: 'refine', seeds }, 'https://x.test/');
  if (!link.ok) throw new Error(link.error);
  return link.value.fragment;
}

describe('seeds in share links', () => {
  it('carries an ensemble’s seed count in the view, and opens with the Seeds control set', () => {
    const fragment = linkWith(20);
    const decoded = decodeLink(fragment, catalog);
    expect(decoded.ok && decoded.value.view).toEqual({ cursor: 3, seeds: 20 });
    const plan = planLinkOpen(fragment, catalog);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.view.controls).toMatchObject({ seeds: 20 });
  });

  it('leaves seeds out of a one-seed link', () => {
    for (const seeds of [undefined, 1]) {
      const decoded = decodeLink(linkWith(seeds), catalog);
      expect(decoded.ok && decoded.value.view).toEqual({ cursor: 3 });
      const plan = planLinkOpen(linkWith(seeds), catalog);
      expect(plan.ok && plan.value.view.controls).not.toHaveProperty('seeds');
    }
  });

  it('caps a link’s seeds at what the page runs', () => {
    const fragment = encodeLink({
      presetId: 'dumping-cycle',
      scenario,
      preset: scenario,
      seed: scenario.seed,
      view: { seeds: 1000 },
      engineVersion: ENGINE_VERSION,
    });
    const plan = planLinkOpen(fragment, catalog);
    expect(plan.ok && plan.value.view.controls).toMatchObject({ seeds: 200 });
  });
});
