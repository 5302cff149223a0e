/**
 * The header: preset picker, the scenario's title and description, its sources (collapsible), the run status, and
 * the actions area: Share, Download, Open file and About this run mount themselves there (share-dialog.ts and its
 * neighbours); Compare is a disabled placeholder until its issue lands.
 */
import type { Scenario } from '../scenario/schema.ts';
import type { AppStore, RunStatus } from '../state/store.ts';

/** The mounted header. */
export interface HeaderView {
  /** Shows a preset's title, description and sources. */
  setScenario(s: Scenario | null): void;
  /** The area for action buttons, right of the status. */
  readonly actions: HTMLElement;
  dispose(): void;
}

/** Mounts the header in `host` with the presets to pick from. */
export function createHeaderView(
  host: HTMLElement,
  store: AppStore,
  presets: { id: string; title: string }[],
): HeaderView {
  const brand = el('p', 'brand', 'Chokepoint');
  const pickLabel = el('label', 'preset-label', 'Preset ');
  const pick = document.createElement('select');
  pick.id = 'preset-picker';
  for (const p of presets) pick.add(new Option(p.title, p.id));
  pick.value = store.getState().presetId;
  pick.addEventListener('change', () => store.getState().setPreset(pick.value));
  pickLabel.appendChild(pick);
  const title = el('h1', 'scenario-title', '');
  const about = document.createElement('details');
  about.className = 'about';
  const summary = el('summary', '', 'About & sources');
  const desc = el('p', 'scenario-description', '');
  const sources = el('ul', 'sources', '');
  about.append(summary, desc, el('h2', 'sources-title', 'Sources'), sources);
  const status = el('p', 'run-status', '');
  status.setAttribute('role', 'status');
  status.id = 'run-status';
  const actions = el('div', 'header-actions', '');
  for (const name of ['Compare']) {
    const b = el('button', 'placeholder', name) as HTMLButtonElement;
    b.type = 'button';
    b.disabled = true;
    b.title = `${name}: coming in a later release`;
    actions.appendChild(b);
  }
  const left = el('div', 'header-main', '');
  left.append(brand, title, about);
  host.append(left, pickLabel, status, actions);

  const showStatus = (s: RunStatus) => {
    status.dataset.kind = s.kind;
    status.textContent =
      s.kind === 'running' ? 'Running…' : s.kind === 'error' ? s.message : s.kind === 'ready' ? 'Up to date' : '';
  };
  const unsub = store.subscribe((s, prev) => {
    if (s.status !== prev.status) showStatus(s.status);
    if (s.presetId !== prev.presetId) pick.value = s.presetId;
  });
  showStatus(store.getState().status);

  return {
    actions,
    setScenario(s) {
      title.textContent = s?.title ?? 'No scenario';
      desc.textContent = s?.description ?? '';
      sources.replaceChildren(
        ...(s?.sources ?? []).map((src) => {
          const li = document.createElement('li');
          const text = [src.title, src.year, src.detail].filter((x) => x !== undefined && x !== '').join(', ');
          if (src.url && /^https?:\/\//.test(src.url)) {
            const a = el('a', '', text) as HTMLAnchorElement;
            a.href = src.url;
            a.rel = 'noopener noreferrer';
            a.target = '_blank';
            li.appendChild(a);
          } else li.textContent = text;
          if (src.note) li.appendChild(el('span', 'source-note', ` — ${src.note}`));
          return li;
        }),
      );
    },
    dispose() {
      unsub();
      host.replaceChildren();
    },
  };
}

function el(tag: string, className: string, text: string): HTMLElement {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}
