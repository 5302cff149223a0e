/** Month arithmetic on "YYYY-MM" labels; month index 0 is the scenario's start month. */

/** Converts "YYYY-MM" to a count of months since year 0. */
export function monthNumber(label: string): number {
  const y = Number(label.slice(0, 4));
  const m = Number(label.slice(5, 7));
  return y * 12 + (m - 1);
}

/** Returns the index of `label` in a run that starts at `start` (negative before the start). */
export function monthIndex(start: string, label: string): number {
  return monthNumber(label) - monthNumber(start);
}

/** Returns the "YYYY-MM" label of month index `i` of a run that starts at `start`. */
export function monthLabel(start: string, i: number): string {
  const n = monthNumber(start) + i;
  const y = Math.floor(n / 12);
  const m = n - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}
