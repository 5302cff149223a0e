/**
 * Writes a command's files as the folder `--out`, so that `--out` holds the earlier run or the new one, whole, and
 * never loses what chokepoint did not write.
 *
 * 1. Recovery, at the start of every command that writes (`prepareRunFolder`). An interrupted write leaves folders
 *    beside `--out` named `<out>.tmp-<pid>` (the new files) and `<out>.old-<pid>` (the earlier run, being replaced).
 *    Those of a process that is no longer running are dealt with: when `--out` is missing, an `.old` is renamed back
 *    to `--out`; the others are removed. Only folders chokepoint wrote are touched: holding nothing but files, with
 *    the marker, or empty.
 * 2. Check. `--out` may be missing, an empty folder, or a folder chokepoint wrote: it holds the marker file
 *    `.chokepoint-run` and nothing but files of the names this command writes. Anything else is refused (CliError),
 *    so a mistyped `--out` can never delete someone's work.
 * 3. Write. Everything goes into `<out>.tmp-<pid>`, the marker first.
 * 4. Swap, synchronously. A missing or empty `--out` is replaced by one rename (rename replaces an empty folder
 *    atomically). An earlier run is renamed to `<out>.old-<pid>`, the new folder to `--out` at once, and the `.old`
 *    deleted (its marker last, so a deletion cut short is still recognised as chokepoint's).
 *
 * Interrupts. While a write is open, SIGINT, SIGTERM and SIGHUP remove its `.tmp` before the process ends (see
 * interrupt.ts); as Node handles a signal only between tasks, the synchronous swap is never cut in two by them.
 * SIGKILL cannot be caught: it can leave a `.tmp` or an `.old` (removed by step 1 of the next command), and, only when
 * it falls exactly between the two renames of step 4, `--out` missing with the earlier run whole in its `.old`, which
 * step 1 of the next command puts back. Closing that last gap needs an atomic exchange of two folders (Linux
 * renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP), which Node does not offer.
 */
import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.ts';
import { onInterrupt } from './interrupt.ts';

/** Describes what `--out` holds before a run is written. */
export type Target = 'missing' | 'empty' | 'earlier-run';

/** The file that marks a folder as written by chokepoint (so a later command may replace it). */
export const RUN_MARKER = '.chokepoint-run';
const MARKER_TEXT =
  'This folder was written by chokepoint. A later command given it as --out replaces it whole;\n' +
  'without this file, chokepoint refuses to.\n';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const STRAY = /^\.(tmp|old)-(\d{1,10})$/;

/** Folders of this process's open writes (a `.tmp` or `.old` of our own pid is ours only while listed here). */
const active = new Set<string>();

/**
 * Writes `files` (name → contents) as the folder `outDir` (see the protocol above). An earlier run there may also
 * hold files named in `alsoReplaceable` (the optional files of the same command). Throws a CliError when `outDir`
 * may not be replaced or cannot be written.
 */
export function writeRunFolder(
  outDir: string,
  files: Iterable<readonly [string, string | Uint8Array]>,
  cwd: string = process.cwd(),
  alsoReplaceable: readonly string[] = [],
): void {
  const entries = [...files];
  const names = entries.map(([name]) => name);
  const folder = RunFolder.open(outDir, [...names, ...alsoReplaceable.filter((n) => !names.includes(n))], cwd);
  try {
    for (const [name, data] of entries) folder.writeFile(name, data);
  } catch (e) {
    folder.abort();
    throw writeErrorOf(outDir, e);
  }
  folder.commit();
}

/**
 * A run folder being written: files go into its temporary folder (`writeFile`, or `append` for files written in
 * parts), then `commit` swaps it into place as `--out`, or `abort` removes it. An interrupt removes it too.
 */
export class RunFolder {
  private open = true;
  private readonly release: () => void;

  private constructor(
    private readonly outDir: string,
    private readonly out: string,
    private readonly fileNames: readonly string[],
    /** The temporary folder. */
    readonly tmp: string,
    private readonly createdParent: string | undefined,
  ) {
    active.add(tmp);
    this.release = onInterrupt(() => this.abort());
  }

