import { describe, expect, it } from 'vitest';
import { createEngineApi } from '../../src/bridge/engine-api.ts';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { createInThreadClient } from '../../src/client/in-thread-client.ts';
import { DEFAULT_PRESET } from '../../src/scenario/presets.ts';

const catalog = loadPresetCatalog();

describe('engine API requests', () => {
  it('bundles the presets, the default among them', () => {
    expect(catalog.has(DEFAULT_PRESET)).toBe(true);
    expect(catalog.has('schema')).toBe(false);
  });

  it('applies overrides to the parsed preset, as --set does', () => {
    const r = buildRequestScenario({ presetId: DEFAULT_PRESET, overrides: ['dominant.undercut=0.12'] }, catalog);
    expect(r.ok && r.value.dominant?.undercut).toBe(0.12);
  });

  it('names the override that made the scenario invalid', () => {
    const r = buildRequestScenario({ presetId: DEFAULT_PRESET, overrides: ['dominant.undercut=7'] }, catalog);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error[0]!.path).toContain('--set dominant.undercut=7');
  });

  it('rejects an unknown preset and a hostile override', () => {
    const unknown = buildRequestScenario({ presetId: 'nope' }, catalog);
    expect(!unknown.ok && unknown.error[0]!.message).toMatch(/unknown preset "nope"/);
    const hostile = buildRequestScenario({ presetId: DEFAULT_PRESET, overrides: ['__proto__.x=1'] }, catalog);
    expect(hostile.ok).toBe(false);
  });
});

describe('in-thread client', () => {
  it('runs a preset and returns the result in the documented layout', async () => {
    const client = createInThreadClient(createEngineApi(catalog));
    const res = await client.run({ presetId: DEFAULT_PRESET, months: 24 });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const { meta, buffers } = res.result;
    expect(meta.months).toBe(24);
    expect(buffers.monthly.length).toBe(24 * meta.monthlyColumns.length);
    expect(buffers.price.length).toBe(24 * meta.countries.length * 2);
    expect(buffers.facState.length).toBe(24 * meta.facilities.length);
  });

  it('returns problems, not a throw, for a bad request', async () => {
    const client = createInThreadClient(createEngineApi(catalog));
    const res = await client.run({ presetId: DEFAULT_PRESET, overrides: ['months=5'] });
    expect(res.ok).toBe(false);
  });
});
