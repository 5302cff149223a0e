/**
 * CSV writing for the result files (RESULTS.md): RFC 4180 quoting, `\n` line ends, and numbers written the same way
 * on every machine — never locale formatting, never `-0`, NaN as an empty cell.
 */
import { assert } from './assert.ts';

/** A cell: text, a number (NaN becomes empty), or nothing (empty). */
export type CsvCell = string | number | null | undefined;

/** Decimals kept in CSV numbers; enough for USD/kg, tonnes and shares (0..1), and trimmed when not needed. */
export const CSV_DECIMALS = 6;

const NEEDS_QUOTES = /[",\r\n]/;
const CHUNK_LINES = 4096;

/**
 * Formats a number with at most CSV_DECIMALS decimals, trailing zeros trimmed: `1.5`, `-0.25`, `1200`. NaN is empty;
 * anything that rounds to zero is `0` (never `-0`); ±Infinity is written `Infinity` / `-Infinity` so it is not hidden.
 * `toFixed` is exact decimal rounding by the ECMAScript spec, so the text is the same in every engine.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return x === 0 ? '0' : String(x);
  if (Math.abs(x) >= 1e21) return String(x);
  let s = x.toFixed(CSV_DECIMALS);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  s = s.slice(0, end);
  return s === '-0' ? '0' : s;
}

/** Formats one cell, quoting text that holds a comma, a quote or a line break (quotes doubled, RFC 4180). */
export function formatCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Formats one record (no line end). */
export function formatRow(cells: readonly CsvCell[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) out += (i ? ',' : '') + formatCell(cells[i]);
  return out;
}

/**
 * Collects rows into CSV text: a header, then one line per record, each ended by `\n` (every CSV reader of note takes
 * `\n`; RFC 4180's CRLF would only add bytes). Rows are checked against the header width, since a short row is a bug.
 */
export class CsvBuilder {
  /** Finished blocks of CHUNK_LINES lines, joined early so the many small row strings die young (cheap to collect). */
  private readonly chunks: string[] = [];
  private lines: string[];
  private readonly width: number;

  /** Starts a table with its column names. */
  constructor(header: readonly string[]) {
    this.width = header.length;
    this.lines = [formatRow(header)];
  }

  /** Appends one record; throws when it does not have one cell per column. */
  add(cells: readonly CsvCell[]): this {
    if (cells.length !== this.width) assert(false, `CSV row has ${cells.length} cells, header has ${this.width}`);
    this.lines.push(formatRow(cells));
    if (this.lines.length === CHUNK_LINES) {
      this.chunks.push(this.lines.join('\n') + '\n');
      this.lines = [];
    }
    return this;
  }

  /** Returns the table as text ending in a line break. */
  toString(): string {
    const tail = this.lines.length ? this.lines.join('\n') + '\n' : '';
    return this.chunks.join('') + tail;
  }
}
