/** Playback actions on the time cursor, shared by the timeline's buttons and the keyboard. */
import type { AppStore } from '../state/store.ts';

/** Toggles playback; playing from the last month starts again at the first. */
export function togglePlay(store: AppStore, months: number): void {
  const s = store.getState();
  if (!s.playing && s.cursor >= months - 1) s.setCursor(0, months);
  s.setPlaying(!s.playing);
}

/** Moves the cursor by `delta` months and pauses. */
export function stepCursor(store: AppStore, delta: number, months: number): void {
  const s = store.getState();
  s.setPlaying(false);
  s.setCursor(s.cursor + delta, months);
}
