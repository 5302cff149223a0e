/**
 * Step 4 of a month for one stage: the book of offers and bids the clearing solves (MODEL.md §3, §5).
 *
 * One book per stage, both cleared together in one network (joint.ts). Nodes: one seller node per country with
 * something to offer, one buyer node per country with something to buy, plus the zone's stockpile as a buyer and a
 * seller of its own (it sells only to members).
 * - Mine stage: mines offer concentrate (t) at their cash cost. Its buyers are the countries with a running refinery:
 *   each refinery is one **processing arc** (v2) from its country's concentrate buyer node to its refined seller node,
 *   written as a feed "bid" in the mine book (t of concentrate) paired with an output "offer" in the refine book (t of
 *   refined product at its conversion cost), so settlement and the accounts read each stage as before.
 * - Refine stage: refineries as above; integrated facilities offer their capacity at their cash cost (their own mine
 *   feeds them); recycling offers three steps rising with price; countries bid their demand curves (demand.ts).
 * - The dominant supplier's state mines and integrated plants offer as one pool at the strategist's domestic ask; its
 *   state refineries are processing arcs at the pool's conversion margin (domestic refined ask − domestic concentrate
 *   ask / recovery); its exports carry the wedge exportAsk − domesticAsk on every export route (strategist.ts). With
 *   `dominant.meritOrderOffers` each state plant offers instead at its own cost × (1 + domesticMargin) (pool.ts).
 * - A member producer under a CfD that pays on sales to members offers at its country's CfD node, a seller node of its
 *   own whose member routes carry the top-up it expects (policy/cfd.ts `applyCfdRoutes`); under a CfD on all output it
 *   offers below its cash cost by the top-up, and above it by the pay-back above a cap (`cfdAskShiftUsdPerKg`).
 */
import { pow as dPow } from '../../lib/dmath.ts';
import { F64Column, I32Column } from '../../lib/columns.ts';
import { row } from '../../lib/row.ts';
import { CALM, MOVING, demandSteps } from '../agents/demand.ts';
import { cfdAskShiftUsdPerKg, sellsAtCfdNode } from '../policy/cfd.ts';
import { stockpileBid, stockpileOffer } from '../policy/stockpile.ts';
import { meritOrderAsk } from '../agents/pool.ts';
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
  /**
   * [countries] each member country's CfD node (−1 for none): the seller node of its producers under a CfD on sales to
   * members (policy/cfd.ts); [sellers] the net top-up per kg its routes to members carry, 0 for other nodes.
   */
  cfdSellerOf: Int32Array;
  cfdShift: Float64Array;
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
  /** Mine book: [bids] the refine book's offer paired with each feed bid (its processing arc's output side). */
  bidOffer: I32Column;
  /**
   * Commercial stocks' tranches (MODEL.md §4.8), traded at a country's buyer node: node, reservation price (USD/kg),
   * t, side (+1 a purchase into stock, −1 a sale from it) and country.
   */
  carryNode: I32Column;
  carryPrice: F64Column;
  carryQty: F64Column;
  carrySide: I32Column;
  carryCountry: I32Column;
  /**
   * Re-export channels past export quotas (MODEL.md §4.9): seller node, buyer node, hub country, and per kg the cost
   * the clearing sees and its parts — the origin's wedge and duty, transport on both legs plus the re-export cost, the
   * importer's tariffs and levy (as if from the hub, or expected over enforcement for a tariff channel; `reLevy` is
   * the levy's part), and the expected seizure (originEnforcement).
   */
  reSeller: I32Column;
  reBuyer: I32Column;
  reHub: I32Column;
  reCost: F64Column;
  reWedgeDuty: F64Column;
  reCarriage: F64Column;
  /** Transport of the first leg (exporter → hub) within reCarriage. */
  reLeg1: F64Column;
  reTariff: F64Column;
  reLevy: F64Column;
  reSeized: F64Column;
  /**
   * Tariff-rate quota paths (MODEL.md §4.6): seller node, member buyer node, and per kg the path's cost (the direct
   * route's with the in-quota rate for the out-of-quota one) and its tariff part; `trqRoomT` [buyers] each member
   * buyer's in-quota tonnes left this year (0 for any other).
   */
  trqSeller: I32Column;
  trqBuyer: I32Column;
  trqCost: F64Column;
  trqTariff: F64Column;
  trqRoomT: Float64Array;
  /** [sellers × buyers] route cost and the tariff part of it, USD/kg (reused storage). */
  cost: Float64Array;
  tariffPerKg: Float64Array;
  /**
   * The routes' costs as `routeCost` gave them in this month's last clearing (before contracts for difference and the
   * variable levy), kept for the month's next clearings (market.ts `stageProblem`): [sellers × buyers] total, tariff,
   * and 1 where they depend on the FOB price (`RouteCost.valued`, priced again each clearing); [sellers] the wedge,
   * how many of the seller's routes depend on the FOB price, and the seller and buyer countries they were priced for
   * (the first `routeSellerCount` and `routeBuyerCount`). `routesKept` is false until the month's first clearing
   * has priced them (resetBook).
   */
  routeTotal: Float64Array;
  routeTariff: Float64Array;
  routeValued: Uint8Array;
  routeWedge: Float64Array;
  routeRowValued: Int32Array;
  routeSellers: Int32Array;
  routeBuyers: Int32Array;
  routeSellerCount: number;
  routeBuyerCount: number;
  routesKept: boolean;
  /** [sellers] the price each seller's FOB valuation starts from: its equilibrium price, solved as a fixed point. */
  fobBase: Float64Array;
  /** [sellers] each seller's last FOB move (signed, USD/kg) and how often its moves have reversed this month. */
  fobMove: Float64Array;
  fobFlips: Float64Array;
  /** [buyers] the variable levy on non-member imports into each buyer this round, USD/kg. */
  levy: Float64Array;
  /** [sellers] each seller node's lowest ask this month, USD/kg. */
  lowestAsk: Float64Array;
  /**
   * [quotas] 1 where the export quota was full in the last clearing of this month (levy.ts reads it); 0 past the
   * quotas and before the month's first clearing (reused storage).
   */
  quotaFull: Uint8Array;
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

