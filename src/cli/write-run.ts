/**
 * Writes a run's files so that `--out` holds a whole run or nothing new: everything goes into a sibling temporary
 * folder `<out>.tmp-<pid>`, which is renamed into place only when complete. An earlier run in `--out` is renamed aside
 * first and deleted only after the new folder is in place; on any error the temporary folder is removed and the old
 * folder, if any, is put back.
 */
import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error.ts';

/** Describes what `--out` holds before a run is written. */
export type Target = 'missing' | 'empty' | 'earlier-run';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Writes `files` (name → contents) as the folder `outDir`, atomically as seen by readers of `outDir`. An existing
 * folder is replaced only when it is empty or holds nothing but files of these names (an earlier run); anything else
 * is refused with a CliError, so a mistyped `--out` can never delete someone's work.
 */
export function writeRunFolder(
  outDir: string,
  files: Iterable<readonly [string, string | Uint8Array]>,
  cwd: string = process.cwd(),
): void {
  const out = resolve(cwd, outDir);
  const entries = [...files];
  for (const [name] of entries) if (!SAFE_NAME.test(name)) throw new Error(`invariant broken: file name "${name}"`);
  const target = checkRunFolder(
    outDir,
    entries.map(([name]) => name),
    cwd,
  );
  let createdParent: string | undefined;
  try {
    createdParent = mkdirSync(dirname(out), { recursive: true });
  } catch (e) {
    throw describeWriteError(outDir, e);
  }
  const tmp = `${out}.tmp-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  try {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    for (const [name, data] of entries) writeFileSync(resolve(tmp, name), data);
    if (target === 'empty') rmdirSync(out);
    if (target === 'earlier-run') renameSync(out, old);
    try {
      renameSync(tmp, out);
    } catch (e) {
      if (target === 'earlier-run') renameSync(old, out);
      if (target === 'empty') mkdirSync(out);
      throw e;
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (createdParent !== undefined) removeEmptyDirs(dirname(out), createdParent);
    throw describeWriteError(outDir, e);
  }
  try {
    rmSync(old, { recursive: true, force: true });
  } catch {
    // The new run is in place; a leftover `<out>.old-<pid>` is harmless and named for what it is.
  }
}

/**
 * Checks that `outDir` may receive a run writing `fileNames` (missing, empty, or an earlier run) and says which; throws
 * a CliError otherwise. Called before a long run too, so a bad `--out` fails fast.
 */
export function checkRunFolder(outDir: string, fileNames: readonly string[], cwd: string = process.cwd()): Target {
  const out = resolve(cwd, outDir);
  const shown = outDir;
  const runFiles = new Set(fileNames);
  let stat;
  try {
    stat = lstatSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw new CliError(`cannot use --out ${shown}`, [{ path: shown, message: (e as Error).message }]);
  }
  if (!stat.isDirectory()) {
    throw new CliError(`cannot use --out ${shown}`, [{ path: shown, message: 'exists and is not a folder' }]);
  }
  const names = readdirSync(out);
  if (names.length === 0) return 'empty';
  const foreign = names.filter((n) => !runFiles.has(n));
  if (foreign.length) {
    const listed = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw new CliError(`refusing to replace --out ${shown}`, [
      { path: shown, message: `holds files a run does not write (${listed}); choose a new or empty folder` },
    ]);
  }
  return 'earlier-run';
}

/** Turns a system error (no space, no permission, a file in the way) into a CliError about `--out`; bugs pass. */
function describeWriteError(outDir: string, e: unknown): unknown {
  if (e instanceof Error && 'syscall' in e) {
    return new CliError(`cannot write --out ${outDir}`, [{ path: outDir, message: e.message }]);
  }
  return e;
}

/** Removes `dir` and its parents up to and including `top` while they are empty (folders this write created). */
function removeEmptyDirs(dir: string, top: string): void {
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top) return;
  }
}
