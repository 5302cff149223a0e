/**
 * Dominant-supplier controls (MODEL.md §4.4): strategy, the rival share it tolerates, how hard it undercuts, and the
 * month it bans exports to members. Unavailable when the preset has no dominant supplier.
 */
import { monthIndex, monthLabel } from '../../scenario/months.ts';
import { paramControls } from './param-controls.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { ControlValue } from '../../state/store.ts';
import { type ControlSpec, type ValueOf, percent } from './control-types.ts';
import { adaptiveIdle, findMemberBan, noFloodRemark } from './binding.ts';

/** Builds the dominant group. */
export function dominantControls(s: Scenario, presetId: string): ControlSpec[] {
  const d = s.dominant;
  const none = d ? null : 'This preset has no dominant supplier.';
  const ban = findMemberBan(s.events);
  const banMonth = ban >= 0 ? monthIndex(s.start, (s.events[ban] as { month: string }).month) : s.months;
  // Only the adaptive strategy changes mode by itself; a scripted one floods only when an event schedules it.
  const adaptiveOnly = (valueOf: ValueOf) =>
    valueOf('strategy') === 'adaptive'
      ? null
      : 'Applies to the adaptive strategy only: choose “Adaptive” under Strategy.';
  const floods = s.events.some((e) => e.kind === 'mode' && e.mode === 'flood');
  const floodsOnly = (valueOf: ValueOf) =>
    valueOf('strategy') === 'adaptive' || floods
      ? null
      : 'It floods only when adaptive or when a flood is scheduled: choose “Adaptive” under Strategy.';
  const when = (v: ControlValue) => (Number(v) >= s.months ? 'none' : monthLabel(s.start, Number(v)));
  return [
    {
      id: 'strategy',
      group: 'dominant',
      label: 'Strategy',
      kind: 'select',
      options: [
        { value: 'adaptive', label: 'Adaptive (floods and harvests)' },
        { value: 'scripted', label: 'Scripted (scheduled events only)' },
        { value: 'dominant-firm', label: 'Dominant firm (best price against rivals’ supply)' },
      ],
      defaultValue: d?.strategy ?? 'adaptive',
      rule: 'Adaptive competes while rivals are small, floods the market when they grow, and raises prices once they close. Dominant firm sets each month the export price that earns it most, given what rivals supply at each price.',
      origin: `${presetId}: ${d?.strategy ?? 'none'}`,
      disabled: none,
      remark: (v, valueOf, run) => (v === 'adaptive' ? adaptiveIdle(s, valueOf, run) : null),
      format: String,
      overrides: (v) => [`dominant.strategy=${v === 'scripted' || v === 'dominant-firm' ? v : 'adaptive'}`],
    },
    {
      id: 'tolerated-share',
      group: 'dominant',
      label: 'Tolerated rival share',
      kind: 'range',
      min: 0,
      max: 0.6,
      step: 0.01,
      defaultValue: d?.toleratedRivalShare ?? 0.25,
      rule: 'It floods the market once rivals supply more than this share of the world.',
      origin: `${presetId}: ${percent(d?.toleratedRivalShare ?? 0.25)}`,
      disabled: none,
      blockedBy: adaptiveOnly,
      remark: (_, valueOf, run) => noFloodRemark(s, valueOf, run),
      format: percent,
      overrides: (v) => [`dominant.toleratedRivalShare=${Number(v)}`],
    },
    {
      id: 'undercut',
      group: 'dominant',
      label: 'Aggressiveness (undercut)',
      kind: 'range',
      min: 0,
      max: 0.3,
      step: 0.01,
      defaultValue: d?.undercut ?? 0.05,
      rule: 'While flooding, it prices this far below the cheapest rival’s cash cost.',
      origin: `${presetId}: ${percent(d?.undercut ?? 0.05)}`,
      disabled: none,
      blockedBy: floodsOnly,
      remark: (_, valueOf, run) => noFloodRemark(s, valueOf, run),
      format: percent,
      overrides: (v) => [`dominant.undercut=${Number(v)}`],
    },
    {
      id: 'export-ban',
      group: 'dominant',
      label: 'Export ban to members from',
      kind: 'range',
      min: 0,
      max: s.months,
      step: 1,
      defaultValue: banMonth,
      rule: 'From this month it stops exporting to zone members; far right: no ban.',
      origin: `${presetId}: ${ban >= 0 ? when(banMonth) : 'no ban'}`,
      disabled: none,
      blockedBy: s.zone
        ? undefined
        : (valueOf) => (valueOf('members') === '' ? 'No zone yet: choose members first.' : null),
      format: when,
      overrides: (v) => {
        const m = Number(v);
        if (ban >= 0) {
          if (m >= s.months) return [`events=${JSON.stringify(s.events.filter((_, i) => i !== ban))}`];
          return [`events.${ban}.month="${monthLabel(s.start, m)}"`];
        }
        if (m >= s.months) return [];
        const event = {
          kind: 'export-restriction',
          month: monthLabel(s.start, m),
          stage: 'both',
          to: 'member',
          cut: 1,
        };
        return [`events=${JSON.stringify([...s.events, event])}`];
      },
    },
    ...paramControls('dominant', s, presetId),
  ];
}
