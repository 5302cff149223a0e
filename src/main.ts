/**
 * The page: one store (UI state) and one results holder, the engine in a worker behind the latest-wins scheduler,
 * and the views — header, controls, globe, timeline, charts — wired to them.
 */
import { z } from 'zod';
import './ui/app.css';
import './ui/controls.css';
import './ui/globe.css';
import './ui/charts.css';
import { loadPresetCatalog } from './bridge/preset-catalog.ts';
import { createWorkerClient } from './client/worker-client.ts';
import { createChartsPanel } from './charts/charts-panel.ts';
import { createGlobeView } from './globe/globe-view.ts';
import { DEFAULT_PRESET, listPresets } from './scenario/presets.ts';
import { createResultsHolder } from './state/results.ts';
import { createAppStore } from './state/store.ts';
import { createChartToolbar } from './ui/chart-toolbar.ts';
import { createControlsView } from './ui/controls-view.ts';
import { createHeaderView } from './ui/header-view.ts';
import { installKeyboard } from './ui/keyboard.ts';
import { startRunController } from './ui/run-controller.ts';
import { createTimelineView } from './ui/timeline-view.ts';

// Zod's JIT probes `new Function`, which the page's Content-Security-Policy (no unsafe-eval) would report.
z.config({ jitless: true });

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el;
};

const catalog = loadPresetCatalog();
const presets = listPresets(catalog);
const initial = catalog.has(DEFAULT_PRESET) ? DEFAULT_PRESET : (presets[0]?.id ?? DEFAULT_PRESET);
const store = createAppStore(initial);
const results = createResultsHolder();
const client = createWorkerClient();

const header = createHeaderView(byId('header'), store, presets);
const controls = createControlsView(byId('controls'), store);
createTimelineView(byId('timeline'), store, results);
createChartToolbar(byId('chart-toolbar'), store, results);
createChartsPanel(byId('charts'), store, results);
installKeyboard(document, store, results);
startRunController(store, results, client, catalog, (info) => {
  header.setScenario(info.scenario);
  controls.setSpecs(info.specs);
});
// The globe starts after the first run is on its way: setting up WebGL can take a while on a slow GPU.
requestAnimationFrame(() => createGlobeView(byId('globe'), store, results));

window.addEventListener('unhandledrejection', (e) => {
  store.getState().setStatus({ kind: 'error', message: `Something failed: ${String(e.reason)}` });
});
