/**
 * The ensemble beside the store (like the results holder): the collectors of the current scenario's seeds and of the
 * baseline's on the same seeds, the progress and the phase. Views redraw when the version changes; the controller
 * changes it at most once per animation frame while runs come in.
 */
import type { EnsembleCollector } from '../ensemble/collect.ts';
import { createHolder } from './holder.ts';

/** Where an ensemble is. `off`: one seed, no ensemble. */
export type EnsemblePhase = 'off' | 'planning' | 'running' | 'done' | 'cancelled' | 'failed';

/** The ensemble as views see it. */
export interface EnsembleState {
  phase: EnsemblePhase;
  /** Seeds asked for. */
  seeds: number;
  /** First seed (the Seed control). */
  baseSeed: number;
  /** The current scenario's runs; null before the plan is known. */
  current: EnsembleCollector | null;
  /** The baseline's runs on the same seeds; null when unpaired (the current scenario is the baseline itself). */
  baseline: EnsembleCollector | null;
  /** Runs finished and runs in all, both sides. */
  done: number;
  total: number;
  /** What went wrong, when `failed`. */
  message: string | null;
}

/** The holder. */
export interface EnsembleHolder {
  readonly state: EnsembleState;
  /** Increases with every change (new state or more runs in). */
  readonly version: number;
  set(state: EnsembleState): void;
  /** Says that the collectors changed in place (more runs in). */
  touch(patch?: Partial<EnsembleState>): void;
  subscribe(listener: (holder: EnsembleHolder) => void): () => void;
}

/** The state without an ensemble. */
export const NO_ENSEMBLE: EnsembleState = {
  phase: 'off',
  seeds: 1,
  baseSeed: 0,
  current: null,
  baseline: null,
  done: 0,
  total: 0,
  message: null,
};

/** Creates a holder with no ensemble. */
export function createEnsembleHolder(): EnsembleHolder {
  return createHolder<EnsembleState, Omit<EnsembleHolder, 'version' | 'subscribe'>>(NO_ENSEMBLE, (set, get) => ({
    get state() {
      return get();
    },
    set,
    touch: (patch) => set(patch ? { ...get(), ...patch } : get()),
  }));
}
