/**
 * The page: one store (UI state) and one results holder, the engine in a worker behind the latest-wins scheduler,
 * and the views — header, controls, globe, timeline, charts — wired to them.
 */
import { z } from 'zod';
import './styles/app.css';
import './styles/controls.css';
import './styles/globe.css';
import './styles/charts.css';
import './styles/ensemble.css';
import './styles/share.css';
import { loadPresetCatalog } from './bridge/preset-catalog.ts';
import { logRunRequests } from './client/run-log.ts';
import { createWorkerClient } from './client/worker-client.ts';
import { createEnsemblePool } from './client/ensemble-pool.ts';
import { createChartsPanel } from './charts/charts-panel.ts';
import { createGlobeView } from './globe/globe-view.ts';
import { DEFAULT_PRESET, listPresets } from './scenario/presets.ts';
import { createResultsHolder } from './state/results.ts';
import { createEnsembleHolder } from './state/ensemble.ts';
import { createAppStore } from './state/store.ts';
import { createChartToolbar } from './ui/chart-toolbar.ts';
import { createControlsView } from './ui/controls-view.ts';
import { createHeaderView } from './ui/header-view.ts';
import { installKeyboard } from './ui/keyboard.ts';
import { installSharing } from './ui/sharing.ts';
import { startRunController } from './app/run-controller.ts';
import { createTimelineView } from './ui/timeline-view.ts';
import { startEnsembleController } from './app/ensemble-controller.ts';
import { createEnsembleView } from './ui/ensemble-view.ts';
import { createStoryView } from './ui/story-view.ts';
import { wantsStory } from './app/story-vm.ts';
import { withoutZoneOverrides } from './app/without-zone.ts';
import { FIRST_VIEW_PRESET } from './app/first-view.ts';
import { isEmbedded } from './app/embed-protocol.ts';
import { installEmbed } from './ui/embed.ts';
import { installPresentation, wantsPresentation } from './ui/presentation.ts';

// Zod's JIT probes `new Function`, which the page's Content-Security-Policy (no unsafe-eval) would report.
z.config({ jitless: true });

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el;
};

const catalog = loadPresetCatalog();
const presets = listPresets(catalog);
const initial = catalog.has(FIRST_VIEW_PRESET)
  ? FIRST_VIEW_PRESET
  : catalog.has(DEFAULT_PRESET)
    ? DEFAULT_PRESET
    : (presets[0]?.id ?? DEFAULT_PRESET);
const store = createAppStore(initial);
const results = createResultsHolder();
const ensemble = createEnsembleHolder();
const logged = logRunRequests(
  createWorkerClient(undefined, {
    onRestart: (reason) => sharing.notices.show('engine', 'warning', `${reason[0]!.toUpperCase()}${reason.slice(1)}.`),
  }),
);
const client = logged.client;

const header = createHeaderView(byId('header'), store, presets);
const controls = createControlsView(byId('controls'), store, results);
createTimelineView(byId('timeline'), store, results);
createChartToolbar(byId('chart-toolbar'), store, results);
createChartsPanel(byId('charts'), store, results, ensemble);
installKeyboard(document, store, results);
// Before the first run, so a share link in the URL is what runs first.
const sharing = installSharing({
  store,
  results,
  catalog,
  requestOf: logged.requestOf,
  actions: header.actions,
  fallbackPreset: initial,
});
// Ensembles (Seeds > 1) on a pool of workers, their panel above the charts, and the presets' stories.
const ensembles = startEnsembleController(store, ensemble, createEnsemblePool());
const ensembleHost = document.createElement('div');
byId('charts').before(ensembleHost);
createEnsembleView(ensembleHost, store, ensemble, ensembles, sharing.downloadMenu);
installPresentation(header.actions, store, document.documentElement);
if (wantsPresentation(location.search)) store.getState().setPresenting(true);
const story = createStoryView(header.actions, byId('main'), store, results, { autoStart: wantsStory(location.search) });
// Embedded (?embed=1): the globe, timeline and charts only, driven by a host page through postMessage.
const embed = isEmbedded(location.search) ? installEmbed(byId('app'), store, results) : null;
startRunController(store, results, client, catalog, (info) => {
  embed?.setPreset(info.scenario, info.specs);
  header.setScenario(info.scenario);
  controls.setSpecs(info.specs);
  ensembles.setPreset(info.scenario ? info.specs : null, info.scenario ? withoutZoneOverrides(info.scenario) : null);
  story.setScenario(info.scenario);
});
// The globe starts after the first run is on its way: setting up WebGL can take a while on a slow GPU.
requestAnimationFrame(() => createGlobeView(byId('globe'), store, results));

window.addEventListener('unhandledrejection', (e) => {
  store.getState().setStatus({ kind: 'error', message: `Something failed: ${String(e.reason)}` });
});
