// Preloaded (`node --import`) into a CLI process under test: makes every file-system change to a run folder named
// `out` (and its `out.tmp-<pid>` and `out.old-<pid>` companions) wait SLOW_FS_MS first, so that a kill at a random
// moment falls between any two steps of writing and swapping it. Nothing else changes.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const ms = Number(process.env.SLOW_FS_MS ?? 0);
const RUN_FOLDER = /[\\/]out(\.(tmp|old)-\d+)?([\\/]|$)/;
const pause = new Int32Array(new SharedArrayBuffer(4));

for (const name of ['mkdirSync', 'writeFileSync', 'openSync', 'renameSync', 'unlinkSync', 'rmdirSync', 'rmSync']) {
  const original = fs[name];
  fs[name] = function (path, ...rest) {
    if (ms > 0 && RUN_FOLDER.test(String(path))) Atomics.wait(pause, 0, 0, ms);
    return original.call(this, path, ...rest);
  };
}
syncBuiltinESMExports();
