import { describe, expect, it } from 'vitest';
import { buildGlobeFrame, buildGlobeStatic, countryTooltip, rolesKey } from '../../src/globe/globe-vm.ts';
import { alpha3Of } from '../../src/globe/iso-codes.ts';
import { makeFakeResult } from '../helpers/fake-result.ts';

const r = makeFakeResult();
const stat = buildGlobeStatic(r);

describe('globe view-model', () => {
  it('spreads a country’s facilities around its point and sizes them by capacity', () => {
    const [a, b] = [stat.facilityLatLon[0]!, stat.facilityLatLon[1]!];
    expect(a).toEqual([35, 105]);
    expect(b).not.toEqual(a);
    expect(stat.facilitySize[0]).toBeGreaterThan(stat.facilitySize[2]!);
  });

  it('gives roles by that month’s membership and flashes a closure in its month only', () => {
    const before = buildGlobeFrame(r, stat, 23);
    const after = buildGlobeFrame(r, stat, 24);
    expect(before.roles.get('JPN')).toBe('other');
    expect(after.roles.get('JPN')).toBe('member');
    expect(rolesKey(before.roles)).not.toBe(rolesKey(after.roles));
    expect(buildGlobeFrame(r, stat, 30).closing).toEqual([2]);
    expect(buildGlobeFrame(r, stat, 31).closing).toEqual([]);
    expect(buildGlobeFrame(r, stat, 33, 28).closing).toEqual([2]);
  });

  it('hides facilities that do not exist yet and draws arcs only between countries', () => {
    const f = buildGlobeFrame(r, stat, 10);
    expect(f.states[5]).toBeNull();
    expect(f.states[2]).toBe('operating');
    expect(f.arcs).toHaveLength(7);
    expect(f.arcs[0]!.tonnes).toBe(900);
    expect(f.arcs.every((a) => a.width > 0)).toBe(true);
  });

  it('tells a country’s price, production and imports', () => {
    const t = countryTooltip(r, 'DEU', 'Germany', 0);
    expect(t.title).toBe('Germany — other');
    expect(t.lines[0]).toBe('Refined price: 48 USD/kg');
    expect(countryTooltip(r, 'FRA', 'France', 0).lines).toEqual(['Not in this scenario']);
  });

  it('maps the atlas’s numeric ids to alpha-3 codes', () => {
    expect(alpha3Of('156', 'China')).toBe('CHN');
    expect(alpha3Of('036', 'Australia')).toBe('AUS');
    expect(alpha3Of(undefined, 'Kosovo')).toBe('XKX');
    expect(alpha3Of(undefined, 'Somaliland')).toBeNull();
  });
});
