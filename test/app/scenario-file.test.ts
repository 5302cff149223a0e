import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { runScenario } from '../../src/engine/run.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import {
  INTERACTIVE_WORK,
  MAX_UPLOAD_BYTES,
  chooseBasePreset,
  interactiveWork,
  readScenarioText,
  scenarioFileText,
  standaloneScenario,
} from '../../src/app/scenario-file.ts';
import { pastInteractiveBound } from './big-scenario.ts';

const catalog = loadPresetCatalog();
const built = buildRequestScenario(
  { presetId: 'dumping-cycle-floor', overrides: ['zone.floor.refine=50', 'months=24'] },
  catalog,
);
if (!built.ok) throw new Error(JSON.stringify(built.error));
const scenario = built.value;
const read = (text: string, size = new TextEncoder().encode(text).length) =>
  readScenarioText(text, 'mine.json', size, catalog);

describe('the scenario file of a run', () => {
  it('drops `extends` and leaves the scenario it came from untouched', () => {
    expect(scenario.extends).toBe('dumping-cycle');
    const alone = standaloneScenario(scenario);
    expect(alone.extends).toBeUndefined();
    expect(scenario.extends).toBe('dumping-cycle');
    expect({ ...alone, extends: 'dumping-cycle' }).toEqual(scenario);
  });

  it('runs on its own — no preset merged back in — to the hash of the run it was saved from', () => {
    const run = runScenario(scenario, { seed: 7, months: 18 });
    const text = scenarioFileText(scenario, { seed: 7, months: 18 });
    const reparsed = parseScenario(JSON.parse(text), new Map());
    if (!reparsed.ok) throw new Error(JSON.stringify(reparsed.error));
    expect(reparsed.value.seed).toBe(7);
    expect(reparsed.value.months).toBe(18);
    expect(runScenario(reparsed.value).resultHash).toBe(run.resultHash);
  });
});

describe('reading an uploaded scenario', () => {
  it('accepts a file that extends a preset and compares it with that preset', () => {
    const r = read(JSON.stringify({ schema: 1, extends: 'dumping-cycle', title: 'Mine', months: 36 }));
    expect(r.ok && r.value.baseId).toBe('dumping-cycle');
    expect(r.ok && r.value.scenario.months).toBe(36);
  });

  it('accepts a leading byte-order mark', () => {
    expect(read('\ufeff' + JSON.stringify({ schema: 1, extends: 'dumping-cycle', title: 'Mine' })).ok).toBe(true);
  });

  it('refuses a scenario past the page’s interactive bound, saying how to run it instead', () => {
    const text = JSON.stringify(pastInteractiveBound());
    expect(text.length).toBeLessThan(MAX_UPLOAD_BYTES);
    const r = read(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error[0]!.path).toBe('mine.json');
      expect(r.error[0]!.message).toMatch(/1200 months would take about \d+ s .*npx chokepoint run mine\.json/);
      // About 14 million unit-months at the bound's 10 s for 12.5 million.
      expect(Number(/about (\d+) s/.exec(r.error[0]!.message)?.[1])).toBe(11);
      expect(r.error[0]!.message).toMatch(/shorten it to \d+ months/);
    }
  });

  it('refuses a scenario whose plants’ monthly columns would be too large for the page, saying how to run it', () => {
    // rare-earths-2024's 21 countries, 45 pipeline projects and 2,200 plants for 1,200 months: 3.2 million
    // unit-months, within the time bound, but 2.69 million plant-months, about 46 MB of plant columns.
    const preset = JSON.parse(readFileSync('scenarios/rare-earths-2024.json', 'utf8')) as { facilities: object[] };
    const facilities = Array.from({ length: 2200 }, (_, i) => ({
      ...preset.facilities[i % preset.facilities.length],
      id: `f${i}`,
      name: `f${i}`,
    }));
    const text = JSON.stringify({ schema: 1, extends: 'rare-earths-2024', title: 'Many', months: 1200, facilities });
    const r = read(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error[0]!.message).toMatch(/2200 facilities and 1200 months would return about 46 MB of plant columns/);
      expect(r.error[0]!.message).toMatch(/past its bound of about 43 MB: run it with the command line/);
      expect(r.error[0]!.message).toMatch(/shorten it to 1113 months or less/);
    }
    // At the horizon it names, it opens.
    expect(read(JSON.stringify({ ...JSON.parse(text), months: 1113 })).ok).toBe(true);
  });

  it('keeps every preset within the interactive bound, at its own horizon', () => {
    for (const id of catalog.keys()) {
      const p = parseScenario(catalog.get(id), catalog);
      expect(p.ok && interactiveWork(p.value), id).toBeLessThanOrEqual(INTERACTIVE_WORK);
    }
  });

  it('refuses a file over the size limit before parsing it', () => {
    const r = read('not even json', MAX_UPLOAD_BYTES + 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]).toEqual({ path: 'mine.json', message: expect.stringMatching(/at most 2 MB/) });
  });

  it('names the file for text that is not JSON, and for JSON that is not one object', () => {
    for (const text of ['{"schema": 1,', '[1, 2]', '""', '   ']) {
      const r = read(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error[0]!.path).toBe('mine.json');
    }
  });

  it('gives every schema problem with its JSON path', () => {
    const r = read(JSON.stringify({ schema: 1, extends: 'dumping-cycle', title: 'Mine', months: 5, seed: -1 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map((p) => p.path).sort()).toEqual(['months', 'seed']);
  });

  it('refuses prototype-poisoning keys and unknown presets', () => {
    const poisoned = read('{"schema":1,"title":"x","__proto__":{"polluted":true}}');
    expect(poisoned.ok).toBe(false);
    if (!poisoned.ok) expect(poisoned.error[0]!.message).toMatch(/not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const unknown = read(JSON.stringify({ schema: 1, extends: 'no-such-preset', title: 'x' }));
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error[0]).toMatchObject({ path: 'extends' });
  });
});

describe('the preset a scenario starts from', () => {
  it('is the one it extends, else the preset with its id, else none', () => {
    expect(chooseBasePreset(scenario, catalog)).toBe('dumping-cycle');
    expect(chooseBasePreset(standaloneScenario(scenario), catalog)).toBe('dumping-cycle-floor');
    expect(chooseBasePreset({ ...standaloneScenario(scenario), id: 'my-own' }, catalog)).toBeNull();
  });
});
