/**
 * The commands of RESULTS.md ("Command line"): `run`, `validate`, `presets`, `link` (share links, see
 * link-command.ts), `sweep` and `merge` (sweep.ts, sweep-merge.ts), and the hidden `schema`. `runCli` takes its
 * arguments and streams explicitly and returns the exit code, so it never calls `process.exit`.
 */
import { formatProblems } from '../lib/result.ts';
import { FACILITY_MONTHS_FILE, RUN_FILE_NAMES, buildFacilityMonthsCsv, buildRunFiles } from '../results/run-files.ts';
import type { RunResult } from '../results/contract.ts';
import { listPresets } from '../scenario/presets.ts';
import { type Command, parseCommandLine } from './args.ts';
import { CliError } from './cli-error.ts';
import { checkLinkRun, openLink, printLink } from './link-command.ts';
import { loadScenario } from './load-scenario.ts';
import { readPresetCatalog } from './preset-files.ts';
import { type CliIo, EXIT } from './cli-io.ts';
import { createProgressBar } from './progress.ts';

import { buildScenarioJsonSchema } from './scenario-json-schema.ts';
import { SYNOPSIS, USAGE } from './usage.ts';
import { prepareRunFolder, writeRunFolder } from './write-run.ts';

/** Runs one command line and returns its exit code; every message goes to `io`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command | undefined;
  try {
    command = parseCommandLine(argv);
    return await execute(command, io);
  } catch (e) {
    if (!(e instanceof CliError)) {
      io.stderr(`chokepoint: internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
      return EXIT.internal;
    }
    if (command?.kind === 'validate' && e.problems.length) io.stderr(formatProblems(e.problems) + '\n');
    else {
      io.stderr(`chokepoint: ${e.message}\n`);
      if (e.problems.length) io.stderr(formatProblems(e.problems) + '\n');
      if (e.showUsage) io.stderr(`\n${SYNOPSIS}Run "chokepoint --help" for the options.\n`);
    }
    return EXIT.badInput;
  }
}

async function execute(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT.ok;
    case 'schema':
      io.stdout(buildScenarioJsonSchema());
      return EXIT.ok;
    case 'presets': {
      const catalog = loadCatalog(io);
      for (const p of listPresets(catalog)) io.stdout(`${p.id}\t${p.title}\n`);
      return EXIT.ok;
    }
    case 'validate': {
      const scenario = loadScenario(command.target, [], loadCatalog(io), io.cwd);
      io.stdout(`ok: ${scenario.title}\n`);
      return EXIT.ok;
    }
    case 'run':
    case 'run-link':
      return runCommand(command, io);
    case 'link':
      await printLink(command, io, loadCatalog(io));
      return EXIT.ok;
    // Loaded only when used, like the engine in `run`.
    case 'sweep':
      return (await import('./sweep.ts')).runSweepCommand(command, io);
    case 'merge':
      return (await import('./sweep-merge.ts')).runMergeCommand(command, io);
  }
}

async function runCommand(command: Extract<Command, { kind: 'run' | 'run-link' }>, io: CliIo): Promise<number> {
  const catalog = loadCatalog(io);
  const opened = command.kind === 'run-link' ? openLink(command, catalog) : undefined;
  const scenario =
    command.kind === 'run' ? loadScenario(command.target, command.sets, catalog, io.cwd) : opened!.scenario;
  // An earlier run may hold facility_months.csv whether or not this one writes it: both are the CLI's own files.
  prepareRunFolder(command.out, [...RUN_FILE_NAMES, FACILITY_MONTHS_FILE], io.cwd);
  // Loaded only here, so `validate` and `presets` stay fast and work while the engine is being changed.
  const { runScenario } = await import('../engine/run.ts');
  const bar = createProgressBar(io.progress, scenario.title);
  let result: RunResult;
  try {
    result = runScenario(scenario, {
      seed: opened?.seed ?? command.seed,
      months: opened?.months ?? command.months,
      onProgress: bar ? (fraction: number) => bar.update(fraction) : undefined,
    });
  } finally {
    bar?.done();
  }
  const files = buildRunFiles(result);
  const written: (readonly [string, string])[] = RUN_FILE_NAMES.map((name) => [name, files[name]] as const);
  if (command.facilityMonths) written.push([FACILITY_MONTHS_FILE, buildFacilityMonthsCsv(result)]);
  writeRunFolder(command.out, written, io.cwd, [FACILITY_MONTHS_FILE]);
  const { meta } = result;
  io.stdout(
    `wrote ${command.out}: ${written.length} files, ${meta.months} months from ${meta.start}, ` +
      `seed ${meta.seed}, resultHash ${result.resultHash}\n`,
  );
  const linkCheck = opened && checkLinkRun(opened, result);
  if (linkCheck) io.stderr(linkCheck);
  return EXIT.ok;
}

function loadCatalog(io: CliIo) {
  const { catalog, broken } = readPresetCatalog();
  for (const p of broken) io.stderr(`warning: preset skipped: ${p.path}: ${p.message}\n`);
  return catalog;
}
