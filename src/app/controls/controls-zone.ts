/**
 * Zone controls (MODEL.md §4.6): members, the floor per stage, the mechanism that defends it, and the stockpile
 * budget. When the preset has no zone, choosing members creates one (`zone={}`, schema defaults) and unlocks the rest.
 */
import type { Scenario } from '../../scenario/schema.ts';
import type { ControlValue } from '../../state/store.ts';
import type { ControlSpec, ValueOf } from './control-types.ts';
import { paramControls } from './param-controls.ts';
import { findMemberBan, firstFloorEvent, mechanismRemark } from './binding.ts';

type Mechanism = 'levy' | 'tariff' | 'cfd' | 'preset';

/** Builds the zone group. */
export function zoneControls(s: Scenario, presetId: string): ControlSpec[] {
  const z = s.zone;
  const blockedBy: ControlSpec['blockedBy'] = z
    ? undefined
    : (valueOf) => (valueOf('members') === '' ? 'This preset has no zone: choose its members first.' : null);
  const usd = (v: ControlValue) => (Number(v) > 0 ? `${Number(v)} USD/kg` : 'no floor');
  // The export-ban control may drop the preset's ban from the events (its whole-list override goes first), which
  // moves the events after it up by one.
  const ban = findMemberBan(s.events);
  const eventIndex = (i: number, valueOf: ValueOf) =>
    ban >= 0 && ban < i && Number(valueOf('export-ban')) >= s.months ? i - 1 : i;
  const costIndexed = z?.floorSetting.kind === 'cost-indexed' ? z.floorSetting : null;
  const floor = (stage: 'mine' | 'refine'): ControlSpec => {
    const ref = s.market.referencePrice[stage];
    const name = stage === 'refine' ? 'refined' : 'concentrate';
    // A preset whose floor starts with a scheduled event (and no floor before it) opens at that event's price: the
    // slider moves that price, which a cost-indexed review then resets.
    const opening = z?.floor[stage] == null ? firstFloorEvent(s.events, stage) : -1;
    const event = opening >= 0 ? (s.events[opening] as { month: string; price: number | null }) : null;
    const preset = event ? (event.price ?? 0) : (z?.floor[stage] ?? 0);
    const review = costIndexed
      ? ` A review every ${costIndexed.reviewMonths} months then resets it (margin, security share and step below).`
      : '';
    return {
      id: `floor-${stage}`,
      group: 'zone',
      label: event ? `Floor, ${name}: opens at` : `Floor, ${name}`,
      kind: 'range',
      min: 0,
      max: Math.ceil(Math.max(2 * ref, 1.5 * preset) / 5) * 5,
      step: 1,
      defaultValue: preset,
      rule: event
        ? `Imports from outside the zone pay a levy that lifts their price to this floor, from ${event.month}.${review}`
        : `Imports from outside the zone pay a levy that lifts their price to this floor.${review}`,
      origin: event
        ? `${presetId}: opens at ${usd(preset)} in ${event.month} (reference price ${ref} USD/kg)`
        : `${presetId}: ${usd(preset)} (reference price ${ref} USD/kg)`,
      disabled: null,
      blockedBy,
      format: usd,
      overrides: (v, valueOf) =>
        event
          ? [`events.${eventIndex(opening, valueOf)}.price=${Number(v) > 0 ? Number(v) : 'null'}`]
          : [`zone.floor.${stage}=${Number(v) > 0 ? Number(v) : 'null'}`],
    };
  };
  const floorSetting: ControlSpec = {
    id: 'floor-setting',
    group: 'zone',
    label: 'Floor setting',
    kind: 'select',
    options: [
      { value: 'fixed', label: 'Fixed (and scheduled changes)' },
      { value: 'cost-indexed', label: 'Cost-indexed review' },
    ],
    defaultValue: costIndexed ? 'cost-indexed' : 'fixed',
    rule: 'Fixed: the floor stays where it is set; cost-indexed: a periodic review resets it to what member producers cost.',
    origin: `${presetId}: ${costIndexed ? 'cost-indexed review' : 'fixed'}`,
    disabled: null,
    // A review moves a floor that exists: with none, the setting changes nothing.
    blockedBy: (valueOf) =>
      blockedBy?.(valueOf) ??
      (Number(valueOf('floor-refine')) > 0 || Number(valueOf('floor-mine')) > 0
        ? null
        : 'There is no floor to review: set a floor (refined or concentrate) first.'),
    format: (v) => (v === 'cost-indexed' ? 'Cost-indexed review' : 'Fixed'),
    overrides: (v, valueOf) => {
      if (v !== 'cost-indexed') return ['zone.floorSetting={"kind":"fixed"}'];
      const fs = {
        kind: 'cost-indexed',
        reviewMonths: Number(valueOf('floor-review-months')),
        securityShare: Number(valueOf('floor-security-share')),
        margin: Number(valueOf('floor-margin')),
        maxStep: Number(valueOf('floor-max-step')),
      };
      return [`zone.floorSetting=${JSON.stringify(fs)}`];
    },
  };
  const zd = z ?? { variableLevy: true, cfd: false, fixedTariff: 0 };
  const presetMechanism: Mechanism = !z
    ? 'levy'
    : z.variableLevy && !z.cfd && z.fixedTariff === 0
      ? 'levy'
      : !z.variableLevy && z.cfd && z.fixedTariff === 0
        ? 'cfd'
        : !z.variableLevy && !z.cfd && z.fixedTariff > 0
          ? 'tariff'
          : 'preset';
  const combo = z
    ? [z.variableLevy && 'levy', z.fixedTariff > 0 && 'tariff', z.cfd && 'CfD'].filter(Boolean).join(' + ')
    : '';
  const options = [
    { value: 'levy', label: 'Variable levy' },
    { value: 'tariff', label: 'Fixed tariff' },
    { value: 'cfd', label: 'Contract for difference' },
    ...(presetMechanism === 'preset' ? [{ value: 'preset', label: `As shipped (${combo || 'none'})` }] : []),
  ];
  const rate = z?.fixedTariff ?? 0;
  const budget = z?.stockpile?.budgetMusd ?? 0;
  // The stockpile cannot spend more than its storage holds at its buy price (sales refill the budget), so a budget
  // above that is never spent: the slider reaches at least there, and the hint says when the storage binds.
  const floors = [
    z?.floor.refine ?? 0,
    ...s.events.map((e) => (e.kind === 'floor' && e.stage !== 'mine' ? (e.price ?? 0) : 0)),
  ];
  const buyPrice = Math.ceil(z?.stockpile?.buyBelow ?? Math.max(s.market.referencePrice.refine, ...floors));
  const budgetBound = (valueOf: ValueOf) =>
    Math.ceil((Number(valueOf('stockpile-capacity')) * buyPrice) / 1000 / 10) * 10;
  const fmtT = (v: ControlValue) => `${Number(v).toLocaleString('en-US')} t`;
  return [
    membersControl(s, presetId),
    floor('refine'),
    floor('mine'),
    floorSetting,
    ...paramControls('zone', s, presetId).filter((c) => c.id.startsWith('floor-')),
    {
      id: 'mechanism',
      group: 'zone',
      label: 'Mechanism',
      kind: 'select',
      options,
      defaultValue: presetMechanism,
      rule: 'Levy: lifts imports to the floor; tariff: a fixed share of their value; contract for difference: pays member producers the gap below the floor.',
      origin: `${presetId}: ${options.find((o) => o.value === presetMechanism)!.label}`,
      disabled: null,
      blockedBy,
      remark: (_, valueOf) => mechanismRemark(s, valueOf),
      format: (v) => options.find((o) => o.value === v)?.label ?? String(v),
      overrides: (v, valueOf) => {
        const m = v as Mechanism;
        if (m === 'preset') return [];
        const want = { variableLevy: m === 'levy', cfd: m === 'cfd', fixedTariff: 0 };
        if (m === 'tariff') want.fixedTariff = Number(valueOf('fixed-tariff')) || 0.25;
        return Object.entries(want)
          .filter(([k, val]) => zd[k as keyof typeof want] !== val)
          .map(([k, val]) => `zone.${k}=${val}`);
      },
    },
    {
      id: 'fixed-tariff',
      group: 'zone',
      label: 'Fixed tariff rate',
      kind: 'range',
      min: 0,
      max: 1,
      step: 0.01,
      defaultValue: rate,
      rule: 'A duty, as a share of their value, on imports from outside the zone; used by the fixed-tariff mechanism.',
      origin: `${presetId}: ${Math.round(rate * 100)}%`,
      disabled: null,
      blockedBy: (valueOf) =>
        blockedBy?.(valueOf) ??
        (valueOf('mechanism') === 'tariff' || (valueOf('mechanism') === 'preset' && rate > 0)
          ? null
          : 'Applies to the fixed tariff only: choose “Fixed tariff” under Mechanism.'),
      format: (v) => `${Math.round(Number(v) * 100)}%`,
      overrides: (v) => [`zone.fixedTariff=${Number(v)}`],
    },
    ...paramControls('zone', s, presetId).filter((c) => c.id.startsWith('cfd-')),
    {
      id: 'stockpile-budget',
      group: 'zone',
      label: 'Stockpile budget',
      kind: 'range',
      min: 0,
      max: Math.max(5000, Math.ceil((3 * budget) / 1000) * 1000),
      step: 50,
      defaultValue: budget,
      rule: 'A strategic reserve buys while the price is at or below the floor and sells in shortages, until this budget is spent.',
      // Without a stockpile in the preset, a new one is sized to its budget, so nothing binds it.
      ...(z?.stockpile
        ? { range: (valueOf: ValueOf) => ({ min: 0, max: Math.max(budget, budgetBound(valueOf)) }) }
        : {}),
      remark: (v, valueOf) => {
        const bound = budgetBound(valueOf);
        return Number(valueOf('stockpile-capacity')) > 0 && Number(v) > bound
          ? `Storage binds: ${fmtT(valueOf('stockpile-capacity'))} at about ${buyPrice} USD/kg cost about ${bound.toLocaleString('en-US')} M$, so a larger budget is never spent — raise the storage for it to act.`
          : null;
      },
      origin: budget
        ? `${presetId}: ${budget} M$`
        : `${presetId}: no stockpile (a new one is sized to hold the budget's worth at the reference price)`,
      disabled: null,
      blockedBy,
      format: (v) => `${Number(v).toLocaleString('en-US')} M$`,
      overrides: (v, valueOf) => {
        const b = Number(v);
        if (z?.stockpile) return [`zone.stockpile.budgetMusd=${b}`];
        if (b <= 0) return [];
        const capacityT =
          Number(valueOf('stockpile-capacity')) || Math.round((b * 1000) / s.market.referencePrice.refine);
        const sp = {
          budgetMusd: b,
          capacityT,
          maxBuyPerMonthT: Number(valueOf('stockpile-max-buy')) || Math.round(capacityT / 12),
          maxReleasePerMonthT: Number(valueOf('stockpile-max-release')) || Math.round(capacityT / 6),
        };
        return [`zone.stockpile=${JSON.stringify(sp)}`];
      },
    },
    ...paramControls('zone', s, presetId).filter((c) => c.id.startsWith('stockpile-')),
  ];
}

