/**
 * Step 5 of a month: the spatial-equilibrium clearing of both stages' books (book.ts) in one network (joint.ts), as a
 * fixed point of exact clearings (MODEL.md §3, §4.5, §4.6, §5), and what settlement reads of it.
 */
import { ensureF64, ensureI32, ensureU8 } from '../../lib/columns.ts';
import {
  type ClearingProblem,
  type ClearingQuota,
  type NetworkSolver,
  createNetworkSolver,
} from '../clearing/index.ts';
import {
  CALM,
  CURVE_TOLERANCE,
  EDGE_HIGH,
  EDGE_LOW,
  FINE_HIGH,
  FINE_LOW,
  MOVING,
  demandScale,
  priceOnCurve,
} from '../agents/demand.ts';
import { exp as dExp } from '../../lib/dmath.ts';
import { applyCfdRoutes } from '../policy/cfd.ts';
import { matchesDestination } from '../policy/policies.ts';
import type { World } from '../world/world.ts';
import { type Book, STOCKPILE, addProcessing, buildBids, buildOffers, resetBids, resetBook } from './book.ts';
import { type ClearedStage, buildJointNetwork, readJointSolution } from './joint.ts';
import { addContractTranches, planContracts } from './contracts.ts';
import { addReexports } from './leakage.ts';
import { addTrqPaths } from './trq.ts';
import { applyVariableLevy } from './levy.ts';
import { type RouteCost, exportWedge, routeCost, transportCost } from './routes.ts';
import { row } from '../../lib/row.ts';

export type { ClearedStage } from './joint.ts';

/** Most clearings in one month while demand grids are re-centred and FOB prices settle. */
export const MAX_CLEARINGS = 40;

/**
 * Clearings after which the FOB prices stop moving if they have not settled: the rest of the month's clearings only
 * re-centre the demand grids, so that whatever the valuation's residual (reported), prices end on the demand curves.
 */
const FREEZE_FOB_AFTER = MAX_CLEARINGS - 8;

/** Reversals of a seller's FOB move after which its moves average instead of halving (see `settleFob`). */
const AVERAGE_AFTER = 3;

/** How close two successive FOB prices must be for the tariff fixed point to have converged, relative. */
const FOB_TOLERANCE = 1e-6;

/**
 * Builds and clears the month's market — both stages in one network (joint.ts) — as a fixed point of two things the
 * single clearing cannot see:
 * - refined demand enters as steps on a grid around a centre price (demand.ts), first last month's price; while some
 *   buyer's price lies further than CURVE_TOLERANCE from its curve at the quantity it receives, its grid is
 *   re-centred and the month cleared again, so prices lie on the true demand curves (MODEL.md §4.5), shocks included;
 * - ad valorem duties and tariffs and the variable levy are valued on the exporters' equilibrium prices (routes.ts,
 *   `applyVariableLevy`): the first clearing values them on last month's price in each exporter's country (or its
 *   lowest ask if higher), each next one on the prices the last one found, until they change by less than
 *   FOB_TOLERANCE (a seller whose moves reverse is damped: settleFob).
 * The month's outcome records how far from both it stopped (`curveGap`, held to CURVE_TOLERANCE by the invariant
 * check; `fobGap`, reported as `fixed_point_residual`). Returns the mine and refine views of the last clearing.
 */
export function clearMonth(w: World): [ClearedStage, ClearedStage] {
  const mine = resetBook(w, 0);
  const refine = resetBook(w, 1);
  buildOffers(w, mine);
  buildOffers(w, refine);
  addProcessing(w, mine, refine);
  planContracts(w, mine, refine);
  const books = [mine, refine] as const;
  const lowest = books.map((book) => {
    const low = lowestAsks(book);
    const S = book.sellerCountry.n;
    book.fobBase = ensureF64(book.fobBase, S);
    book.fobMove = ensureF64(book.fobMove, S).fill(0, 0, S);
    book.fobFlips = ensureF64(book.fobFlips, S).fill(0, 0, S);
    // Warm start: last month's price in the exporter's country, or its lowest ask if higher.
    for (let s = 0; s < S; s++) {
      const last = w.countries.lastPriceUsdPerKg[book.sellerCountry.data[s]! * 2 + book.st]!;
      book.fobBase[s] = Math.max(low[s]!, last === last ? last : 0);
    }
    return low;
  });
  const d = w.countries.dominant;
  for (const book of books) {
    const s = d >= 0 ? book.sellerOf[d]! : -1;
    w.strategist.homeLowestAskUsdPerKg[book.st] = s >= 0 ? lowest[book.st]![s]! : 0;
  }
  const valued = [pricesEnterCosts(w, 0), pricesEnterCosts(w, 1)];
  const grids = demandGrids(w);
  placeGrids(w, grids);
  for (let round = 1; ; round++) {
    buildBids(w, refine, grids.centre, grids.width);
    addContractTranches(w, refine);
    const cleared = solveJoint(w, mine, refine);
    const moved = recentre(w, cleared[1], grids, round);
    let fobGap = 0;
    const frozen = round > FREEZE_FOB_AFTER;
    for (const st of [0, 1])
      if (valued[st])
        fobGap = Math.max(fobGap, settleFob(books[st]!, cleared[st]!.sellerPrice, lowest[st]!, frozen, moved));
    if ((!moved && (fobGap <= FOB_TOLERANCE || frozen)) || round === MAX_CLEARINGS) {
      w.outcome.fobGap = Math.max(w.outcome.fobGap, fobGap);
      w.outcome.processingGap = processingGap(w, cleared);
      return cleared;
    }
    resetBids(refine);
  }
}

