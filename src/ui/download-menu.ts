/**
 * The Download menu in the header: a disclosure button with the run's files, its scenario file, each chart as SVG
 * or PNG, and the globe as PNG. Its items are buttons (keyboard and screen readers reach them in order); Escape closes
 * the menu and returns focus to its button.
 */
import type { ChartId } from '../state/store.ts';
import type { RunDownloads } from './files/run-downloads.ts';

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
  const details = document.createElement('details');
  details.className = 'download-menu header-menu';
  details.id = 'download-menu';
  const summary = document.createElement('summary');
  summary.textContent = 'Download';
  const panel = document.createElement('div');
  panel.className = 'menu-panel';
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', 'Downloads of this run');

  const item = (id: string, text: string, hint: string, run: () => void | Promise<void>) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.className = 'menu-item';
    const strong = document.createElement('span');
    strong.className = 'menu-item-name';
    strong.textContent = text;
    const small = document.createElement('span');
    small.className = 'menu-item-hint';
    small.textContent = hint;
    b.append(strong, small);
    b.addEventListener('click', () => void run());
    return b;
  };
  const files = document.createElement('div');
  files.className = 'menu-section';
  files.append(
    item('download-run', 'Run files (.zip)', 'summary.json and the five CSV files, as the CLI writes them', () =>
      downloads.runFiles(),
    ),
    item('download-scenario', 'Scenario (.json)', 'runs the same with `npx chokepoint run <file>`', () =>
      downloads.scenario(),
    ),
  );
  const charts = document.createElement('table');
  charts.className = 'menu-charts';
  const caption = document.createElement('caption');
  caption.textContent = 'Charts, with title and sources';
  charts.appendChild(caption);
  const body = document.createElement('tbody');
  for (const c of CHARTS) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = c.name;
    tr.appendChild(th);
    for (const format of ['svg', 'png'] as const) {
      const td = document.createElement('td');
      const b = document.createElement('button');
      b.type = 'button';
      b.id = `download-${c.id}-${format}`;
      b.textContent = format.toUpperCase();
      b.setAttribute('aria-label', `${c.name} chart as ${format.toUpperCase()}`);
      b.addEventListener('click', () => void downloads.chart(c.id, format));
      td.appendChild(b);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  charts.appendChild(body);
  const globe = item('download-globe', 'Globe (.png)', 'the globe as it is on screen', () => downloads.globe());
  panel.append(files, charts, globe);
  details.append(summary, panel);
  host.prepend(details);

  details.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && details.open) {
      details.open = false;
      summary.focus();
    }
  });
  // A click anywhere else closes the menu, as menus do.
  const onDocClick = (e: MouseEvent) => {
    if (details.open && !details.contains(e.target as Node)) details.open = false;
  };
  document.addEventListener('click', onDocClick);

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
    dispose() {
      document.removeEventListener('click', onDocClick);
      details.remove();
    },
  };
}
