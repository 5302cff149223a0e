/** The Seeds control's range: how many seeds an ensemble in the page runs (a share link may ask for more). */
export const MAX_SEEDS = 200;

/** Reads a Seeds value: an integer from 1 to MAX_SEEDS (1 when unset or not a number). */
export function seedsOf(value: unknown): number {
  const n = Math.round(Number(value ?? 1));
  return Number.isFinite(n) ? Math.min(MAX_SEEDS, Math.max(1, n)) : 1;
}

/** Tells whether two sets of control values differ in the Seeds count alone (the single run stays the same). */
export function onlySeedsDiffer(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  if (a.seeds === b.seeds) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('seeds');
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