/**
 * Returns the largest violation of same-month price consistency over the processing arcs (MODEL.md §3), USD/kg: with
 * g = p_refined − p_concentrate / R − conversion ask at the refinery's nodes, g must be 0 where it runs below capacity,
 * ≥ 0 at capacity and ≤ 0 when idle (to a tonne's millionth).
 */
function processingGap(w: World, [mine, refine]: [ClearedStage, ClearedStage]): number {
  const R = w.scenario.market.recovery;
  let worst = 0;
  for (let k = 0; k < mine.book.bidBuyer.n; k++) {
    const j = mine.book.bidOffer.data[k]!;
    const out = refine.offerSold[j]!;
    const cap = refine.book.offerQty.data[j]!;
    const g =
      refine.sellerPrice[refine.book.offerSeller.data[j]!]! -
      mine.buyerPrice[mine.book.bidBuyer.data[k]!]! / R -
      refine.book.offerAsk.data[j]!;
    const tol = 1e-6 * Math.max(1, cap);
    const below = out > tol ? -g : 0;
    const above = out < cap - tol ? g : 0;
    worst = Math.max(worst, below, above);
  }
  return worst;
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
 * it offers at); returns the largest relative residual |equilibrium price − FOB base| of this clearing, which must be
 * below FOB_TOLERANCE for the fixed point to have converged. A seller moves all the way while its moves keep one
 * direction (where its equilibrium price does not depend on its own valuation, the next clearing confirms it). Demand
 * is a fine step function, so a price can jump between two neighbouring steps from one clearing to the next, and a
 * levy can flip which origin lands cheapest: then no price is an exact fixed point and the seller's moves reverse.
 * A reversing move goes half the way; after AVERAGE_AFTER reversals every move of that seller is damped, the k-th
 * reversal beyond them to 1/(k + 1) of the way (a running average), which settles such a cycle at the price where it
 * flips, within the demand grid's resolution of both. Other sellers keep moving all the way. `frozen`: nothing moves
 * (after FREEZE_FOB_AFTER clearings), the residual is only measured. `regridded`: the demand grids moved after this
 * clearing (`recentre`), so its prices were found on grids the next clearing no longer has; its moves are made but
 * not remembered, and a move back in the next clearing is not a reversal (it went half the way until engine
 * 0.2.0-alpha.36, and the month took a clearing more: `rare-earths-zone-2026` 252 clearings, 219 since).
 */
export function settleFob(
  book: Book,
  sellerPrice: Float64Array,
  lowest: Float64Array,
  frozen: boolean,
  regridded: boolean,
): number {
  let residual = 0;
  for (let s = 0; s < book.sellerCountry.n; s++) {
    const prev = book.fobBase[s]!;
    const target = Math.max(sellerPrice[s]!, lowest[s]!);
    const move = target - prev;
    residual = Math.max(residual, Math.abs(move) / Math.max(1, Math.abs(prev)));
    if (frozen) continue;
    const reversed = move * book.fobMove[s]! < 0;
    if (reversed) book.fobFlips[s]!++;
    const flips = book.fobFlips[s]!;
    const step = flips > AVERAGE_AFTER ? 1 / (flips - AVERAGE_AFTER + 1) : reversed ? 0.5 : 1;
    // A clearing whose demand grids then moved priced on grids the next one no longer has: its move is made, but the
    // next is not measured against it (a price that falls on the old grids and rises on the new is no cycle).
    book.fobMove[s] = regridded ? 0 : move;
    book.fobBase[s] = prev + step * move;
  }
  return residual;
}

