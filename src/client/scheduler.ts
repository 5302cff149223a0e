/**
 * The one coalescer between the page's requests and the engine: one run in flight, the newest request wins, and the
 * newest finished run reaches the page as soon as it lands.
 *
 * - A request made while a run is in flight waits as the single pending one (replacing any older pending request,
 *   which is dropped unrun).
 * - When the run in flight finishes, its result is delivered even if newer requests were made meanwhile — it is the
 *   newest finished run, so a drag redraws at the engine's pace instead of once at the end — and the pending request
 *   starts. Nothing older than a delivered outcome, and nothing requested before `cancel()`, is ever delivered; an
 *   error is delivered only for the newest request (a newer one will try again).
 * - A run superseded by a newer request is aborted through its `AbortSignal` once it has run for its patience, at
 *   once if it already has: the client then terminates the worker rather than wait, so no run holds the page for long.
 *   A younger one is let finish, since its result is worth showing and a restart costs more than a short run. The
 *   patience is twice the last run's duration, within `abortAfterMs`..`maxPatienceMs`, so a scenario whose runs take
 *   a second still redraws while dragging.
 * - `cancel()` aborts the run in flight at once: nobody wants its result, and whatever the page asks next (another
 *   scenario) should not wait behind it, queued or running.
 */

/** What the scheduler tells the page. */
export interface SchedulerListener<Req, Res> {
  onResult(response: Res, request: Req): void;
  onError(error: unknown, request: Req): void;
  /**
   * Called with true when a run starts while the page shows none in progress (from idle, or right after a result was
   * delivered with a newer run to follow), and with false when the scheduler falls idle.
   */
  onBusy?(busy: boolean): void;
}

/** The scheduler's handle. */
export interface RunScheduler<Req> {
  request(request: Req): void;
  /** Drops the pending request and aborts the run in flight. */
  cancel(): void;
  readonly busy: boolean;
}

/** How long superseded runs may go on, and the clock. */
export interface SchedulerOptions<Req = unknown> {
  /** Least patience with a run superseded by a newer request, ms (default ABORT_AFTER_MS). */
  abortAfterMs?: number;
  /** Most patience with a run superseded by a newer request, ms (default MAX_PATIENCE_MS). */
  maxPatienceMs?: number;
  /**
   * How long a request's run is expected to take, ms, when the caller can tell (undefined when it cannot): a superseded
   * run expected to outlast its patience is aborted at once, since waiting for the deadline only delays the news.
   */
  expectedMs?: (request: Req) => number | undefined;
  /** The clock, ms (default `performance.now`). */
  now?: () => number;
}

/**
 * Least patience with a superseded run, ms: ten times a preset's run in the page (about 0.1 s), so ordinary runs are
 * never killed, and short enough that the abort, a fresh worker (about 0.3 s) and the new run fit in 3 s.
 */
export const ABORT_AFTER_MS = 1000;
/** Most patience with a run that a newer request superseded, ms: past this a restart is the faster way to the news. */
export const MAX_PATIENCE_MS = 4000;

/** Runs `request`; a run should stop, and may reject, once `signal` is aborted. */
export type RunFunction<Req, Res> = (request: Req, signal: AbortSignal) => Promise<Res>;

interface Flight<Req> {
  id: number;
  request: Req;
  startedAt: number;
  controller: AbortController;
  /** When the run is aborted, on the scheduler's clock (Infinity while it is the newest request). */
  deadline: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

/** Creates the scheduler over `run`. */
export function createRunScheduler<Req, Res>(
  run: RunFunction<Req, Res>,
  listener: SchedulerListener<Req, Res>,
  options: SchedulerOptions<Req> = {},
): RunScheduler<Req> {
  const now = options.now ?? (() => performance.now());
  const abortAfterMs = options.abortAfterMs ?? ABORT_AFTER_MS;
  const maxPatienceMs = Math.max(abortAfterMs, options.maxPatienceMs ?? MAX_PATIENCE_MS);
  /** Id of the newest request; requests up to `floor` were cancelled; `delivered` is the newest outcome shown. */
  let latest = 0;
  let floor = 0;
  let delivered = 0;
  let lastRunMs = 0;
  let flight: Flight<Req> | null = null;
  let pending: { id: number; request: Req } | null = null;

  const start = (id: number, request: Req): void => {
    const f: Flight<Req> = {
      id,
      request,
      startedAt: now(),
      controller: new AbortController(),
      deadline: Infinity,
      timer: undefined,
      done: false,
    };
    flight = f;
    new Promise<Res>((resolve) => resolve(run(request, f.controller.signal))).then(
      (res) => land(f, false, () => listener.onResult(res, request)),
      (err: unknown) => land(f, true, () => listener.onError(err, request)),
    );
  };

  const next = (afterDelivery: boolean): void => {
    flight = null;
    const p = pending;
    pending = null;
    if (!p) return listener.onBusy?.(false);
    start(p.id, p.request);
    if (afterDelivery) listener.onBusy?.(true);
  };

  const land = (f: Flight<Req>, failed: boolean, deliver: () => void): void => {
    if (f.done) return;
    f.done = true;
    clearTimeout(f.timer);
    lastRunMs = now() - f.startedAt;
    const show = f.id > floor && f.id > delivered && (!failed || f.id === latest);
    if (show) {
      delivered = f.id;
      deliver();
    }
    next(show);
  };

  const abort = (f: Flight<Req>): void => {
    if (f.done) return;
    f.done = true;
    clearTimeout(f.timer);
    f.controller.abort(new DOMException('superseded by a newer request', 'AbortError'));
    next(false);
  };

  /** Aborts the run in flight `patienceMs` after it started (at once if that is past), unless it is due sooner. */
  const arm = (patienceMs: number): void => {
    const f = flight;
    if (!f) return;
    const deadline = f.startedAt + patienceMs;
    if (deadline >= f.deadline) return;
    f.deadline = deadline;
    clearTimeout(f.timer);
    const wait = deadline - now();
    if (wait <= 0) abort(f);
    else f.timer = setTimeout(() => abort(f), wait);
  };

  return {
    request(request) {
      const id = ++latest;
      if (flight) {
        pending = { id, request };
        const patience = Math.min(maxPatienceMs, Math.max(abortAfterMs, 2 * lastRunMs));
        const expected = options.expectedMs?.(flight.request);
        arm(expected !== undefined && expected > patience ? 0 : patience);
        return;
      }
      listener.onBusy?.(true);
      start(id, request);
    },
    cancel() {
      floor = latest;
      pending = null;
      if (flight) abort(flight);
    },
    get busy() {
      return flight !== null;
    },
  };
}
