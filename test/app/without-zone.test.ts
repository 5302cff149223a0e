import { describe, expect, it } from 'vitest';
import { buildRequestScenario } from '../../src/bridge/protocol.ts';
import { loadPresetCatalog } from '../../src/bridge/preset-catalog.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { withoutZoneOverrides } from '../../src/app/without-zone.ts';

const catalog = loadPresetCatalog();
const parsed = (id: string) => {
  const p = parseScenario(catalog.get(id), catalog);
  if (!p.ok) throw new Error(id);
  return p.value;
};

describe('the "without the zone" baseline', () => {
  it('removes every instrument of the zone preset — floor and its schedule, levy, review, stockpile — members kept', () => {
    const overrides = withoutZoneOverrides(parsed('rare-earths-zone-2026'))!;
    const built = buildRequestScenario({ presetId: 'rare-earths-zone-2026', overrides }, catalog);
    if (!built.ok) throw new Error(JSON.stringify(built.error));
    const z = built.value.zone!;
    expect(z.floor).toEqual({ refine: null, mine: null });
    expect(z).toMatchObject({ variableLevy: false, fixedTariff: 0, cfd: false, floorSetting: { kind: 'fixed' } });
    expect(z.stockpile).toMatchObject({ budgetMusd: 0, capacityT: 0, initialT: 0 });
    expect(built.value.events.some((e) => e.kind === 'floor')).toBe(false);
    expect(built.value.countries.filter((c) => c.role === 'member').length).toBeGreaterThan(50);
  });

  it('is not offered without a zone, or for a zone of members only', () => {
    expect(withoutZoneOverrides(parsed('rare-earths-2024'))).toBeNull();
    expect(withoutZoneOverrides(parsed('export-ban'))).toBeNull();
    expect(withoutZoneOverrides(parsed('dumping-cycle-floor'))).not.toBeNull();
  });
});
