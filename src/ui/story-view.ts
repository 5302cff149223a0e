/**
 * Story mode (PRODUCT.md): a "Story" button in the header when the preset has a story, and a small caption panel over
 * the globe — step k of n, the caption, Previous / Next / Close. Each step pauses playback, moves the time cursor to its
 * month, outlines its chart (scrolled into view) and selects its country on the globe, or shows all countries. Keys
 * (see story-vm.ts): PageDown or ], PageUp or [, Escape.
 */
import type { Scenario } from '../scenario/schema.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { type StoryStep, buildStory, stepBy, stepHeading, storyAction } from '../app/story-vm.ts';

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
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.id = 'story-button';
  toggle.className = 'story-button';
  toggle.textContent = 'Story';
  toggle.hidden = true;
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', 'story-panel');
  actions.prepend(toggle);

  const panel = document.createElement('section');
  panel.className = 'story-panel';
  panel.id = 'story-panel';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', 'story-step');
  const heading = document.createElement('h2');
  heading.className = 'story-step';
  heading.id = 'story-step';
  const caption = document.createElement('p');
  caption.className = 'story-caption';
  caption.id = 'story-caption';
  caption.setAttribute('aria-live', 'polite');
  const nav = document.createElement('div');
  nav.className = 'story-nav';
  const prev = navButton('story-prev', 'Previous', () => go(-1));
  const next = navButton('story-next', 'Next', () => go(1));
  const close = navButton('story-close', 'Close', () => view.close());
  close.setAttribute('aria-label', 'Close the story');
  nav.append(prev, next, close);
  const keys = document.createElement('p');
  keys.className = 'story-keys';
  keys.textContent = 'PageUp / PageDown or [ and ] to step · Esc to close';
  panel.append(heading, caption, nav, keys);
  stage.appendChild(panel);

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

  const onKey = (e: KeyboardEvent) => {
    if (step < 0 || e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    // A menu or dialog that is open takes its own Escape.
    if (e.key === 'Escape' && t?.closest?.('details[open], dialog[open], [role="dialog"]')) return;
    const inField = !!t?.closest?.('input, select, textarea, [contenteditable]');
    const action = storyAction({ key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, inField });
    if (!action) return;
    e.preventDefault();
    if (action === 'close') view.close();
    else go(action === 'next' ? 1 : -1);
  };
  document.addEventListener('keydown', onKey);
  toggle.addEventListener('click', () => (step >= 0 ? view.close() : view.open(0)));

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
      panel.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      toggle.classList.add('active');
      show(stepBy(k, 0, steps.length));
    },
    close() {
      if (step < 0) return;
      const hadFocus = panel.contains(document.activeElement);
      step = -1;
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.classList.remove('active');
      highlight(null);
      if (hadFocus) toggle.focus();
    },
    dispose() {
      document.removeEventListener('keydown', onKey);
      view.close();
      toggle.remove();
      panel.remove();
    },
  };
  return view;
}

function navButton(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
