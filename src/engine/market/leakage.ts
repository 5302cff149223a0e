/**
 * Trade that leaks past export controls (MODEL.md §4.9, v2): a product whose export to a destination is restricted can
 * reach it through a third country that re-exports it. Each export restriction of the stage gets, for every buyer it
 * covers, one re-export channel from the exporter through the hub that is cheapest to go through — a country that is
 * neither the exporter nor the buyer nor covered by the restriction — outside the quota. The channel costs what a
 * direct route would (the origin's wedge and export duty), transport on both legs, `leakage.reexportUsdPerKg`, the
 * importer's tariffs and levy as if the product came from the hub (rules of origin are what enforcement checks), and the
 * expected seizure: with `originEnforcement` e, a share e of what is shipped is caught and treated as of its origin
 * (so barred), and a risk-neutral trader loses e / (1 − e) of the landed value per kg that gets through. e = 1, the
 * default, leaves no channel: 0.1's rule.
 *
 * Tariffs and levies by origin leak the same way (`addTariffChannels`): a route that pays an import tariff or the
 * zone's levy gets a channel through the hub where that is cheapest. There a caught shipment is not barred but charged
 * as of its origin, so the channel's expected duty is e · (the direct route's tariffs and levy) + (1 − e) · (the hub's),
 * and it costs no seizure; it is added only where it is cheaper than the direct route. A member hub thus carries a
 * non-member's product into the zone levy-free at e = 0, which is what the EU's anti-circumvention rules police.
 */
import { matchesDestination } from '../policy/policies.ts';
import type { World } from '../world/world.ts';
import type { Book } from './book.ts';
import { type RouteCost, exportWedge, levied, routeCost, transportCost } from './routes.ts';

/** Empties the book's re-export channels (rebuilt with each clearing's route costs). */
export function clearReexports(book: Book): void {
  for (const col of [
    book.reSeller,
    book.reBuyer,
    book.reHub,
    book.reCost,
    book.reWedgeDuty,
    book.reCarriage,
    book.reLeg1,
    book.reTariff,
    book.reLevy,
    book.reSeized,
  ])
    col.clear();
}

/**
 * Adds the stage's re-export channels to the book, valued on the current FOB bases and levies (after
 * `applyVariableLevy`). Nothing when enforcement is complete.
 */
export function addReexports(w: World, book: Book): void {
  clearReexports(book);
  const { reexportUsdPerKg: k, originEnforcement: e } = w.scenario.market.leakage;
  if (!(e < 1)) return;
  const st = book.st;
  const C = w.countries.count;
  const B = book.buyerCountry.n;
  const rc: RouteCost = { total: 0, tariff: 0 };
  // Routes that have a channel past a restriction already: no second channel for their tariffs.
  const covered = new Uint8Array(book.sellerCountry.n * B);
  for (const r of w.policies.restrictions) {
    if (r.stage !== st) continue;
    const s = book.sellerOf[r.exporter]!;
    if (s < 0) continue;
    const cs = r.exporter;
    const wedge = exportWedge(w, st, cs);
    const fob = book.fobBase[s]! + wedge;
    const duty = w.countries.exportDutyShare[cs * 2 + st]! * Math.max(0, fob);
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      if (b === book.stockBuyer || cb === cs || !matchesDestination(w, cb, r.dest)) continue;
      let hub = -1;
      let carriage = Infinity;
      for (let h = 0; h < C; h++) {
        if (h === cs || h === cb || matchesDestination(w, h, r.dest)) continue;
        const legs = transportCost(w, st, cs, h) + transportCost(w, st, h, cb);
        if (legs < carriage) {
          carriage = legs;
          hub = h;
        }
      }
      if (hub < 0) continue;
      carriage += k;
      const hubFob = Math.max(0, fob) + duty + transportCost(w, st, cs, hub) + k;
      routeCost(w, st, hub, cb, hubFob, 0, rc);
      const levy = levied(w, st, hub, cb) ? book.levy[b]! : 0;
      const tariff = rc.tariff + levy;
      const landed = Math.max(0, fob) + duty + carriage + tariff;
      const seized = e > 0 ? (e / (1 - e)) * landed : 0;
      covered[s * B + b] = 1;
      pushChannel(book, s, b, hub, wedge + duty, carriage, transportCost(w, st, cs, hub), tariff, levy, seized);
    }
  }
  addTariffChannels(w, book, covered);
}