/**
 * A grid is kept from the month before while last month's price lies within ±1% of its centre for a calm country's
 * grid, ±2.5% for a moving one's (as price ratios e^±0.01, e^±0.025; indexed by width), well inside the grid's fine
 * part (e^±0.024, e^±0.056): the bids then keep their prices and the simplex's last tree its meaning, and a month's
 * usual move stays on the fine steps.
 */
const KEEP_HIGH = [dExp(0.01), dExp(0.025)];
const KEEP_LOW = [dExp(-0.01), dExp(-0.025)];

/**
 * The width of a country's grid (demand.ts): every country starts calm, with the narrow fine part. A re-centring that
 * finds its price outside the fine part, or moves the grid by more than the fine part spans (`recentre`), widens it;
 * the grid narrows again, re-centred, once the mean size of the country's monthly refined-price moves,
 * |P_t / P_t−1 − 1| weighted 0.3 on the latest month and 0.7 on the mean before (a memory of about three months), is
 * back at 0.5% or less: after a single 3% jump, in the third month after it.
 */
const CALM_MOVE = 0.005;
const MOVE_WEIGHT = 0.3;

/** A world's demand grids, per country. */
interface DemandGrids {
  /** USD/kg the grid is centred on (0 before the first month). */
  centre: Float64Array;
  /** CALM or MOVING: the width of the grid's fine part. */
  width: Uint8Array;
  /** The mean size of the refined price's monthly moves (see CALM_MOVE) and last month's price, USD/kg. */
  move: Float64Array;
  lastPrice: Float64Array;
}

const gridCache = new WeakMap<World, DemandGrids>();

function demandGrids(w: World): DemandGrids {
  let g = gridCache.get(w);
  if (!g) {
    const C = w.countries.count;
    g = row({
      centre: new Float64Array(C),
      width: new Uint8Array(C).fill(CALM),
      move: new Float64Array(C),
      lastPrice: new Float64Array(C),
    });
    gridCache.set(w, g);
  }
  return g;
}

/**
 * The month's first grids: each country's grid is kept while last month's price lies within its keep band, and
 * otherwise centred on last month's price, at the same width; a wide grid whose country has turned calm is narrowed and
 * centred on last month's price.
 */
function placeGrids(w: World, grids: DemandGrids): void {
  const { centre, width, move, lastPrice } = grids;
  for (let k = 0; k < w.countries.count; k++) {
    const last = Math.min(w.scenario.market.chokePrice, Math.max(w.countries.lastPriceUsdPerKg[k * 2 + 1]!, 1e-3));
    const before = lastPrice[k]!;
    if (before > 0 && last > 0) move[k] = MOVE_WEIGHT * Math.abs(last / before - 1) + (1 - MOVE_WEIGHT) * move[k]!;
    lastPrice[k] = last;
    const kept = centre[k]!;
    const wk = width[k]!;
    const narrow = wk === MOVING && move[k]! <= CALM_MOVE;
    if (!(last <= kept * KEEP_HIGH[wk]! && last >= kept * KEEP_LOW[wk]!) || narrow) {
      centre[k] = last;
      if (narrow) width[k] = CALM;
    }
  }
}

/** Per buyer node of the last `recentre`: its country (−1 for none) and the centre it would move to. */
const recentreScratch = new WeakMap<World, { country: Int32Array; next: Float64Array; gap: Float64Array }>();

/**
 * Checks every country's refined price against its curve at the quantity it received and returns whether any grid
 * moved; the largest gap goes to `w.outcome.curveGap`. When the buyer's last step is partly filled, supply fixed its
 * quantity and the curve price for that quantity is the better centre; when every step is filled or empty, supply fixed
 * its price, and that price is. While some country lies further than 0.8 × CURVE_TOLERANCE from its curve, that one
 * moves, and so does every other whose price has left the fine part of its grid (FINE_HIGH, FINE_LOW): it is on its
 * curve by chance and would leave it in the next clearing, when the moved grids shift the price by a hair (a world
 * price that rose 8% lands on the coarse steps of every country at once). Moving them together ends the month's
 * re-centring in one more clearing rather than a few countries a clearing. From the month's second clearing (`round`)
 * on, so does every country whose price lies in the outer fifth of its fine part (EDGE_HIGH, EDGE_LOW): the month is
 * re-centring, each re-centring shifts the world price by a hair, and such a price would cross the edge in a later
 * clearing. Until engine 0.2.0-alpha.37 they waited for it, and a world price creeping up by 0.03% a clearing pushed
 * a few countries across the edge in each: on the stress scenario four months in 240 took 15 to 40 clearings (40 is
 * the most allowed), and the one that hit the limit left its FOB fixed point 1.8e-5 short; now none of 600 takes
 * more than 5. (Moving them in a month's
 * first clearing too cut a few more clearings but moved grids that a month's usual move leaves where they are.) A
 * country whose price left its grid's fine
 * part, or whose grid moves further than its fine part spans, has a moving country's grid from then on (placeGrids
 * narrows it again once its price is calm).
 */
