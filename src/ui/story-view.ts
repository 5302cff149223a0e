/**
 * Story mode (PRODUCT.md): a "Story" button in the header when the preset has a story, and a small caption panel over
 * the globe — step k of n, the caption, Previous / Next / Close. Each step pauses playback, moves the time cursor to its
 * month, outlines its chart (scrolled into view) and selects its country on the globe, or shows all countries. Keys
 * (see story-vm.ts): PageDown or ], PageUp or [, Escape.
 */
import type { Scenario } from '../scenario/schema.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { type StoryStep, buildStory, stepBy, stepHeading, stepWindow, storyAction } from '../app/story-vm.ts';
import { createNonModalPanel } from './kit/dialog.ts';
import { button, h } from './kit/h.ts';

/** The mounted story. */
export interface StoryView {
  /** Shows the Story button for a scenario with a story (and closes a story that is open). */
  setScenario(s: Scenario | null): void;
  open(step?: number): void;
  close(): void;
  dispose(): void;
}

/** Options: `autoStart` opens the first story that arrives (a `?story=1` URL). */
export interface StoryOptions {
  autoStart?: boolean;
}

/** Mounts the button in `actions` and the panel in `stage` (the globe's area). */
export function createStoryView(
  actions: HTMLElement,
  stage: HTMLElement,
  store: AppStore,
  results: ResultsHolder,
  options: StoryOptions = {},
): StoryView {
  const toggle = button({ id: 'story-button', class: 'story-button', hidden: true }, 'Story', () =>
    step >= 0 ? view.close() : view.open(0),
  );
  actions.prepend(toggle);

  const heading = h('h2', { class: 'story-step', id: 'story-step' });
  const caption = h('p', { class: 'story-caption', id: 'story-caption', 'aria-live': 'polite' });
  const prev = button({ id: 'story-prev' }, 'Previous', () => go(-1));
  const next = button({ id: 'story-next' }, 'Next', () => go(1));
  const close = button({ id: 'story-close', 'aria-label': 'Close the story' }, 'Close', () => view.close());
  const keys = h('p', { class: 'story-keys' }, 'PageUp / PageDown or [ and ] to step · Esc to close');
  const nav = h('div', { class: 'story-nav' }, prev, next, close);
  const panel = h(
    'section',
    { class: 'story-panel', id: 'story-panel', 'aria-labelledby': 'story-step' },
    heading,
    caption,
    nav,
    keys,
  );
  stage.appendChild(panel);
  const dialog = createNonModalPanel(panel, toggle, () => view.close());

  let steps: StoryStep[] = [];
  let step = -1;
  let autoStart = options.autoStart === true;

  const highlight = (chart: string | null) => {
    for (const card of document.querySelectorAll('.chart-card.story-highlight'))
      card.classList.remove('story-highlight');
    const card = chart ? document.getElementById(`card-${chart}`) : null;
    if (!card) return;
    card.classList.add('story-highlight');
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    card.scrollIntoView?.({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
  };

  const show = (k: number) => {
    const st = steps[k];
    if (!st) return;
    step = k;
    const s = store.getState();
    s.setPlaying(false);
    s.setCursor(st.month, results.current?.meta.months ?? Number.MAX_SAFE_INTEGER);
    s.select(st.country);
    s.setStoryWindow(stepWindow(steps, k, results.current?.meta.months ?? st.month + 1));
    highlight(st.chart);
    heading.textContent = stepHeading(steps, k);
    caption.textContent = st.caption;
    prev.disabled = k === 0;
    next.disabled = k === steps.length - 1;
    panel.dataset.step = String(k + 1);
  };

  const go = (delta: number) => {
    if (step >= 0) show(stepBy(step, delta, steps.length));
  };

  // Escape is the panel's (createNonModalPanel); the stepping keys work anywhere while the story is open.
  const onKey = (e: KeyboardEvent) => {
    if (step < 0 || e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    const inField = !!t?.closest?.('input, select, textarea, [contenteditable]');
    const action = storyAction({ key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, inField });
    if (!action || action === 'close') return;
    e.preventDefault();
    go(action === 'next' ? 1 : -1);
  };
  document.addEventListener('keydown', onKey);

  const view: StoryView = {
    setScenario(s) {
      view.close();
      steps = s ? buildStory(s) : [];
      toggle.hidden = steps.length === 0;
      toggle.title = steps.length ? `A guided tour of this scenario in ${steps.length} steps` : '';
      if (autoStart && steps.length) {
        autoStart = false;
        view.open(0);
      }
    },
    open(k = 0) {
      if (!steps.length) return;
      dialog.open();
      show(stepBy(k, 0, steps.length));
    },
    close() {
      if (step < 0) return;
      step = -1;
      store.getState().setStoryWindow(null);
      highlight(null);
      dialog.close();
    },
    dispose() {
      document.removeEventListener('keydown', onKey);
      dialog.dispose();
      view.close();
      toggle.remove();
      panel.remove();
    },
  };
  return view;
}
