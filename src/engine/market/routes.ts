/**
 * Per-kg costs on a route exporter → importer for one stage (MODEL.md §4.6–4.7, §5): transport, the exporter's export
 * wedge and duty, and the importer's tariffs — event tariffs and the zone's fixed tariff. The zone's variable levy is
 * added by the market (market.ts `applyVariableLevy`): it depends on every origin's landed price at once.
 *
 * Valuation (v2): an export duty is ad valorem on the exporter's FOB price, and ad valorem import tariffs on the
 * customs value (CIF: FOB + duty + transport), where FOB is the exporter's **equilibrium** price this month plus its
 * export wedge — not its lowest ask, which is a cost (0.1 charged a low-cost exporter a fraction of its landed value).
 * The market solves for those prices as a fixed point (market.ts). Trade among members is free of the zone's tariffs.
 * A domestic route costs nothing.
 */
import { matchesDestination } from '../policy/policies.ts';
import type { World } from '../world/world.ts';

/** Costs of one route, USD/kg: everything the clearing adds to the ask, and the part that is tariff revenue. */
export interface RouteCost {
  total: number;
  tariff: number;
  /** The customs value the ad valorem measures were charged on (CIF), USD/kg. */
  cif?: number;
  /**
   * Whether the costs depend on the FOB price given (an export duty or an ad valorem tariff on the route); when not,
   * any FOB gives the same `total` and `tariff`, bit for bit.
   */
  valued?: boolean;
}

/** Returns true when the zone's tariff-rate quota covers imports from `s` into `b` at stage `st` (MODEL.md §4.6). */
export function underTrq(w: World, st: number, s: number, b: number): boolean {
  const trq = w.scenario.zone?.tariffRateQuota;
  return !!trq && (trq.stage === 'mine' ? 0 : 1) === st && w.countries.member[b] === 1 && w.countries.member[s] === 0;
}

/** Returns the per-kg transport cost from country `from` to `to` at stage `st`, USD/kg (the scenario's matrix). */
export function transportCost(w: World, st: number, from: number, to: number): number {
  const C = w.countries.count;
  return w.countries.transportUsdPerKg[(st * C + from) * C + to]!;
}

/**
 * The dominant supplier's export wedge at stage `st` (export ask − domestic ask), USD/kg; 0 for other countries. A
 * negative wedge is an export subsidy; it is never larger than the cheapest ask at the dominant's seller node, so an
 * export never lands below zero (MODEL.md §5: prices are never negative). Without that bound a domestic margin of 500%
 * over a flood's export ask subsidised every export from the node, private plants' included, by more than they asked,
 * and India paid −78 $/kg (`dumping-cycle-floor --set dominant.domesticMargin=5`). With a destination `to`, the wedge
 * of that route: to a member, under `dominant.captureLevy`, raised by the levy it captures (levy.ts).
 */
export function exportWedge(w: World, st: number, c: number, to = -1): number {
  if (c !== w.countries.dominant) return 0;
  const s = w.strategist;
  const base = Math.max(s.exportAskUsdPerKg[st]! - s.domesticAskUsdPerKg[st]!, -s.homeLowestAskUsdPerKg[st]!);
  return to >= 0 && capturesLevy(w, st, c, to) ? base + s.levyCaptureUsdPerKg[to * 2 + st]! : base;
}

/**
 * Returns true when the dominant supplier, under `dominant.captureLevy`, prices its exports from `s` to member `b` at
 * the zone's levy threshold instead of paying the variable levy (MODEL.md §4.4, §4.6).
 */
export function capturesLevy(w: World, st: number, s: number, b: number): boolean {
  const zone = w.scenario.zone;
  const floor = w.zone.floorUsdPerKg[st]!;
  return (
    !!w.scenario.dominant?.captureLevy &&
    s === w.countries.dominant &&
    !!zone?.variableLevy &&
    floor === floor &&
    w.countries.member[b] === 1
  );
}

/** Returns true when exporter `s` matches a tariff's exporter selector. */
function matchesExporter(w: World, s: number, sel: string): boolean {
  if (sel === 'all') return true;
  if (sel === 'dominant') return s === w.countries.dominant;
  if (sel === 'non-member') return w.countries.member[s] === 0;
  return w.countries.codes[s] === sel;
}

/**
 * Computes the cost of route s → b at stage `st`, given the exporter's FOB price (its equilibrium price plus its
 * wedge) and its wedge, USD/kg, without the variable levy.
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
    out.cif = 0;
    out.valued = false;
    return;
  }
  const transport = transportCost(w, st, s, b);
  const share = w.countries.exportDutyShare[s * 2 + st]!;
  const duty = share * Math.max(0, fob);
  const cif = Math.max(0, fob) + duty + transport;
  let valued = share !== 0;
  let tariff = 0;
  for (const t of w.policies.tariffs) {
    if (t.stage !== st || !matchesDestination(w, b, t.importer === 'member' ? 'member' : t.importer)) continue;
    if (t.importer === 'member' && w.countries.member[s] === 1) continue;
    if (!matchesExporter(w, s, t.exporter)) continue;
    tariff += t.adValorem * cif + t.perKg;
    if (t.adValorem !== 0) valued = true;
  }
  const zone = w.scenario.zone;
  if (zone && w.countries.member[b] === 1 && w.countries.member[s] === 0) {
    tariff += zone.fixedTariff * cif;
    if (zone.fixedTariff !== 0) valued = true;
  }
  // Above a tariff-rate quota; the in-quota path (market.ts) pays the in-quota rate instead.
  if (underTrq(w, st, s, b)) {
    const rate = zone!.tariffRateQuota!.outOfQuotaRate;
    tariff += rate * cif;
    if (rate !== 0) valued = true;
  }
  out.total = transport + wedge + duty + tariff;
  out.tariff = tariff;
  out.cif = cif;
  out.valued = valued;
}

/**
 * Returns true when the zone's variable levy applies on imports from `s` into `b` this month: not on the dominant's
 * exports when it captures the levy (it prices at the threshold instead, like an exporter under a minimum-import-price
 * undertaking).
 */
export function levied(w: World, st: number, s: number, b: number): boolean {
  const zone = w.scenario.zone;
  const floor = w.zone.floorUsdPerKg[st]!;
  return (
    !!zone?.variableLevy &&
    floor === floor &&
    w.countries.member[b] === 1 &&
    w.countries.member[s] === 0 &&
    !capturesLevy(w, st, s, b)
  );
}
