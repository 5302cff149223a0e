/**
 * The page's share link (PRODUCT.md "Share"): the run on screen as a `#v1.…` fragment of src/scenario/link.ts — the
 * preset it starts from, only what differs, the seed and horizon the run used, the cursor and view, and the short
 * result hash — and the full URL to copy. Pure: the page passes in the run, the catalog and the view.
 */
import type { RunResult } from '../results/contract.ts';
import { type Result, fail, ok } from '../lib/result.ts';
import { LINK_LIMITS, type LinkView, encodeLink } from '../scenario/link.ts';
import { type PresetCatalog, parseScenario } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';

/** What the link of a run needs to know about it. */
export interface ShareRun {
  /** The preset the scenario is diffed against, or null when it has none (an uploaded file of its own). */
  baseId: string | null;
  /** The scenario that ran (validated, overrides applied). */
  scenario: Scenario;
  result: RunResult;
  engineVersion: string;
}

/** A share link, ready to show. */
export interface ShareLink {
  fragment: string;
  url: string;
  /** True when the URL is longer than LINK_LIMITS.shareChars: offer the scenario file instead. */
  tooLong: boolean;
}

/** The page state a link carries: cursor month, selected country, chart stage. */
export interface ShareViewState {
  cursor: number;
  selected: string | null;
  stage: 'mine' | 'refine';
  /** Seeds of the ensemble on screen (1, or absent, without one). */
  seeds?: number;
}

/** Builds the link of a run for a page at `pageUrl`; fails with a sentence when the run cannot be linked. */
export function buildShareLink(
  run: ShareRun,
  catalog: PresetCatalog,
  view: ShareViewState,
  pageUrl: string,
): Result<ShareLink, string> {
  if (run.baseId === null) {
    return fail(
      'This scenario does not start from a preset, so a link cannot carry it: download the scenario file and share that.',
    );
  }
  const preset = parseScenario(catalog.get(run.baseId), catalog);
  if (!preset.ok) return fail(`The preset "${run.baseId}" this scenario starts from is not valid here.`);
  const { meta } = run.result;
  // The run's scenario may have lost `extends` on its way to the worker; give it the preset's, so it is not a change.
  const scenario: Scenario = { ...run.scenario };
  if (preset.value.extends === undefined) delete scenario.extends;
  else scenario.extends = preset.value.extends;
  const fragment = encodeLink({
    presetId: run.baseId,
    scenario,
    preset: preset.value,
    seed: meta.seed,
    months: meta.months === scenario.months ? undefined : meta.months,
    view: linkView(view, meta.months, meta.countries),
    resultHash: run.result.resultHash,
    engineVersion: run.engineVersion,
  });
  const url = pageUrl.split('#')[0] + fragment;
  return ok({ fragment, url, tooLong: url.length > LINK_LIMITS.shareChars });
}

function linkView(view: ShareViewState, months: number, countries: readonly { code: string }[]): LinkView {
  const out: LinkView = { cursor: Math.max(0, Math.min(months - 1, Math.round(view.cursor))) };
  if (view.selected && /^[A-Z]{3}$/.test(view.selected) && countries.some((c) => c.code === view.selected)) {
    out.country = view.selected;
  }
  if (view.stage === 'mine') out.view = 'mine';
  if (view.seeds !== undefined && view.seeds > 1) out.seeds = Math.round(view.seeds);
  return out;
}
