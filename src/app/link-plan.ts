/**
 * Opening a share link (PRODUCT.md "Share", "Bad input"): the fragment is decoded and validated by
 * src/scenario/link.ts, then turned into where the page goes — the preset, or the link's scenario when it changes the
 * preset, with the seed and horizon as the Run controls, the cursor, the country and the stage. A link that cannot be
 * opened becomes one plain sentence naming what is wrong. Pure.
 */
import { pastPageBound } from './scenario-file.ts';
import { type Result, fail, ok } from '../lib/result.ts';
import { type DecodedLink, decodeLink } from '../scenario/link.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { ControlValue, OpenView, OpenedScenario } from '../state/store.ts';
import { seedsOf } from './seeds.ts';

/** Where a link puts the page. */
export interface LinkPlan {
  link: DecodedLink;
  /** The link's scenario, or null when it is the preset unchanged. */
  opened: OpenedScenario | null;
  view: OpenView;
  /** The horizon the link's run has (the link's, else its scenario's). */
  months: number;
}

/** Most problems named in a message about a bad link. */
const MAX_NAMED = 3;

/** Tells whether a URL fragment is meant for the page's link reader (not empty, not an in-page anchor). */
export function isLinkFragment(fragment: string, isAnchor: (id: string) => boolean): boolean {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!body) return false;
  return !isAnchor(body);
}

/** Decodes an untrusted fragment into a plan, or a sentence saying why it cannot be opened. Never throws. */
export function planLinkOpen(fragment: string, catalog: PresetCatalog): Result<LinkPlan, string> {
  const decoded = decodeLink(fragment, catalog);
  if (!decoded.ok) {
    const named = decoded.error.slice(0, MAX_NAMED).map((p) => `${p.path}: ${p.message}`);
    const more = decoded.error.length > MAX_NAMED ? ` (and ${decoded.error.length - MAX_NAMED} more problems)` : '';
    return fail(`This link cannot be opened — ${named.join('; ')}${more}.`);
  }
  const link = decoded.value;
  const s = link.scenario;
  const controls: Record<string, ControlValue> = {};
  if (link.seed !== s.seed) controls.seed = link.seed;
  if (link.months !== undefined && link.months !== s.months) controls.months = link.months;
  if (link.view.seeds !== undefined && link.view.seeds > 1) controls.seeds = seedsOf(link.view.seeds);
  const opened: OpenedScenario | null = link.diff.length
    ? { origin: 'link', label: 'a shared link', scenario: s, baseId: link.presetId }
    : null;
  const months = link.months ?? s.months;
  // A link may ask for a run the page cannot take (the same bounds as an upload, scenario-file.ts).
  const past = pastPageBound(s, months);
  if (past) {
    return fail(
      `This link's run (${s.countries.length} countries, ${s.facilities.length} facilities, ${months} months) ` +
        `${past.reason}: run it with the command line, npx chokepoint run --link '${fragment}' --out <folder>.`,
    );
  }
  const country = link.view.country;
  return ok({
    link,
    opened,
    months,
    view: {
      presetId: link.presetId,
      controls,
      cursor: Math.min(months - 1, link.view.cursor ?? 0),
      selected: country !== undefined && s.countries.some((c) => c.code === country) ? country : null,
      stage: link.view.view === 'mine' ? 'mine' : 'refine',
    },
  });
}
