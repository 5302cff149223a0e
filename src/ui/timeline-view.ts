/**
 * The timeline: play/pause, step one month back or forward, scrub, speed. Playback advances the cursor from
 * requestAnimationFrame at the chosen months per second and stops at the last month, telling the events it passes
 * (playback-note.ts).
 */
import { monthLabel } from '../scenario/months.ts';
import type { ResultsHolder } from '../state/results.ts';
import { type AppStore, SPEEDS } from '../state/store.ts';
import { stepCursor, togglePlay } from '../app/playback.ts';
import { button } from './kit/h.ts';
import { createPlaybackNote } from './playback-note.ts';

/** The mounted timeline. */
export interface TimelineView {
  dispose(): void;
}

/** Mounts the timeline in `host`. */
export function createTimelineView(host: HTMLElement, store: AppStore, results: ResultsHolder): TimelineView {
  const months = () => results.current?.meta.months ?? 1;
  const tl = (label: string, text: string, onClick: () => void) =>
    button({ class: 'tl-button', 'aria-label': label }, text, onClick);
  const play = tl('Play', '▶', () => togglePlay(store, months()));
  play.setAttribute('aria-pressed', 'false');
  const back = tl('−1 month', '−1', () => stepCursor(store, -1, months()));
  const fwd = tl('+1 month', '+1', () => stepCursor(store, 1, months()));
  const scrub = document.createElement('input');
  scrub.type = 'range';
  scrub.min = '0';
  scrub.step = '1';
  scrub.id = 'timeline-scrub';
  scrub.className = 'tl-scrub';
  scrub.setAttribute('aria-label', 'Month');
  scrub.addEventListener('input', () => store.getState().setCursor(Number(scrub.value), months()));
  const label = document.createElement('output');
  label.className = 'tl-month';
  label.htmlFor.add(scrub.id);
  const speedLabel = document.createElement('label');
  speedLabel.className = 'tl-speed';
  speedLabel.textContent = 'Speed ';
  const speed = document.createElement('select');
  for (const s of SPEEDS) speed.add(new Option(`${s} mo/s`, String(s)));
  speed.addEventListener('change', () => store.getState().setSpeed(Number(speed.value)));
  speedLabel.appendChild(speed);
  const hint = document.createElement('span');
  hint.className = 'tl-hint';
  hint.textContent = 'Space: play/pause · ←/→: one month · Shift+←/→: one year';
  host.append(play, back, scrub, fwd, label, speedLabel, hint);

  const sync = () => {
    const s = store.getState();
    const r = results.current;
    const n = months();
    scrub.max = String(Math.max(0, n - 1));
    scrub.value = String(s.cursor);
    const text = r ? monthLabel(r.meta.start, s.cursor) : '—';
    label.value = text;
    scrub.setAttribute('aria-valuetext', text);
    play.textContent = s.playing ? '❚❚' : '▶';
    play.setAttribute('aria-label', s.playing ? 'Pause' : 'Play');
    play.setAttribute('aria-pressed', String(s.playing));
    speed.value = String(s.speed);
  };

  let raf = 0;
  let last = 0;
  let carry = 0;
  const tick = (now: number) => {
    const s = store.getState();
    if (!s.playing) return void (raf = 0);
    carry += ((now - last) / 1000) * s.speed;
    last = now;
    if (carry >= 1) {
      const step = Math.floor(carry);
      carry -= step;
      const n = months();
      if (s.cursor + step >= n - 1) {
        s.setCursor(n - 1, n);
        s.setPlaying(false);
      } else s.setCursor(s.cursor + step, n);
    }
    raf = requestAnimationFrame(tick);
  };
  const unsubStore = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing && !raf) {
      last = performance.now();
      carry = 0;
      raf = requestAnimationFrame(tick);
    }
    sync();
  });
  const unsubResults = results.subscribe(sync);
  sync();
  // The sentences of the events playback passes, over the globe beside the timeline.
  const removeNote = host.parentElement ? createPlaybackNote(host.parentElement, store, results) : () => {};
  return {
    dispose() {
      removeNote();
      cancelAnimationFrame(raf);
      unsubStore();
      unsubResults();
      host.replaceChildren();
    },
  };
}