function recentre(w: World, cs: ClearedStage, grids: DemandGrids, round: number): boolean {
  const { centre, width } = grids;
  const { book } = cs;
  const B = book.buyerCountry.n;
  let scratch = recentreScratch.get(w);
  if (!scratch || scratch.country.length < B) {
    scratch = row({ country: new Int32Array(B), next: new Float64Array(B), gap: new Float64Array(B) });
    recentreScratch.set(w, scratch);
  }
  const { country, next, gap } = scratch;
  country.fill(-1, 0, B);
  w.outcome.curveGap = 0;
  w.outcome.curveGapCountry = -1;
  let off = false;
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
    const g = Math.abs(paid - onCurve) / onCurve;
    if (g > w.outcome.curveGap || !(g === g)) {
      w.outcome.curveGap = g;
      w.outcome.curveGapCountry = c;
    }
    let to = partial || !(paid > 0) ? onCurve : paid;
    // Centred on its price already and still off its curve (a nearly vertical curve, where one step's quantity moves
    // the curve's price by more than the tolerance): centre on the curve's price instead.
    if (to === centre[c]) to = onCurve;
    country[b] = c;
    next[b] = to;
    gap[b] = g;
    if (g > CURVE_TOLERANCE * 0.8 && to !== centre[c]) off = true;
  }
  if (!off) return false;
  for (let b = 0; b < B; b++) {
    const c = country[b]!;
    if (c < 0 || next[b] === centre[c]) continue;
    const left = outsideFine(cs.buyerPrice[b]!, centre[c]!, width[c]!);
    const edge = round > 1 && nearEdge(cs.buyerPrice[b]!, centre[c]!, width[c]!);
    if (!(gap[b]! > CURVE_TOLERANCE * 0.8 || left || edge)) continue;
    // A price that left the grid's fine part, or a grid that moves further than it spans, moved more than a calm
    // country's: the next grid is a moving one's.
    if (left || outsideFine(next[b]!, centre[c]!, width[c]!)) width[c] = MOVING;
    centre[c] = next[b]!;
  }
  return true;
}

/** Whether `price` lies in the outer part of the fine grid centred on `centre`, or beyond it (EDGE_HIGH, EDGE_LOW). */
function nearEdge(price: number, centre: number, width: number): boolean {
  return price > centre * EDGE_HIGH[width]! || price < centre * EDGE_LOW[width]!;
}

/** Whether `price` lies outside the fine part of a grid centred on `centre`, of width `width` (FINE_HIGH, FINE_LOW). */
function outsideFine(price: number, centre: number, width: number): boolean {
  return price > centre * FINE_HIGH[width]! || price < centre * FINE_LOW[width]!;
}

/**
 * Prices one stage's routes this round — transport, wedges, duties, tariffs on the current FOB bases, the variable
 * levy — and its export quotas, as the stage's own clearing problem (the accounts read its route costs and quotas).
 */
