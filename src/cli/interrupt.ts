/**
 * Clean-up when the CLI is interrupted (SIGINT, SIGTERM, SIGHUP) while it has something half-written on disk. The
 * handlers are installed only while a clean-up is registered, so an interrupt at any other time (during a long run,
 * say) stops the process at once as usual. On a signal every registered clean-up runs, then the handlers are removed
 * and the signal is raised again, so the process ends as killed by it (exit status 128 + its number).
 *
 * Node delivers a signal to JavaScript only between tasks, never inside synchronous code: a clean-up never runs in
 * the middle of a synchronous step such as the final swap of a run folder, only before or after it.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const cleanups = new Set<() => void>();
let installed = false;

/** Registers `cleanup` to run on an interrupt; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  if (!installed) {
    for (const s of SIGNALS) process.on(s, handle);
    installed = true;
  }
  return () => {
    cleanups.delete(cleanup);
    // Removed only after the event loop has polled once more, so that a signal which arrived during the synchronous
    // work just finished is still handled (and ends the process) rather than dropped: an immediate queued from an
    // immediate runs after the next poll.
    if (!cleanups.size) setImmediate(() => setImmediate(() => cleanups.size || uninstall()));
  };
}

function handle(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // Best effort: what is left is recognised and removed at the start of the next command writing there.
    }
  }
  cleanups.clear();
  uninstall();
  process.kill(process.pid, signal);
}

function uninstall(): void {
  if (!installed) return;
  for (const s of SIGNALS) process.off(s, handle);
  installed = false;
}
