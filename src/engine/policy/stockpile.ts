/**
 * The zone's strategic stockpile (MODEL.md §4.6): what it bids and offers each month, the disruptions that let it
 * release and how long they are expected to last, its book value and carrying cost, and its events.
 *
 * - It **buys** outside a declared disruption, while budget and storage last: a bid at `buyBelow` (default: the
 *   refined floor, or P_ref without one) for min(maxBuyPerMonthT, room, budget / buyBelow) t.
 * - While a **disruption is declared** — a `disruption` event, an export restriction of the dominant supplier that
 *   covers members, or a retaliation (§4.4) — with L months of it left, this one included, it releases at most its
 *   ration min(maxReleasePerMonthT, stock / L) a month, so that what it holds lasts to the disruption's expected end.
 *   The ration is offered at `buyBelow`: the stockpile sells it at the price members bid for it, which is their value
 *   of the product that month (the price on their demand curves, the choke price while demand goes unmet), and keeps
 *   what they would not buy at `buyBelow` or more for the months left. The US Strategic Petroleum Reserve sells its
 *   emergency drawdowns the same way: a volume set by policy, sold to the highest bids above a minimum price.
 * - Outside a disruption it releases min(maxReleasePerMonthT, stock) at max(releaseAbove, buyBelow) once last month's
 *   price at its node reached `releaseAbove`. So it never sells below `buyBelow`.
 * - It pays its carrying cost from the treasury of the country it sits in: `holdingCost.interestPerYr` on its book
 *   value (what the tonnes held cost, at average purchase price) and `storageUsdPerKgYr` on the tonnes held, each
 *   month a twelfth, after the month's trades.
 */
import { type World, emit } from '../world/world.ts';

/** Returns the stockpile's buy price, USD/kg: `buyBelow`, else the refined floor, else P_ref. */
export function stockpileBuyPrice(w: World): number {
  const sp = w.scenario.zone!.stockpile!;
  const floor = w.zone.floorUsdPerKg[1]!;
  return sp.buyBelow ?? (floor === floor ? floor : w.scenario.market.referencePrice.refine);
}

/** Returns whether the stockpile trades this month: it exists and the country it sits in is a member. */
function trades(w: World): boolean {
  return (
    w.scenario.zone?.stockpile !== undefined &&
    w.zone.stockCountry >= 0 &&
    w.countries.member[w.zone.stockCountry] === 1
  );
}

/** Returns the months of the declared disruption left, this one included; 0 when none is declared. */
export function disruptionMonthsLeft(w: World): number {
  return Math.max(0, w.zone.disruptionUntil - w.month);
}

/** What the stockpile offers this month: t at an ask, USD/kg. */
export interface StockpileOffer {
  askUsdPerKg: number;
  qtyT: number;
}

/**
 * Returns the stockpile's offer this month, or null: during a disruption its ration at `buyBelow`, otherwise all it
 * may release at max(releaseAbove, buyBelow) once last month's price at its node reached `releaseAbove`. Records the
 * ration in `w.zone.stockRationT`.
 */
export function stockpileOffer(w: World): StockpileOffer | null {
  w.zone.stockRationT = 0;
  if (!trades(w) || w.zone.stockT <= 0) return null;
  const sp = w.scenario.zone!.stockpile!;
  const buy = stockpileBuyPrice(w);
  const left = disruptionMonthsLeft(w);
  if (left > 0) {
    w.zone.stockRationT = Math.min(sp.maxReleasePerMonthT, w.zone.stockT / left);
    return { askUsdPerKg: buy, qtyT: w.zone.stockRationT };
  }
  const releaseAbove = sp.releaseAbove ?? buy * 1.5;
  const local = w.countries.lastPriceUsdPerKg[w.zone.stockCountry * 2 + 1]!;
  if (!(local >= releaseAbove)) return null;
  return { askUsdPerKg: Math.max(releaseAbove, buy), qtyT: Math.min(sp.maxReleasePerMonthT, w.zone.stockT) };
}

/** What the stockpile bids this month: t at a price, USD/kg. */
export interface StockpileBid {
  priceUsdPerKg: number;
  qtyT: number;
}

