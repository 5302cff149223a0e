/**
 * Share links on the command line: `chokepoint link` prints the link of a scenario (run once, for its result hash),
 * and `chokepoint run --link` opens one. The link format is src/scenario/link.ts, the same one the page reads.
 *
 * A link stores only the settings that differ from a preset, so it needs a preset to start from: a preset id is its
 * own base; a file that `extends` a preset uses that preset; a file without `extends` uses the preset with its `id`.
 * A file with neither is refused (exit 1) rather than carried whole: its link would be far over the length people can
 * share, and the file itself is the better thing to send.
 */
import type { RunResult } from '../results/contract.ts';
import { applySets } from './load-scenario.ts';
import { type PresetCatalog, parseScenario } from '../scenario/parse.ts';
import { type DecodedLink, LINK_LIMITS, describeHashMismatch, encodeLink, decodeLink } from '../scenario/link.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Command } from './args.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import {
  type ScenarioSource,
  buildScenario,
  classifyTarget,
  describeSource,
  readScenarioInput,
} from './load-scenario.ts';
import { createProgressBar } from './progress.ts';

/** A link opened for `run --link`: the scenario to run, the seed and horizon to run it with, and what changed them. */
export interface OpenedLink {
  link: DecodedLink;
  scenario: Scenario;
  seed: number;
  months?: number;
  /** The flags that make this run differ from the link's (then its hash is not checked), e.g. `--seed`. */
  changedBy: string[];
}

/** Prints the link of a scenario or preset on stdout (with a warning on stderr when it is too long to share). */
export async function printLink(
  command: Extract<Command, { kind: 'link' }>,
  io: CliIo,
  catalog: PresetCatalog,
): Promise<void> {
  const source = classifyTarget(command.target, io.cwd);
  const input = readScenarioInput(source, catalog, io.cwd);
  const scenario = buildScenario(input, describeSource(source), catalog, command.sets);
  const presetId = choosePresetBase(source, scenario, catalog);
  const preset = parseScenario(catalog.get(presetId), catalog);
  if (!preset.ok) throw new CliError(`the preset "${presetId}" is not a valid scenario`, preset.error);
  const result = await runForLink(scenario, command.seed, command.months, io);
  const fragment = encodeLink({
    presetId,
    scenario,
    preset: preset.value,
    seed: result.meta.seed,
    months: command.months,
    resultHash: result.resultHash,
    engineVersion: result.meta.engineVersion,
  });
  io.stdout(`${fragment}\n`);
  if (fragment.length > LINK_LIMITS.shareChars) {
    io.stderr(
      `warning: this link is ${fragment.length} characters, more than ${LINK_LIMITS.shareChars} that chat and mail ` +
        `reliably keep; share the scenario file instead\n`,
    );
  }
}

/** Names the preset a scenario's link is diffed against; throws CliError when there is none (see the file comment). */
export function choosePresetBase(source: ScenarioSource, scenario: Scenario, catalog: PresetCatalog): string {
  if (source.kind === 'preset') return source.id;
  if (scenario.extends !== undefined) return scenario.extends;
  if (scenario.id !== undefined && catalog.has(scenario.id)) return scenario.id;
  throw new CliError(`cannot make a link for ${source.path}`, [
    {
      path: source.path,
      message:
        'links need a preset base: the file neither "extends" a preset nor has the "id" of one; add ' +
        '"extends": "<preset-id>" and keep only what differs, or share the scenario file instead',
    },
  ]);
}

async function runForLink(scenario: Scenario, seed: number | undefined, months: number | undefined, io: CliIo) {
  const { runScenario } = await import('../engine/run.ts');
  const bar = createProgressBar(io.progress, scenario.title);
  try {
    return runScenario(scenario, { seed, months, onProgress: bar ? (f: number) => bar.update(f) : undefined });
  } finally {
    bar?.done();
  }
}

/** Decodes the link of `run --link` and applies its flags; throws CliError naming what is wrong with the link. */
export function openLink(command: Extract<Command, { kind: 'run-link' }>, catalog: PresetCatalog): OpenedLink {
  const decoded = decodeLink(command.link, catalog);
  if (!decoded.ok) throw new CliError('cannot open the link', decoded.error);
  const link = decoded.value;
  let scenario = link.scenario;
  // The link's scenario is already merged and parsed: overrides are applied to it directly (as buildScenario does
  // after parsing), never by resolving `extends` again, which would bring back keys the link removed.
  scenario = applySets(scenario, command.sets);
  const seed = command.seed ?? link.seed;
  const months = command.months ?? link.months;
  const changedBy: string[] = [];
  if (command.sets.length) changedBy.push('--set');
  if (seed !== link.seed) changedBy.push('--seed');
  if ((months ?? scenario.months) !== (link.months ?? link.scenario.months)) changedBy.push('--months');
  return { link, scenario, seed, months, changedBy };
}

/**
 * Compares a run of a link with the result hash the link carries; returns the stderr text to print (a warning naming
 * both hashes and engine versions, the same words the page shows) or undefined when they agree.
 */
export function checkLinkRun(opened: OpenedLink, result: RunResult): string | undefined {
  const { link } = opened;
  if (link.shortHash === undefined) return undefined;
  if (opened.changedBy.length) {
    return `note: the link's result hash ${link.shortHash} was not checked: ${opened.changedBy.join(', ')} changed the run\n`;
  }
  const mismatch = describeHashMismatch(link, result.meta.engineVersion, result.resultHash);
  return mismatch === undefined ? undefined : `warning: ${mismatch}\n`;
}
