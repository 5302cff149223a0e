/**
 * One run in flight; the newest request wins. A request made while a run is in flight waits as the single pending one
 * (replacing any older pending request, which is dropped unrun). When a run finishes, its outcome reaches the listener
 * only if no newer request was made meanwhile — a stale result never reaches the view.
 */

/** What the scheduler tells the page. */
export interface SchedulerListener<Req, Res> {
  onResult(response: Res, request: Req): void;
  onError(error: unknown, request: Req): void;
  /** Called when the scheduler goes from idle to busy (true) and back (false). */
  onBusy?(busy: boolean): void;
}

/** The scheduler's handle. */
export interface RunScheduler<Req> {
  request(request: Req): void;
  /** Drops the pending request and ignores the run in flight. */
  cancel(): void;
  readonly busy: boolean;
}

/** Creates a latest-wins scheduler over `run`. */
export function createRunScheduler<Req, Res>(
  run: (request: Req) => Promise<Res>,
  listener: SchedulerListener<Req, Res>,
): RunScheduler<Req> {
  let latest = 0;
  let inFlight = false;
  let pending: { id: number; request: Req } | null = null;

  const start = (id: number, request: Req): void => {
    inFlight = true;
    const settle = (deliver: () => void) => {
      if (id === latest) deliver();
      inFlight = false;
      const next = pending;
      pending = null;
      if (next) start(next.id, next.request);
      else listener.onBusy?.(false);
    };
    new Promise<Res>((resolve) => resolve(run(request))).then(
      (res) => settle(() => listener.onResult(res, request)),
      (err: unknown) => settle(() => listener.onError(err, request)),
    );
  };

  return {
    request(request) {
      const id = ++latest;
      if (inFlight) {
        pending = { id, request };
        return;
      }
      listener.onBusy?.(true);
      start(id, request);
    },
    cancel() {
      latest++;
      pending = null;
    },
    get busy() {
      return inFlight;
    },
  };
}
