import { describe, expect, it } from 'vitest';
import { buildGlobeFrame, buildGlobeStatic, countryTooltip, rolesKey } from '../../src/globe/globe-vm.ts';
import { alpha3Of } from '../../src/globe/iso-codes.ts';
import { buildActorsView, fitDistance } from '../../src/globe/actors-view.ts';
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

describe('the globe’s opening view', () => {
  it('centres between the dominant supplier and its members, and spans them all', () => {
    const v = buildActorsView(r)!;
    expect(v.codes.sort()).toEqual(['AUS', 'CHN', 'JPN', 'USA']);
    // China, Japan and Australia pull it to East Asia and the Pacific; the United States is the farthest.
    expect(v.lon).toBeGreaterThan(100);
    expect(v.lon).toBeLessThan(180);
    expect(v.spreadDeg).toBeGreaterThan(20);
    expect(v.spreadDeg).toBeLessThanOrEqual(75);
  });

  it('frames the dominant and the largest producers when the scenario has no members', () => {
    const noZone = makeFakeResult();
    noZone.meta.countries = noZone.meta.countries.map((c) => ({ ...c, role: c.role === 'member' ? 'other' : c.role }));
    noZone.buffers.membership.fill(0);
    const v = buildActorsView(noZone)!;
    expect(v.codes[0]).toBe('CHN');
    expect(v.codes).not.toContain('DEU');
  });

  it('backs the camera off for a wider spread and a narrower view', () => {
    expect(fitDistance(10, 35, 1.5)).toBeLessThan(fitDistance(40, 35, 1.5));
    expect(fitDistance(40, 35, 0.6)).toBeGreaterThan(fitDistance(40, 35, 1.5));
    expect(fitDistance(89, 35, 1)).toBe(6);
  });
});
