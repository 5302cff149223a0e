/**
 * The globe view: composes the layers, keeps them in step with the store (cursor, selection) and the results, and
 * shows the hover tooltip and the legend. It opens each scenario framed on its actors (actors-view.ts); selecting a
 * country turns to it, and clearing the selection (a story step without a country) leaves the last one in view.
 * Without WebGL it says so in place of the globe.
 */
import type { RunResult } from '../results/contract.ts';
import { monthLabel } from '../scenario/months.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { buildActorsView } from './actors-view.ts';
import { createArcsLayer } from './arcs-layer.ts';
import { createCountriesLayer } from './countries-layer.ts';
import { createFacilitiesLayer } from './facilities-layer.ts';
import { createGlobeLegend } from './globe-legend.ts';
import { attachGlobeInput } from './globe-input.ts';
import { createGlobeScene } from './globe-scene.ts';
import {
  type GlobeFrame,
  type GlobeStatic,
  buildGlobeFrame,
  buildGlobeStatic,
  countryTooltip,
  rolesKey,
} from './globe-vm.ts';
import { createHighlightLayer } from './highlight-layer.ts';
import { loadCountryShapes } from './world-shapes.ts';

/** The mounted globe. */
export interface GlobeView {
  dispose(): void;
}

/** Mounts the globe in `container`. */
export function createGlobeView(container: HTMLElement, store: AppStore, results: ResultsHolder): GlobeView {
  const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const scene = createGlobeScene(container, reducedMotion);
  if (!scene) {
    const p = document.createElement('p');
    p.className = 'globe-fallback';
    p.textContent = 'The globe needs WebGL, which this browser could not start. The charts still work.';
    container.appendChild(p);
    return { dispose: () => p.remove() };
  }
  const shapes = loadCountryShapes();
  const countries = createCountriesLayer(shapes);
  const highlight = createHighlightLayer();
  const facilities = createFacilitiesLayer(reducedMotion);
  const arcs = createArcsLayer(reducedMotion);
  scene.root.add(countries.mesh, highlight.object, facilities.markers, facilities.rings, arcs.object);
  const legend = createGlobeLegend(container);
  const tooltip = document.createElement('div');
  tooltip.className = 'globe-tooltip';
  tooltip.hidden = true;
  container.appendChild(tooltip);

  let result: RunResult | null = null;
  let stat: GlobeStatic | null = null;
  let frame: GlobeFrame | null = null;
  let frameMonth = -1;
  let paintedKey = '';
  let hovered: { code: string | null; name: string; at: { x: number; y: number } } | null = null;

  const refresh = () => {
    const s = store.getState();
    if (!result || !stat) return;
    const m = Math.min(s.cursor, result.meta.months - 1);
    if (!frame || frameMonth !== m) {
      const since = frame && m > frameMonth && m - frameMonth <= 12 ? frameMonth : m - 1;
      frame = buildGlobeFrame(result, stat, m, since);
      frameMonth = m;
      arcs.update(frame.arcs);
    }
    const key = `${rolesKey(frame.roles)}|${s.selected}`;
    if (key !== paintedKey) {
      countries.paint(frame.roles, s.selected);
      paintedKey = key;
    }
    const sel = s.selected === null ? -1 : result.meta.countries.findIndex((c) => c.code === s.selected);
    facilities.update(frame, (f) => result!.meta.facilities[f]!.country === sel);
    legend.update(frame, monthLabel(result.meta.start, m));
    drawTooltip();
    scene.requestRender();
  };

  const drawTooltip = () => {
    if (!hovered || !result) return void (tooltip.hidden = true);
    const t = hovered.code
      ? countryTooltip(result, hovered.code, hovered.name, frameMonth)
      : { title: hovered.name, lines: ['No data'] };
    const h = document.createElement('strong');
    h.textContent = t.title;
    tooltip.replaceChildren(h, ...t.lines.map((l) => Object.assign(document.createElement('div'), { textContent: l })));
    tooltip.hidden = false;
    const x = Math.min(hovered.at.x + 14, container.clientWidth - tooltip.offsetWidth - 4);
    const y = Math.min(hovered.at.y + 14, container.clientHeight - tooltip.offsetHeight - 4);
    tooltip.style.transform = `translate(${Math.max(4, x)}px, ${Math.max(4, y)}px)`;
  };

  const detach = attachGlobeInput(container, scene, countries.mesh, {
    pick: (_, uv) => countries.pick(uv),
    onHover(shape, at) {
      hovered = shape && at ? { code: shape.code, name: shape.name, at } : null;
      highlight.show(shape);
      drawTooltip();
      scene.requestRender();
    },
    onSelect: (code) =>
      store.getState().select(code && result?.meta.countries.some((c) => c.code === code) ? code : null),
    walkOrder: () => ({
      codes: result ? [...result.meta.countries].sort((a, b) => a.lon - b.lon).map((c) => c.code) : [],
      selected: store.getState().selected,
    }),
    latLonOf: (code) => {
      const c = result?.meta.countries.find((x) => x.code === code);
      return c ? [c.lat, c.lon] : null;
    },
  });

  scene.onFrame((now) => {
    arcs.tick(now / 1000, scene.camera, scene.canvas);
    return facilities.tick(now);
  });

  /** Says which actors the globe was last framed on: a new scenario frames again, a moved control does not. */
  let framedKey = '';
  const frameActors = () => {
    const view = result ? buildActorsView(result) : null;
    if (!view || !result) return;
    const key = `${result.meta.scenarioId}|${view.codes.join(',')}`;
    if (key === framedKey) return;
    framedKey = key;
    scene.frame(view.lat, view.lon, view.spreadDeg);
  };

  const onResults = () => {
    if (results.current === result) return;
    result = results.current;
    frameActors();
    stat = result ? buildGlobeStatic(result) : null;
    if (stat) facilities.setStatic(stat);
    scene.root.add(facilities.markers, facilities.rings);
    frame = null;
    refresh();
  };
  const unsubResults = results.subscribe(onResults);
  const unsubStore = store.subscribe((s, prev) => {
    if (s.cursor !== prev.cursor || s.selected !== prev.selected) refresh();
    if (s.selected !== prev.selected && s.selected && result) {
      const c = result.meta.countries.find((x) => x.code === s.selected);
      if (c && document.activeElement !== container) scene.focusOn(c.lat, c.lon);
    }
  });
  onResults();
  void scene.start();

  return {
    dispose() {
      unsubResults();
      unsubStore();
      detach();
      countries.dispose();
      highlight.dispose();
      facilities.dispose();
      arcs.dispose();
      legend.dispose();
      tooltip.remove();
      scene.dispose();
    },
  };
}
