/**
 * Page-wide keys for the timeline: Space plays or pauses, ←/→ step a month (Shift: a year), Home/End jump. Keys typed
 * into a form field, a button or the focused globe (which walks countries with the arrows) are left alone.
 */
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { stepCursor, togglePlay } from '../app/playback.ts';

/** Installs the handler on `doc`; returns the remover. */
export function installKeyboard(doc: Document, store: AppStore, results: ResultsHolder): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target as HTMLElement | null;
    const scrub = t?.id === 'timeline-scrub';
    if (t && !scrub && t.closest('input, select, textarea, button, [role="button"], [contenteditable], .globe-panel'))
      return;
    const months = results.current?.meta.months ?? 1;
    if (e.key === ' ') togglePlay(store, months);
    else if (scrub) return;
    else if (e.key === 'ArrowRight') stepCursor(store, e.shiftKey ? 12 : 1, months);
    else if (e.key === 'ArrowLeft') stepCursor(store, e.shiftKey ? -12 : -1, months);
    else if (e.key === 'Home') stepCursor(store, -months, months);
    else if (e.key === 'End') stepCursor(store, months, months);
    else return;
    e.preventDefault();
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
