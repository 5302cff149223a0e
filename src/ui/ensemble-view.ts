/**
 * The ensemble panel above the charts (shown with Seeds > 1): what runs (N seeds from the Seed control, paired with
 * the baseline or not), a progress bar with Cancel (or Resume after a cancel), the robustness badges as plain
 * sentences with their share of seeds (and the baseline's share, when paired), and the download of the ensemble's
 * files once every run is in (a button here, and an item in the Download menu when there is one). Badges are recomputed at most once a second while runs come in, and when it ends.
 */
import { strToU8, zipSync } from 'fflate';
import { describeShare } from '../ensemble/badges.ts';
import type { EnsembleCollector } from '../ensemble/collect.ts';
import type { EnsembleHolder, EnsembleState } from '../state/ensemble.ts';
import type { AppStore } from '../state/store.ts';
import type { DownloadMenu } from './download-menu.ts';
import type { EnsembleController } from '../app/ensemble-controller.ts';
import { saveBlob } from './files/save-file.ts';
import { button, h } from './kit/h.ts';

/** Least time between two badge recomputations while runs come in, ms. */
const BADGES_EVERY_MS = 1000;

/** The mounted panel. */
export interface EnsembleView {
  dispose(): void;
}

/** Mounts the panel in `host`. */
export function createEnsembleView(
  host: HTMLElement,
  store: AppStore,
  holder: EnsembleHolder,
  controller: Pick<EnsembleController, 'cancel' | 'resume'>,
  downloadMenu?: Pick<DownloadMenu, 'addItem'>,
): EnsembleView {
  const title = h('h2', { class: 'ensemble-title', id: 'ensemble-title' });
  const cancel = button({ id: 'ensemble-cancel' }, 'Cancel', () => controller.cancel());
  const resume = button({ id: 'ensemble-resume' }, 'Run the missing seeds', () => controller.resume());
  const download = button({ id: 'ensemble-download' }, 'Download ensemble (runs.csv, bands.csv, badges.csv)', () =>
    downloadEnsemble(holder.state, store.getState().presetId),
  );
  const head = h('div', { class: 'ensemble-head' }, title, cancel, resume, download);
  const menuItem = downloadMenu?.addItem(
    'download-ensemble',
    'Ensemble (runs.csv, bands.csv, badges.csv)',
    'every seed of the ensemble as `chokepoint sweep` writes it, in a .zip (the baseline’s under baseline/)',
    () => downloadEnsemble(holder.state, store.getState().presetId),
  );
  const progress = h('progress', { id: 'ensemble-progress', 'aria-labelledby': 'ensemble-count' });
  const count = h('span', { class: 'ensemble-count', id: 'ensemble-count' });
  const bar = h('div', { class: 'ensemble-progress' }, progress, count);
  const status = h('p', { class: 'ensemble-status', role: 'status' });
  const badges = h('ul', { class: 'badges', id: 'ensemble-badges', 'aria-label': 'Robustness across seeds' });
  const panel = h(
    'section',
    { class: 'ensemble-panel', id: 'ensemble-panel', 'aria-labelledby': 'ensemble-title' },
    head,
    bar,
    status,
    badges,
  );
  host.appendChild(panel);

  let badgesAt = -Infinity;
  let badgesFor: EnsembleCollector | null = null;
  let badgesDone = -1;
  let lastPhase = '';

  const draw = () => {
    const e = holder.state;
    panel.hidden = e.phase === 'off';
    if (menuItem && e.phase === 'off') menuItem.hidden = true;
    if (e.phase === 'off') return;
    const last = e.baseSeed + e.seeds - 1;
    const seeds = e.current ? `seeds ${e.baseSeed}–${last}` : `${e.seeds} seeds`;
    title.textContent = `Ensemble of ${e.seeds} seeds${e.current ? ` (${seeds})` : ''}${
      e.baseline ? ', paired with the baseline on the same seeds' : ''
    }`;
    const running = e.phase === 'planning' || e.phase === 'running';
    cancel.hidden = !running;
    resume.hidden = !(e.phase === 'cancelled' || e.phase === 'failed');
    download.hidden = e.phase !== 'done';
    if (menuItem) menuItem.hidden = e.phase !== 'done';
    const pct = e.total ? Math.floor((100 * e.done) / e.total) : 0;
    progress.max = Math.max(1, e.total);
    progress.value = e.done;
    panel.dataset.phase = e.phase;
    panel.dataset.progress = String(pct);
    count.textContent = `${e.done} of ${e.total} runs (${pct}%)`;
    if (e.phase !== lastPhase) {
      lastPhase = e.phase;
      status.textContent = phaseText(e);
    }
    drawBadges(e);
  };

  const drawBadges = (e: EnsembleState) => {
    const c = e.current;
    if (!c || c.done === 0) {
      if (badgesFor !== c) badges.replaceChildren();
      badgesFor = c;
      return;
    }
    const now = performance.now();
    const settled = e.phase !== 'running';
    const changed = c !== badgesFor || e.done !== badgesDone;
    if (!changed || (!settled && c === badgesFor && now - badgesAt < BADGES_EVERY_MS)) return;
    badgesAt = now;
    badgesFor = c;
    badgesDone = e.done;
    const items = new Map<string, HTMLElement>();
    badges.replaceChildren(
      ...c.badges().map((b) => {
        const li = h('li', { class: 'badge', 'data-badge': b.id }, h('span', { class: 'badge-sentence' }, b.sentence));
        li.style.setProperty('--held', `${Math.round(b.fraction * 100)}%`);
        items.set(b.id, li);
        return li;
      }),
    );
    // The baseline's shares in a task of their own: each side's badges read every month of every run.
    const base = e.baseline;
    if (!base?.done) return;
    const drawn = badgesDone;
    setTimeout(() => {
      if (badgesFor !== c || badgesDone !== drawn) return;
      for (const b of base.badges()) {
        const li = items.get(b.id);
        if (li)
          li.appendChild(h('span', { class: 'badge-baseline' }, ` Baseline: ${describeShare(b.count, b.total)}.`));
      }
    }, 0);
  };

  const unsub = holder.subscribe(draw);
  draw();
  return {
    dispose() {
      unsub();
      panel.remove();
    },
  };
}

function phaseText(e: EnsembleState): string {
  switch (e.phase) {
    case 'planning':
    case 'running':
      return `Running ${e.seeds} seeds on ${e.baseline ? 'both sides' : 'the workers'}…`;
    case 'done':
      return `All ${e.total} runs are in.`;
    case 'cancelled':
      return `Cancelled: the bands show the ${e.done} runs that finished.`;
    case 'failed':
      return e.message ?? 'The ensemble failed.';
    default:
      return '';
  }
}

/** Saves the ensemble's files (as `chokepoint sweep` writes them) in one zip; the baseline's under `baseline/`. */
function downloadEnsemble(e: EnsembleState, presetId: string): void {
  if (!e.current?.complete) return;
  const files: Record<string, Uint8Array> = {};
  const add = (c: EnsembleCollector, dir: string) => {
    for (const [name, text] of Object.entries(c.files().files)) files[dir + name] = strToU8(text);
  };
  add(e.current, '');
  if (e.baseline?.complete) add(e.baseline, 'baseline/');
  const stem = `${presetId.replace(/[^A-Za-z0-9._-]+/g, '-') || 'scenario'}-ensemble-${e.seeds}-seeds`;
  saveBlob(new Blob([zipSync(files, { level: 6 })], { type: 'application/zip' }), `${stem}.zip`);
}