/** Returns facility f's seller node at the book's stage: its country's CfD node when it sells through one, else its country's. */
function facilityNode(w: World, book: Book, f: number): number {
  const c = w.facilities.country[f]!;
  if (!sellsAtCfdNode(w, f, book.st)) return sellerNode(book, c);
  if (book.cfdSellerOf[c]! < 0) {
    book.cfdSellerOf[c] = book.sellerCountry.n;
    book.sellerCountry.push(c);
  }
  return book.cfdSellerOf[c]!;
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
  const ask = w.facilities.cashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2 + st]!;
  return Math.max(0, ask + cfdAskShiftUsdPerKg(w, f, st));
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
  const merit = !!w.scenario.dominant?.meritOrderOffers;
  let pool = 0;
  for (let f = 0; f < w.facilities.count; f++) {
    if (!isAvailable(w, f)) continue;
    const kind = w.facilities.kind[f]!;
    if (kind === FacilityKind.integrated && w.facilities.mineRatio[f] !== 1) {
      addOwnMine(w, book, f);
      continue;
    }
    if (st === 0 ? kind !== FacilityKind.mine : kind !== FacilityKind.integrated) continue;
    const qty = w.facilities.availableTpy[f]! / 12;
    if (isStrategist(w, f) && !merit) pool += qty;
    else
      addOffer(book, facilityNode(w, book, f), isStrategist(w, f) ? meritOrderAsk(w, f) : privateAsk(w, f, st), qty, f);
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
    addStockpileOffer(w, book);
  }
}

/**
 * An integrated plant with a mine larger or smaller than its refinery needs (MODEL.md §3; `mineRatio` ≠ 1, private plants
 * only): it refines its own ore first — its refined offer covers what its mine feeds, at its whole cash cost — and
 * offers the rest of its ore as concentrate at its mining cost (less the mine stage's subsidy). The refining it cannot
 * feed itself is a processing arc of its own (`addProcessing`).
 */
