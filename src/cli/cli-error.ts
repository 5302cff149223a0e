import type { Problem } from '../lib/result.ts';

/**
 * A failure the user can fix (bad arguments, a bad scenario, an unusable `--out`): the CLI prints it and exits 1.
 * Anything else thrown is a bug and exits 2 with its stack.
 */
export class CliError extends Error {
  /** Creates an error with a headline, the problems behind it (`path: message` each) and whether to show usage. */
  constructor(
    message: string,
    readonly problems: readonly Problem[] = [],
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
