/**
 * Zone controls (MODEL.md §4.6): members, the floor per stage, the mechanism that defends it, and the stockpile
 * budget. When the preset has no zone, choosing members creates one (`zone={}`, schema defaults) and unlocks the rest.
 */
import type { Scenario } from '../../scenario/schema.ts';
import type { ControlValue } from '../../state/store.ts';
import type { ControlSpec } from './control-types.ts';

type Mechanism = 'levy' | 'tariff' | 'cfd' | 'preset';

/** Builds the zone group. */
export function zoneControls(s: Scenario, presetId: string): ControlSpec[] {
  const z = s.zone;
  const blockedBy: ControlSpec['blockedBy'] = z
    ? undefined
    : (valueOf) => (valueOf('members') === '' ? 'This preset has no zone: choose its members first.' : null);
  const usd = (v: ControlValue) => (Number(v) > 0 ? `${Number(v)} USD/kg` : 'no floor');
  const floor = (stage: 'mine' | 'refine'): ControlSpec => {
    const preset = z?.floor[stage] ?? 0;
    const ref = s.market.referencePrice[stage];
    return {
      id: `floor-${stage}`,
      group: 'zone',
      label: stage === 'refine' ? 'Floor, refined' : 'Floor, concentrate',
      kind: 'range',
      min: 0,
      max: Math.ceil(Math.max(2 * ref, 1.5 * preset) / 5) * 5,
      step: 1,
      defaultValue: preset,
      rule: 'Imports from outside the zone pay a levy that lifts their price to this floor.',
      origin: `${presetId}: ${usd(preset)} (reference price ${ref} USD/kg)`,
      disabled: null,
      blockedBy,
      format: usd,
      overrides: (v) => [`zone.floor.${stage}=${Number(v) > 0 ? Number(v) : 'null'}`],
    };
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
  return [
    membersControl(s, presetId),
    floor('refine'),
    floor('mine'),
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
      blockedBy,
      format: (v) => `${Math.round(Number(v) * 100)}%`,
      overrides: (v) => [`zone.fixedTariff=${Number(v)}`],
    },
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
      origin: budget
        ? `${presetId}: ${budget} M$`
        : `${presetId}: no stockpile (a new one is sized to hold the budget's worth at the reference price)`,
      disabled: null,
      blockedBy,
      format: (v) => `${Number(v).toLocaleString('en-US')} M$`,
      overrides: (v) => {
        const b = Number(v);
        if (z?.stockpile) return [`zone.stockpile.budgetMusd=${b}`];
        if (b <= 0) return [];
        const capacityT = Math.round((b * 1000) / s.market.referencePrice.refine);
        const sp = {
          budgetMusd: b,
          capacityT,
          maxBuyPerMonthT: Math.round(capacityT / 12),
          maxReleasePerMonthT: Math.round(capacityT / 6),
        };
        return [`zone.stockpile=${JSON.stringify(sp)}`];
      },
    },
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
