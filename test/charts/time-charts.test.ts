import { describe, expect, it } from 'vitest';
import { buildCapacityVm } from '../../src/charts/capacity-vm.ts';
import { buildPricesVm } from '../../src/charts/prices-vm.ts';
import { buildSupplyVm, supplyByOrigin } from '../../src/charts/supply-vm.ts';
import { timeTable } from '../../src/charts/time-vm.ts';
import { FAKE_MONTHS, makeFakeResult } from '../helpers/fake-result.ts';

const current = makeFakeResult(5);
const baseline = makeFakeResult(0);
const input = { current, baseline, stage: 'refine' as const, selected: null, cursor: 10 };

describe('prices chart', () => {
  it('draws members, others and the dominant, their baseline ghosts and the dashed floor', () => {
    const vm = buildPricesVm(input);
    expect(vm.lines.map((l) => l.id)).toEqual([
      'member',
      'other',
      'dominant',
      'member-baseline',
      'other-baseline',
      'dominant-baseline',
      'floor',
    ]);
    expect(vm.lines.find((l) => l.id === 'floor')!.dashed).toBe(true);
    expect(vm.lines.filter((l) => l.ghost)).toHaveLength(3);
    expect(vm.lines[0]!.values[0]).toBeCloseTo(65);
    expect(vm.yMax).toBeGreaterThan(70);
  });

  it('filters to the selected country and says so in its title', () => {
    const vm = buildPricesVm({ ...input, selected: 'JPN' });
    expect(vm.title).toMatch(/Japan \(selected\)/);
    expect(vm.lines[0]!.label).toBe('Japan');
    expect(vm.lines[0]!.values[30]).toBeCloseTo(60 + 10 * Math.sin(5) + 5);
    expect(vm.markers.every((m) => m.indices.every((i) => ['JPN', ''].includes(current.events[i]!.country)))).toBe(
      true,
    );
  });

  it('puts strategy and restriction events on the chart as markers', () => {
    const vm = buildPricesVm(input);
    expect(vm.markers.map((m) => m.month)).toEqual([6, 24, 40]);
  });

  it('turns into a data table with a row per month', () => {
    const t = timeTable(buildPricesVm(input));
    expect(t.rows).toHaveLength(FAKE_MONTHS);
    expect(t.columns[0]).toBe('Month');
    expect(t.rows[0]![0]).toBe('2025-01');
  });
});

describe('supply chart', () => {
  it('splits deliveries to members by the exporter’s role that month', () => {
    const [dominant, members, others] = supplyByOrigin(current, 1, null);
    // Month 0: members are USA and AUS. CHN→USA 700; MYS→USA 300; USA→USA 100.
    expect([dominant![0], members![0], others![0]]).toEqual([700, 100, 300]);
    // From month 24 Japan is a member too: CHN→JPN 500 and MYS→JPN 200 count.
    expect([dominant![24], members![24], others![24]]).toEqual([1200, 100, 500]);
  });

  it('shows one country’s suppliers when it is selected', () => {
    const vm = buildSupplyVm({ ...input, selected: 'DEU' });
    expect(vm.title).toMatch(/Germany \(selected\)/);
    expect(vm.areas[0]!.values[0]).toBe(400);
  });

  it('falls back to everyone outside the dominant when the run has no zone', () => {
    const r = makeFakeResult();
    r.buffers.membership.fill(0);
    const vm = buildSupplyVm({ ...input, current: r, baseline: null });
    expect(vm.title).toMatch(/outside China/);
    expect(vm.empty).toBeNull();
  });
});

describe('capacity chart', () => {
  it('stacks capacity outside the dominant by state, with the baseline’s operating capacity as a ghost', () => {
    const vm = buildCapacityVm(input);
    expect(vm.areas.map((a) => a.id)).toEqual(['operating', 'idle', 'building', 'closed']);
    expect(vm.areas[0]!.values[0]).toBe(2000);
    expect(vm.title).toMatch(/outside China/);
    expect(vm.lines[0]!.ghost).toBe(true);
  });

  it('counts a selected country’s facilities by state', () => {
    const vm = buildCapacityVm({ ...input, selected: 'USA' });
    const [op, idle, , closed] = vm.areas.map((a) => a.values);
    expect([op![0], idle![20], closed![40]]).toEqual([8000, 8000, 8000]);
    expect(vm.markers.map((m) => m.month)).toEqual([18, 30]);
  });
});
