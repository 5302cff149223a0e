/**
 * Result buffers beside the store: the current run and the baseline it is compared with. Views read them when
 * `version` changes; the store never holds them (they are large and transferred, not state to diff).
 */
import type { RunResult } from '../results/contract.ts';

/** The results holder. */
export interface ResultsHolder {
  readonly current: RunResult | null;
  readonly baseline: RunResult | null;
  /** Increases whenever either result changes. */
  readonly version: number;
  setCurrent(result: RunResult | null): void;
  setBaseline(result: RunResult | null): void;
  /** Sets both at once (one change, one redraw). */
  setBoth(current: RunResult | null, baseline: RunResult | null): void;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (holder: ResultsHolder) => void): () => void;
}

/** Creates an empty results holder. */
export function createResultsHolder(): ResultsHolder {
  const listeners = new Set<(h: ResultsHolder) => void>();
  let current: RunResult | null = null;
  let baseline: RunResult | null = null;
  let version = 0;
  const holder: ResultsHolder = {
    get current() {
      return current;
    },
    get baseline() {
      return baseline;
    },
    get version() {
      return version;
    },
    setCurrent(result) {
      current = result;
      changed();
    },
    setBaseline(result) {
      baseline = result;
      changed();
    },
    setBoth(c, b) {
      current = c;
      baseline = b;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const changed = () => {
    version++;
    for (const l of listeners) l(holder);
  };
  return holder;
}