/** Returns the stockpile's bid this month, or null: outside a disruption, min(maxBuy, room, budget / buy) at `buyBelow`. */
export function stockpileBid(w: World): StockpileBid | null {
  if (!trades(w) || w.zone.stockBudgetLeftMusd <= 0 || disruptionMonthsLeft(w) > 0) return null;
  const sp = w.scenario.zone!.stockpile!;
  const buy = stockpileBuyPrice(w);
  const qty = Math.min(
    sp.maxBuyPerMonthT,
    sp.capacityT - w.zone.stockT,
    (w.zone.stockBudgetLeftMusd * 1000) / Math.max(buy, 1e-6),
  );
  return qty > 1e-9 ? { priceUsdPerKg: buy, qtyT: qty } : null;
}

/**
 * Declares a supply disruption until month index `until` (exclusive) when that extends the one declared, with an
 * event saying why (`4.6 stockpile`). Without a stockpile nothing reads it, and nothing is said.
 */
export function declareDisruption(w: World, until: number, why: string): void {
  if (until <= w.zone.disruptionUntil) return;
  w.zone.disruptionUntil = until;
  if (!w.scenario.zone?.stockpile) return;
  emit(
    w,
    'policy',
    'zone',
    -1,
    `A supply disruption is declared for ${until - w.month} months (${why}): the stockpile may release, rationed over them.`,
    '4.6 stockpile',
  );
}

/**
 * Declares the disruption an export restriction in force makes (MODEL.md §4.6): one by the dominant supplier whose
 * destination covers members, until its end, or — without one (`until` null) — for `openEndedMonths`, again each time
 * that lapses while the restriction lasts.
 */
export function declareRestrictionDisruption(w: World, exporter: number, dest: string, until: number | null): void {
  const sp = w.scenario.zone?.stockpile;
  if (!sp || exporter < 0 || exporter !== w.countries.dominant) return;
  const code = w.countries.index.get(dest);
  const members = dest === 'member' || dest === 'all' || (code !== undefined && w.countries.member[code] === 1);
  if (!members) return;
  const why = "the dominant supplier's export restriction";
  if (until !== null) declareDisruption(w, until, why);
  else if (w.month >= w.zone.disruptionUntil) declareDisruption(w, w.month + sp.openEndedMonths, `${why}, open-ended`);
}

/**
 * Closes the stockpile's month after settlement: its book value (purchases at cost, sales at average cost), its
 * carrying cost charged to its country's treasury (`stockpileHoldingMusd`, in government revenue), and the events of
 * starting or stopping to buy or release. `boughtT` and `soldT` are this month's purchases and sales, t.
 */
export function closeStockpileMonth(w: World, boughtT: number, soldT: number): void {
  const sp = w.scenario.zone?.stockpile;
  const c = w.zone.stockCountry;
  if (!sp || c < 0) return;
  const z = w.zone;
  const before = z.stockT - boughtT + soldT;
  const average = before > 1e-9 ? z.stockBookMusd / before : 0;
  z.stockBookMusd = Math.max(0, z.stockBookMusd + w.outcome.stockSpendMusd - soldT * average);
  if (z.stockT <= 1e-9) z.stockBookMusd = 0;
  const h = sp.holdingCost;
  const holding = (h.interestPerYr / 12) * z.stockBookMusd + (z.stockT * h.storageUsdPerKgYr) / 12 / 1000;
  const a = w.outcome.accounts;
  a.stockpileHoldingMusd = holding;
  a.governmentMusd[c]! -= holding;
  reportStockpile(w, boughtT > 1e-9, soldT > 1e-9);
}

/** Reports the stockpile starting or stopping to buy or release (`4.6 stockpile`). */
function reportStockpile(w: World, bought: boolean, released: boolean): void {
  const z = w.zone;
  const held = `stock ${z.stockT.toFixed(0)} t`;
  if (released !== z.stockReleasing) {
    const left = disruptionMonthsLeft(w);
    const why = !released
      ? `stops releasing (${held})`
      : left > 0
        ? `releases, rationed over the ${left} months the declared disruption has left: at most ${z.stockRationT.toFixed(0)} t a month, never below $${stockpileBuyPrice(w).toFixed(2)}/kg (${held})`
        : `releases: the price reached its release price (${held})`;
    emit(w, 'stockpile', 'zone', z.stockCountry, `The stockpile ${why}.`, '4.6 stockpile');
  }
  if (bought !== z.stockBuying) {
    const why = bought ? `buys at or below its buy price (${held})` : 'stops buying';
    emit(w, 'stockpile', 'zone', z.stockCountry, `The stockpile ${why}.`, '4.6 stockpile');
  }
  z.stockBuying = bought;
  z.stockReleasing = released;
}
