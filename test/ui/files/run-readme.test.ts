import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadPresetCatalog } from '../../../src/bridge/preset-catalog.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { RUN_FILE_NAMES } from '../../../src/results/run-files.ts';
import { parseScenario } from '../../../src/scenario/parse.ts';
import { scenarioFileText } from '../../../src/app/scenario-file.ts';
import { SCENARIO_FILE, runMetadata, runReadme } from '../../../src/ui/files/run-readme.ts';
import { buildRunZip } from '../../../src/ui/files/run-zip.ts';

const catalog = loadPresetCatalog();

describe('the run zip’s README and metadata.json', () => {
  const parsed = parseScenario(catalog.get('dumping-cycle-floor'), catalog);
  if (!parsed.ok) throw new Error('preset');
  const scenario = parsed.value;
  const result = runScenario(scenario);
  const metadata = runMetadata(result, scenario, 'preset "dumping-cycle-floor"');
  const zip = unzipSync(
    buildRunZip(result, {
      [SCENARIO_FILE]: scenarioFileText(scenario, { seed: result.meta.seed, months: result.meta.months }),
      'metadata.json': JSON.stringify(metadata, null, 2),
      'README.md': runReadme(metadata),
    }),
  );

  it('lists every file in the zip with what it holds', () => {
    expect(Object.keys(zip)).toEqual([...RUN_FILE_NAMES, SCENARIO_FILE, 'metadata.json', 'README.md']);
    const meta = JSON.parse(strFromU8(zip['metadata.json']!));
    expect(meta.files.map((f: { name: string }) => f.name)).toEqual(Object.keys(zip));
    for (const f of meta.files) expect(f.description.length).toBeGreaterThan(10);
  });

  it('names the scenario, engine version and hash, how to cite, the licence and the caveats', () => {
    const meta = JSON.parse(strFromU8(zip['metadata.json']!));
    expect(meta.scenario).toMatchObject({ id: 'dumping-cycle-floor', file: SCENARIO_FILE });
    expect(meta.run).toMatchObject({ engineVersion: result.meta.engineVersion, resultHash: result.resultHash });
    expect(meta.citation).toContain(result.resultHash);
    expect(meta.citation).toContain(result.meta.engineVersion);
    expect(meta.licence.software).toMatch(/MIT/);
    expect(meta.caveats.join(' ')).toMatch(/not observations/);
    const readme = strFromU8(zip['README.md']!);
    for (const heading of ['## Files', '## Reproduce', '## How to cite', '## Licence', '## Caveats', '## Sources']) {
      expect(readme).toContain(heading);
    }
    expect(JSON.parse(strFromU8(zip['summary.json']!)).resultHash).toBe(result.resultHash);
  });

  it('carries a scenario file that reruns to the same hash', () => {
    const again = parseScenario(JSON.parse(strFromU8(zip[SCENARIO_FILE]!)), catalog);
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    expect(runScenario(again.value).resultHash).toBe(result.resultHash);
  });
});
