import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET } from '../../src/scenario/presets.ts';
import { catalog, preset } from './preset-catalog.ts';

describe('presets', () => {
  it('include the default and the four teaching presets', () => {
    for (const id of [DEFAULT_PRESET, 'dumping-cycle', 'dumping-cycle-floor', 'export-ban', 'export-ban-stockpile']) {
      expect(catalog.has(id), id).toBe(true);
    }
  });

  // Each preset's run (every refined price finite and non-negative where there is demand) is checked in
  // golden.test.ts, from the same run as its digest.
  for (const id of catalog.keys()) {
    it(`${id} validates, explains itself and cites sources`, () => {
      const s = preset(id);
      expect(s.title.length).toBeGreaterThan(5);
      expect(s.description.length).toBeGreaterThan(80);
      expect(s.sources.length).toBeGreaterThan(0);
    });
  }
});
