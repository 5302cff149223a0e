/** What every command shares: where the CLI reads and writes, and its exit codes. */
import type { ProgressStream } from './progress.ts';

/** Where the CLI reads and writes: the working directory, output text, and the stream for the progress bar. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Gets a progress bar only when it is a terminal (`isTTY`). */
  progress: ProgressStream;
}

/** Exit codes: done, bad input (printed with paths), a bug. */
export const EXIT = { ok: 0, badInput: 1, internal: 2 } as const;
