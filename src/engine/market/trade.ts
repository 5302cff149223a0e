/** Trade totals a month's flows add to (MODEL.md §7): spot flows (settle.ts) and contract deliveries (contracts.ts). */
import type { World } from '../world/world.ts';

/**
 * Adds a flow between two countries to their exports and imports, the ring of recent exports (retaliation's basis) and
 * tariff revenue (the importer's; members' also counted apart).
 */
export function countTrade(w: World, st: number, from: number, to: number, t: number, tariff: number): void {
  w.outcome.exportsT[from * 2 + st]! += t;
  w.outcome.importsT[to * 2 + st]! += t;
  const ring = (((w.month % 12) * w.countries.count + from) * w.countries.count + to) * 2 + st;
  if (w.countries.exportRingT[ring] === 0) w.countries.exportRingWritten[w.month % 12]!.push(ring);
  w.countries.exportRingT[ring]! += t;
  w.outcome.tariffRevenueMusd += tariff;
  if (w.countries.member[to] === 1) w.outcome.tariffRevenueMemberMusd += tariff;
}
