/**
 * The Download menu in the header: a disclosure button with the run's files, its scenario file, each chart as SVG
 * or PNG, and the globe as PNG. Its items are buttons (keyboard and screen readers reach them in order); Escape closes
 * the menu and returns focus to its button.
 */
import type { ChartId } from '../state/store.ts';
import type { RunDownloads } from './files/run-downloads.ts';
import { button, h } from './kit/h.ts';
import { createMenu } from './kit/menu.ts';

/** The charts offered, with the names the menu uses for them. */
const CHARTS: { id: ChartId; name: string }[] = [
  { id: 'prices', name: 'Prices' },
  { id: 'supply', name: 'Who supplies the members' },
  { id: 'capacity', name: 'Capacity by state' },
  { id: 'cost-curve', name: 'Cost curve' },
  { id: 'money', name: 'Money' },
];

/** The mounted menu. */
export interface DownloadMenu {
  setEnabled(enabled: boolean): void;
  /** Adds an item to the files section (e.g. the ensemble's files), hidden until shown. */
  addItem(id: string, text: string, hint: string, run: () => void | Promise<void>): HTMLButtonElement;
  dispose(): void;
}

/** Mounts the menu at the start of `host`. */
export function createDownloadMenu(host: HTMLElement, downloads: RunDownloads): DownloadMenu {
  const menu = createMenu({
    id: 'download-menu',
    className: 'download-menu',
    label: 'Download',
    panelLabel: { label: 'Downloads of this run' },
    closeOnClickOutside: true,
  });
  const { panel, summary } = menu;
  const item = (id: string, text: string, hint: string, run: () => void | Promise<void>) =>
    button(
      { id, class: 'menu-item' },
      [h('span', { class: 'menu-item-name' }, text), h('span', { class: 'menu-item-hint' }, hint)],
      () => void run(),
    );
  const files = h(
    'div',
    { class: 'menu-section' },
    item('download-run', 'Run files (.zip)', 'summary.json and the five CSV files, as the CLI writes them', () =>
      downloads.runFiles(),
    ),
    item('download-scenario', 'Scenario (.json)', 'runs the same with `npx chokepoint run <file>`', () =>
      downloads.scenario(),
    ),
  );
  const rows = CHARTS.map((c) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row' }, c.name),
      ...(['svg', 'png'] as const).map((format) =>
        h(
          'td',
          null,
          button(
            { id: `download-${c.id}-${format}`, 'aria-label': `${c.name} chart as ${format.toUpperCase()}` },
            format.toUpperCase(),
            () => void downloads.chart(c.id, format),
          ),
        ),
      ),
    ),
  );
  const charts = h(
    'table',
    { class: 'menu-charts' },
    h('caption', null, 'Charts, with title and sources'),
    h('tbody', null, ...rows),
  );
  const globe = item('download-globe', 'Globe (.png)', 'the globe as it is on screen', () => downloads.globe());
  panel.append(files, charts, globe);
  host.prepend(menu.root);

  return {
    addItem(id, text, hint, run) {
      const b = item(id, text, hint, run);
      b.hidden = true;
      files.appendChild(b);
      return b;
    },
    setEnabled(enabled) {
      for (const b of panel.querySelectorAll('button')) b.disabled = !enabled;
      summary.title = enabled ? '' : 'Downloads are available once a run has finished';
    },
    dispose: () => menu.dispose(),
  };
}
