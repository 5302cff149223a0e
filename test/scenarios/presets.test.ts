import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import { DEFAULT_PRESET } from '../../src/scenario/presets.ts';
import { catalog, preset } from './preset-catalog.ts';

describe('presets', () => {
  it('include the default and the four teaching presets', () => {
    for (const id of [DEFAULT_PRESET, 'dumping-cycle', 'dumping-cycle-floor', 'export-ban', 'export-ban-stockpile']) {
      expect(catalog.has(id), id).toBe(true);
    }
  });

  for (const id of catalog.keys()) {
    it(`${id} validates, explains itself, cites sources and runs`, () => {
      const s = preset(id);
      expect(s.title.length).toBeGreaterThan(5);
      expect(s.description.length).toBeGreaterThan(80);
      expect(s.sources.length).toBeGreaterThan(0);
      const r = runScenario(s);
      const C = r.meta.countries.length;
      for (let m = 0; m < r.meta.months; m++) {
        for (let c = 0; c < C; c++) {
          const p = r.buffers.price[(m * C + c) * 2 + 1]!;
          if (s.countries[c]!.demandTpy > 0) expect(Number.isFinite(p) && p >= 0, `${id} month ${m} ${c}`).toBe(true);
        }
      }
    });
  }
});
