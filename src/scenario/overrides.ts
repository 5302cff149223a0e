/**
 * `--set path=value` overrides: a dotted path into the scenario (`zone.floor.refine=60`, `facilities.2.cashCost=40`,
 * `dominant.strategy=adaptive`) and a JSON value (a bare word that is not JSON is taken as a string).
 */
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { findUnsafeKeys } from './safe-json.ts';

/** One parsed override. */
export interface Override {
  path: string[];
  value: unknown;
  text: string;
}

const SEGMENT = /^(?:[A-Za-z][A-Za-z0-9_-]{0,63}|\d{1,5})$/;

/** Parses `path=value`; the problem names the argument. `extends` is refused (see below). */
export function parseOverride(arg: string): Result<Override> {
  const eq = arg.indexOf('=');
  const where = `--set ${arg}`;
  if (eq <= 0) return fail([{ path: where, message: 'expected path=value, e.g. zone.floor.refine=60' }]);
  const pathText = arg.slice(0, eq).replace(/\[(\d+)\]/g, '.$1');
  const path = pathText.split('.');
  const bad = path.find((s) => !SEGMENT.test(s));
  if (bad !== undefined) return fail([{ path: where, message: `"${bad}" is not a valid path segment` }]);
  if (path[0] === 'extends') {
    return fail([
      {
        path: where,
        message:
          '"extends" cannot be set: a preset is merged in when the scenario is read, so changing it afterwards ' +
          'would change nothing; run that preset, or a file whose "extends" names it',
      },
    ]);
  }
  const raw = arg.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(raw)) {
      return fail([{ path: where, message: `the value is not JSON (quote strings: '"text"')` }]);
    }
    value = raw;
  }
  const unsafe = findUnsafeKeys(value);
  if (unsafe.length || path.some((s) => s === '__proto__' || s === 'constructor' || s === 'prototype')) {
    return fail([{ path: where, message: 'unsafe key in path or value' }]);
  }
  return ok({ path, value, text: arg });
}

/**
 * Applies an override to a copy of a (parsed) scenario object. The parent of the last segment must exist, except that
 * missing objects on the way are created (so `zone.floor.refine` can add a floor); an array index must be in range.
 */
export function applyOverride(target: unknown, o: Override): Result<unknown> {
  const root = structuredClone(target) as Record<string, unknown>;
  let node: unknown = root;
  const where = `--set ${o.text}`;
  for (let i = 0; i < o.path.length; i++) {
    const key = o.path[i]!;
    const last = i === o.path.length - 1;
    const here = o.path.slice(0, i).join('.') || '(root)';
    if (Array.isArray(node)) {
      const idx = Number(key);
      if (!/^\d+$/.test(key) || idx >= node.length) {
        return fail([{ path: where, message: `${here} has ${node.length} items; "${key}" is not one of them` }]);
      }
      if (last) node[idx] = o.value;
      else node = node[idx];
    } else if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (last) obj[key] = o.value;
      else {
        if (obj[key] === undefined) obj[key] = {};
        node = obj[key];
      }
    } else {
      return fail([{ path: where, message: `${here} is a value, not an object` }]);
    }
  }
  return ok(root);
}

/** Prefixes each problem with the override that caused it. */
export function blameOverride(o: Override, problems: Problem[]): Problem[] {
  return problems.map((p) => ({ path: `--set ${o.text} → ${p.path}`, message: p.message }));
}
