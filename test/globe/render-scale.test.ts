import { describe, expect, it } from 'vitest';
import {
  BUSY_MS,
  CALM_MS,
  SCALES,
  SLOW_MS,
  UP_AFTER,
  WINDOW,
  createRenderScale,
} from '../../src/globe/render-scale.ts';

/**
 * Feeds `windows` windows of frames, `slow` of each window drawn in SLOW_MS and the rest in `rest` ms; returns the
 * changes of scale.
 */
function feed(s: ReturnType<typeof createRenderScale>, windows: number, slow: number, rest = 5): number {
  let changes = 0;
  for (let w = 0; w < windows; w++)
    for (let k = 0; k < WINDOW; k++) if (s.observe(k < slow ? SLOW_MS : rest)) changes++;
  return changes;
}

describe('the globe’s drawing scale', () => {
  it('stays at full scale while frames are drawn in time, one slow frame in twenty aside', () => {
    const s = createRenderScale();
    expect(feed(s, 20, WINDOW / 20, BUSY_MS)).toBe(0);
    expect(s.scale).toBe(1);
  });

  it('does not count slow frames of a light scene (a texture upload, a shader compile)', () => {
    const s = createRenderScale();
    expect(feed(s, 5, WINDOW / 4, 8)).toBe(0);
    expect(s.scale).toBe(1);
  });

  it('steps down while more than one frame in twenty is slow and the scene is busy, to its smallest step at most', () => {
    const s = createRenderScale();
    expect(feed(s, 1, WINDOW / 20 + 1, BUSY_MS)).toBe(1);
    expect(s.scale).toBe(SCALES[1]);
    feed(s, 10, WINDOW);
    expect(s.scale).toBe(SCALES[SCALES.length - 1]);
  });

  it('tries a step up only after calm windows (frames that would fit at the larger scale), and keeps it', () => {
    const s = createRenderScale();
    feed(s, 2, WINDOW);
    expect(s.scale).toBe(SCALES[2]);
    // In time but not calm: frames that would not fit at the larger scale keep it where it is.
    feed(s, 3 * UP_AFTER, 0, (CALM_MS + SLOW_MS) / 2);
    expect(s.scale).toBe(SCALES[2]);
    feed(s, UP_AFTER - 1, 0);
    expect(s.scale).toBe(SCALES[2]);
    feed(s, 1, 0);
    expect(s.scale).toBe(SCALES[1]);
    feed(s, UP_AFTER, 0);
    expect(s.scale).toBe(1);
  });

  it('steps back down after a step up that brings slow frames back, and tries no more', () => {
    const s = createRenderScale();
    feed(s, 1, WINDOW);
    feed(s, UP_AFTER, 0);
    expect(s.scale).toBe(1);
    feed(s, 1, WINDOW);
    expect(s.scale).toBe(SCALES[1]);
    feed(s, 5 * UP_AFTER, 0);
    expect(s.scale).toBe(SCALES[1]);
  });

  it('ignores a duration that is not a number of milliseconds', () => {
    const s = createRenderScale();
    for (let k = 0; k < 3 * WINDOW; k++) expect(s.observe(Number.NaN)).toBe(false);
    expect(s.scale).toBe(1);
  });
});