  /**
   * Recovers and checks `outDir` for a command writing `fileNames` (plus, before `commit`, any scratch files it
   * removes again), then creates the temporary folder with the marker in it. Throws a CliError for a bad `--out`.
   */
  static open(outDir: string, fileNames: readonly string[], cwd: string = process.cwd()): RunFolder {
    for (const name of fileNames) if (!SAFE_NAME.test(name)) throw new Error(`invariant broken: file name "${name}"`);
    const out = resolve(cwd, outDir);
    prepare(outDir, out, fileNames);
    let createdParent: string | undefined;
    try {
      createdParent = mkdirSync(dirname(out), { recursive: true });
    } catch (e) {
      throw writeErrorOf(outDir, e);
    }
    const tmp = `${out}.tmp-${process.pid}`;
    if (active.has(tmp)) throw new Error(`invariant broken: ${tmp} is already being written`);
    const folder = new RunFolder(outDir, out, fileNames, tmp, createdParent);
    try {
      removeRunDir(tmp);
      mkdirSync(tmp);
      writeFileSync(join(tmp, RUN_MARKER), MARKER_TEXT);
    } catch (e) {
      folder.abort();
      throw writeErrorOf(outDir, e);
    }
    return folder;
  }

  /** Returns the path of file `name` in the temporary folder. */
  path(name: string): string {
    if (!SAFE_NAME.test(name)) throw new Error(`invariant broken: file name "${name}"`);
    return join(this.tmp, name);
  }

  /** Writes a whole file. */
  writeFile(name: string, data: string | Uint8Array): void {
    this.assertOpen();
    writeFileSync(this.path(name), data);
  }

  /** Opens file `name` for writing in parts; the caller closes it before `commit`. */
  openFile(name: string): FileAppender {
    this.assertOpen();
    return new FileAppender(this.path(name));
  }

  /** Removes a scratch file from the temporary folder (one that is not part of the result). */
  removeFile(name: string): void {
    unlinkSync(this.path(name));
  }

  /** Puts the folder in place as `--out` (step 4), replacing an earlier run; throws a CliError on failure. */
  commit(): void {
    this.assertOpen();
    const old = `${this.out}.old-${process.pid}`;
    try {
      const target = prepare(this.outDir, this.out, this.fileNames);
      if (target === 'earlier-run') {
        active.add(old);
        renameSync(this.out, old);
        try {
          renameSync(this.tmp, this.out);
        } catch (e) {
          renameSync(old, this.out);
          throw e;
        }
      } else {
        renameSync(this.tmp, this.out);
      }
    } catch (e) {
      active.delete(old);
      this.abort();
      throw writeErrorOf(this.outDir, e);
    }
    this.close();
    try {
      removeRunDir(old);
    } catch {
      // The new run is in place; a leftover `<out>.old-<pid>` is removed by the next command writing here.
    }
    active.delete(old);
  }

  /** Removes the temporary folder and the parent folders this write created; safe to call more than once. */
  abort(): void {
    if (!this.open) return;
    try {
      removeRunDir(this.tmp);
    } catch {
      // Left for the next command's recovery.
    }
    if (this.createdParent !== undefined) removeEmptyDirs(dirname(this.out), this.createdParent);
    this.close();
  }

  private close(): void {
    this.open = false;
    active.delete(this.tmp);
    this.release();
  }

  private assertOpen(): void {
    if (!this.open) throw new Error('invariant broken: the run folder is closed');
  }
}

/** Appends to one file through a small buffer (synchronous writes, so no stream can be left half-flushed). */
export class FileAppender {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'wx');
  }

  /** Appends text. */
  write(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  /** Appends bytes at the end, after the text written so far. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    writeAll(this.fd, bytes, null);
  }

  /** Writes bytes at `position` (for records that arrive out of order); text appends are unaffected. */
  writeAt(bytes: Uint8Array, position: number): void {
    writeAll(this.fd, bytes, position);
  }

  /** The file descriptor, for reading back what was written. */
  get descriptor(): number {
    return this.fd;
  }

  /** Writes out the buffered text. */
  flush(): void {
    if (!this.chunks.length) return;
    writeAll(this.fd, Buffer.from(this.chunks.join(''), 'utf8'), null);
    this.chunks = [];
    this.size = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < bytes.byteLength) {
    const n = writeSync(fd, bytes, done, bytes.byteLength - done, position === null ? null : position + done);
    done += n;
  }
}

