/**
 * Story mode as data (pure): a preset's `story` steps with their month indices, stepping that stays within the story,
 * the keys that drive it, and the URL rule that opens it. Keys: PageDown or "]" for the next step, PageUp or "[" for
 * the previous one, Escape to close — none of them the timeline's (Space, arrows, Home, End). A URL opens the story
 * at step 1 when its query has `story=1` (`?story=1`, before any `#v1.…` share link, whose fragment stays untouched).
 */
import { monthIndex, monthLabel } from '../scenario/months.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ChartId } from '../state/store.ts';

/** One step, ready to show. */
export interface StoryStep {
  /** Month index in the run (may lie outside a shortened horizon; the cursor clamps it). */
  month: number;
  /** "YYYY-MM". */
  label: string;
  caption: string;
  chart: ChartId | null;
  /** ISO alpha-3 code of the country to select, or null to show all. */
  country: string | null;
}

/** What a key does to an open story. */
export type StoryAction = 'next' | 'previous' | 'close';

/** Builds the steps of a scenario's story (empty when it has none). */
export function buildStory(s: Pick<Scenario, 'start' | 'story'>): StoryStep[] {
  return (s.story ?? []).map((st) => {
    const month = monthIndex(s.start, st.month);
    return {
      month,
      label: monthLabel(s.start, month),
      caption: st.caption,
      chart: st.chart ?? null,
      country: st.country ?? null,
    };
  });
}

/** Returns the step `delta` steps from `step`, kept within 0 … count − 1. */
export function stepBy(step: number, delta: number, count: number): number {
  return Math.max(0, Math.min(count - 1, step + delta));
}

/** Says where the reader is: "Step 2 of 9 · 2025-04". */
export function stepHeading(steps: readonly StoryStep[], step: number): string {
  const st = steps[step];
  return st ? `Step ${step + 1} of ${steps.length} · ${st.label}` : '';
}

/** A key press as the story reads it. */
export interface StoryKey {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** True when the key goes to a text field, a slider or a list (where PageUp/PageDown and [ ] mean something). */
  inField?: boolean;
}

/** Returns what a key does to an open story, or null when it is not the story's. */
export function storyAction(k: StoryKey): StoryAction | null {
  if (k.altKey || k.ctrlKey || k.metaKey) return null;
  if (k.key === 'Escape') return 'close';
  if (k.inField) return null;
  if (k.key === 'PageDown' || k.key === ']') return 'next';
  if (k.key === 'PageUp' || k.key === '[') return 'previous';
  return null;
}

/** Tells whether a page URL's query asks to open the story (`story=1`). */
export function wantsStory(search: string): boolean {
  return new URLSearchParams(search).get('story') === '1';
}

/** Fewest months a step's window spans. */
export const MIN_WINDOW_MONTHS = 12;

/**
 * Returns the months a step is about: from the step before it (or the run's start) to the step after it (or the run's
 * end), widened around the step to at least MIN_WINDOW_MONTHS and kept inside the run — what presentation mode zooms
 * the charts to.
 */
export function stepWindow(steps: readonly StoryStep[], k: number, months: number): { from: number; to: number } {
  const last = Math.max(0, months - 1);
  const at = Math.max(0, Math.min(last, steps[k]?.month ?? 0));
  let from = Math.max(0, Math.min(at, steps[k - 1]?.month ?? 0));
  let to = Math.min(last, Math.max(at, steps[k + 1]?.month ?? last));
  const short = MIN_WINDOW_MONTHS - (to - from);
  if (short > 0) {
    from = Math.max(0, from - Math.ceil(short / 2));
    to = Math.min(last, from + MIN_WINDOW_MONTHS);
    from = Math.max(0, to - MIN_WINDOW_MONTHS);
  }
  return { from, to };
}
