/**
 * The page's side of the heartbeat (`src/bridge/heartbeat.ts`): notices a worker that died quietly (`self.close()`
 * fires no event) or hangs (a busy loop answers nothing), which no `error` event ever reports.
 *
 * Every `intervalMs` the watch probes the worker unless it spoke since the last probe: an idle worker gets a ping,
 * and a worker running a call is expected to beat (the engine beats after every month). A probe unanswered for the
 * allowed silence is the verdict: `silenceMs` for a ping (an idle worker answers at once, before any call sent after
 * it), `busySilenceMs` for a worker running a call, and `startupMs` until the worker first speaks. A tick that comes late means the page's own thread was held up — the
 * worker's answers may be queued behind it — so the probe starts over rather than judge.
 */
import { heartbeatMessage } from '../bridge/heartbeat.ts';

/** When to probe and how long silence may last, ms. */
export interface HeartbeatTiming {
  intervalMs: number;
  silenceMs: number;
  busySilenceMs: number;
  startupMs: number;
}

/**
 * The default timing. A probe every 200 ms and 1.2 s of silence for an idle worker, which answers a ping at once: a
 * worker that closed itself or hangs is found within 1.6 s (a tick to probe, the silence, a tick to see it) and
 * replaced within the 3 s the page promises. 2.4 s for a worker running a call, which beats before and after parsing,
 * after every month and between the buffers it hashes at the end (`runScenario`'s onProgress): the longest stretch
 * between two beats is one month, at most about 1 s (the first month of the 200-country stress scenario, compiling
 * as it goes, in Node on a loaded 2-core machine), so a hang within a run is found within 2.8 s. 10 s to load
 * (fetch, compile, the preset catalog).
 */
export const HEARTBEAT_TIMING: HeartbeatTiming = {
  intervalMs: 200,
  silenceMs: 1200,
  busySilenceMs: 2400,
  startupMs: 10_000,
};

/** What the watch needs of a worker. */
export interface WatchedWorker {
  addEventListener(type: 'message', listener: () => void): void;
  removeEventListener(type: 'message', listener: () => void): void;
  postMessage(message: unknown): void;
}

/** A running watch. */
export interface HeartbeatWatch {
  /** True once the worker has said anything. */
  readonly heard: boolean;
  stop(): void;
}

/**
 * Watches `worker`: `busy()` tells whether it is running a call (then no ping is sent: it could not answer), and
 * `onSilent` is called once, with the silence in ms, when the worker is judged dead; the watch then stops.
 */
export function watchHeartbeat(
  worker: WatchedWorker,
  busy: () => boolean,
  onSilent: (silentMs: number) => void,
  timing: HeartbeatTiming = HEARTBEAT_TIMING,
  now: () => number = () => performance.now(),
): HeartbeatWatch {
  let heard = false;
  /** When the oldest unanswered probe was made, or null when the worker spoke since. */
  let probeAt: number | null = now();
  /** Whether that probe was a ping: an idle worker answers one at once, even if a call follows it. */
  let pinged = false;
  let lastTick = now();
  // Any message is a sign of life: a pong, a beat, a hello or a call's answer.
  const onMessage = () => {
    heard = true;
    probeAt = null;
  };
  const probe = (t: number) => {
    probeAt = t;
    pinged = !busy();
    if (pinged) worker.postMessage(heartbeatMessage('ping'));
  };
  const tick = () => {
    const t = now();
    const late = t - lastTick > 2 * timing.intervalMs + 100;
    lastTick = t;
    if (late) return probe(t);
    if (probeAt === null) return probe(t);
    const silent = t - probeAt;
    const allowed = !heard ? timing.startupMs : busy() && !pinged ? timing.busySilenceMs : timing.silenceMs;
    if (silent >= allowed) {
      stop();
      onSilent(Math.round(silent));
    }
  };
  const timer = setInterval(tick, timing.intervalMs);
  const stop = () => {
    clearInterval(timer);
    worker.removeEventListener('message', onMessage);
  };
  worker.addEventListener('message', onMessage);
  return {
    get heard() {
      return heard;
    },
    stop,
  };
}
