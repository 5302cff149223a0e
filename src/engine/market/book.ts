/**
 * Step 4 of a month for one stage: the book of offers and bids the clearing solves (MODEL.md §3, §5).
 *
 * Nodes: one seller node per country with something to offer, one buyer node per country with something to buy, plus
 * the zone's stockpile as a buyer and a seller of its own (it sells only to members).
 * - Mine stage: mines offer concentrate (refined-equivalent t) at their cash cost; refineries bid for feed at
 *   recovery × (last month's refined price at home − conversion cost): the one-month lag between the stages.
 * - Refine stage: refineries offer what their feed allows at their conversion cost (the feed is already paid for);
 *   integrated facilities offer their capacity at their cash cost; recycling offers three steps rising with price;
 *   countries bid their demand curves (demand.ts).
 * - The dominant supplier's state facilities offer as one pool at the strategist's domestic ask; its exports carry the
 *   wedge exportAsk − domesticAsk on every export route (strategist.ts).
 * - A member producer under a CfD offers below its cash cost by the top-up it expects (floor − last price).
 */
import { pow as dPow } from '../../lib/dmath.ts';
import { F64Column, I32Column } from '../../lib/columns.ts';
import { demandSteps } from '../agents/demand.ts';
import { FacilityKind, FacilityState, type World, isStrategist } from '../world/world.ts';

/** Offer and bid owners that are not facilities. */
export const POOL = -1;
export const RECYCLING = -2;
export const STOCKPILE = -3;
/** A demand step that is not the choke-price step. */
export const DEMAND = -4;
/** Country c's choke-price step is owned by CHOKE - c. */
export const CHOKE = -1000;

/** A market under construction, then cleared; lists are converted to typed arrays for the solver. */
export interface Book {
  st: number;
  sellerCountry: I32Column;
  sellerOf: Int32Array;
  stockSeller: number;
  offerSeller: I32Column;
  offerAsk: F64Column;
  offerQty: F64Column;
  offerOwner: I32Column;
  buyerCountry: I32Column;
  buyerOf: Int32Array;
  stockBuyer: number;
  bidBuyer: I32Column;
  bidPrice: F64Column;
  bidQty: F64Column;
  bidOwner: I32Column;
  /** [sellers × buyers] route cost and the tariff part of it, USD/kg (reused storage). */
  cost: Float64Array;
  tariffPerKg: Float64Array;
  /** [sellers] the price each seller's FOB valuation starts from: its equilibrium price, solved as a fixed point. */
  fobBase: Float64Array;
  /** [buyers] the variable levy on non-member imports into each buyer this round, USD/kg. */
  levy: Float64Array;
  /** [sellers] each seller node's lowest ask this month, USD/kg. */
  lowestAsk: Float64Array;
}

const isAvailable = (w: World, f: number) =>
  (w.facilities.state[f] === FacilityState.operating || w.facilities.state[f] === FacilityState.rampUp) &&
  w.facilities.outageMonths[f] === 0;

function sellerNode(book: Book, c: number): number {
  if (book.sellerOf[c]! < 0) {
    book.sellerOf[c] = book.sellerCountry.n;
    book.sellerCountry.push(c);
  }
  return book.sellerOf[c]!;
}

function buyerNode(book: Book, c: number): number {
  if (book.buyerOf[c]! < 0) {
    book.buyerOf[c] = book.buyerCountry.n;
    book.buyerCountry.push(c);
  }
  return book.buyerOf[c]!;
}

/** Returns a private facility's ask at stage `st`, USD/kg (MODEL.md §4.2 operate rule, §4.6 CfD). */
export function privateAsk(w: World, f: number, st: number): number {
  const c = w.facilities.country[f]!;
  let ask = w.facilities.cashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2 + st]!;
  const floor = w.zone.floorUsdPerKg[st]!;
  if (w.scenario.zone?.cfd && w.countries.member[c] === 1 && floor === floor && w.zone.budgetLeftMusd > 0) {
    ask -= Math.max(0, floor - w.countries.lastPriceUsdPerKg[c * 2 + st]!);
  }
  return Math.max(0, ask);
}

function addOffer(book: Book, seller: number, ask: number, qty: number, owner: number) {
  if (qty <= 0) return;
  book.offerSeller.push(seller);
  book.offerAsk.push(ask);
  book.offerQty.push(qty);
  book.offerOwner.push(owner);
}

function addBid(book: Book, buyer: number, price: number, qty: number, owner: number) {
  if (qty <= 0 || price <= 0) return;
  book.bidBuyer.push(buyer);
  book.bidPrice.push(price);
  book.bidQty.push(qty);
  book.bidOwner.push(owner);
}

export function buildOffers(w: World, book: Book): void {
  const st = book.st;
  let pool = 0;
  for (let f = 0; f < w.facilities.count; f++) {
    if (!isAvailable(w, f)) continue;
    const kind = w.facilities.kind[f]!;
    if (st === 0 ? kind !== FacilityKind.mine : kind === FacilityKind.mine) continue;
    const qty =
      kind === FacilityKind.refine
        ? Math.min(w.facilities.availableTpy[f]! / 12, w.facilities.feedT[f]! * w.facilities.recovery[f]!)
        : w.facilities.availableTpy[f]! / 12;
    if (isStrategist(w, f)) pool += qty;
    else addOffer(book, sellerNode(book, w.facilities.country[f]!), privateAsk(w, f, st), qty, f);
  }
  if (pool > 0)
    addOffer(book, sellerNode(book, w.countries.dominant), w.strategist.domesticAskUsdPerKg[st]!, pool, POOL);
  if (st === 1) {
    const pRef = w.scenario.market.referencePrice.refine;
    const el = w.scenario.market.recyclingElasticity;
    for (let c = 0; c < w.countries.count; c++) {
      const base = w.countries.recyclingTpm[c]!;
      if (base <= 0) continue;
      let prevQ = 0;
      for (const k of [0.5, 1, 2]) {
        const q = base * dPow(k, el);
        addOffer(book, sellerNode(book, c), pRef * k, q - prevQ, RECYCLING);
        prevQ = q;
      }
    }
    stockpileOffer(w, book);
  }
}