function addOwnMine(w: World, book: Book, f: number): void {
  const c = w.facilities.country[f]!;
  const ratio = w.facilities.mineRatio[f]!;
  const refined = w.facilities.availableTpy[f]! / 12;
  if (book.st === 1) {
    addOffer(book, facilityNode(w, book, f), privateAsk(w, f, 1), refined * Math.min(1, ratio), f);
    return;
  }
  if (ratio <= 1) return;
  const ask = Math.max(0, w.facilities.mineCashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2]!);
  addOffer(book, sellerNode(book, c), ask, ((ratio - 1) * refined) / w.facilities.recovery[f]!, f);
}

/** Adds the stockpile's offer as a seller node of its own (policy/stockpile.ts: rationed during a disruption). */
function addStockpileOffer(w: World, book: Book): void {
  const offer = stockpileOffer(w);
  if (!offer) return;
  book.stockSeller = book.sellerCountry.n;
  book.sellerCountry.push(w.zone.stockCountry);
  addOffer(book, book.stockSeller, offer.askUsdPerKg, offer.qtyT, STOCKPILE);
}

/**
 * Adds every available refinery as a processing arc (MODEL.md §3): a feed bid at its country's concentrate buyer node
 * in the mine book, of capacity / recovery t of concentrate, paired with an output offer at its country's refined
 * seller node in the refine book, of its capacity at its conversion ask. A private refinery asks its conversion cost
 * (less subsidy and expected CfD top-up, `privateAsk`); a state refinery of the dominant supplier asks the pool's
 * conversion margin, max(0, domestic refined ask − domestic concentrate ask / recovery). A refinery's own `recovery`
 * differing from the market's is not a gain of its arc (the network keeps one recovery per market, so it stays an
 * ordinary min-cost flow): the feed it wastes, capacity × (1/own − 1/market) at last month's concentrate price at home,
 * is added to its ask instead.
 */
export function addProcessing(w: World, mine: Book, refine: Book): void {
  const R = w.scenario.market.recovery;
  const poolAsk = Math.max(0, w.strategist.domesticAskUsdPerKg[1]! - w.strategist.domesticAskUsdPerKg[0]! / R);
  const merit = !!w.scenario.dominant?.meritOrderOffers;
  for (let f = 0; f < w.facilities.count; f++) {
    if (!isAvailable(w, f)) continue;
    const kind = w.facilities.kind[f]!;
    // An integrated plant whose mine cannot feed it buys the rest (addOwnMine): conversion = cash cost − mining.
    const short = kind === FacilityKind.integrated ? 1 - w.facilities.mineRatio[f]! : 0;
    if (kind !== FacilityKind.refine && !(short > 0)) continue;
    const c = w.facilities.country[f]!;
    const qty = (w.facilities.availableTpy[f]! / 12) * (short > 0 ? short : 1);
    if (!(qty > 0)) continue;
    const own = w.facilities.recovery[f]!;
    const waste = own === R ? 0 : Math.max(0, (1 / own - 1 / R) * w.countries.lastPriceUsdPerKg[c * 2]!);
    const state = isStrategist(w, f);
    const base = state ? (merit ? meritOrderAsk(w, f) : poolAsk) : privateAsk(w, f, 1);
    const mining = short > 0 ? w.facilities.mineCashCostUsdPerKg[f]! / own : 0;
    const ask = (short > 0 ? Math.max(0, base - mining) : base) + waste;
    if (short > 0) w.facilities.processingOffer[f] = refine.offerSeller.n;
    const b = buyerNode(mine, c);
    mine.bidBuyer.push(b);
    mine.bidPrice.push(0);
    mine.bidQty.push(qty / R);
    mine.bidOwner.push(f);
    mine.bidOffer.push(refine.offerSeller.n);
    addOffer(refine, facilityNode(w, refine, f), ask, qty, f);
  }
  addCarry(w, mine);
}

