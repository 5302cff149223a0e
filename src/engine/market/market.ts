/**
 * Step 5 of a month: the spatial-equilibrium clearing of both stages' books (book.ts) in one network (joint.ts), as a
 * fixed point of exact clearings (MODEL.md §3, §4.5, §4.6, §5), and what settlement reads of it.
 */
import { ensureF64 } from '../../lib/columns.ts';
import {
  type ClearingProblem,
  type ClearingQuota,
  type NetworkSolver,
  createNetworkSolver,
} from '../clearing/index.ts';
import { CURVE_TOLERANCE, demandScale, priceOnCurve } from '../agents/demand.ts';
import { matchesDestination } from '../policy/policies.ts';
import type { World } from '../world/world.ts';
import { type Book, STOCKPILE, addProcessing, buildBids, buildOffers, resetBids, resetBook } from './book.ts';
import { type ClearedStage, buildJointNetwork, readJointSolution } from './joint.ts';
import { addContractTranches, planContracts } from './contracts.ts';
import { addReexports } from './leakage.ts';
import { addTrqPaths } from './trq.ts';
import { applyVariableLevy } from './levy.ts';
import { type RouteCost, exportWedge, routeCost, transportCost } from './routes.ts';

export type { ClearedStage } from './joint.ts';

/** Most clearings in one month while demand grids are re-centred and FOB prices settle. */
export const MAX_CLEARINGS = 40;

/** Clearings after which the FOB fixed point is damped by half, and after which it averages (see `settleFob`). */
const DAMP_AFTER = 4;
const AVERAGE_AFTER = 16;

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
 *   FOB_TOLERANCE (damped after DAMP_AFTER clearings).
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
  const centre = centres(w);
  for (let k = 0; k < w.countries.count; k++) {
    centre[k] = Math.min(w.scenario.market.chokePrice, Math.max(w.countries.lastPriceUsdPerKg[k * 2 + 1]!, 1e-3));
  }
  for (let round = 1; ; round++) {
    buildBids(w, refine, centre);
    addContractTranches(w, refine);
    const cleared = solveJoint(w, mine, refine);
    const moved = recentre(w, cleared[1], centre);
    let fobGap = 0;
    for (const st of [0, 1])
      if (valued[st])
        fobGap = Math.max(fobGap, settleFob(books[st]!, cleared[st]!.sellerPrice, lowest[st]!, fobStep(round)));
    if ((!moved && fobGap <= FOB_TOLERANCE) || round === MAX_CLEARINGS) {
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
    let next = partial || !(paid > 0) ? onCurve : paid;
    // Centred on its price already and still off its curve (a nearly vertical curve, where one step's quantity moves
    // the curve's price by more than the tolerance): centre on the curve's price instead.
    if (next === centre[c]) next = onCurve;
    if (next === centre[c]) continue;
    centre[c] = next;
    moved = true;
  }
  return moved;
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
        cost[s * B + b] = open ? transportCost(w, st, c, cb) : Infinity;
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
  const sol = solver.solve(layout.network, { trusted: true });
  for (const [st, book] of [mine, refine].entries()) {
    const arcs = layout.quotaArc[st]!;
    book.quotaFull = new Uint8Array(arcs.length);
    for (let q = 0; q < arcs.length; q++) {
      const cap = layout.network.arcCap[arcs[q]!]!;
      book.quotaFull[q] = sol.arcFlow[arcs[q]!]! >= cap - 1e-9 * Math.max(1, cap) ? 1 : 0;
    }
  }
  w.outcome.clearings++;
  return readJointSolution(w, layout, sol, mine, refine, problems);
}
