/**
 * The run on screen as Share, Download and "About this run" need it: its result, the scenario that produced it
 * (rebuilt from the logged request exactly as the worker built it), the preset it starts from and where it came from.
 */
import { type RunRequest, buildRequestScenario } from '../bridge/protocol.ts';
import type { RunResult } from '../results/contract.ts';
import { type Result, fail, formatProblems, ok } from '../lib/result.ts';
import type { PresetCatalog } from '../scenario/parse.ts';
import type { Scenario } from '../scenario/schema.ts';
import { openedFromSent } from './scenario-file.ts';

/** The run on screen, described. */
export interface CurrentRun {
  result: RunResult;
  request: RunRequest;
  /** The scenario as run: validated, every control applied (the result's seed and horizon may differ from its own). */
  scenario: Scenario;
  /** The preset it is diffed against for a link, or null (an uploaded scenario of its own). */
  baseId: string | null;
  /** Where it came from, for people: `preset "…"`, `a shared link` or a file name. */
  source: string;
}

const described = new WeakMap<RunResult, Result<CurrentRun, string>>();

/** Describes `result`, run for `request`; fails with a sentence when the scenario cannot be rebuilt (a bug). */
export function describeRun(
  result: RunResult,
  request: RunRequest | undefined,
  catalog: PresetCatalog,
): Result<CurrentRun, string> {
  let out = described.get(result);
  if (out) return out;
  if (!request) out = fail('the page does not know which request produced this run');
  else {
    const built = buildRequestScenario(request, catalog);
    const opened = openedFromSent(request.scenario);
    out = built.ok
      ? ok({
          result,
          request,
          scenario: built.value,
          baseId: opened ? opened.baseId : (request.presetId ?? null),
          source: opened ? opened.label : `preset "${request.presetId}"`,
        })
      : fail(`the scenario of this run cannot be rebuilt: ${formatProblems(built.error.slice(0, 3))}`);
  }
  described.set(result, out);
  return out;
}
