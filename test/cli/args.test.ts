import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.ts';
import { CliError } from '../../src/cli/cli-error.ts';

const problemOf = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error(`expected ${argv.join(' ')} to fail`);
};

describe('parseCommandLine', () => {
  it('parses run with its flags, keeping repeated --set in order', () => {
    const argv = ['run', 'x.json', '--out=dir', '--seed', '42', '--months', '120', '--set', 'a=1', '--set', 'b.c="d"'];
    expect(parseCommandLine(argv)).toEqual({
      kind: 'run',
      target: 'x.json',
      out: 'dir',
      seed: 42,
      months: 120,
      sets: ['a=1', 'b.c="d"'],
      facilityMonths: false,
    });
    expect(parseCommandLine(['run', 'x.json', '--out', 'o', '--facility-months'])).toMatchObject({
      facilityMonths: true,
    });
  });

  it('leaves seed and months to the scenario when not given', () => {
    expect(parseCommandLine(['run', 'p', '--out', 'o'])).toEqual({
      kind: 'run',
      target: 'p',
      out: 'o',
      sets: [],
      facilityMonths: false,
    });
  });

  it('parses validate, presets, the hidden schema, and help in its forms', () => {
    expect(parseCommandLine(['validate', 'x.json'])).toEqual({ kind: 'validate', target: 'x.json' });
    expect(parseCommandLine(['presets'])).toEqual({ kind: 'presets' });
    expect(parseCommandLine(['schema'])).toEqual({ kind: 'schema' });
    for (const argv of [['--help'], ['-h'], ['help'], ['run', '--help'], ['validate', '-h']]) {
      expect(parseCommandLine(argv)).toEqual({ kind: 'help' });
    }
  });

  it('checks --seed and --months are integers in range, naming the flag', () => {
    expect(problemOf(['run', 'p', '--out', 'o', '--months', '11']).problems).toEqual([
      { path: '--months', message: '"11" is not an integer from 12 to 1200' },
    ]);
    expect(parseCommandLine(['run', 'p', '--out', 'o', '--months', '1200'])).toMatchObject({ months: 1200 });
    expect(problemOf(['run', 'p', '--out', 'o', '--seed', '2147483648']).problems[0]!.path).toBe('--seed');
    expect(problemOf(['run', 'p', '--out', 'o', '--seed', '1e3']).problems[0]!.path).toBe('--seed');
    expect(parseCommandLine(['run', 'p', '--out', 'o', '--seed', '0'])).toMatchObject({ seed: 0 });
  });

  it('rejects unknown commands and flags, missing or extra arguments, with usage', () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['run', 'p', '--out', 'o', '--link', '#x'],
      ['run', '--out', 'o'],
      ['run', 'a', 'b', '--out', 'o'],
      ['run', 'p'],
      ['validate'],
      ['presets', 'extra'],
      ['run', 'p', '--out'],
    ]) {
      expect(problemOf(argv).showUsage, argv.join(' ')).toBe(true);
    }
  });
});