/**
 * Adds the refine book's bids: every country's demand curve on a grid around `centre`, its fine part `width` wide
 * (demand.ts), and the stockpile's bid.
 */
export function buildBids(w: World, book: Book, centre: Float64Array, width: Uint8Array): void {
  for (let c = 0; c < w.countries.count; c++) {
    if (w.countries.demandBaseTpm[c]! <= 0) continue;
    const start = book.bidPrice.n;
    demandSteps(w, c, centre[c]!, width[c] === MOVING ? MOVING : CALM, book.bidPrice, book.bidQty);
    const n = book.bidPrice.n - start;
    if (n === 0) continue;
    const b = buyerNode(book, c);
    const { bidBuyer, bidOwner } = book;
    bidBuyer.reserve(n);
    bidOwner.reserve(n);
    // Direct stores, as in demandSteps: a push a step was a tenth of the bids' cost.
    bidBuyer.data.fill(b, bidBuyer.n, bidBuyer.n + n);
    bidOwner.data[bidOwner.n] = CHOKE - c;
    bidOwner.data.fill(DEMAND, bidOwner.n + 1, bidOwner.n + n);
    bidBuyer.n += n;
    bidOwner.n += n;
  }
  const bid = stockpileBid(w);
  if (bid) {
    book.stockBuyer = book.buyerCountry.n;
    book.buyerCountry.push(w.zone.stockCountry);
    addBid(book, book.stockBuyer, bid.priceUsdPerKg, bid.qtyT, STOCKPILE);
  }
  addCarry(w, book);
}

/**
 * Commercial stocks trade in tranches of 1/TRANCHE_SHARE of the normal stock — fine enough that a price lands within a
 * few percent of its rule — at most MAX_TRANCHES each side (a month moves a stock by at most 3 × normal either way).
 */
const TRANCHE_SHARE = 8;
const MAX_TRANCHES = 24;

/**
 * Adds every country's commercial stock of the book's stage as tranches at its buyer node (MODEL.md §4.8): competitive
 * storage (Williams and Wright 1991; Deaton and Laroque 1992) with a stated expectation rule. Stockholders expect the
 * price next month to be E(S') = p̄ · (N / S')^γ, capped at the choke price, where S' is the stock they carry into next
 * month, N the normal stock, p̄ the normal price (an exponentially weighted mean of past prices, half-life
 * `normalHalfLifeMonths`) and γ `scarcityElasticity`: prices are expected to return to normal, the faster the fuller the
 * stocks. A tonne is worth holding while its discounted expectation less storage, r(S') = E(S') / (1 + i/12) − k/12,
 * covers today's price. So the stock between its working minimum and its level is offered in tranches of N / 8, each
 * at r of the level it leaves (asks rising as stocks fall), and the room up to capacity is bid for in tranches as
 * large, each at r of the level it reaches (bids falling as stocks fill). At the equilibrium, while stocks are positive, the expected rise
 * E(S') − p never exceeds the carrying cost by more than one tranche's step.
 */
export function addCarry(w: World, book: Book): void {
  const st = book.st;
  for (let c = 0; c < w.countries.count; c++) {
    const i = c * 2 + st;
    if (!(w.stocks.normalT[i]! > 0)) continue;
    const level = w.stocks.levelT[i]!;
    const node = buyerNode(book, c);
    const step = w.stocks.normalT[i]! / TRANCHE_SHARE;
    let left = Math.max(0, level - w.stocks.minT[i]!);
    for (let j = 1; j <= MAX_TRANCHES && left > 1e-9; j++) {
      const q = Math.min(step, left);
      left -= q;
      pushCarry(book, node, reservationPrice(w, i, level - (j - 1) * step - q), q, -1, c);
    }
    let room = Math.max(0, w.stocks.capacityT[i]! - level);
    for (let j = 1; j <= MAX_TRANCHES && room > 1e-9; j++) {
      const q = Math.min(step, room);
      room -= q;
      pushCarry(book, node, reservationPrice(w, i, level + (j - 1) * step + q), q, 1, c);
    }
  }
}

