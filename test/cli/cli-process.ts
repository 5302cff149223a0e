/**
 * Runs the CLI two ways and collects what it printed: `runChokepoint` starts the real `bin/chokepoint.mjs` in a child
 * process, as a user would; `runInProcess` calls `runCli` in this process, the same code without starting Node and
 * tsx again. Tests use the child process only for what just a process shows (exit codes of the binary, --help, a
 * folder that appears whole to another process, a working directory of its own) and run everything else in-process.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/cli.ts';

/** The CLI's entry point. */
export const BIN = fileURLToPath(new URL('../../bin/chokepoint.mjs', import.meta.url));

/** What one invocation printed, and its exit code. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/chokepoint.mjs ...args` in `cwd`; never rejects on a non-zero exit, but rejects when the process does
 * not end within `timeoutMs` (it is killed then).
 */
export function runChokepoint(args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<CliOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 << 20, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs `chokepoint ...args` in this process with `cwd` as its working directory; stderr is not a terminal. */
export async function runInProcess(args: readonly string[], cwd: string): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    progress: { isTTY: false, write: () => true },
  });
  return { code, stdout, stderr };
}
