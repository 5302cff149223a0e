/**
 * A month's flow rows and the trade totals they add to (MODEL.md §7), for spot flows (settle.ts) and contract deliveries
 * (contracts.ts) alike.
 */
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

/**
 * Appends one row to the month's flows (t; M$ at the buyer's price, of tariff, at the seller's price, of transport, of
 * rent; the contract it delivers, −1 for the spot market) and, between two countries, what it adds to trade.
 */
export function pushFlowRow(
  w: World,
  st: number,
  from: number,
  to: number,
  origin: number,
  t: number,
  value: number,
  tariff: number,
  sellerValue: number,
  transport: number,
  rent: number,
  contract: number,
): void {
  const fl = w.outcome.flows;
  const i = fl.n++;
  fl.stage[i] = st;
  fl.from[i] = from;
  fl.to[i] = to;
  fl.origin[i] = origin;
  fl.tonnes[i] = t;
  fl.value[i] = value;
  fl.tariff[i] = tariff;
  fl.sellerValue[i] = sellerValue;
  fl.transport[i] = transport;
  fl.rent[i] = rent;
  fl.contract[i] = contract;
  if (from !== to) countTrade(w, st, from, to, t, tariff);
}
