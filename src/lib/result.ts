/** A value or a list of problems: what crosses an edge (a file, a link, a worker) instead of a thrown error. */
export type Result<T, E = Problem[]> = { ok: true; value: T } | { ok: false; error: E };

/** One thing wrong with an input, at a JSON path such as `zone.floor.refine` or `facilities[3].capacityTpy`. */
export interface Problem {
  path: string;
  message: string;
}

/** Wraps a value as a success. */
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
/** Wraps problems as a failure. */
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Formats a JSON path from zod-style segments: `["facilities", 3, "id"]` → `facilities[3].id`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Formats problems one per line, `path: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
