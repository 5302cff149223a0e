/**
 * Per-kg costs on a route exporter → importer for one stage (MODEL.md §4.6–4.7, §5): transport, the exporter's export
 * wedge and duty, and the importer's tariffs — event tariffs, the zone's fixed tariff and its variable levy.
 *
 * Valuation: ad valorem tariffs and duties, and the variable levy, are computed on the exporter's FOB price, taken as
 * the lowest ask it offers this month plus its export wedge. That is the EU's variable-levy rule ("threshold price minus
 * the lowest c.i.f. offer"): the cheapest import lands exactly at the floor and dearer ones above it, so no import lands
 * below the floor. Trade among members is free of the zone's tariffs. A domestic route costs nothing.
 */
import { matchesDestination } from '../policy/policies.ts';
import type { World } from '../world/world.ts';

/** Costs of one route, USD/kg: everything the clearing adds to the ask, and the part that is tariff revenue. */
export interface RouteCost {
  total: number;
  tariff: number;
}

/** Returns true when exporter `s` matches a tariff's exporter selector. */
function matchesExporter(w: World, s: number, sel: string): boolean {
  if (sel === 'all') return true;
  if (sel === 'dominant') return s === w.countries.dominant;
  if (sel === 'non-member') return w.countries.member[s] === 0;
  return w.countries.codes[s] === sel;
}

/**
 * Computes the cost of route s → b at stage `st`, given the exporter's FOB price and its wedge, USD/kg.
 * `fob` = lowest ask + wedge.
 */
export function routeCost(
  w: World,
  st: number,
  s: number,
  b: number,
  fob: number,
  wedge: number,
  out: RouteCost,
): void {
  if (s === b) {
    out.total = 0;
    out.tariff = 0;
    return;
  }
  const transport =
    w.countries.transportUsdPerKg[st * w.countries.count * w.countries.count + s * w.countries.count + b]!;
  const duty = w.countries.exportDutyShare[s * 2 + st]! * Math.max(0, fob);
  let tariff = 0;
  for (const t of w.policies.tariffs) {
    if (t.stage !== st || !matchesDestination(w, b, t.importer === 'member' ? 'member' : t.importer)) continue;
    if (t.importer === 'member' && w.countries.member[s] === 1) continue;
    if (matchesExporter(w, s, t.exporter)) tariff += t.adValorem * Math.max(0, fob) + t.perKg;
  }
  const zone = w.scenario.zone;
  if (zone && w.countries.member[b] === 1 && w.countries.member[s] === 0) {
    tariff += zone.fixedTariff * Math.max(0, fob);
    const floor = w.zone.floorUsdPerKg[st]!;
    if (zone.variableLevy && floor === floor) {
      tariff += Math.max(0, floor - (fob + duty + transport + tariff));
    }
  }
  out.total = transport + wedge + duty + tariff;
  out.tariff = tariff;
}
