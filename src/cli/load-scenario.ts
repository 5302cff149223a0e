/**
 * Turns the scenario argument and the `--set` overrides into a validated Scenario, or a CliError whose problems name
 * the file or override and the JSON path. Order: read → parse (extends resolved) → each `--set` applied to the parsed
 * scenario and validated again, so a problem is blamed on the override that caused it.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyOverrides } from '../scenario/apply-overrides.ts';
import { type PresetCatalog, parseScenario } from '../scenario/parse.ts';
import { parseJsonText } from '../scenario/safe-json.ts';
import type { Scenario } from '../scenario/schema.ts';
import { CliError } from './cli-error.ts';
import { stripBom } from './preset-files.ts';
import { readCappedFile } from './read-file.ts';

/** Largest scenario file read, bytes (a larger one is refused unread); the schema's limits keep real ones far below. */
export const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;

/** Where a scenario came from: a file (as the user wrote its path) or a preset id. */
export type ScenarioSource = { kind: 'file'; path: string } | { kind: 'preset'; id: string };

/** Decides whether `target` is a file (ends in `.json` or names an existing file) or a preset id. */
export function classifyTarget(target: string, cwd: string): ScenarioSource {
  if (target.endsWith('.json') || isFile(resolve(cwd, target))) return { kind: 'file', path: target };
  return { kind: 'preset', id: target };
}

/**
 * Reads the raw JSON of a scenario file or preset; throws CliError naming the file or the unknown id. A file must be a
 * regular file (after following symlinks) of at most MAX_SCENARIO_BYTES: see readCappedFile.
 */
export function readScenarioInput(source: ScenarioSource, catalog: PresetCatalog, cwd: string): unknown {
  if (source.kind === 'preset') {
    const raw = catalog.get(source.id);
    if (raw === undefined) {
      const known = catalog.size ? [...catalog.keys()].join(', ') : '(none)';
      throw new CliError(`unknown preset "${source.id}"`, [
        { path: source.id, message: `not a preset id and not a file; known presets: ${known}` },
      ]);
    }
    return raw;
  }
  const text = readCappedFile(resolve(cwd, source.path), source.path, MAX_SCENARIO_BYTES).toString('utf8');
  const parsed = parseJsonText(stripBom(text), source.path);
  if (!parsed.ok) throw new CliError(`${source.path} is not valid JSON`, parsed.error);
  return parsed.value;
}

/** Parses a scenario and applies `--set` overrides in order; throws CliError with every problem found. */
export function buildScenario(
  input: unknown,
  label: string,
  catalog: PresetCatalog,
  sets: readonly string[],
): Scenario {
  const parsed = parseScenario(input, catalog);
  if (!parsed.ok) throw new CliError(`${label} is not a valid scenario`, parsed.error);
  return applySets(parsed.value, sets);
}

/** Names a source for messages: the file path as given, or `preset "<id>"`. */
export function describeSource(source: ScenarioSource): string {
  return source.kind === 'file' ? source.path : `preset "${source.id}"`;
}

/** Loads a scenario argument with its overrides, end to end. */
export function loadScenario(target: string, sets: readonly string[], catalog: PresetCatalog, cwd: string): Scenario {
  const source = classifyTarget(target, cwd);
  const input = readScenarioInput(source, catalog, cwd);
  return buildScenario(input, describeSource(source), catalog, sets);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Applies `--set` arguments in order, validating after each; a refused one throws a CliError naming it. */
export function applySets(scenario: Scenario, sets: readonly string[]): Scenario {
  const applied = applyOverrides(scenario, sets);
  if (applied.ok) return applied.value;
  const { text, reason, problems } = applied.error;
  throw new CliError(reason === 'bad' ? `bad --set ${text}` : `--set ${text} makes the scenario invalid`, problems);
}
