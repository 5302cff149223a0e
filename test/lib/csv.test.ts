import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvBuilder, formatCell, formatNumber, formatRow } from '../../src/lib/csv.ts';

describe('formatNumber', () => {
  it('writes integers without decimals and fractions with at most 6, trailing zeros trimmed', () => {
    expect(formatNumber(1200)).toBe('1200');
    expect(formatNumber(1.5)).toBe('1.5');
    expect(formatNumber(-0.25)).toBe('-0.25');
    expect(formatNumber(1 / 3)).toBe('0.333333');
    expect(formatNumber(2 / 3)).toBe('0.666667');
    expect(formatNumber(58.1234567)).toBe('58.123457');
    expect(formatNumber(12345678.9)).toBe('12345678.9');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('never writes -0, even for tiny negatives that round to zero', () => {
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(-1e-9)).toBe('0');
    expect(formatNumber(1e-9)).toBe('0');
  });

  it('writes NaN as an empty cell and infinities visibly', () => {
    expect(formatNumber(NaN)).toBe('');
    expect(formatNumber(Infinity)).toBe('Infinity');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });

  it('never uses exponents or locale separators below 1e21', () => {
    expect(formatNumber(1e20)).toBe('100000000000000000000');
    expect(formatNumber(1234567.125)).toBe('1234567.125');
    expect(formatNumber(1e-7)).toBe('0');
  });

  it('reads back within half a unit of the sixth decimal', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (x) => {
        const text = formatNumber(x);
        expect(text).toMatch(/^-?\d+(\.\d{0,5}[1-9])?$/);
        expect(text).not.toBe('-0');
        expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(5e-7 + Math.abs(x) * 1e-15);
      }),
      { seed: 0xc5f0 },
    );
  });
});

describe('formatCell', () => {
  it('leaves plain text alone and writes nothing for null and undefined', () => {
    expect(formatCell('AUS')).toBe('AUS');
    expect(formatCell('')).toBe('');
    expect(formatCell(null)).toBe('');
    expect(formatCell(undefined)).toBe('');
  });

  it('quotes text with a comma, quote or line break, doubling quotes (RFC 4180)', () => {
    expect(formatCell('Baotou, No. 1')).toBe('"Baotou, No. 1"');
    expect(formatCell('say "hi"')).toBe('"say ""hi"""');
    expect(formatCell('two\nlines')).toBe('"two\nlines"');
    expect(formatCell('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('CsvBuilder', () => {
  it('writes a header and rows, each line ended by \\n', () => {
    const csv = new CsvBuilder(['a', 'b', 'c']).add(['x,y', 1.25, NaN]).add(['', -0, 'z']).toString();
    expect(csv).toBe('a,b,c\n"x,y",1.25,\n,0,z\n');
  });

  it('writes long tables (past its internal blocks) exactly as one join would', () => {
    const csv = new CsvBuilder(['i', 'half']);
    const expected = ['i,half'];
    for (let i = 0; i < 10_000; i++) {
      csv.add([i, i / 2]);
      expected.push(`${i},${i / 2}`);
    }
    expect(csv.toString()).toBe(expected.join('\n') + '\n');
    expect(csv.toString()).toBe(csv.toString());
  });

  it('throws on a row whose width differs from the header', () => {
    expect(() => new CsvBuilder(['a', 'b']).add(['only one'])).toThrow(/1 cells, header has 2/);
  });

  it('formats rows with formatRow exactly as the builder does', () => {
    expect(formatRow(['a"b', 3, null])).toBe('"a""b",3,');
  });
});
