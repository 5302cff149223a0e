/** Runs the real `bin/chokepoint.mjs` in a child process, as a user would, and collects what it printed. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI's entry point. */
export const BIN = fileURLToPath(new URL('../../bin/chokepoint.mjs', import.meta.url));

/** What one invocation printed, and its exit code. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/chokepoint.mjs ...args` in `cwd`; never rejects on a non-zero exit. */
export function runChokepoint(args: readonly string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 << 20, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}
