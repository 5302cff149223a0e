/**
 * The `chokepoint` command (see RESULTS.md). Started by `bin/chokepoint.mjs`, or directly with
 * `tsx src/cli/main.ts <command>`; everything it does is in `cli.ts`.
 */
import { runCli } from './cli.ts';

// A reader that stops early (`chokepoint presets | head -1`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: process.stderr,
});
