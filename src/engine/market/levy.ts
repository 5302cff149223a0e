/**
 * The zone's variable levy on a stage's book (MODEL.md §4.6), valued on the exporters' prices the market's fixed point
 * has reached (market.ts).
 */
import type { ClearingQuota } from '../clearing/index.ts';
import type { World } from '../world/world.ts';
import type { Book } from './book.ts';
import { capturesLevy, levied } from './routes.ts';

/**
 * The zone's variable levy (MODEL.md §4.6), the EU's rule: one levy per member importer and month for every non-member
 * origin, the floor minus the lowest landed offer — an origin's equilibrium price plus its wedge, duty, transport and
 * tariffs — over the origins that may ship to it more: an origin under a zero quota to it, or under an export quota
 * that was full in the month's last clearing, does not count (it is not the marginal offer; its buyers pay it a quota
 * rent above its landed price, and a levy set on that price would land every other origin above the floor). The cheapest
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
  captureLevy(w, book);
  for (let b = 0; b < B; b++) {
    const cb = book.buyerCountry.data[b]!;
    // Only members levy (`levied`): a non-member's routes are left as they are, without asking each of them.
    if (w.countries.member[cb] !== 1) continue;
    let lowestLanded = Infinity;
    for (let s = 0; s < S; s++) {
      const c = book.sellerCountry.data[s]!;
      if (s === book.stockSeller || !levied(w, st, c, cb) || shut(quotas, book.quotaFull, s, b)) continue;
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

/**
 * The dominant's export asks by destination group (MODEL.md §4.4, v2) under `dominant.captureLevy`: facing the
 * variable levy, it raises its price to each member up to the levy threshold — its landed price at the floor, the
 * floor less transport and tariffs, less CAPTURE_UNDERCUT — and keeps the rent itself, as exporters did under the EU's variable levies and
 * minimum-import-price undertakings; its exports to members pay no levy then (`levied`). The member's price is the
 * floor either way (less the undercut where the dominant supplies it). Adds the raise to the dominant's routes to members and records it per destination
 * (`levyCaptureUsdPerKg`, read by `exportWedge`).
 */
/**
 * How far below the levy threshold the dominant lands when it captures the levy, USD/kg: the rest of the non-member
 * origins land exactly at the floor (the levy puts the cheapest there), so at the threshold the dominant would tie with
 * them and the clearing could give the sale to either; a cent a kilogram lower it wins it, as a seller shading its
 * price would.
 */
export const CAPTURE_UNDERCUT = 0.01;

function captureLevy(w: World, book: Book): void {
  const st = book.st;
  const capture = w.strategist.levyCaptureUsdPerKg;
  for (let c = 0; c < w.countries.count; c++) capture[c * 2 + st] = 0;
  const d = w.countries.dominant;
  const s = d >= 0 ? book.sellerOf[d]! : -1;
  if (s < 0) return;
  const B = book.buyerCountry.n;
  const floor = w.zone.floorUsdPerKg[st]!;
  for (let b = 0; b < B; b++) {
    const cb = book.buyerCountry.data[b]!;
    if (!capturesLevy(w, st, d, cb)) continue;
    const raise = Math.max(0, floor - CAPTURE_UNDERCUT - (book.fobBase[s]! + book.cost[s * B + b]!));
    if (!(raise > 0) || book.cost[s * B + b] === Infinity) continue;
    book.cost[s * B + b]! += raise;
    capture[cb * 2 + st] = raise;
  }
}

/** Returns true when a quota of zero, or one full in the last clearing, holds the route from seller `s` to buyer `b`. */
function shut(quotas: readonly ClearingQuota[], full: Uint8Array, s: number, b: number): boolean {
  for (let k = 0; k < quotas.length; k++) {
    const q = quotas[k]!;
    if (q.seller === s && q.buyerMask[b] === 1 && (q.capacity <= 0 || full[k] === 1)) return true;
  }
  return false;
}
