import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RUN_FILE_NAMES, buildRunFiles } from '../../../src/results/run-files.ts';
import { buildRunZip, runFileStem } from '../../../src/ui/files/run-zip.ts';
import { makeFakeResult } from '../../helpers/fake-result.ts';

describe('the run files zip', () => {
  it('holds the six files of RESULTS.md, byte for byte as the CLI writes them', () => {
    const result = makeFakeResult();
    const files = unzipSync(buildRunZip(result));
    expect(Object.keys(files)).toEqual([...RUN_FILE_NAMES]);
    const expected = buildRunFiles(result);
    for (const name of RUN_FILE_NAMES) expect(strFromU8(files[name]!)).toBe(expected[name]);
  });

  it('is named after the scenario and seed, safe as a file name', () => {
    expect(runFileStem({ scenarioId: 'dumping-cycle-floor', seed: 42 })).toBe('dumping-cycle-floor-seed42');
    expect(runFileStem({ scenarioId: '../../etc/passwd', seed: 1 })).toBe('etc-passwd-seed1');
    expect(runFileStem({ scenarioId: '', seed: 3 })).toBe('scenario-seed3');
  });
});