/** Splits a members value ("AUS,JPN") into codes. */
export const memberCodes = (v: ControlValue): string[] => String(v).split(',').filter(Boolean);

function membersControl(s: Scenario, presetId: string): ControlSpec {
  const members = s.countries.filter((c) => c.role === 'member').map((c) => c.code);
  const options = s.countries.filter((c) => c.role !== 'dominant').map((c) => ({ value: c.code, label: c.name }));
  return {
    id: 'members',
    group: 'zone',
    label: 'Members',
    kind: 'checklist',
    options,
    defaultValue: members.join(','),
    rule: 'Members trade with each other duty-free and are sheltered by the floor.',
    origin: `${presetId}: ${members.length ? members.join(', ') : 'no zone'}`,
    disabled: options.length ? null : 'No country can join: every country is the dominant supplier.',
    format: (v) => `${memberCodes(v).length || 'none'}`,
    overrides: (v) => {
      const want = new Set(memberCodes(v));
      const out: string[] = [];
      s.countries.forEach((c, i) => {
        if (c.role === 'dominant') return;
        if (want.has(c.code) && c.role !== 'member') out.push(`countries.${i}.role=member`);
        if (!want.has(c.code) && c.role === 'member') {
          out.push(`countries.${i}=${JSON.stringify({ ...c, role: 'other', joins: undefined, leaves: undefined })}`);
        }
      });
      if (!s.zone && want.size) out.push('zone={}');
      return out;
    },
  };
}