/**
 * Returns the price at which a stockholder of country-stage cell `i` is indifferent about holding a tonne into next
 * month when it carries `after` t (MODEL.md §4.8): r = E / (1 + i/12) − k/12 with E = p̄ · (N / after)^γ, at most the
 * choke price, USD/kg.
 */
export function reservationPrice(w: World, i: number, after: number): number {
  const p = w.scenario.market.stocks;
  const normal = w.stocks.normalT[i]!;
  const scarcity = dPow(normal / Math.max(after, 1e-9 * normal), p.scarcityElasticity);
  const expected = Math.min(w.scenario.market.chokePrice, w.stocks.normalPriceUsdPerKg[i]! * scarcity);
  return Math.max(0, expected / (1 + p.interestPerYr / 12) - p.storageUsdPerKgYr / 12);
}

function pushCarry(book: Book, node: number, price: number, qty: number, side: number, c: number): void {
  book.carryNode.push(node);
  book.carryPrice.push(price);
  book.carryQty.push(qty);
  book.carrySide.push(side);
  book.carryCountry.push(c);
}

/** Books are reused month after month (one per world and stage) to spare the garbage collector. */
const books = new WeakMap<World, Book[]>();

export function resetBook(w: World, st: number): Book {
  let pair = books.get(w);
  if (!pair) {
    // Built field by field (lib/row.ts): once a run, like the world.
    pair = [0, 1].map((stage) =>
      row<Book>({
        st: stage,
        sellerCountry: new I32Column(),
        sellerOf: new Int32Array(w.countries.count),
        stockSeller: -1,
        cfdSellerOf: new Int32Array(w.countries.count),
        cfdShift: new Float64Array(0),
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
        bidOffer: new I32Column(),
        carryNode: new I32Column(),
        carryPrice: new F64Column(),
        carryQty: new F64Column(),
        carrySide: new I32Column(),
        carryCountry: new I32Column(),
        reSeller: new I32Column(),
        reBuyer: new I32Column(),
        reHub: new I32Column(),
        reCost: new F64Column(),
        reWedgeDuty: new F64Column(),
        reCarriage: new F64Column(),
        reLeg1: new F64Column(),
        reTariff: new F64Column(),
        reLevy: new F64Column(),
        reSeized: new F64Column(),
        trqSeller: new I32Column(),
        trqBuyer: new I32Column(),
        trqCost: new F64Column(),
        trqTariff: new F64Column(),
        trqRoomT: new Float64Array(0),
        cost: new Float64Array(0),
        tariffPerKg: new Float64Array(0),
        routeTotal: new Float64Array(0),
        routeTariff: new Float64Array(0),
        routeValued: new Uint8Array(0),
        routeWedge: new Float64Array(0),
        routeRowValued: new Int32Array(0),
        routeSellers: new Int32Array(0),
        routeBuyers: new Int32Array(0),
        routeSellerCount: 0,
        routeBuyerCount: 0,
        routesKept: false,
        fobBase: new Float64Array(0),
        fobMove: new Float64Array(0),
        fobFlips: new Float64Array(0),
        levy: new Float64Array(0),
        lowestAsk: new Float64Array(0),
        quotaFull: new Uint8Array(0),
      }),
    );
    books.set(w, pair);
  }
  const b = pair[st]!;
  b.sellerOf.fill(-1);
  b.cfdSellerOf.fill(-1);
  b.stockSeller = -1;
  b.quotaFull.fill(0);
  b.routesKept = false;
  for (const col of [b.sellerCountry, b.offerSeller, b.offerAsk, b.offerQty, b.offerOwner]) col.clear();
  resetBids(b);
  return b;
}

export function resetBids(b: Book): void {
  b.buyerOf.fill(-1);
  b.stockBuyer = -1;
  for (const col of [b.buyerCountry, b.bidBuyer, b.bidPrice, b.bidQty, b.bidOwner, b.bidOffer]) col.clear();
  for (const col of [b.carryNode, b.carryPrice, b.carryQty, b.carrySide, b.carryCountry]) col.clear();
}
