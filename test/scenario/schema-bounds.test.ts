/**
 * Values that would make the model's economics undefined (a division by zero, a demand curve that does not exist, a
 * year that cannot be written YYYY-MM) are refused by the schema, each with its JSON path and the reason.
 */
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/scenario/apply-overrides.ts';
import { monthLabel } from '../../src/scenario/months.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { preset } from '../scenarios/preset-catalog.ts';

/** Applies `--set`-style overrides to a preset and returns the problems (path: message), or [] when it is valid. */
function problemsAfter(id: string, ...sets: string[]): string[] {
  const r = applyOverrides(preset(id), sets);
  return r.ok ? [] : r.error.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('the schema refuses values that make the economics undefined', () => {
  it('a choke price of 0, naming market.chokePrice and saying why', () => {
    const problems = problemsAfter('dumping-cycle', 'market.chokePrice=0');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/→ market\.chokePrice: must be greater than 0/);
    expect(problems[0]).toMatch(/demand/);
  });

  it('a reference price of 0, at either stage', () => {
    for (const st of ['refine', 'mine']) {
      const problems = problemsAfter('dumping-cycle', `market.referencePrice.${st}=0`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`→ market\\.referencePrice\\.${st}: must be greater than 0`));
    }
    expect(problemsAfter('dumping-cycle', 'market.referencePrice.refine=0.001')).toEqual([]);
  });

  it('a demand-shock factor below 0.01 (0 would remove every buyer), accepting 0.01', () => {
    const shock = (factor: number) =>
      `events=[{"kind":"demand-shock","month":"2025-03","months":20,"factor":${factor}}]`;
    for (const factor of [0, 0.001]) {
      const problems = problemsAfter('dumping-cycle', shock(factor));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/→ events\[0\]\.factor: at least 0\.01/);
      expect(problems[0]).toMatch(/no price/);
    }
    expect(problemsAfter('dumping-cycle', shock(0.01))).toEqual([]);
  });

  it('a start so late that a run of up to LIMITS.months would end after 9999-12, naming start', () => {
    for (const start of ['9900-02', '9990-01', '9999-12']) {
      const problems = problemsAfter('dumping-cycle', `start="${start}"`);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/→ start: at most 9900-01, so that a run of up to 1200 months ends by 9999-12/);
    }
    expect(problemsAfter('dumping-cycle', 'start="9900-01"')).toEqual([]);
    // The latest start with the longest horizon (--months may lengthen any run to it) still writes four-digit years.
    expect(monthLabel('9900-01', LIMITS.months - 1)).toBe('9999-12');
    // A malformed start gets one message, about its form.
    expect(problemsAfter('dumping-cycle', 'start="99999-01"')).toEqual([
      '--set start="99999-01" → start: a month written YYYY-MM',
    ]);
  });
});
