/**
 * `--set`-style overrides applied to a valid scenario, one at a time, each followed by validation: the single path the
 * CLI, the worker and the sweep's grid points all take, so the same `path=value` gives the same scenario and the same
 * message everywhere.
 */
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { applyOverride, blameOverride, parseOverride } from './overrides.ts';
import { validateScenario } from './parse.ts';
import type { Scenario } from './schema.ts';

/** Why an override was refused: it could not be read or applied (`bad`), or it made the scenario `invalid`. */
export interface OverrideFailure {
  /** The override as given, `path=value`. */
  text: string;
  reason: 'bad' | 'invalid';
  /** The problems, each with its JSON path (for `invalid`, blamed on the override's path where they lie under it). */
  problems: Problem[];
}

/** Applies `texts` in order to `scenario`, validating after each; stops at the first that fails. */
export function applyOverrides(scenario: Scenario, texts: readonly string[]): Result<Scenario, OverrideFailure> {
  let current = scenario;
  for (const text of texts) {
    const o = parseOverride(text);
    if (!o.ok) return fail({ text, reason: 'bad', problems: o.error });
    const applied = applyOverride(current, o.value);
    if (!applied.ok) return fail({ text, reason: 'bad', problems: applied.error });
    const checked = validateScenario(applied.value);
    if (!checked.ok) return fail({ text, reason: 'invalid', problems: blameOverride(o.value, checked.error) });
    current = checked.value;
  }
  return ok(current);
}
