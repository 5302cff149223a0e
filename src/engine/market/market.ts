/**
 * Steps 4–5 of a month for one stage: offers and bids, then the spatial-equilibrium clearing (MODEL.md §3, §5).
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
import { F64Column, I32Column, ensureF64 } from '../../lib/columns.ts';
import { type ClearingProblem, type ClearingQuota, clearMarket } from '../clearing/index.ts';
import { demandSteps } from '../agents/demand.ts';
import { matchesDestination } from '../policy/policies.ts';
import { type RouteCost, routeCost } from './routes.ts';
import {
  KIND_INTEGRATED,
  KIND_MINE,
  KIND_REFINE,
  S_OPERATING,
  S_RAMP,
  type World,
  isStrategist,
} from '../world/world.ts';

/** Offer and bid owners that are not facilities. */
const POOL = -1;
const RECYCLING = -2;
const STOCKPILE = -3;
/** A demand step that is not the choke-price step. */
const DEMAND = -4;
/** Country c's choke-price step is owned by CHOKE - c. */
const CHOKE = -1000;

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
  lowest: Float64Array;
}

const isAvailable = (w: World, f: number) =>
  (w.fState[f] === S_OPERATING || w.fState[f] === S_RAMP) && w.fOutage[f] === 0;

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
  const c = w.fCountry[f]!;
  let ask = w.fCost[f]! - w.subsidy[c * 2 + st]!;
  const floor = w.floor[st]!;
  if (w.s.zone?.cfd && w.member[c] === 1 && floor === floor && w.zoneBudgetLeft > 0) {
    ask -= Math.max(0, floor - w.lastPrice[c * 2 + st]!);
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

function buildOffers(w: World, book: Book): void {
  const st = book.st;
  let pool = 0;
  for (let f = 0; f < w.F; f++) {
    if (!isAvailable(w, f)) continue;
    const kind = w.fKind[f]!;
    if (st === 0 ? kind !== KIND_MINE : kind === KIND_MINE) continue;
    const qty = kind === KIND_REFINE ? Math.min(w.fAvail[f]! / 12, w.fFeed[f]! * w.fRecovery[f]!) : w.fAvail[f]! / 12;
    if (isStrategist(w, f)) pool += qty;
    else addOffer(book, sellerNode(book, w.fCountry[f]!), privateAsk(w, f, st), qty, f);
  }
  if (pool > 0) addOffer(book, sellerNode(book, w.dominant), w.domesticAsk[st]!, pool, POOL);
  if (st === 1) {
    const pRef = w.s.market.referencePrice.refine;
    const el = w.s.market.recyclingElasticity;
    for (let c = 0; c < w.C; c++) {
      const base = w.recyclingTpm[c]!;
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
  const sp = w.s.zone?.stockpile;
  // The stockpile trades only while the country it sits in is a member of the zone.
  if (!sp || w.stockCountry < 0 || w.member[w.stockCountry] !== 1 || w.stockT <= 0) return;
  const buyBelow = sp.buyBelow ?? (w.floor[1]! === w.floor[1]! ? w.floor[1] : w.s.market.referencePrice.refine);
  const releaseAbove = sp.releaseAbove ?? buyBelow * 1.5;
  const disrupted = w.m < w.disruptionUntil;
  const local = w.lastPrice[w.stockCountry * 2 + 1]!;
  if (!disrupted && local < releaseAbove) return;
  book.stockSeller = book.sellerCountry.n;
  book.sellerCountry.push(w.stockCountry);
  const ask = disrupted ? Math.min(buyBelow, releaseAbove) : releaseAbove;
  addOffer(book, book.stockSeller, ask, Math.min(sp.maxReleasePerMonthT, w.stockT), STOCKPILE);
}

function buildBids(w: World, book: Book): void {
  if (book.st === 0) {
    for (let f = 0; f < w.F; f++) {
      if (!isAvailable(w, f) || w.fKind[f] !== KIND_REFINE) continue;
      const c = w.fCountry[f]!;
      const rec = w.fRecovery[f]!;
      const expected = isStrategist(w, f)
        ? Math.max(w.domesticAsk[1]!, w.lastPrice[c * 2 + 1]!)
        : w.lastPrice[c * 2 + 1]!;
      const wtp = rec * (expected - (w.fCost[f]! - w.subsidy[c * 2 + 1]!));
      addBid(book, buyerNode(book, c), wtp, w.fAvail[f]! / 12 / rec, f);
    }
    return;
  }
  for (let c = 0; c < w.C; c++) {
    if (w.demandBaseTpm[c]! <= 0) continue;
    const start = book.bidPrice.n;
    demandSteps(w, c, book.bidPrice, book.bidQty);
    const n = book.bidPrice.n - start;
    if (n === 0) continue;
    const b = buyerNode(book, c);
    for (let k = 0; k < n; k++) {
      book.bidBuyer.push(b);
      book.bidOwner.push(k === 0 ? CHOKE - c : DEMAND);
    }
  }
  const sp = w.s.zone?.stockpile;
  if (
    sp &&
    w.stockCountry >= 0 &&
    w.member[w.stockCountry] === 1 &&
    w.stockBudgetLeft > 0 &&
    w.m >= w.disruptionUntil
  ) {
    const buyBelow = sp.buyBelow ?? (w.floor[1]! === w.floor[1]! ? w.floor[1] : w.s.market.referencePrice.refine);
    const room = Math.min(
      sp.maxBuyPerMonthT,
      sp.capacityT - w.stockT,
      (w.stockBudgetLeft * 1000) / Math.max(buyBelow, 1e-6),
    );
    if (room > 1e-9) {
      book.stockBuyer = book.buyerCountry.n;
      book.buyerCountry.push(w.stockCountry);
      addBid(book, book.stockBuyer, buyBelow, room, STOCKPILE);
    }
  }
}

/** Books are reused month after month (one per world and stage) to spare the garbage collector. */
const books = new WeakMap<World, Book[]>();

function resetBook(w: World, st: number): Book {
  let pair = books.get(w);
  if (!pair) {
    pair = [0, 1].map((stage) => ({
      st: stage,
      sellerCountry: new I32Column(),
      sellerOf: new Int32Array(w.C),
      stockSeller: -1,
      offerSeller: new I32Column(),
      offerAsk: new F64Column(),
      offerQty: new F64Column(),
      offerOwner: new I32Column(),
      buyerCountry: new I32Column(),
      buyerOf: new Int32Array(w.C),
      stockBuyer: -1,
      bidBuyer: new I32Column(),
      bidPrice: new F64Column(),
      bidQty: new F64Column(),
      bidOwner: new I32Column(),
      cost: new Float64Array(0),
      tariffPerKg: new Float64Array(0),
      lowest: new Float64Array(0),
    }));
    books.set(w, pair);
  }
  const b = pair[st]!;
  b.sellerOf.fill(-1);
  b.buyerOf.fill(-1);
  b.stockSeller = -1;
  b.stockBuyer = -1;
  for (const col of [b.sellerCountry, b.offerSeller, b.offerAsk, b.offerQty, b.offerOwner, b.buyerCountry]) col.clear();
  for (const col of [b.bidBuyer, b.bidPrice, b.bidQty, b.bidOwner]) col.clear();
  return b;
}

/** The cleared market of one stage, kept for settlement. */
export interface ClearedStage {
  book: Book;
  problem: ClearingProblem;
  sellerPrice: Float64Array;
  buyerPrice: Float64Array;
  flow: Float64Array;
  offerSold: Float64Array;
  bidFilled: Float64Array;
}

/** Builds and clears the market of stage `st` (0 mine, 1 refine) for the current month. */
export function clearStage(w: World, st: number): ClearedStage {
  const book = resetBook(w, st);
  buildOffers(w, book);
  buildBids(w, book);
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  book.lowest = ensureF64(book.lowest, S);
  book.cost = ensureF64(book.cost, S * B);
  book.tariffPerKg = ensureF64(book.tariffPerKg, S * B);
  const { lowest, cost, tariffPerKg } = book;
  lowest.fill(Infinity, 0, S);
  for (let k = 0; k < book.offerSeller.n; k++) {
    const s = book.offerSeller.data[k]!;
    lowest[s] = Math.min(lowest[s]!, book.offerAsk.data[k]!);
  }
  tariffPerKg.fill(0, 0, S * B);
  const rc: RouteCost = { total: 0, tariff: 0 };
  for (let s = 0; s < S; s++) {
    const c = book.sellerCountry.data[s]!;
    const wedge = c === w.dominant ? w.exportAsk[st]! - w.domesticAsk[st]! : 0;
    const fob = (lowest[s]! === Infinity ? 0 : lowest[s]!) + wedge;
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      if (s === book.stockSeller) {
        const open = b !== book.stockBuyer && w.member[cb] === 1;
        cost[s * B + b] = open ? w.transport[st * w.C * w.C + c * w.C + cb]! : Infinity;
        continue;
      }
      routeCost(w, st, c, cb, fob, wedge, rc);
      cost[s * B + b] = rc.total;
      tariffPerKg[s * B + b] = rc.tariff;
    }
  }
  const quotas: ClearingQuota[] = [];
  for (const r of w.restrictions) {
    if (r.stage !== st) continue;
    const s = book.sellerOf[r.exporter]!;
    if (s < 0) continue;
    const mask = new Uint8Array(B);
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      if (cb !== r.exporter && matchesDestination(w, cb, r.dest)) mask[b] = 1;
    }
    quotas.push({ seller: s, buyerMask: mask, capacity: Math.max(0, r.quotaT) });
  }
  const problem: ClearingProblem = {
    sellers: S,
    buyers: B,
    nOffers: book.offerSeller.n,
    offerSeller: book.offerSeller.data,
    offerAsk: book.offerAsk.data,
    offerQty: book.offerQty.data,
    nBids: book.bidBuyer.n,
    bidBuyer: book.bidBuyer.data,
    bidPrice: book.bidPrice.data,
    bidQty: book.bidQty.data,
    routeCost: cost.subarray(0, S * B),
    quotas,
  };
  const sol = clearMarket(problem, { trusted: true });
  return {
    book,
    problem,
    sellerPrice: sol.sellerPrice,
    buyerPrice: sol.buyerPrice,
    flow: sol.flow,
    offerSold: sol.offerSold,
    bidFilled: sol.bidFilled,
  };
}

export { CHOKE, DEMAND, KIND_INTEGRATED, POOL, RECYCLING, STOCKPILE };
