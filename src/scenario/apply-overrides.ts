/**
 * `--set`-style overrides applied to a valid scenario, one at a time, each followed by validation: the single path the
 * CLI, the worker and the sweep's grid points all take, so the same `path=value` gives the same scenario and the same
 * message everywhere. Fields that must be set together (an integrated plant's `mineCapacityTpy` and `mineCashCost`)
 * are set by consecutive overrides: one that leaves the scenario invalid is accepted when the ones after it make it
 * valid again.
 */
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { type Override, applyOverride, blameOverride, parseOverride } from './overrides.ts';
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
    const applied = readAndApply(current, texts[i]!);
    if (!applied.ok) return applied;
    const { scenario: next, override } = applied.value;
    const checked = validateScenario(next);
    if (checked.ok) {
      current = checked.value;
      continue;
    }
    const failure = { text: texts[i]!, reason: 'invalid' as const, problems: blameOverride(override, checked.error) };
    // The overrides still to come may complete this one (fields that go together): apply them all, then validate.
    let pending = next;
    for (const text of texts.slice(i + 1)) {
      const a = readAndApply(pending, text);
      if (!a.ok) return a;
      pending = a.value.scenario;
    }
    const whole = validateScenario(pending);
    return whole.ok ? ok(whole.value) : fail(failure);
  }
  return ok(current);
}

/** Reads one override and applies it, not validating the result (unknown until it is); `bad` when either step fails. */
function readAndApply(
  scenario: unknown,
  text: string,
): Result<{ scenario: unknown; override: Override }, OverrideFailure> {
  const o = parseOverride(text);
  if (!o.ok) return fail({ text, reason: 'bad', problems: o.error });
  const applied = applyOverride(scenario, o.value);
  if (!applied.ok) return fail({ text, reason: 'bad', problems: applied.error });
  return ok({ scenario: applied.value, override: o.value });
}
