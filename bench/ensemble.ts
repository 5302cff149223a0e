/**
 * Ensemble benchmark: `ensemble_100_ms` is the wall time of `chokepoint sweep rare-earths-2024 --runs 100` through the
 * CLI's worker pool, in this process — worker start-up, the 100 runs, bands, badges and the atomic write included.
 * `ensemble_100_cpu_ms` is the CPU time of this process over the same span (all threads; esbuild's bundling process,
 * about half a second of wall time on first use, excluded): on a busy machine it says what the sweep itself cost.
 * Budget ≤ 2,000 ms. Run directly with `npx tsx bench/ensemble.ts [--workers K]` to print the figure as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/cli.ts';

/** What to measure: the worker count (default: the machine's cores, as the CLI) and the seeds. */
export interface EnsembleBenchOptions {
  workers?: number;
  runs?: number;
  preset?: string;
}

/** Times one sweep of `runs` (100) seeds of `preset` (rare-earths-2024) through the CLI; throws if it fails. */
export async function benchEnsemble(
  options: EnsembleBenchOptions = {},
): Promise<{ ensemble_100_ms: number; ensemble_100_cpu_ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-'));
  const argv = ['sweep', options.preset ?? 'rare-earths-2024', '--out', 'out', '--runs', String(options.runs ?? 100)];
  if (options.workers !== undefined) argv.push('--workers', String(options.workers));
  let errors = '';
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const code = await runCli(argv, {
      cwd: dir,
      stdout: () => {},
      stderr: (text) => void (errors += text),
      progress: { isTTY: false, write: () => true },
    });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    if (code !== 0) throw new Error(`sweep exited ${code}: ${errors}`);
    return { ensemble_100_ms: Math.round(ms), ensemble_100_cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--workers');
  const workers = at > 0 ? Number(process.argv[at + 1]) : undefined;
  console.log(JSON.stringify({ workers: workers ?? 'default', ...(await benchEnsemble({ workers })) }));
}
