/**
 * Command-line arguments → a command. Unknown commands and flags are errors with usage; numbers are checked here so
 * the engine only ever sees a valid seed and horizon.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { LIMITS } from '../scenario/schema.ts';
import { CliError } from './cli-error.ts';

/** A parsed command line, tagged by command. */
export type Command =
  | { kind: 'help' }
  | { kind: 'run'; target: string; out: string; seed?: number; months?: number; sets: string[] }
  | { kind: 'validate'; target: string }
  | { kind: 'presets' }
  | { kind: 'schema' };

/** Largest seed a scenario may hold (the schema's bound). */
export const MAX_SEED = 2 ** 31 - 1;
/** Shortest horizon a run may have, in months (MODEL.md §2). */
export const MIN_MONTHS = 12;

const RUN_OPTIONS = {
  out: { type: 'string' },
  seed: { type: 'string' },
  months: { type: 'string' },
  set: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;
const HELP_ONLY = { help: { type: 'boolean', short: 'h' } } as const;

/** Parses `argv` (without node and the script); throws CliError for anything it cannot use. */
export function parseCommandLine(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined) throw new CliError('no command given', [], true);
  if (name === '-h' || name === '--help' || name === 'help') return { kind: 'help' };
  switch (name) {
    case 'run':
      return parseRun(rest);
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
  const target = onePositional(positionals, 'run');
  const out = values.out as string | undefined;
  const seed = values.seed as string | undefined;
  const months = values.months as string | undefined;
  if (out === undefined || out === '') throw new CliError('run needs --out <dir>', [], true);
  return {
    kind: 'run',
    target,
    out,
    seed: seed === undefined ? undefined : parseIntegerFlag('--seed', seed, 0, MAX_SEED),
    months: months === undefined ? undefined : parseIntegerFlag('--months', months, MIN_MONTHS, LIMITS.months),
    sets: (values.set as string[] | undefined) ?? [],
  };
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
