/**
 * The heartbeat between the page and a worker, beside comlink on the same channel: the page pings an idle worker and
 * the worker answers; a worker busy running the engine cannot answer, so it beats on its own as the months go by. A
 * worker that says nothing for too long has died quietly (`self.close()`) or hangs, and the page replaces it
 * (`src/client/heartbeat-watch.ts`). Comlink ignores these messages: they carry no call id.
 */

/** The one key of a heartbeat message; its value says which. */
export const HEARTBEAT_KEY = 'chokepoint-heartbeat';

/** `ping` goes to the worker; `pong` (the answer), `hello` (loaded) and `beat` (still running) come back. */
export type HeartbeatSignal = 'ping' | 'pong' | 'hello' | 'beat';

/** A heartbeat message, as posted. */
export type HeartbeatMessage = { [HEARTBEAT_KEY]: HeartbeatSignal };

/** Builds a heartbeat message. */
export function heartbeatMessage(signal: HeartbeatSignal): HeartbeatMessage {
  return { [HEARTBEAT_KEY]: signal };
}

/** Returns the signal a message carries, or undefined when it is not a heartbeat message. */
export function heartbeatSignal(data: unknown): HeartbeatSignal | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const value = (data as Record<string, unknown>)[HEARTBEAT_KEY];
  return value === 'ping' || value === 'pong' || value === 'hello' || value === 'beat' ? value : undefined;
}

/** The side of a worker's global scope the heartbeat uses. */
export interface HeartbeatScope {
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  postMessage(message: unknown): void;
}

/** Least time between two beats, ms: often enough for the page's watch, rare enough to cost nothing. */
const BEAT_EVERY_MS = 100;

/**
 * Answers the page's pings from inside a worker, says hello once loaded, and returns `beat`, which the worker calls as
 * long work goes on (at most one message per BEAT_EVERY_MS, however often it is called).
 */
export function answerHeartbeat(scope: HeartbeatScope, now: () => number = () => performance.now()): () => void {
  scope.addEventListener('message', (e) => {
    if (heartbeatSignal(e.data) === 'ping') scope.postMessage(heartbeatMessage('pong'));
  });
  scope.postMessage(heartbeatMessage('hello'));
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < BEAT_EVERY_MS) return;
    last = t;
    scope.postMessage(heartbeatMessage('beat'));
  };
}
