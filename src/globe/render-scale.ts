/**
 * The globe's drawing scale (a share of the device's pixel ratio), lowered when the device takes too long to draw the
 * scene. A software renderer (headless Chromium draws WebGL with SwiftShader, on the CPU) pays for every pixel row each
 * arc crosses and for every pixel of the sphere; with a crowded globe (2,000 arcs) on two cores a frame takes longer
 * than its 33 ms slot, frames queue up, and playback stutters at 50 ms and more. Then a smaller drawing buffer — fewer
 * rows, fewer pixels, stretched to the same box by the page — keeps playback smooth. A device that draws in time (any
 * GPU, or a software renderer with a preset's few dozen arcs) stays at full scale.
 *
 * It reads how long the device took to draw each frame (a GPU timer query: gpu-timer.ts; not the time between frames,
 * which also counts the charts' work on the main thread), in windows of WINDOW frames: when more than one in twenty of
 * a window's frames took SLOW_MS or more and its median frame took BUSY_MS or more (so a texture upload or a shader
 * compile now and then does not count), it steps down, to the last of SCALES at most. After UP_AFTER windows in a row
 * whose every frame took under CALM_MS (so the frame would still fit at the next larger step) it tries one step up; if
 * the next window is slow again it steps back down and stays there. Pure: no DOM, no clock.
 */

/** Frames a decision looks at (about two-thirds of a second at 30 frames a second). */
export const WINDOW = 20;
/** A frame whose drawing took this long or longer is slow, ms: it does not fit its slot at 30 frames a second. */
export const SLOW_MS = 30;
/** A window whose median frame took this long or longer is busy, ms: its slow frames are the scene's, not one-offs. */
export const BUSY_MS = 20;
/** A frame that took under this is calm, ms: at the next larger step (about 1.4 times the pixels) it would still fit. */
export const CALM_MS = 20;
/** Steps of the scale, from full. */
export const SCALES = [1, 0.85, 0.7, 0.6] as const;
/** Calm windows in a row before a step up is tried (about ten seconds): each try costs a window of slow frames. */
export const UP_AFTER = 15;

/** The scale and how it moves. */
export interface RenderScale {
  /** The current scale, 0–1. */
  readonly scale: number;
  /** Takes how long one frame took to draw, ms; returns true when the scale changed. */
  observe(drawMs: number): boolean;
}

/** Creates a scale at full size. */
export function createRenderScale(): RenderScale {
  let step = 0;
  let window: number[] = [];
  let calm = 0;
  /** Whether the last change was a step up that has not yet proved itself. */
  let probing = false;
  /** Whether a step up failed: no more tries. */
  let settled = false;
  const move = (to: number): boolean => {
    const changed = to !== step;
    step = to;
    window = [];
    calm = 0;
    return changed;
  };
  return {
    get scale() {
      return SCALES[step]!;
    },
    observe(drawMs) {
      if (!(drawMs >= 0) || !Number.isFinite(drawMs)) return false;
      window.push(drawMs);
      if (window.length < WINDOW) return false;
      const sorted = [...window].sort((a, b) => a - b);
      const slow = sorted.filter((ms) => ms >= SLOW_MS).length;
      const median = sorted[WINDOW >> 1]!;
      const quiet = sorted[WINDOW - 1]! < CALM_MS;
      window = [];
      if (slow > WINDOW / 20 && median >= BUSY_MS) {
        if (probing) settled = true;
        probing = false;
        return move(Math.min(step + 1, SCALES.length - 1));
      }
      probing = false;
      if (!quiet || step === 0 || settled) {
        calm = 0;
        return false;
      }
      if (++calm < UP_AFTER) return false;
      probing = true;
      return move(step - 1);
    },
  };
}
