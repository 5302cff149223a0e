/**
 * Result buffers beside the store: the current run and the baseline it is compared with. Views read them when
 * `version` changes; the store never holds them (they are large and copied from the worker, not state to diff).
 */
import type { RunResult } from '../results/contract.ts';
import { createHolder } from './holder.ts';

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
  type Pair = { current: RunResult | null; baseline: RunResult | null };
  return createHolder<Pair, Omit<ResultsHolder, 'version' | 'subscribe'>>(
    { current: null, baseline: null },
    (set, get) => ({
      get current() {
        return get().current;
      },
      get baseline() {
        return get().baseline;
      },
      setCurrent: (result) => set({ ...get(), current: result }),
      setBaseline: (result) => set({ ...get(), baseline: result }),
      setBoth: (current, baseline) => set({ current, baseline }),
    }),
  );
}
