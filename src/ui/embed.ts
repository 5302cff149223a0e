/**
 * The page embedded (`?embed=1`): the chrome reduced to the globe, the timeline and the charts, a link to open the
 * full page, and the postMessage protocol of app/embed-protocol.ts wired to the store and the results. Messages from
 * any window but the parent (or from an origin other than the pinned one) are ignored and counted in
 * `data-embed-rejected` on the root element.
 */
import {
  type EmbedMessage,
  checkControlValue,
  embedControls,
  embedMessage,
  embedOrigins,
  parseEmbedRequest,
  resolveMonth,
} from '../app/embed-protocol.ts';
import type { ControlSpec, ValueOf } from '../app/controls/control-types.ts';
import { monthLabel } from '../scenario/months.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { h } from './kit/h.ts';

/** The embed's handle. */
export interface Embed {
  /** Tells it the open scenario and its controls. */
  setPreset(scenario: Scenario | null, specs: ControlSpec[]): void;
  dispose(): void;
}

/** Turns the page into its embedded form and starts the protocol. */
export function installEmbed(app: HTMLElement, store: AppStore, results: ResultsHolder, win: Window = window): Embed {
  const root = win.document.documentElement;
  root.classList.add('embedded');
  app.classList.add('embed');
  const full = new URL(win.location.href);
  full.searchParams.delete('embed');
  full.searchParams.delete('origin');
  app.appendChild(
    h('a', { class: 'embed-open', href: full.toString(), target: '_blank', rel: 'noopener' }, 'Open in Chokepoint ↗'),
  );
  const origins = embedOrigins(win.location.search, win.document.referrer);
  const post = (m: EmbedMessage) => {
    if (win.parent !== win) win.parent.postMessage(m, origins.target);
  };
  let specs: ControlSpec[] = [];
  let scenario: Scenario | null = null;
  let ready = false;
  let lastHash = '';
  const valueOf: ValueOf = (id) => store.getState().controls[id] ?? specs.find((s) => s.id === id)?.defaultValue ?? 0;

  const announce = () => {
    const r = results.current;
    if (!r || !scenario) return;
    if (!ready) {
      ready = true;
      post(
        embedMessage({
          type: 'ready',
          presetId: store.getState().presetId,
          start: r.meta.start,
          months: r.meta.months,
          controls: embedControls(specs, valueOf),
        }),
      );
    }
    if (r.resultHash === lastHash || store.getState().status.kind !== 'ready') return;
    lastHash = r.resultHash;
    post(
      embedMessage({
        type: 'run-finished',
        presetId: store.getState().presetId,
        resultHash: r.resultHash,
        months: r.meta.months,
        cursor: store.getState().cursor,
      }),
    );
  };

  const onMessage = (e: MessageEvent) => {
    if (e.source !== win.parent || win.parent === win || (origins.pinned !== null && e.origin !== origins.pinned)) {
      root.dataset.embedRejected = String(Number(root.dataset.embedRejected ?? 0) + 1);
      return;
    }
    const parsed = parseEmbedRequest(e.data);
    const type = typeof (e.data as { type?: unknown })?.type === 'string' ? String(e.data.type).slice(0, 40) : '?';
    if (!parsed.ok) return post(embedMessage({ type: 'error', request: type, message: parsed.error }));
    const req = parsed.value;
    const r = results.current;
    if (req.type === 'set-cursor') {
      if (!r) return post(embedMessage({ type: 'error', request: type, message: 'no run on screen yet' }));
      const month = resolveMonth(req.month, r.meta.start, r.meta.months);
      if (!month.ok) return post(embedMessage({ type: 'error', request: type, message: month.error }));
      store.getState().setPlaying(false);
      store.getState().setCursor(month.value, r.meta.months);
      return;
    }
    const spec = specs.find((s) => s.id === req.id);
    const checked = checkControlValue(spec, req.value, valueOf);
    if (!checked.ok) {
      return post(embedMessage({ type: 'error', request: type, message: `${req.id}: ${checked.error}` }));
    }
    store.getState().setControl(req.id, checked.value);
  };
  win.addEventListener('message', onMessage);

  const unsubResults = results.subscribe(announce);
  const unsubStore = store.subscribe((s, prev) => {
    if (s.status !== prev.status) announce();
    if (s.cursor !== prev.cursor && results.current) {
      post(embedMessage({ type: 'cursor', month: s.cursor, label: monthLabel(results.current.meta.start, s.cursor) }));
    }
  });

  return {
    setPreset(next, nextSpecs) {
      scenario = next;
      specs = nextSpecs;
    },
    dispose() {
      win.removeEventListener('message', onMessage);
      unsubResults();
      unsubStore();
    },
  };
}
