/**
 * The zone's tariff-rate quota (MODEL.md §4.6, v2): non-member imports into members pay `inQuotaRate` ad valorem up
 * to a yearly volume and `outOfQuotaRate` above it (on top of the zone's fixed tariff, event tariffs and the levy).
 * The calendar year's volume is shared among members pro rata to their base demand (as TRQs are administered by
 * country allocations), first come, first served within the year. In the month's network each member buyer gets an
 * in-quota node: every non-member seller reaches it at its direct route's cost with the in-quota rate in place of the
 * out-of-quota one, and it passes on at most the member's in-quota tonnes left (joint.ts). The direct route pays the
 * out-of-quota rate (routes.ts), so imports fill the quota first. When the quota binds, the gap between the member's
 * price and the in-quota landed price is the quota rent, credited to the importing member (its licence holders).
 */
import { monthLabel } from '../../scenario/months.ts';
import type { World } from '../world/world.ts';
import type { Book } from './book.ts';
import { type RouteCost, exportWedge, routeCost, underTrq } from './routes.ts';

/** Adds the book's in-quota paths and each member buyer's in-quota room (after the levy is priced). */
export function addTrqPaths(w: World, book: Book): void {
  for (const col of [book.trqSeller, book.trqBuyer, book.trqCost, book.trqTariff]) col.clear();
  const trq = w.scenario.zone?.tariffRateQuota;
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  book.trqRoomT = book.trqRoomT.length === B ? book.trqRoomT.fill(0) : new Float64Array(B);
  if (!trq || (trq.stage === 'mine' ? 0 : 1) !== st) return;
  let memberBase = 0;
  for (let c = 0; c < w.countries.count; c++)
    if (w.countries.member[c] === 1) memberBase += w.countries.demandBaseTpm[c]!;
  if (!(memberBase > 0)) return;
  const rc: RouteCost = { total: 0, tariff: 0 };
  const cut = trq.outOfQuotaRate - trq.inQuotaRate;
  for (let b = 0; b < B; b++) {
    const cb = book.buyerCountry.data[b]!;
    if (b === book.stockBuyer || w.countries.member[cb] !== 1) continue;
    const room = (trq.volumeTpy * w.countries.demandBaseTpm[cb]!) / memberBase - w.zone.trqUsedT[cb]!;
    if (!(room > 1e-9)) continue;
    book.trqRoomT[b] = room;
    for (let s = 0; s < S; s++) {
      const c = book.sellerCountry.data[s]!;
      const direct = book.cost[s * B + b]!;
      if (s === book.stockSeller || direct === Infinity || !underTrq(w, st, c, cb)) continue;
      const wedge = exportWedge(w, st, c);
      routeCost(w, st, c, cb, book.fobBase[s]! + wedge, wedge, rc);
      book.trqSeller.push(s);
      book.trqBuyer.push(b);
      book.trqCost.push(direct - cut * rc.cif!);
      book.trqTariff.push(book.tariffPerKg[s * B + b]! - cut * rc.cif!);
    }
  }
}

/** Adds this month's in-quota tonnes to each member's use, and starts a new year's volume after December. */
export function useTrq(w: World, book: Book, inQuota: Float64Array): void {
  for (let k = 0; k < book.trqSeller.n; k++) {
    const cb = book.buyerCountry.data[book.trqBuyer.data[k]!]!;
    w.zone.trqUsedT[cb]! += inQuota[k]!;
  }
}

/** Starts a new calendar year's tariff-rate quota after December (step `settle`). */
export function rollTrqYear(w: World): void {
  if (monthLabel(w.scenario.start, w.month).endsWith('-12')) w.zone.trqUsedT.fill(0);
}
