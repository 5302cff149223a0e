/**
 * The zone's variable levy on a stage's book (MODEL.md §4.6), valued on the exporters' prices the market's fixed point
 * has reached (market.ts).
 */
import type { ClearingQuota } from '../clearing/index.ts';
import type { World } from '../world/world.ts';
import type { Book } from './book.ts';
import { levied } from './routes.ts';

/**
 * The zone's variable levy (MODEL.md §4.6), the EU's rule: one levy per member importer and month for every non-member
 * origin, the floor minus the lowest landed offer — an origin's equilibrium price plus its wedge, duty, transport and
 * tariffs — over the origins that may ship to it (an origin under a zero quota to it does not count). The cheapest
 * landed import therefore lands exactly at the floor and the others above it, whatever their costs: the levy no longer
 * favours the origin with the lowest costs over the one with the lowest price. Writes `book.levy` per buyer and adds
 * it to the levied routes' cost and tariff.
 */
export function applyVariableLevy(w: World, book: Book, quotas: readonly ClearingQuota[]): void {
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  const floor = w.zone.floorUsdPerKg[st]!;
  book.levy.fill(0, 0, B);
  if (!w.scenario.zone?.variableLevy || !(floor === floor)) return;
  for (let b = 0; b < B; b++) {
    const cb = book.buyerCountry.data[b]!;
    let lowestLanded = Infinity;
    for (let s = 0; s < S; s++) {
      const c = book.sellerCountry.data[s]!;
      if (s === book.stockSeller || !levied(w, st, c, cb) || shut(quotas, s, b)) continue;
      lowestLanded = Math.min(lowestLanded, book.fobBase[s]! + book.cost[s * B + b]!);
    }
    if (lowestLanded === Infinity) continue;
    const levy = Math.max(0, floor - lowestLanded);
    book.levy[b] = levy;
    if (levy === 0) continue;
    for (let s = 0; s < S; s++) {
      if (s === book.stockSeller || !levied(w, st, book.sellerCountry.data[s]!, cb)) continue;
      book.cost[s * B + b]! += levy;
      book.tariffPerKg[s * B + b]! += levy;
    }
  }
}

/** Returns true when a quota of zero closes the route from seller node `s` to buyer node `b`. */
function shut(quotas: readonly ClearingQuota[], s: number, b: number): boolean {
  for (const q of quotas) if (q.seller === s && q.capacity <= 0 && q.buyerMask[b] === 1) return true;
  return false;
}
