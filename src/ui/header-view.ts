/**
 * The header: preset picker, the scenario's title with the first sentence of its description under it, the whole
 * description and its sources (collapsible), the run status, and the actions area: Share, Download, Open file and
 * About this run mount themselves there (share-dialog.ts and its neighbours), beside Compare (compare-menu.ts).
 */
import type { Scenario } from '../scenario/schema.ts';
import type { AppStore, RunStatus } from '../state/store.ts';
import { plainNote, scenarioLede } from '../app/scenario-text.ts';
import { createCompareMenu } from './compare-menu.ts';
import { h } from './kit/h.ts';

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
  const pick = h('select', { id: 'preset-picker' });
  for (const p of presets) pick.add(new Option(p.title, p.id));
  pick.value = store.getState().presetId;
  pick.addEventListener('change', () => store.getState().setPreset(pick.value));
  const pickLabel = h('label', { class: 'preset-label' }, 'Preset ', pick);
  const title = h('h1', { class: 'scenario-title', id: 'scenario-title' });
  const lede = h('p', { class: 'scenario-lede', id: 'scenario-lede' });
  const desc = h('p', { class: 'scenario-description' });
  const sources = h('ul', { class: 'sources' });
  const about = h(
    'details',
    { class: 'about' },
    h('summary', null, 'About & sources'),
    desc,
    h('h2', { class: 'sources-title' }, 'Sources'),
    sources,
  );
  const status = h('p', { class: 'run-status', role: 'status', id: 'run-status' });
  const actions = h('div', { class: 'header-actions' });
  const compare = createCompareMenu(store);
  actions.appendChild(compare.root);
  const heading = h('div', { class: 'scenario-heading' }, title, lede);
  const left = h('div', { class: 'header-main' }, h('p', { class: 'brand' }, 'Chokepoint'), heading, about);
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
      compare.setHasZone(!!s?.zone);
      lede.textContent = scenarioLede(s?.description);
      desc.textContent = plainNote(s?.description ?? '');
      sources.replaceChildren(
        ...(s?.sources ?? []).map((src) => {
          const li = h('li');
          const text = [src.title, src.year, src.detail]
            .filter((x) => x !== undefined && x !== '')
            .map((x) => plainNote(String(x)))
            .join(', ');
          if (src.url && /^https?:\/\//.test(src.url)) {
            li.appendChild(h('a', { href: src.url, rel: 'noopener noreferrer', target: '_blank' }, text));
          } else li.textContent = text;
          if (src.note) li.appendChild(h('span', { class: 'source-note' }, ` — ${plainNote(src.note)}`));
          return li;
        }),
      );
    },
    dispose() {
      unsub();
      compare.dispose();
      host.replaceChildren();
    },
  };
}
