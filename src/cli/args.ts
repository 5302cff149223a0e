/**
 * Command-line arguments → a command. Unknown commands and flags are errors with usage; numbers are checked here so
 * the engine only ever sees a valid seed and horizon.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { MAX_SWEEP_RUNS } from '../ensemble/plan.ts';
import { LIMITS } from '../scenario/schema.ts';
import { CliError } from './cli-error.ts';

/** A parsed command line, tagged by command. */
export type Command =
  | { kind: 'help' }
  | {
      kind: 'run';
      target: string;
      out: string;
      seed?: number;
      months?: number;
      sets: string[];
      facilityMonths: boolean;
    }
  | {
      kind: 'run-link';
      link: string;
      out: string;
      seed?: number;
      months?: number;
      sets: string[];
      facilityMonths: boolean;
    }
  | { kind: 'link'; target: string; seed?: number; months?: number; sets: string[] }
  | SweepCommand
  | { kind: 'merge'; dirs: string[]; out: string }
  | { kind: 'validate'; target: string }
  | { kind: 'presets' }
  | { kind: 'schema' };

/** `sweep`: `vary` and `shard` are checked against the scenario in sweep.ts. */
export interface SweepCommand {
  kind: 'sweep';
  target: string;
  out: string;
  runs: number;
  vary: string[];
  workers?: number;
  shard?: string;
  seed?: number;
  months?: number;
  sets: string[];
}

/** Most worker threads `--workers` may ask for. */
export const MAX_WORKERS = 256;

/** Largest seed a scenario may hold (the schema's bound). */
export const MAX_SEED = 2 ** 31 - 1;
/** Shortest horizon a run may have, in months (MODEL.md §2). */
export const MIN_MONTHS = 12;

const RUN_OPTIONS = {
  out: { type: 'string' },
  'facility-months': { type: 'boolean' },
  link: { type: 'string' },
  seed: { type: 'string' },
  months: { type: 'string' },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;
const LINK_OPTIONS = {
  seed: { type: 'string' },
  months: { type: 'string' },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;
const SWEEP_OPTIONS = {
  ...LINK_OPTIONS,
  out: { type: 'string' },
  runs: { type: 'string' },
  vary: { type: 'string', multiple: true },
  workers: { type: 'string' },
  shard: { type: 'string' },
} as const;
const MERGE_OPTIONS = { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const HELP_ONLY = { help: { type: 'boolean', short: 'h' } } as const;

/** Parses `argv` (without node and the script); throws CliError for anything it cannot use. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined) throw new CliError('no command given', [], true);
  if (name === '-h' || name === '--help' || name === 'help') return { kind: 'help' };
  switch (name) {
    case 'run':
      return parseRun(rest);
    case 'link':
      return parseLink(rest);
    case 'sweep':
      return parseSweep(rest);
    case 'merge':
      return parseMerge(rest);
    case 'validate': {
      const { positionals, help } = parseFlags(rest, HELP_ONLY);
      if (help) return { kind: 'help' };
      return { kind: 'validate', target: onePositional(positionals, 'validate') };
    }
    case 'presets':
    case 'schema': {
      const { positionals, help } = parseFlags(rest, HELP_ONLY);
      if (help) return { kind: 'help' };
      if (positionals.length) throw new CliError(`${name} takes no arguments (got "${positionals[0]}")`, [], true);
      return { kind: name };
    }
    default:
      throw new CliError(`unknown command "${name}"`, [], true);
  }
}

function parseRun(args: string[]): Command {
  const { values, positionals, help } = parseFlags(args, RUN_OPTIONS);
  if (help) return { kind: 'help' };
  const link = values.link as string | undefined;
  if (link !== undefined && positionals.length) {
    throw new CliError(`run takes a scenario or --link, not both (got "${positionals[0]}" and --link)`, [], true);
  }
  const target = link === undefined ? onePositional(positionals, 'run') : undefined;
  const out = values.out as string | undefined;
  if (out === undefined || out === '') throw new CliError('run needs --out <dir>', [], true);
  const common = { out, facilityMonths: values['facility-months'] === true, ...parseRunFlags(values) };
  return target === undefined ? { kind: 'run-link', link: link!, ...common } : { kind: 'run', target, ...common };
}

function parseLink(args: string[]): Command {
  const { values, positionals, help } = parseFlags(args, LINK_OPTIONS);
  if (help) return { kind: 'help' };
  return { kind: 'link', target: onePositional(positionals, 'link'), ...parseRunFlags(values) };
}

function parseRunFlags(values: FlagValues): { seed?: number; months?: number; sets: string[] } {
  const seed = values.seed as string | undefined;
  const months = values.months as string | undefined;
  return {
    seed: seed === undefined ? undefined : parseIntegerFlag('--seed', seed, 0, MAX_SEED),
    months: months === undefined ? undefined : parseIntegerFlag('--months', months, MIN_MONTHS, LIMITS.months),
    sets: (values.set as string[] | undefined) ?? [],
  };
}

function parseSweep(args: string[]): Command {
  const { values, positionals, help } = parseFlags(args, SWEEP_OPTIONS);
  if (help) return { kind: 'help' };
  const target = onePositional(positionals, 'sweep');
  const text = (name: string) => values[name] as string | undefined;
  const out = text('out');
  const runs = text('runs');
  if (out === undefined || out === '') throw new CliError('sweep needs --out <dir>', [], true);
  if (runs === undefined) throw new CliError('sweep needs --runs N (seeds per grid point)', [], true);
  const workers = text('workers');
  return {
    kind: 'sweep',
    target,
    out,
    runs: parseIntegerFlag('--runs', runs, 1, MAX_SWEEP_RUNS),
    vary: (values.vary as string[] | undefined) ?? [],
    workers: workers === undefined ? undefined : parseIntegerFlag('--workers', workers, 1, MAX_WORKERS),
    shard: text('shard'),
    ...parseRunFlags(values),
  };
}

function parseMerge(args: string[]): Command {
  const { values, positionals, help } = parseFlags(args, MERGE_OPTIONS);
  if (help) return { kind: 'help' };
  const out = values.out as string | undefined;
  if (out === undefined || out === '') throw new CliError('merge needs --out <dir>', [], true);
  if (positionals.length === 0) throw new CliError('merge needs the shard folders to combine', [], true);
  return { kind: 'merge', dirs: positionals, out };
}

type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseFlags(args: string[], options: ParseArgsConfig['options']) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const values = parsed.values as FlagValues;
    return { values, positionals: parsed.positionals, help: values.help === true };
  } catch (e) {
    // parseArgs explains unknown flags and missing values well; drop its hint about `--`, which is not ours.
    const message = (e as Error).message.split('. To specify')[0]!.replace(/\.$/, '');
    throw new CliError(message, [], true);
  }
}

function onePositional(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new CliError(`${command} needs a scenario file or preset id`, [], true);
  if (positionals.length > 1) {
    throw new CliError(`${command} takes one scenario, got ${positionals.length}: ${positionals.join(' ')}`, [], true);
  }
  return positionals[0]!;
}

/** Parses a whole decimal integer within [min, max]; the problem names the flag. */
export function parseIntegerFlag(flag: string, text: string, min: number, max: number): number {
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new CliError(`bad ${flag}`, [{ path: flag, message: `"${text}" is not an integer from ${min} to ${max}` }]);
  }
  return n;
}
