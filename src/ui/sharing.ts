/**
 * Share links, downloads and untrusted input in one place for main.ts: the notices, the header's Open file / Share /
 * Download / About this run, and the link loader. Install it before the run controller starts, so a link in the URL
 * is the first thing that runs.
 */
import type { RunRequest } from '../bridge/protocol.ts';
import type { RunResult } from '../results/contract.ts';
import { ENGINE_VERSION } from '../results/version.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { type CurrentRun, describeRun } from '../app/current-run.ts';
import { type DownloadMenu, createDownloadMenu } from './download-menu.ts';
import { seedsOf } from '../app/seeds.ts';
import { startLinkLoader } from '../app/link-loader.ts';
import type { NoticeArea } from '../app/notices.ts';
import { createNoticeArea } from './notice-view.ts';
import { createRunAboutView } from './run-about-view.ts';
import { createRunDownloads } from './files/run-downloads.ts';
import { createShareDialog } from './share-dialog.ts';
import { buildShareLink } from '../app/share-link.ts';
import { createUploadView } from './upload-view.ts';

/** What sharing needs from the page. */
export interface SharingDeps {
  store: AppStore;
  results: ResultsHolder;
  catalog: PresetCatalog;
  requestOf(result: RunResult): RunRequest | undefined;
  /** The header's actions area. */
  actions: HTMLElement;
  fallbackPreset: string;
}

/** The installed features. */
export interface Sharing {
  notices: NoticeArea;
  /** The Download menu, for downloads other features add (the ensemble's files). */
  downloadMenu: DownloadMenu;
  dispose(): void;
}

/** Installs notices, Open file, Share, Download, About this run and the link loader. */
export function installSharing(deps: SharingDeps): Sharing {
  const { store, results, catalog, actions } = deps;
  const notices = createNoticeArea(document.getElementById('main') ?? document.body);
  const current = (): CurrentRun | string => {
    const result = results.current;
    if (!result) return 'no run has finished yet';
    const run = describeRun(result, deps.requestOf(result), catalog);
    return run.ok ? run.value : run.error;
  };
  const about = createRunAboutView(actions);
  const downloads = createRunDownloads(current, notices);
  const menu = createDownloadMenu(actions, downloads);
  const share = createShareDialog(actions, {
    buildLink() {
      const run = current();
      if (typeof run === 'string') return { ok: false, error: `There is nothing to share: ${run}.` };
      const s = store.getState();
      return buildShareLink(
        { baseId: run.baseId, scenario: run.scenario, result: run.result, engineVersion: ENGINE_VERSION },
        catalog,
        { cursor: s.cursor, selected: s.selected, stage: s.stage, seeds: seedsOf(s.controls.seeds) },
        location.href,
      );
    },
    downloadScenario: () => downloads.scenario(),
  });
  const removeUpload = createUploadView(actions, document.body, store, catalog, notices);

  const sync = () => {
    const run = current();
    about.setRun(typeof run === 'string' ? null : run);
    share.setEnabled(typeof run !== 'string');
    menu.setEnabled(typeof run !== 'string');
  };
  const unsubResults = results.subscribe(sync);
  sync();
  const stopLinks = startLinkLoader({
    store,
    results,
    catalog,
    requestOf: deps.requestOf,
    notices,
    fallbackPreset: deps.fallbackPreset,
    engineVersion: ENGINE_VERSION,
    onLinkCheck: (text) => about.setLinkCheck(text),
  });
  return {
    notices,
    downloadMenu: menu,
    dispose() {
      stopLinks();
      unsubResults();
      removeUpload();
      share.dispose();
      menu.dispose();
      about.dispose();
      notices.dispose();
    },
  };
}
