/**
 * A compact diff between two JSON values (a scenario and the preset it starts from), as a list of entries a link can
 * carry, and the way back. Entries are `[path, value]` (set) or `[path]` (remove); a path is dotted like `--set`
 * (`zone.floor.refine`, `facilities.3.cashCost`).
 *
 * How values are compared: objects key by key (recursively); arrays of the same length index by index (recursively),
 * so changing one facility's cost gives `facilities.3.cashCost`; arrays of different lengths are replaced whole (adding
 * or removing an event carries the whole `events` list). Keys whose value is `undefined` count as absent.
 */
import { type Problem, type Result, fail, ok } from '../lib/result.ts';

/** One change: set the value at `path`, or (without a value) remove the key at `path`. */
export type DiffEntry = [path: string, value: unknown] | [path: string];

/** Limits on a diff read from a link (the size limits on the link bound it too). */
export const DIFF_LIMITS = { entries: 5_000, pathChars: 300, segments: 16 } as const;

/** A path segment: an identifier-like key or an array index (the same rule as `--set`). */
const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_-]{0,63}|\d{1,5})$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Lists the changes that turn `base` into `target` (both plain JSON objects); keys in `skip` at the top level are
 * ignored. Throws if a key cannot be written as a path segment — a bug, since the scenario schema allows none.
 */
export function diffJson(base: unknown, target: unknown, skip: ReadonlySet<string> = new Set()): DiffEntry[] {
  if (!isObject(base) || !isObject(target)) throw new Error('invariant broken: diffJson needs two objects');
  const out: DiffEntry[] = [];
  diffObjects(base, target, '', out, skip);
  return out;
}

function diffValues(base: unknown, target: unknown, path: string, out: DiffEntry[]): void {
  if (isObject(base) && isObject(target)) diffObjects(base, target, path, out, new Set());
  else if (Array.isArray(base) && Array.isArray(target) && base.length === target.length) {
    for (let i = 0; i < target.length; i++) diffValues(base[i], target[i], `${path}.${i}`, out);
  } else if (!sameJson(base, target)) out.push([path, structuredClone(target)]);
}

function diffObjects(
  base: Record<string, unknown>,
  target: Record<string, unknown>,
  path: string,
  out: DiffEntry[],
  skip: ReadonlySet<string>,
): void {
  for (const key of Object.keys(target)) {
    if (skip.has(key) || target[key] === undefined) continue;
    const p = joinPath(path, key);
    if (own(base, key) === undefined) out.push([p, structuredClone(target[key])]);
    else diffValues(base[key], target[key], p, out);
  }
  for (const key of Object.keys(base)) {
    if (skip.has(key) || base[key] === undefined || own(target, key) !== undefined) continue;
    out.push([joinPath(path, key)]);
  }
}

function joinPath(path: string, key: string): string {
  if (!SEGMENT.test(key) || FORBIDDEN.has(key)) throw new Error(`invariant broken: key "${key}" in a diff path`);
  return path ? `${path}.${key}` : key;
}

/**
 * Applies untrusted diff entries to a copy of `base`, like `--set`: objects missing on the way are created, an array
 * index must be in range, removing a key that is not there does nothing. Each problem names its entry as
 * `${where}[i]`. The result still needs validating.
 */
export function applyDiff(base: unknown, entries: unknown, where: string): Result<Record<string, unknown>> {
  if (!isObject(base)) throw new Error('invariant broken: applyDiff needs an object');
  if (!Array.isArray(entries)) return fail([{ path: where, message: 'must be a list of [path, value] pairs' }]);
  if (entries.length > DIFF_LIMITS.entries) {
    return fail([{ path: where, message: `${entries.length} changes; at most ${DIFF_LIMITS.entries}` }]);
  }
  const root = structuredClone(base);
  const problems: Problem[] = [];
  entries.forEach((entry, i) => {
    const message = applyEntry(root, entry);
    if (message !== undefined && problems.length < 50) problems.push({ path: `${where}[${i}]`, message });
  });
  return problems.length ? fail(problems) : ok(root);
}

/** Applies one entry in place; returns what is wrong with it, if anything. */
function applyEntry(root: Record<string, unknown>, entry: unknown): string | undefined {
  if (!Array.isArray(entry) || entry.length < 1 || entry.length > 2 || typeof entry[0] !== 'string') {
    return 'must be [path, value] or [path]';
  }
  const path = entry[0];
  if (path.length > DIFF_LIMITS.pathChars) return `the path is longer than ${DIFF_LIMITS.pathChars} characters`;
  const segments = path.split('.');
  if (segments.length > DIFF_LIMITS.segments) return `the path has more than ${DIFF_LIMITS.segments} parts`;
  const bad = segments.find((s) => !SEGMENT.test(s) || FORBIDDEN.has(s));
  if (bad !== undefined) return `"${bad}" is not a valid path segment`;
  const remove = entry.length === 1;
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!;
    const last = i === segments.length - 1;
    const here = () => segments.slice(0, i).join('.') || '(root)';
    if (Array.isArray(node)) {
      const idx = /^\d+$/.test(key) ? Number(key) : -1;
      if (idx < 0 || idx >= node.length) return `${here()} has ${node.length} items; "${key}" is not one of them`;
      if (last && remove) return `cannot remove an item of ${here()}; replace the whole list`;
      if (last) node[idx] = copy(entry[1]);
      else node = node[idx];
    } else if (isObject(node)) {
      if (last && remove) delete node[key];
      else if (last) node[key] = copy(entry[1]);
      else {
        if (own(node, key) === undefined) {
          if (remove) return undefined;
          node[key] = {};
        }
        node = node[key];
      }
    } else {
      return `${here()} is a value, not an object or list`;
    }
  }
  return undefined;
}

/** Compares two JSON values structurally (object key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson(a[k], own(b, k)));
}

/** Copies a JSON value so the result shares nothing with the entries (values need no copy). */
function copy(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? structuredClone(v) : v;
}

/** Reads an own property only, so a key such as `toString` never reaches the prototype. */
function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
