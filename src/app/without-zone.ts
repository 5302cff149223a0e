/**
 * The "without the zone" baseline (PRODUCT.md "Baselines a policy team means"): the same scenario with every zone
 * instrument removed — no floor (and no scheduled floor), no levy, tariff, tariff-rate quota or contract for
 * difference, a fixed floor setting and an empty stockpile — on the same seed. Members stay members, so the
 * difference is what the instruments do, not who trades with whom. Written as `--set` overrides, so
 * `chokepoint run <preset> --set …` reproduces it.
 */
import type { Scenario } from '../scenario/schema.ts';

/**
 * Returns the overrides that remove every zone instrument from `s`, or null when it has no zone or its zone has no
 * instrument (members only, as in a ban on exports to them): then the scenario is its own "without the zone".
 */
export function withoutZoneOverrides(s: Scenario): string[] | null {
  const z = s.zone;
  const floorEvents = s.events.some((e) => e.kind === 'floor');
  if (!z) return null;
  const instruments =
    z.floor.refine != null || z.floor.mine != null || floorEvents || z.fixedTariff > 0 || !!z.tariffRateQuota;
  if (!instruments && !z.stockpile) return null;
  const out = [
    'zone.floor.refine=null',
    'zone.floor.mine=null',
    'zone.variableLevy=false',
    'zone.fixedTariff=0',
    'zone.cfd=false',
    'zone.floorSetting={"kind":"fixed"}',
  ];
  if (z.stockpile) {
    for (const k of ['budgetMusd', 'capacityT', 'initialT', 'maxBuyPerMonthT', 'maxReleasePerMonthT']) {
      out.push(`zone.stockpile.${k}=0`);
    }
  }
  if (z.tariffRateQuota) out.push('zone.tariffRateQuota.inQuotaRate=0', 'zone.tariffRateQuota.outOfQuotaRate=0');
  const events = s.events.filter((e) => e.kind !== 'floor');
  if (events.length !== s.events.length) out.unshift(`events=${JSON.stringify(events)}`);
  return out;
}
