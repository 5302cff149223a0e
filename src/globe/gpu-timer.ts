/**
 * How long the device takes to draw a frame, from WebGL 2 timer queries (EXT_disjoint_timer_query_webgl2): the time
 * the GPU — or the software renderer — spent on the commands between `begin` and `end`, read a frame or two later
 * without waiting. Browsers without the extension (or WebGL 1) get null, and the globe keeps its full scale.
 */

/** A timer around frames. */
export interface GpuTimer {
  /** Starts timing a frame (unless a frame is already being timed or too many wait for their results). */
  begin(): void;
  /** Ends timing the frame `begin` started. */
  end(): void;
  /** Returns the durations of the timed frames whose results have arrived, ms, oldest first. */
  poll(): number[];
  dispose(): void;
}

/** Frames timed at once, waiting for their results. */
const PENDING = 4;

interface TimerExt {
  TIME_ELAPSED_EXT: number;
  GPU_DISJOINT_EXT: number;
}

/** Creates a timer on `gl`, or returns null when the context cannot time frames. */
export function createGpuTimer(gl: WebGLRenderingContext | WebGL2RenderingContext): GpuTimer | null {
  if (typeof WebGL2RenderingContext === 'undefined' || !(gl instanceof WebGL2RenderingContext)) return null;
  const ext = gl.getExtension('EXT_disjoint_timer_query_webgl2') as TimerExt | null;
  if (!ext) return null;
  const pending: WebGLQuery[] = [];
  let active: WebGLQuery | null = null;
  return {
    begin() {
      if (active || pending.length >= PENDING) return;
      active = gl.createQuery();
      if (active) gl.beginQuery(ext.TIME_ELAPSED_EXT, active);
    },
    end() {
      if (!active) return;
      gl.endQuery(ext.TIME_ELAPSED_EXT);
      pending.push(active);
      active = null;
    },
    poll() {
      const out: number[] = [];
      // A disjoint event (a context switch, a power change) spoils the results in flight: drop them.
      const disjoint = gl.getParameter(ext.GPU_DISJOINT_EXT) as boolean;
      while (pending.length) {
        const q = pending[0]!;
        if (!disjoint && !gl.getQueryParameter(q, gl.QUERY_RESULT_AVAILABLE)) break;
        if (!disjoint) out.push((gl.getQueryParameter(q, gl.QUERY_RESULT) as number) / 1e6);
        gl.deleteQuery(q);
        pending.shift();
      }
      return out;
    },
    dispose() {
      for (const q of pending) gl.deleteQuery(q);
      if (active) gl.deleteQuery(active);
      pending.length = 0;
    },
  };
}
