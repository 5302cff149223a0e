/** The controls' types, shared by the control builders and the view. */
import type { RunResult } from '../../results/contract.ts';
import type { ControlValue } from '../../state/store.ts';

/** A control group of PRODUCT.md. */
export type ControlGroup = 'zone' | 'dominant' | 'market' | 'run';

/** Reads another control's current value (its default when unmoved). */
export type ValueOf = (id: string) => ControlValue;

/** One control. */
export interface ControlSpec {
  id: string;
  group: ControlGroup;
  label: string;
  kind: 'range' | 'select' | 'number' | 'checklist';
  min?: number;
  max?: number;
  step?: number;
  options?: { value: string; label: string }[];
  /** The preset's value. */
  defaultValue: ControlValue;
  /** One line: the model rule this drives. */
  rule: string;
  /** Where the default came from. */
  origin: string;
  /** Why the control is unavailable for this preset, or null. */
  disabled: string | null;
  /** Why the control is unavailable given the other controls' values (e.g. no members yet), or null. */
  blockedBy?: (valueOf: ValueOf) => string | null;
  /**
   * Why the control can change nothing in the run on screen, or null: only for a limit that can never start what it
   * limits (a cap on releases when nothing was released), so that the run it is read from stays the same whatever the
   * control's value, and its move still reaches the run request.
   */
  idleIn?: (run: RunResult | null) => string | null;
  /**
   * A remark on the current value that the hint shows, or null: what binds instead (the part of a range that changes
   * nothing, a choice that acts here as another), read from the controls and, where only a run can tell, from the
   * run on screen (`run`, null before the first).
   */
  remark?: (value: ControlValue, valueOf: ValueOf, run?: RunResult | null) => string | null;
  /** The slider's range given the other controls (e.g. a budget up to what the storage can hold), when it moves. */
  range?: (valueOf: ValueOf) => { min: number; max: number };
  /** Formats a value for display. */
  format(value: ControlValue): string;
  /** The overrides for a value that differs from the default. */
  overrides(value: ControlValue, valueOf: ValueOf): string[];
}

/** The run request the controls describe. */
export interface ControlRequest {
  overrides: string[];
  seed?: number;
  months?: number;
}

/** Formats a share as a percentage. */
export const percent = (v: ControlValue): string => `${Math.round(Number(v) * 1000) / 10}%`;
