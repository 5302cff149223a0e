/**
 * Read-only accessors over a RunResult's documented layout (src/results/contract.ts), shared by the globe and the
 * charts. Extracted columns are cached per result, so views can ask again every frame.
 */
import { type CountryStageBuffer, FACILITY_STATES, csIndex, type RunResult } from '../results/contract.ts';
import type { DisplayState } from './palette.ts';

/** A country's role in a given month. */
export type CountryRole = 'dominant' | 'member' | 'other';

const cache = new WeakMap<RunResult, Map<string, unknown>>();

function memo<T>(r: RunResult, key: string, make: () => T): T {
  let m = cache.get(r);
  if (!m) cache.set(r, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key) as T;
}

/** Returns a named column of `monthly` as one value per month (NaN where empty or unknown). */
export function monthlyColumn(r: RunResult, name: string): Float64Array {
  return memo(r, `monthly:${name}`, () => {
    const cols = r.meta.monthlyColumns;
    const j = cols.indexOf(name);
    const out = new Float64Array(r.meta.months).fill(NaN);
    if (j < 0) return out;
    for (let m = 0; m < r.meta.months; m++) out[m] = r.buffers.monthly[m * cols.length + j]!;
    return out;
  });
}

/** Country-stage buffers, indexed by `csIndex` (results/contract.ts). */
export type { CountryStageBuffer } from '../results/contract.ts';

/** Returns one country's series of a country-stage buffer. */
export function countrySeries(r: RunResult, buffer: CountryStageBuffer, c: number, s: number): Float64Array {
  return memo(r, `cs:${buffer}:${c}:${s}`, () => {
    const n = r.meta.countries.length;
    const src = r.buffers[buffer];
    const out = new Float64Array(r.meta.months);
    for (let m = 0; m < r.meta.months; m++) out[m] = src[csIndex(n, m, c, s)]!;
    return out;
  });
}

/** Returns a country-stage cell. */
export function countryValue(r: RunResult, buffer: CountryStageBuffer, m: number, c: number, s: number): number {
  return r.buffers[buffer][csIndex(r.meta.countries.length, m, c, s)]!;
}

/** Returns the index of a country code, or -1. */
export function countryIndex(r: RunResult, code: string): number {
  return memo(r, 'countryIndex', () => new Map(r.meta.countries.map((c, i) => [c.code, i]))).get(code) ?? -1;
}

/** Returns a country's role in month `m`: dominant by role, member by that month's zone membership, else other. */
export function roleAt(r: RunResult, m: number, c: number): CountryRole {
  if (r.meta.countries[c]!.role === 'dominant') return 'dominant';
  return r.buffers.membership[m * r.meta.countries.length + c] === 1 ? 'member' : 'other';
}

/** Returns [first, end) flow rows of month `m` (flows are sorted by month). */
export function flowRange(r: RunResult, m: number): [number, number] {
  const starts = memo(r, 'flowStarts', () => {
    const out = new Int32Array(r.meta.months + 1);
    const fm = r.buffers.flowMonth;
    let row = 0;
    for (let month = 0; month <= r.meta.months; month++) {
      while (row < fm.length && fm[row]! < month) row++;
      out[month] = row;
    }
    return out;
  });
  if (m < 0 || m >= r.meta.months) return [0, 0];
  return [starts[m]!, starts[m + 1]!];
}

/**
 * Returns a facility's state in month `m` as the views show it: construction → building, ramp-up → operating (it
 * produces), and null for a project not yet committed (it does not exist yet).
 */
export function displayStateAt(r: RunResult, m: number, f: number): DisplayState | null {
  const name = FACILITY_STATES[r.buffers.facState[m * r.meta.facilities.length + f]!];
  switch (name) {
    case 'operating':
    case 'ramp-up':
      return 'operating';
    case 'idle':
      return 'idle';
    case 'construction':
      return 'building';
    case 'closed':
      return 'closed';
    default:
      return null;
  }
}

/** Returns true when facility `f` uses stage `s` (0 mine, 1 refine); integrated facilities use both. */
export function facilityOnStage(r: RunResult, f: number, s: number): boolean {
  const st = r.meta.facilities[f]!.stage;
  return st === 'integrated' || (s === 0 ? st === 'mine' : st === 'refine');
}
