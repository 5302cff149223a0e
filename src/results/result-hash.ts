/** The result hash of a run (`summary.json` `resultHash`, shown in the page and carried by share links). */
import { Hasher } from '../lib/hash.ts';
import type { RunBuffers, RunEvent } from './contract.ts';

/**
 * Hashes every number a run produced, so that two runs hash alike exactly when their results are equal.
 *
 * What it covers, in this order: each buffer of RunBuffers in ascending order of its key — the key's name (as UTF-16
 * code units), then the buffer's elements as their little-endian bytes (`Hasher.update`, which also mixes in the byte
 * length) — and then the events, one line each, `month|type|agent|country|rule|detail\n`.
 *
 * Before hashing, float buffers are canonicalised, as equal results can differ in these bits: every NaN counts as
 * the one quiet NaN (0x7FF8000000000000 in float64, 0x7FC00000 in float32), whatever its sign and payload, and −0
 * counts as +0. Nothing else is changed (integer buffers never are), and the buffers themselves are not touched: a
 * buffer that needs it is copied. For a run with no other NaN and no −0 — every shipped preset — the hash is that of
 * the raw bytes.
 *
 * `tick`, when given, is called after each buffer: a page worker's heartbeat, as hashing a large run takes a while.
 *
 * Not covered: RunMeta (ids, titles, names, the seed, start, horizon, engine version, column names) and the KPIs,
 * which are computed from the buffers.
 */
export function hashResult(b: RunBuffers, events: RunEvent[], tick?: () => void): string {
  const h = new Hasher();
  for (const key of Object.keys(b).sort()) {
    h.updateString(key);
    h.update(canonicalFloats(b[key as keyof RunBuffers]));
    tick?.();
  }
  h.updateString(events.map((e) => `${e.month}|${e.type}|${e.agent}|${e.country}|${e.rule}|${e.detail}\n`).join(''));
  return h.digest();
}

/** Returns a float array with its NaNs and −0 made canonical: `a` itself when it has none to change, else a copy. */
function canonicalFloats<T extends ArrayBufferView>(a: T): T {
  if (a instanceof Float64Array) return (needsCanonical64(a) ? canonicalCopy(a) : a) as unknown as T;
  if (a instanceof Float32Array) return (needsCanonical32(a) ? canonicalCopy(a) : a) as unknown as T;
  return a;
}

const NAN64_HI = 0x7ff80000;
const NAN32 = 0x7fc00000;

/** Whether `a` holds a −0 or a NaN that is not 0x7FF8000000000000 (high word second: little-endian, as Hasher reads). */
function needsCanonical64(a: Float64Array): boolean {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === 0 ? u[2 * i + 1] !== 0 : v !== v && (u[2 * i] !== 0 || u[2 * i + 1] !== NAN64_HI)) return true;
  }
  return false;
}

/** Whether `a` holds a −0 or a NaN that is not 0x7FC00000. */
function needsCanonical32(a: Float32Array): boolean {
  const u = new Uint32Array(a.buffer, a.byteOffset, a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === 0 ? u[i] !== 0 : v !== v && u[i] !== NAN32) return true;
  }
  return false;
}

/** Copies `a` with every NaN written as the canonical quiet NaN and −0 as +0. */
function canonicalCopy<A extends Float64Array | Float32Array>(a: A): A {
  const out = a.slice() as A;
  const words = out instanceof Float64Array ? 2 : 1;
  const u = new Uint32Array(out.buffer, out.byteOffset, out.length * words);
  for (let i = 0; i < out.length; i++) {
    const v = out[i]!;
    if (v === 0) out[i] = 0;
    else if (v !== v) {
      if (words === 2) {
        u[2 * i] = 0;
        u[2 * i + 1] = NAN64_HI;
      } else u[i] = NAN32;
    }
  }
  return out;
}
