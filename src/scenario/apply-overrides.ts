/**
 * `--set`-style overrides applied to a valid scenario, one at a time, each followed by validation: the single path the
 * CLI, the worker and the sweep's grid points all take, so the same `path=value` gives the same scenario and the same
 * message everywhere. Fields that must be set together (an integrated plant's `mineCapacityTpy` and `mineCashCost`)
 * are set by consecutive overrides: one that leaves the scenario invalid is accepted when the ones after it make it
 * valid again.
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

/**
 * Applies `texts` in order to `scenario`, validating after each. The first that cannot be read or applied fails. The
 * first that leaves the scenario invalid fails too, with its own problems, unless the rest, applied after it, leave a
 * valid scenario.
 */
export function applyOverrides(scenario: Scenario, texts: readonly string[]): Result<Scenario, OverrideFailure> {
  let current = scenario;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!;
    const o = parseOverride(text);
    if (!o.ok) return fail({ text, reason: 'bad', problems: o.error });
    const applied = applyOverride(current, o.value);
    if (!applied.ok) return fail({ text, reason: 'bad', problems: applied.error });
    const checked = validateScenario(applied.value);
    if (checked.ok) {
      current = checked.value;
      continue;
    }
    const failure: OverrideFailure = { text, reason: 'invalid', problems: blameOverride(o.value, checked.error) };
    // The overrides still to come may complete this one (fields that go together): apply them all, then validate.
    let pending = applied.value;
    for (const next of texts.slice(i + 1)) {
      const n = parseOverride(next);
      if (!n.ok) return fail({ text: next, reason: 'bad', problems: n.error });
      const a = applyOverride(pending, n.value);
      if (!a.ok) return fail({ text: next, reason: 'bad', problems: a.error });
      pending = a.value;
    }
    const whole = validateScenario(pending);
    return whole.ok ? ok(whole.value) : fail(failure);
  }
  return ok(current);
}
