/**
 * While the timeline plays, the sentences of the events it passes, over the globe's top right corner: what closed,
 * opened or changed, and the rule that fired, as the cursor goes by. It clears when the cursor is moved by hand or
 * another scenario opens; paused, the last sentence stays.
 */
import { eventsPassed, explainEvent } from '../app/event-sentences.ts';
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';
import { h } from './kit/h.ts';

/** Most sentences shown at once; the rest are counted. */
const MAX_SENTENCES = 2;

/** Mounts the note in `stage` (the globe's area); returns the remover. */
export function createPlaybackNote(stage: HTMLElement, store: AppStore, results: ResultsHolder): () => void {
  const note = h('p', { class: 'playback-note', id: 'playback-note', hidden: true });
  stage.appendChild(note);
  const unsub = store.subscribe((s, prev) => {
    if (s.presetId !== prev.presetId || s.opened !== prev.opened) return void (note.hidden = true);
    if (s.cursor === prev.cursor) return;
    const r = results.current;
    if (!s.playing || !prev.playing || !r) return void (note.hidden = true);
    const passed = eventsPassed(r, prev.cursor, s.cursor, s.selected);
    if (!passed.length) return;
    const shown = passed.slice(-MAX_SENTENCES).map((i) => explainEvent(r, i));
    const more = passed.length - shown.length;
    note.textContent = shown.join(' ') + (more > 0 ? ` (and ${more} more events)` : '');
    note.hidden = false;
  });
  return () => {
    unsub();
    note.remove();
  };
}