/**
 * Adds, for every route s → b that pays an import tariff or the zone's levy (and has no channel past a restriction),
 * the cheapest channel through a hub h ≠ origin, buyer: both legs' transport + `reexportUsdPerKg` + the expected duty
 * e · T(s → b) + (1 − e) · T(h → b), tariffs and levy alike, where T(h → b) is valued on the product's price at the hub.
 * Only a channel cheaper than the direct route is added (any other would carry nothing). Costs O(S · B · C) route
 * valuations, paid only when enforcement is incomplete.
 */
function addTariffChannels(w: World, book: Book, covered: Uint8Array): void {
  const { reexportUsdPerKg: k, originEnforcement: e } = w.scenario.market.leakage;
  const st = book.st;
  const C = w.countries.count;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  const rc: RouteCost = { total: 0, tariff: 0 };
  for (let s = 0; s < S; s++) {
    if (s === book.stockSeller) continue;
    const cs = book.sellerCountry.data[s]!;
    const wedge = exportWedge(w, st, cs);
    const fob = book.fobBase[s]! + wedge;
    const duty = w.countries.exportDutyShare[cs * 2 + st]! * Math.max(0, fob);
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      const direct = book.tariffPerKg[s * B + b]!;
      if (b === book.stockBuyer || cb === cs || covered[s * B + b] === 1 || !(direct > 0)) continue;
      const directLevy = levied(w, st, cs, cb) ? book.levy[b]! : 0;
      let best = Infinity;
      let hub = -1;
      let hubTariff = 0;
      let hubLevy = 0;
      for (let h = 0; h < C; h++) {
        if (h === cs || h === cb) continue;
        const leg1 = transportCost(w, st, cs, h);
        routeCost(w, st, h, cb, Math.max(0, fob) + duty + leg1 + k, 0, rc);
        const levy = levied(w, st, h, cb) ? book.levy[b]! : 0;
        const cost = leg1 + transportCost(w, st, h, cb) + (1 - e) * (rc.tariff + levy);
        if (cost < best) {
          best = cost;
          hub = h;
          hubTariff = rc.tariff + levy;
          hubLevy = levy;
        }
      }
      if (hub < 0) continue;
      const carriage = transportCost(w, st, cs, hub) + transportCost(w, st, hub, cb) + k;
      const tariff = e * direct + (1 - e) * hubTariff;
      if (!(wedge + duty + carriage + tariff < book.cost[s * B + b]! - 1e-9)) continue;
      const levy = e * directLevy + (1 - e) * hubLevy;
      pushChannel(book, s, b, hub, wedge + duty, carriage, transportCost(w, st, cs, hub), tariff, levy, 0);
    }
  }
}

/** Appends one re-export channel to the book; its cost to the clearing is the sum of its parts. */
function pushChannel(
  book: Book,
  s: number,
  b: number,
  hub: number,
  wedgeDuty: number,
  carriage: number,
  leg1: number,
  tariff: number,
  levy: number,
  seized: number,
): void {
  book.reSeller.push(s);
  book.reBuyer.push(b);
  book.reHub.push(hub);
  book.reCost.push(wedgeDuty + carriage + tariff + seized);
  book.reWedgeDuty.push(wedgeDuty);
  book.reCarriage.push(carriage);
  book.reLeg1.push(leg1);
  book.reTariff.push(tariff);
  book.reLevy.push(levy);
  book.reSeized.push(seized);
}