/**
 * Recovers `outDir` from an interrupted write (step 1) and checks that it may receive a command writing `fileNames`
 * (step 2); says what it holds, or throws a CliError. Called before a long run too, so a bad `--out` fails fast.
 */
export function prepareRunFolder(outDir: string, fileNames: readonly string[], cwd: string = process.cwd()): Target {
  return prepare(outDir, resolve(cwd, outDir), fileNames);
}

function prepare(shown: string, out: string, fileNames: readonly string[]): Target {
  recoverStrays(out);
  return classify(shown, out, fileNames);
}

function classify(shown: string, out: string, fileNames: readonly string[]): Target {
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
  const refuse = (message: string) => new CliError(`refusing to replace --out ${shown}`, [{ path: shown, message }]);
  if (!names.includes(RUN_MARKER)) {
    throw refuse(
      `holds files but no ${RUN_MARKER} marker, so chokepoint did not write it; choose a new or empty folder ` +
        '(or, if it is an earlier run you mean to replace, delete it yourself)',
    );
  }
  const runFiles = new Set(fileNames);
  const foreign = names.filter((n) => n !== RUN_MARKER && !runFiles.has(n));
  if (foreign.length) {
    const listed = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ', …' : '');
    throw refuse(`holds files a run does not write (${listed}); choose a new or empty folder`);
  }
  const notFiles = names.filter((n) => !isPlainFile(join(out, n)));
  if (notFiles.length) {
    throw refuse(
      `${notFiles.join(', ')} is a folder or link, which chokepoint does not write; choose a new or empty folder`,
    );
  }
  return 'earlier-run';
}

/** Step 1: puts back or removes the `.tmp`/`.old` folders beside `out` that dead processes left (see above). */
function recoverStrays(out: string): void {
  const parent = dirname(out);
  const base = basename(out);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const strays = names
    .filter((n) => n.startsWith(`${base}.`))
    .flatMap((n) => {
      const m = STRAY.exec(n.slice(base.length));
      if (!m) return [];
      const path = join(parent, n);
      const kind = m[1] as 'tmp' | 'old';
      return !isRunning(Number(m[2]), path) && isOurs(path) ? [{ path, kind }] : [];
    });
  if (!strays.length) return;
  if (!exists(out)) {
    const olds = strays
      .filter((s) => s.kind === 'old' && exists(join(s.path, RUN_MARKER)))
      .sort((a, b) => mtime(b.path) - mtime(a.path));
    for (const o of olds) {
      try {
        renameSync(o.path, out);
        strays.splice(strays.indexOf(o), 1);
        break;
      } catch {
        // Another process recovered it first, or it cannot be moved: try the next.
      }
    }
  }
  for (const s of strays) {
    try {
      removeRunDir(s.path);
    } catch {
      // Harmless; tried again next time.
    }
  }
}

/** Whether the process that named a `.tmp`/`.old` folder `pid` may still be writing it. */
function isRunning(pid: number, path: string): boolean {
  if (pid === process.pid) return active.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `path` is a folder chokepoint wrote: only files, with the marker; or empty (a `.tmp` killed before its
 * marker was written, an `.old` killed after its marker was deleted). Putting back an earlier run needs the marker.
 */
function isOurs(path: string): boolean {
  try {
    if (!lstatSync(path).isDirectory()) return false;
    const names = readdirSync(path);
    if (!names.every((n) => isPlainFile(join(path, n)))) return false;
    return names.length === 0 || names.includes(RUN_MARKER);
  } catch {
    return false;
  }
}

/** Removes a folder of plain files that chokepoint wrote, the marker last; a missing folder is fine. */
function removeRunDir(path: string): void {
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  for (const n of names) if (n !== RUN_MARKER) unlinkSync(join(path, n));
  if (names.includes(RUN_MARKER)) unlinkSync(join(path, RUN_MARKER));
  rmdirSync(path);
}

function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function mtime(path: string): number {
  try {
    return lstatSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Turns a system error (no space, no permission, a file in the way) into a CliError about `--out`; bugs pass. */
export function writeErrorOf(outDir: string, e: unknown): unknown {
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
