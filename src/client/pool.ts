/**
 * A pool of workers for ensembles: a job's tasks go out in order, each to the next free worker, and results come back
 * in the order they finish. One job at a time: starting a job cancels the one before it — nothing more of it is sent,
 * and what it still has in flight is dropped when it lands (the worker then takes the new job's tasks). `stop()`
 * cancels the job and terminates every worker at once; the next job starts fresh ones. A worker whose call fails (it
 * died) is terminated and replaced. Idle workers are terminated after `idleMs`.
 */

/** One worker as the pool sees it; `run` rejects when the worker dies. */
export interface PoolWorker<Task, Out> {
  run(task: Task): Promise<Out>;
  terminate(): void;
}

/** What a job reports. Nothing is reported after the job is cancelled. */
export interface PoolListener<Task, Out> {
  onResult(out: Out, task: Task, index: number): void;
  /** A task's worker failed (it has been replaced); the job goes on unless the listener cancels it. */
  onError(error: unknown, task: Task, index: number): void;
  /** Every task has reported. */
  onDone?(): void;
}

/** A started job. */
export interface PoolJob {
  /** True until the job is done or cancelled. */
  readonly active: boolean;
  /** Stops sending this job's tasks and drops its results still in flight; the workers stay up. */
  cancel(): void;
}

/** The pool. */
export interface WorkerPool<Task, Out> {
  /** Starts a job over `tasks` (cancelling the current one). */
  start(tasks: readonly Task[], listener: PoolListener<Task, Out>): PoolJob;
  /** Cancels the current job and terminates every worker: none is left running. */
  stop(): void;
  /** Starts idle workers ahead of a job (up to `count`, at most the pool's size), so the job does not wait for them. */
  warm(count?: number): void;
  /** Workers alive, busy or idle. */
  readonly workers: number;
  /** Workers running a task (a cancelled job's included, until it lands). */
  readonly busy: number;
}

/** How big the pool grows and how workers are made. */
export interface PoolOptions<Task, Out> {
  /** Most workers at once (at least 1). */
  size: number;
  spawn: () => PoolWorker<Task, Out>;
  /** Idle time after which workers are terminated, ms (default 60 s; Infinity keeps them). */
  idleMs?: number;
}

interface Slot<Task, Out> {
  worker: PoolWorker<Task, Out>;
  busy: boolean;
}

interface Job<Task, Out> {
  tasks: readonly Task[];
  listener: PoolListener<Task, Out>;
  next: number;
  inFlight: number;
  active: boolean;
}

/**
 * Returns the pool size for this machine: all cores but the page's own from three cores up, every core on one or two
 * (two when the browser does not say). During an ensemble the page only redraws its bands once a frame: on two cores,
 * keeping one for it cost the ensemble about a quarter of its time (100 seeds of rare-earths-2024 in headless
 * Chromium: 4,660 ms with one worker, 3,480–3,690 ms with two, no main-thread task over 50 ms with two).
 */
export function defaultPoolSize(cores: number | undefined): number {
  const n = Math.max(1, Math.floor(cores || 2));
  return n <= 2 ? n : n - 1;
}

/** Creates an empty pool; workers are spawned as tasks need them. */
export function createWorkerPool<Task, Out>(options: PoolOptions<Task, Out>): WorkerPool<Task, Out> {
  const size = Math.max(1, Math.floor(options.size));
  const idleMs = options.idleMs ?? 60_000;
  let slots: Slot<Task, Out>[] = [];
  let job: Job<Task, Out> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const terminate = (slot: Slot<Task, Out>) => {
    slots = slots.filter((s) => s !== slot);
    slot.worker.terminate();
  };

  const finish = (j: Job<Task, Out>) => {
    j.active = false;
    j.listener.onDone?.();
  };

  const pump = () => {
    clearTimeout(idleTimer);
    const j = job;
    if (j?.active) {
      while (j.next < j.tasks.length) {
        let slot = slots.find((s) => !s.busy);
        if (!slot) {
          if (slots.length >= size) break;
          slot = { worker: options.spawn(), busy: false };
          slots.push(slot);
        }
        send(slot, j, j.next++);
      }
      if (j.next >= j.tasks.length && j.inFlight === 0) finish(j);
    }
    if (slots.length && slots.every((s) => !s.busy) && Number.isFinite(idleMs)) {
      idleTimer = setTimeout(() => slots.filter((s) => !s.busy).forEach(terminate), idleMs);
    }
  };

  const send = (slot: Slot<Task, Out>, j: Job<Task, Out>, index: number) => {
    const task = j.tasks[index]!;
    slot.busy = true;
    j.inFlight++;
    const settle = (failed: boolean, report: () => void) => {
      // A worker terminated by stop() is gone: whatever it still says is ignored.
      if (!slots.includes(slot)) return;
      slot.busy = false;
      j.inFlight--;
      if (failed) terminate(slot);
      if (j.active) report();
      pump();
    };
    let call: Promise<Out>;
    try {
      call = slot.worker.run(task);
    } catch (e) {
      call = Promise.reject(e);
    }
    call.then(
      (out) => settle(false, () => j.listener.onResult(out, task, index)),
      (err: unknown) => settle(true, () => j.listener.onError(err, task, index)),
    );
  };

  const cancelJob = () => {
    if (job) job.active = false;
    job = null;
  };

  return {
    start(tasks, listener) {
      cancelJob();
      const j: Job<Task, Out> = { tasks, listener, next: 0, inFlight: 0, active: true };
      job = j;
      pump();
      return {
        get active() {
          return j.active;
        },
        cancel() {
          j.active = false;
          if (job === j) job = null;
          pump();
        },
      };
    },
    warm(count = size) {
      while (slots.length < Math.min(size, count)) slots.push({ worker: options.spawn(), busy: false });
      pump();
    },
    stop() {
      cancelJob();
      clearTimeout(idleTimer);
      const all = slots;
      slots = [];
      for (const s of all) s.worker.terminate();
    },
    get workers() {
      return slots.length;
    },
    get busy() {
      return slots.filter((s) => s.busy).length;
    },
  };
}
