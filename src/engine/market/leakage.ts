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
      const tariff = rc.tariff + (levied(w, st, hub, cb) ? book.levy[b]! : 0);
      const landed = Math.max(0, fob) + duty + carriage + tariff;
      const seized = e > 0 ? (e / (1 - e)) * landed : 0;
      book.reSeller.push(s);
      book.reBuyer.push(b);
      book.reHub.push(hub);
      book.reCost.push(wedge + duty + carriage + tariff + seized);
      book.reWedgeDuty.push(wedge + duty);
      book.reCarriage.push(carriage);
      book.reLeg1.push(transportCost(w, st, cs, hub));
      book.reTariff.push(tariff);
      book.reSeized.push(seized);
    }
  }
}