function stockpileOffer(w: World, book: Book): void {
  const sp = w.scenario.zone?.stockpile;
  // The stockpile trades only while the country it sits in is a member of the zone.
  if (!sp || w.zone.stockCountry < 0 || w.countries.member[w.zone.stockCountry] !== 1 || w.zone.stockT <= 0) return;
  const buyBelow =
    sp.buyBelow ??
    (w.zone.floorUsdPerKg[1]! === w.zone.floorUsdPerKg[1]!
      ? w.zone.floorUsdPerKg[1]
      : w.scenario.market.referencePrice.refine);
  const releaseAbove = sp.releaseAbove ?? buyBelow * 1.5;
  const disrupted = w.month < w.zone.disruptionUntil;
  const local = w.countries.lastPriceUsdPerKg[w.zone.stockCountry * 2 + 1]!;
  if (!disrupted && local < releaseAbove) return;
  book.stockSeller = book.sellerCountry.n;
  book.sellerCountry.push(w.zone.stockCountry);
  const ask = disrupted ? Math.min(buyBelow, releaseAbove) : releaseAbove;
  addOffer(book, book.stockSeller, ask, Math.min(sp.maxReleasePerMonthT, w.zone.stockT), STOCKPILE);
}

export function buildBids(w: World, book: Book, centre: Float64Array): void {
  if (book.st === 0) {
    for (let f = 0; f < w.facilities.count; f++) {
      if (!isAvailable(w, f) || w.facilities.kind[f] !== FacilityKind.refine) continue;
      const c = w.facilities.country[f]!;
      const rec = w.facilities.recovery[f]!;
      const expected = isStrategist(w, f)
        ? Math.max(w.strategist.domesticAskUsdPerKg[1]!, w.countries.lastPriceUsdPerKg[c * 2 + 1]!)
        : w.countries.lastPriceUsdPerKg[c * 2 + 1]!;
      const wtp = rec * (expected - (w.facilities.cashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2 + 1]!));
      addBid(book, buyerNode(book, c), wtp, w.facilities.availableTpy[f]! / 12 / rec, f);
    }
    return;
  }
  for (let c = 0; c < w.countries.count; c++) {
    if (w.countries.demandBaseTpm[c]! <= 0) continue;
    const start = book.bidPrice.n;
    demandSteps(w, c, centre[c]!, book.bidPrice, book.bidQty);
    const n = book.bidPrice.n - start;
    if (n === 0) continue;
    const b = buyerNode(book, c);
    for (let k = 0; k < n; k++) {
      book.bidBuyer.push(b);
      book.bidOwner.push(k === 0 ? CHOKE - c : DEMAND);
    }
  }
  const sp = w.scenario.zone?.stockpile;
  if (
    sp &&
    w.zone.stockCountry >= 0 &&
    w.countries.member[w.zone.stockCountry] === 1 &&
    w.zone.stockBudgetLeftMusd > 0 &&
    w.month >= w.zone.disruptionUntil
  ) {
    const buyBelow =
      sp.buyBelow ??
      (w.zone.floorUsdPerKg[1]! === w.zone.floorUsdPerKg[1]!
        ? w.zone.floorUsdPerKg[1]
        : w.scenario.market.referencePrice.refine);
    const room = Math.min(
      sp.maxBuyPerMonthT,
      sp.capacityT - w.zone.stockT,
      (w.zone.stockBudgetLeftMusd * 1000) / Math.max(buyBelow, 1e-6),
    );
    if (room > 1e-9) {
      book.stockBuyer = book.buyerCountry.n;
      book.buyerCountry.push(w.zone.stockCountry);
      addBid(book, book.stockBuyer, buyBelow, room, STOCKPILE);
    }
  }
}

/** Books are reused month after month (one per world and stage) to spare the garbage collector. */
const books = new WeakMap<World, Book[]>();

export function resetBook(w: World, st: number): Book {
  let pair = books.get(w);
  if (!pair) {
    pair = [0, 1].map((stage) => ({
      st: stage,
      sellerCountry: new I32Column(),
      sellerOf: new Int32Array(w.countries.count),
      stockSeller: -1,
      offerSeller: new I32Column(),
      offerAsk: new F64Column(),
      offerQty: new F64Column(),
      offerOwner: new I32Column(),
      buyerCountry: new I32Column(),
      buyerOf: new Int32Array(w.countries.count),
      stockBuyer: -1,
      bidBuyer: new I32Column(),
      bidPrice: new F64Column(),
      bidQty: new F64Column(),
      bidOwner: new I32Column(),
      cost: new Float64Array(0),
      tariffPerKg: new Float64Array(0),
      fobBase: new Float64Array(0),
      levy: new Float64Array(0),
      lowestAsk: new Float64Array(0),
    }));
    books.set(w, pair);
  }
  const b = pair[st]!;
  b.sellerOf.fill(-1);
  b.stockSeller = -1;
  for (const col of [b.sellerCountry, b.offerSeller, b.offerAsk, b.offerQty, b.offerOwner]) col.clear();
  resetBids(b);
  return b;
}

export function resetBids(b: Book): void {
  b.buyerOf.fill(-1);
  b.stockBuyer = -1;
  for (const col of [b.buyerCountry, b.bidBuyer, b.bidPrice, b.bidQty, b.bidOwner]) col.clear();
}
