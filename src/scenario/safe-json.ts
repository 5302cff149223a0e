import type { Problem } from '../lib/result.ts';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deepest nesting a scenario may have; real scenarios stay under 8. */
export const MAX_DEPTH = 32;

/**
 * Finds keys that could poison prototypes (`__proto__`, `constructor`, `prototype`) and nesting deeper than MAX_DEPTH.
 * Untrusted data (files, links, `--set`) passes through here before anything else reads it.
 */
export function findUnsafeKeys(value: unknown, path = '', depth = 0): Problem[] {
  if (depth > MAX_DEPTH) return [{ path: path || '(root)', message: `nested deeper than ${MAX_DEPTH} levels` }];
  if (value === null || typeof value !== 'object') return [];
  const problems: Problem[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => problems.push(...findUnsafeKeys(v, `${path}[${i}]`, depth + 1)));
    return problems;
  }
  for (const key of Object.keys(value)) {
    const p = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) problems.push({ path: p, message: `the key "${key}" is not allowed` });
    else problems.push(...findUnsafeKeys((value as Record<string, unknown>)[key], p, depth + 1));
    if (problems.length > 50) break;
  }
  return problems;
}

/** Parses JSON text; a syntax error becomes a problem naming the line and column where it can. */
export function parseJsonText(
  text: string,
  where: string,
): { ok: true; value: unknown } | { ok: false; error: Problem[] } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: [{ path: where, message: `not valid JSON: ${(e as Error).message}` }] };
  }
}