function stageProblem(w: World, book: Book): ClearingProblem {
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  book.cost = ensureF64(book.cost, S * B);
  book.tariffPerKg = ensureF64(book.tariffPerKg, S * B);
  book.levy = ensureF64(book.levy, B);
  const { cost, tariffPerKg } = book;
  const rc: RouteCost = { total: 0, tariff: 0 };
  const kept = keepRoutes(book, S, B);
  const { routeTotal, routeTariff, routeValued, routeWedge, routeRowValued } = book;
  for (let s = 0; s < S; s++) {
    const c = book.sellerCountry.data[s]!;
    const wedge = exportWedge(w, st, c);
    const fob = book.fobBase[s]! + wedge;
    const row = s * B;
    if (s === book.stockSeller) {
      // The stockpile's sales pay no tariff; every other row's tariffs are written below, in full.
      tariffPerKg.fill(0, row, row + B);
      for (let b = 0; b < B; b++) {
        const cb = book.buyerCountry.data[b]!;
        const open = b !== book.stockBuyer && w.countries.member[cb] === 1;
        cost[row + b] = open ? transportCost(w, st, c, cb) : Infinity;
      }
      continue;
    }
    // A route whose costs do not depend on the FOB price costs what it cost in the month's last clearing.
    const reuse = kept && routeWedge[s] === wedge;
    routeWedge[s] = wedge;
    if (!reuse) {
      let valued = 0;
      for (let b = 0; b < B; b++) {
        routeCost(w, st, c, book.buyerCountry.data[b]!, fob, wedge, rc);
        cost[row + b] = rc.total;
        tariffPerKg[row + b] = rc.tariff;
        routeValued[row + b] = rc.valued ? 1 : 0;
        if (rc.valued) valued++;
      }
      routeRowValued[s] = valued;
      // The month's first clearing keeps every row at once, below.
      if (kept) {
        routeTotal.set(cost.subarray(row, row + B), row);
        routeTariff.set(tariffPerKg.subarray(row, row + B), row);
      }
      continue;
    }
    if (routeRowValued[s] === 0) {
      cost.set(routeTotal.subarray(row, row + B), row);
      tariffPerKg.set(routeTariff.subarray(row, row + B), row);
      continue;
    }
    for (let b = 0; b < B; b++) {
      const i = row + b;
      if (routeValued[i] === 1) {
        routeCost(w, st, c, book.buyerCountry.data[b]!, fob, wedge, rc);
        routeTotal[i] = rc.total;
        routeTariff[i] = rc.tariff;
      }
      cost[i] = routeTotal[i]!;
      tariffPerKg[i] = routeTariff[i]!;
    }
  }
  if (!kept) {
    routeTotal.set(cost.subarray(0, S * B));
    routeTariff.set(tariffPerKg.subarray(0, S * B));
  }
  applyCfdRoutes(w, book);
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
  addReexports(w, book);
  addTrqPaths(w, book);
  return {
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
}

/**
 * Returns whether the book's kept route costs (Book `routeTotal`) were priced earlier this month for these very seller
 * and buyer nodes — the month's clearings after its first rebuild the refined bids, and with them the buyer nodes — and
 * makes them this clearing's: sized and marked for the sellers and buyers given.
 */
function keepRoutes(book: Book, S: number, B: number): boolean {
  const sellers = book.sellerCountry.data;
  const buyers = book.buyerCountry.data;
  let same = book.routesKept && book.routeSellerCount === S && book.routeBuyerCount === B;
  for (let s = 0; same && s < S; s++) same = book.routeSellers[s] === sellers[s];
  for (let b = 0; same && b < B; b++) same = book.routeBuyers[b] === buyers[b];
  if (same) return true;
  book.routeTotal = ensureF64(book.routeTotal, S * B);
  book.routeTariff = ensureF64(book.routeTariff, S * B);
  book.routeValued = ensureU8(book.routeValued, S * B);
  book.routeWedge = ensureF64(book.routeWedge, S);
  book.routeRowValued = ensureI32(book.routeRowValued, S);
  book.routeSellers = ensureI32(book.routeSellers, S);
  book.routeBuyers = ensureI32(book.routeBuyers, B);
  book.routeSellers.set(sellers.subarray(0, S));
  book.routeBuyers.set(buyers.subarray(0, B));
  book.routeSellerCount = S;
  book.routeBuyerCount = B;
  book.routesKept = true;
  return false;
}

/**
 * One network solver per world, so each clearing warm-starts from the last one's spanning tree when the network keeps
 * its shape (about half the pivots of a start from the last bounds on the stress scenario).
 */
const solvers = new WeakMap<World, NetworkSolver>();

/** Clears both stages once, in one network, and returns the two stages' views. */
function solveJoint(w: World, mine: Book, refine: Book): [ClearedStage, ClearedStage] {
  const problems = [stageProblem(w, mine), stageProblem(w, refine)] as const;
  const layout = buildJointNetwork(w, mine, refine, problems);
  let solver = solvers.get(w);
  if (!solver) solvers.set(w, (solver = createNetworkSolver({ keepTree: true })));
  // The solution is read into the stages' own views below, before the next solve overwrites it.
  const sol = solver.solve(layout.network, { trusted: true, reuse: true });
  for (let st = 0; st < 2; st++) {
    const book = st === 0 ? mine : refine;
    const arcs = layout.quotaArc[st]!;
    if (book.quotaFull.length < arcs.length) book.quotaFull = new Uint8Array(arcs.length);
    book.quotaFull.fill(0, arcs.length);
    for (let q = 0; q < arcs.length; q++) {
      const cap = layout.network.arcCap[arcs[q]!]!;
      book.quotaFull[q] = sol.arcFlow[arcs[q]!]! >= cap - 1e-9 * Math.max(1, cap) ? 1 : 0;
    }
  }
  w.outcome.clearings++;
  return readJointSolution(w, layout, sol, mine, refine, problems);
}
