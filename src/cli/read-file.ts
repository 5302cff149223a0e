/**
 * Reading files the user names (a scenario, a shard's files) safely: only a regular file is read — symlinks are
 * followed, then the opened descriptor is checked, so a named pipe, a device, a socket or a folder is refused at once
 * — and never more than a cap, whatever size the file claims (a file can grow while it is read, and some report 0).
 */
import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { CliError } from './cli-error.ts';

/** O_NONBLOCK, so that opening a named pipe does not wait for a writer (0 where the platform has none). */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Opens `full` for reading and returns its descriptor and size, or throws a CliError about `shown` (the path as the
 * user wrote it): no such file (said as `missing`), not a regular file, or unreadable. The caller closes the
 * descriptor.
 */
export function openRegularFile(full: string, shown: string, missing = 'no such file'): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? missing : (e as Error).message;
    throw new CliError(`cannot read ${shown}`, [{ path: shown, message: reason }]);
  }
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw new CliError(`cannot read ${shown}`, [{ path: shown, message: (e as Error).message }]);
  }
  if (!stat.isFile()) {
    closeSync(fd);
    throw new CliError(`cannot read ${shown}`, [{ path: shown, message: `${describeKind(stat)}, not a regular file` }]);
  }
  return { fd, size: stat.size };
}

/** Reads a whole regular file of at most `cap` bytes (see openRegularFile); throws a CliError otherwise. */
export function readCappedFile(full: string, shown: string, cap: number, missing?: string): Buffer {
  const { fd, size } = openRegularFile(full, shown, missing);
  const tooBig = () =>
    new CliError(`cannot read ${shown}`, [
      { path: shown, message: `more than ${cap} bytes; a file here may hold at most ${cap}` },
    ]);
  try {
    if (size > cap) throw tooBig();
    // Read one byte past the cap, so that a file which grew, or reported no size, is still caught.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, cap + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > cap) throw tooBig();
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${shown}`, [{ path: shown, message: (e as Error).message }]);
  } finally {
    closeSync(fd);
  }
}

function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
