/**
 * Opens share links: the one in the URL when the page loads and each new one on `hashchange`. A good link puts the
 * page where it says (link-plan.ts); once its run is on screen, the result hash is compared with the link's and a
 * difference is said in a notice that stays. A bad link — garbage, hostile, too long — gets a notice saying what is
 * wrong, and the page opens the default preset. Nothing in a link is ever executed or inserted as markup.
 */
import type { RunRequest } from '../bridge/protocol.ts';
import type { RunResult } from '../results/contract.ts';
import { describeHashMismatch, shortResultHash } from '../scenario/link.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { type LinkPlan, isLinkFragment, planLinkOpen } from './link-plan.ts';
import type { NoticeArea } from './notices.ts';
import { openedFromSent } from './scenario-file.ts';

/** What the loader needs from the page. */
export interface LinkLoaderDeps {
  store: AppStore;
  results: ResultsHolder;
  catalog: PresetCatalog;
  requestOf(result: RunResult): RunRequest | undefined;
  notices: NoticeArea;
  /** The preset to fall back to when a link cannot be opened. */
  fallbackPreset: string;
  engineVersion: string;
  /** Hears how the run compares with its link (null: no link open). */
  onLinkCheck?(text: string | null): void;
}

/** Opens the link in `location.hash` now (call before the first run) and on every `hashchange`; returns the remover. */
export function startLinkLoader(deps: LinkLoaderDeps): () => void {
  const { store, results, notices } = deps;
  let plan: LinkPlan | null = null;
  /** What the check found on the link's run (null until it ran), and whether the hashes differed. */
  let verdict: { text: string; differs: boolean } | null = null;

  const open = (fragment: string) => {
    if (!isLinkFragment(fragment, (id) => document.getElementById(id) !== null)) return;
    const planned = planLinkOpen(fragment, deps.catalog);
    notices.clear('link-hash');
    if (!planned.ok) {
      plan = null;
      deps.onLinkCheck?.(null);
      notices.show('link', 'error', `${planned.error} Showing the preset "${deps.fallbackPreset}" instead.`);
      store.getState().setPreset(deps.fallbackPreset);
      return;
    }
    notices.clear('link');
    plan = planned.value;
    verdict = null;
    deps.onLinkCheck?.('waiting for the run…');
    store.getState().openScenario(plan.opened, plan.view);
  };

  /** Tells whether the run on screen is the link's run, untouched by the controls. */
  const isLinkRun = (p: LinkPlan, result: RunResult): boolean => {
    const request = deps.requestOf(result);
    if (!request || request.overrides?.length) return false;
    const fromOpened = openedFromSent(request.scenario) ?? null;
    if (fromOpened !== p.opened || request.presetId !== p.view.presetId) return false;
    return result.meta.seed === p.link.seed && result.meta.months === p.months;
  };

  const check = () => {
    const result = results.current;
    if (!plan || !result) return;
    if (!isLinkRun(plan, result)) {
      // The settings moved away from the link's: its hash says nothing about this run.
      if (verdict) {
        const then = verdict.differs ? 'its results differed' : 'its results matched';
        deps.onLinkCheck?.(`not this run: the settings changed since the link opened (${then})`);
      }
      return;
    }
    if (!verdict) {
      const mismatch = describeHashMismatch(plan.link, deps.engineVersion, result.resultHash);
      if (mismatch) notices.show('link-hash', 'warning', mismatch);
      const text =
        mismatch ??
        (plan.link.shortHash
          ? `matches the link (${shortResultHash(result.resultHash)}, engine ${plan.link.engineVersion})`
          : 'the link carries no result hash to check');
      verdict = { text, differs: mismatch !== undefined };
    }
    deps.onLinkCheck?.(verdict.text);
  };

  // Leaving the link's scenario (another preset, a file) takes the link out of the address bar, so a reload opens
  // what is on screen rather than the old link.
  const unsubStore = store.subscribe((s, prev) => {
    if (!plan || (s.opened === prev.opened && s.presetId === prev.presetId)) return;
    if (s.opened === plan.opened && s.presetId === plan.view.presetId) return;
    plan = null;
    verdict = null;
    notices.clear('link-hash');
    deps.onLinkCheck?.(null);
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  });
  const unsubResults = results.subscribe(check);
  const onHash = () => open(location.hash);
  window.addEventListener('hashchange', onHash);
  open(location.hash);
  return () => {
    unsubStore();
    unsubResults();
    window.removeEventListener('hashchange', onHash);
  };
}
