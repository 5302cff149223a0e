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
import { CURVE_TOLERANCE, demandScale, demandSteps, priceOnCurve } from '../agents/demand.ts';
import { matchesDestination } from '../policy/policies.ts';
import { type RouteCost, levied, routeCost } from './routes.ts';
import { FacilityKind, FacilityState, type World, isStrategist } from '../world/world.ts';

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

function buildOffers(w: World, book: Book): void {
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

function buildBids(w: World, book: Book, centre: Float64Array): void {
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

function resetBook(w: World, st: number): Book {
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

function resetBids(b: Book): void {
  b.buyerOf.fill(-1);
  b.stockBuyer = -1;
  for (const col of [b.buyerCountry, b.bidBuyer, b.bidPrice, b.bidQty, b.bidOwner]) col.clear();
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

/** Most clearings of one stage in one month while demand grids are re-centred and FOB prices settle. */
export const MAX_CLEARINGS = 40;

/** Clearings after which the FOB fixed point is damped by half, and after which it averages (see `settleFob`). */
const DAMP_AFTER = 4;
const AVERAGE_AFTER = 16;

/** How close two successive FOB prices must be for the tariff fixed point to have converged, relative. */
const FOB_TOLERANCE = 1e-6;

/**
 * Builds and clears the market of stage `st` (0 mine, 1 refine) for the current month, as a fixed point of two things
 * the single clearing cannot see:
 * - refined demand enters as steps on a grid around a centre price (demand.ts), first last month's price; while some
 *   buyer's price lies further than CURVE_TOLERANCE from its curve at the quantity it receives, its grid is
 *   re-centred and the stage cleared again, so prices lie on the true demand curves (MODEL.md §4.5), shocks included;
 * - ad valorem duties and tariffs and the variable levy are valued on the exporters' equilibrium prices (routes.ts,
 *   `applyVariableLevy`): the first clearing values them on last month's price in each exporter's country (or its
 *   lowest ask if higher), each next one on the prices the last one found, until they change by less than
 *   FOB_TOLERANCE (damped after DAMP_AFTER clearings).
 * The month's outcome records how far from both it stopped (`curveGap`, held to CURVE_TOLERANCE by the invariant
 * check; `fobGap`, reported as `fixed_point_residual`).
 */
export function clearStage(w: World, st: number): ClearedStage {
  const book = resetBook(w, st);
  buildOffers(w, book);
  const S = book.sellerCountry.n;
  const lowest = lowestAsks(book);
  book.fobBase = ensureF64(book.fobBase, S);
  // Warm start: last month's price in the exporter's country, or its lowest ask if higher.
  for (let s = 0; s < S; s++) {
    const last = w.countries.lastPriceUsdPerKg[book.sellerCountry.data[s]! * 2 + st]!;
    book.fobBase[s] = Math.max(lowest[s]!, last === last ? last : 0);
  }
  const valued = pricesEnterCosts(w, st);
  const centre = centres(w);
  for (let k = 0; k < w.countries.count; k++) {
    centre[k] = Math.min(w.scenario.market.chokePrice, Math.max(w.countries.lastPriceUsdPerKg[k * 2 + 1]!, 1e-3));
  }
  for (let round = 1; ; round++) {
    buildBids(w, book, centre);
    const cleared = solveBook(w, book);
    const moved = st === 1 && recentre(w, cleared, centre);
    const fobGap = valued ? settleFob(book, cleared.sellerPrice, lowest, fobStep(round)) : 0;
    if ((!moved && fobGap <= FOB_TOLERANCE) || round === MAX_CLEARINGS) {
      w.outcome.fobGap = Math.max(w.outcome.fobGap, fobGap);
      return cleared;
    }
    resetBids(book);
  }
}

/** Returns each seller node's lowest ask this month (0 for a node with no offer), in reused storage. */
function lowestAsks(book: Book): Float64Array {
  const S = book.sellerCountry.n;
  const lowest = (book.lowestAsk = ensureF64(book.lowestAsk, S));
  lowest.fill(Infinity, 0, S);
  for (let k = 0; k < book.offerSeller.n; k++) {
    const s = book.offerSeller.data[k]!;
    lowest[s] = Math.min(lowest[s]!, book.offerAsk.data[k]!);
  }
  for (let s = 0; s < S; s++) if (lowest[s] === Infinity) lowest[s] = 0;
  return lowest;
}

/** Returns true when some route cost of stage `st` depends on the exporters' prices this month. */
function pricesEnterCosts(w: World, st: number): boolean {
  const zone = w.scenario.zone;
  if (zone && (zone.fixedTariff > 0 || (zone.variableLevy && w.zone.floorUsdPerKg[st]! === w.zone.floorUsdPerKg[st]!)))
    return true;
  for (const t of w.policies.tariffs) if (t.stage === st && t.adValorem > 0) return true;
  for (let c = 0; c < w.countries.count; c++) if (w.countries.exportDutyShare[c * 2 + st]! > 0) return true;
  return false;
}

/**
 * Moves each seller's FOB base toward its equilibrium price (its ask when it sold nothing at a lower dual: the price
 * it offers at) by `step` of the way; returns the largest relative change. Demand is a fine step function, so prices
 * can jump between two neighbouring steps from one clearing to the next, and a levy can flip which origin lands
 * cheapest: then no price is an exact fixed point. After DAMP_AFTER clearings each move is half the way, and after
 * AVERAGE_AFTER the k-th is 1/k of it (a running average), which settles such a cycle at the price where it flips,
 * within the demand grid's
 * resolution of both. Returns the largest relative residual |equilibrium price − FOB base| of this clearing: the
 * fixed point has converged when it is below FOB_TOLERANCE.
 */
function settleFob(book: Book, sellerPrice: Float64Array, lowest: Float64Array, step: number): number {
  let residual = 0;
  for (let s = 0; s < book.sellerCountry.n; s++) {
    const prev = book.fobBase[s]!;
    const target = Math.max(sellerPrice[s]!, lowest[s]!);
    residual = Math.max(residual, Math.abs(target - prev) / Math.max(1, Math.abs(prev)));
    book.fobBase[s] = prev + step * (target - prev);
  }
  return residual;
}

/** The share of the way each FOB price moves in clearing `round`: all of it, then half, then 1/k (see settleFob). */
function fobStep(round: number): number {
  if (round <= DAMP_AFTER) return 1;
  if (round <= AVERAGE_AFTER) return 0.5;
  return 1 / (round - AVERAGE_AFTER + 1);
}

const centreCache = new WeakMap<World, Float64Array>();

function centres(w: World): Float64Array {
  let c = centreCache.get(w);
  if (!c) {
    c = new Float64Array(w.countries.count);
    centreCache.set(w, c);
  }
  return c;
}

/**
 * Checks every country's refined price against its curve at the quantity it received; moves the grid centre of each
 * one further than 0.8 × CURVE_TOLERANCE and returns whether any moved; the largest gap goes to `w.outcome.curveGap`. When the buyer's last step is partly filled, supply
 * fixed its quantity and the curve price for that quantity is the better centre; when every step is filled or empty,
 * supply fixed its price, and that price is.
 */
function recentre(w: World, cs: ClearedStage, centre: Float64Array): boolean {
  const { book } = cs;
  let moved = false;
  w.outcome.curveGap = 0;
  w.outcome.curveGapCountry = -1;
  let k = 0;
  const n = book.bidOwner.n;
  while (k < n) {
    const b = book.bidBuyer.data[k]!;
    const owner = book.bidOwner.data[k]!;
    if (owner === STOCKPILE) {
      k++;
      continue;
    }
    const c = book.buyerCountry.data[b]!;
    let q = 0;
    let partial = false;
    for (; k < n && book.bidBuyer.data[k] === b && book.bidOwner.data[k] !== STOCKPILE; k++) {
      const filled = cs.bidFilled[k]!;
      q += filled;
      if (filled > 1e-9 && filled < book.bidQty.data[k]! - 1e-9) partial = true;
    }
    const onCurve = priceOnCurve(w, c, demandScale(w, c), q);
    const paid = cs.buyerPrice[b]!;
    if (!(onCurve === onCurve)) continue;
    const gap = Math.abs(paid - onCurve) / onCurve;
    if (gap > w.outcome.curveGap || !(gap === gap)) {
      w.outcome.curveGap = gap;
      w.outcome.curveGapCountry = c;
    }
    if (gap <= CURVE_TOLERANCE * 0.8) continue;
    const next = partial || !(paid > 0) ? onCurve : paid;
    if (next === centre[c]) continue;
    centre[c] = next;
    moved = true;
  }
  return moved;
}

/** The dominant supplier's export wedge at stage `st` (export ask − domestic ask), USD/kg; 0 for other countries. */
function exportWedge(w: World, st: number, c: number): number {
  return c === w.countries.dominant ? w.strategist.exportAskUsdPerKg[st]! - w.strategist.domesticAskUsdPerKg[st]! : 0;
}

/**
 * The zone's variable levy (MODEL.md §4.6), the EU's rule: one levy per member importer and month for every non-member
 * origin, the floor minus the lowest landed offer — an origin's equilibrium price plus its wedge, duty, transport and
 * tariffs — over the origins that may ship to it (an origin under a zero quota to it does not count). The cheapest
 * landed import therefore lands exactly at the floor and the others above it, whatever their costs: the levy no longer
 * favours the origin with the lowest costs over the one with the lowest price. Writes `book.levy` per buyer and adds
 * it to the levied routes' cost and tariff.
 */
function applyVariableLevy(w: World, book: Book, quotas: readonly ClearingQuota[]): void {
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

function solveBook(w: World, book: Book): ClearedStage {
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  book.cost = ensureF64(book.cost, S * B);
  book.tariffPerKg = ensureF64(book.tariffPerKg, S * B);
  book.levy = ensureF64(book.levy, B);
  const { cost, tariffPerKg } = book;
  tariffPerKg.fill(0, 0, S * B);
  const rc: RouteCost = { total: 0, tariff: 0 };
  for (let s = 0; s < S; s++) {
    const c = book.sellerCountry.data[s]!;
    const wedge = exportWedge(w, st, c);
    const fob = book.fobBase[s]! + wedge;
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      if (s === book.stockSeller) {
        const open = b !== book.stockBuyer && w.countries.member[cb] === 1;
        cost[s * B + b] = open
          ? w.countries.transportUsdPerKg[st * w.countries.count * w.countries.count + c * w.countries.count + cb]!
          : Infinity;
        continue;
      }
      routeCost(w, st, c, cb, fob, wedge, rc);
      cost[s * B + b] = rc.total;
      tariffPerKg[s * B + b] = rc.tariff;
    }
  }
  const quotas: ClearingQuota[] = [];
  for (const r of w.policies.restrictions) {
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
  applyVariableLevy(w, book, quotas);
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
  w.outcome.clearings++;
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

export { CHOKE, DEMAND, POOL, RECYCLING, STOCKPILE };
