/**
 * Step 6 of a month: settle the cleared markets — who sold and bought what, flows, prices, tariff revenue, the
 * stockpile's trades — then every facility's netback and cash (MODEL.md §4.2, §4.6, §7).
 *
 * Money: M$ = t × USD/kg / 1000. A facility's netback is the price at its own country's seller node (what a seller there
 * receives after transport and tariffs); a country with no seller node this month gets the best netback it could
 * reach, max over buyers of (price − route cost). A refinery's netback is net of its feed: refined netback − feed
 * price / recovery. Under a CfD, a member producer's netback is at least the floor (the zone pays the difference).
 */
import { CHOKE, type ClearedStage, POOL, STOCKPILE } from './market.ts';
import { type RouteCost, routeCost } from './routes.ts';
import {
  KIND_MINE,
  KIND_REFINE,
  S_IDLE,
  S_OPERATING,
  S_RAMP,
  type World,
  costOrder,
  isStrategist,
  producesStage,
} from '../world/world.ts';

/** Applies a cleared stage to the world: outputs, feed, consumption, flows, prices and the stockpile. */
export function settleStage(w: World, cs: ClearedStage): void {
  const { book } = cs;
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  for (let k = 0; k < book.offerOwner.n; k++) {
    const sold = cs.offerSold[k]!;
    if (sold <= 0) continue;
    const owner = book.offerOwner.data[k]!;
    if (owner >= 0) credit(w, owner, st, sold);
    else if (owner === POOL) allocatePool(w, st, sold);
    else if (owner === STOCKPILE) {
      w.stockT = Math.max(0, w.stockT - sold);
      const revenue = (sold * cs.sellerPrice[book.stockSeller]!) / 1000;
      w.stockSales += revenue;
      w.stockBudgetLeft += revenue;
    }
  }
  for (let k = 0; k < book.bidOwner.n; k++) {
    const owner = book.bidOwner.data[k]!;
    const b = book.bidBuyer.data[k]!;
    const filled = cs.bidFilled[k]!;
    const price = cs.buyerPrice[b]!;
    if (owner === STOCKPILE) {
      w.stockT += filled;
      const cost = (filled * price) / 1000;
      w.stockSpend += cost;
      w.stockBudgetLeft -= cost;
      continue;
    }
    const c = book.buyerCountry.data[b]!;
    if (st === 0) {
      w.fFeed[owner] = filled;
      w.fFeedPrice[owner] = price;
      w.cons[c * 2]! += filled;
      continue;
    }
    if (owner <= CHOKE) w.unmet[c] = Math.max(0, book.bidQty.data[k]! - filled);
    w.cons[c * 2 + 1]! += filled;
    w.spend[c]! += (filled * price) / 1000;
  }
  // Flows by country pair, in exporter then importer order; a stockpile node's flows merge into its country's pair.
  const acc = flowScratch(w);
  const sellers = Array.from({ length: S }, (_, i) => i).sort(
    (x, y) => book.sellerCountry.data[x]! - book.sellerCountry.data[y]! || x - y,
  );
  for (let i = 0; i < S; i++) {
    const s = sellers[i]!;
    for (let b = 0; b < B; b++) {
      const t = cs.flow[s * B + b]!;
      if (t <= 1e-9) continue;
      const to = book.buyerCountry.data[b]!;
      acc[to * 3]! += t;
      acc[to * 3 + 1]! += (t * cs.buyerPrice[b]!) / 1000;
      acc[to * 3 + 2]! += (t * book.tariffPerKg[s * B + b]!) / 1000;
    }
    const from = book.sellerCountry.data[s]!;
    if (i + 1 < S && book.sellerCountry.data[sellers[i + 1]!] === from) continue;
    for (let to = 0; to < w.C; to++) {
      if (acc[to * 3] === 0) continue;
      recordFlow(w, st, from, to, acc);
      acc[to * 3] = acc[to * 3 + 1] = acc[to * 3 + 2] = 0;
    }
  }
  for (let c = 0; c < w.C; c++) {
    const b = book.buyerOf[c]!;
    const s = book.sellerOf[c]!;
    w.price[c * 2 + st] = b >= 0 ? cs.buyerPrice[b]! : s >= 0 ? cs.sellerPrice[s]! : NaN;
  }
}

const scratch = new WeakMap<World, Float64Array>();

/** Returns a zeroed [C × 3] accumulator of tonnes, value and tariff by importer, reused across months. */
function flowScratch(w: World): Float64Array {
  let acc = scratch.get(w);
  if (!acc) {
    acc = new Float64Array(w.C * 3);
    scratch.set(w, acc);
  }
  return acc;
}

/**
 * Records one country-pair flow (tonnes, value and tariff read from the accumulator, so no double is passed as an
 * argument and boxed) and what it adds to trade, tariff revenue and the export subsidy.
 */
function recordFlow(w: World, st: number, from: number, to: number, acc: Float64Array) {
  const t = acc[to * 3]!;
  const value = acc[to * 3 + 1]!;
  const tariff = acc[to * 3 + 2]!;
  const wedge = w.dominant >= 0 ? w.exportAsk[st]! - w.domesticAsk[st]! : 0;
  w.flows.stage.push(st);
  w.flows.from.push(from);
  w.flows.to.push(to);
  w.flows.tonnes.push(t);
  w.flows.value.push(value);
  w.flows.tariff.push(tariff);
  if (from === to) return;
  w.exp[from * 2 + st]! += t;
  w.imp[to * 2 + st]! += t;
  const ring = (((w.m % 12) * w.C + from) * w.C + to) * 2 + st;
  if (w.exportRing[ring] === 0) w.exportRingWritten[w.m % 12]!.push(ring);
  w.exportRing[ring]! += t;
  w.tariffRevenue += tariff;
  if (w.member[to] === 1) w.tariffRevenueMember += tariff;
  if (from === w.dominant && wedge < 0) {
    // Exporting below the domestic ask is an export subsidy paid from the state support budget.
    const cost = (-wedge * t) / 1000;
    w.stateSupportMonth += cost;
    w.stateSupportLeft -= cost;
  }
}

function credit(w: World, f: number, st: number, sold: number): void {
  w.fOutput[f]! += sold;
  const c = w.fCountry[f]!;
  w.prod[c * 2 + st]! += sold;
  if (st === 1 && w.fKind[f] !== KIND_REFINE) w.prod[c * 2]! += sold / w.fRecovery[f]!;
}

/** Shares the strategist pool's sales among the dominant's state facilities, cheapest first (merit order). */
function allocatePool(w: World, st: number, sold: number): void {
  w.poolOutput[st] = sold;
  let left = sold;
  for (const f of costOrder(w, st)) {
    if (left <= 0) break;
    if (!isStrategist(w, f) || w.fOutage[f] !== 0) continue;
    if (w.fState[f] !== S_OPERATING && w.fState[f] !== S_RAMP) continue;
    const cap =
      w.fKind[f] === KIND_REFINE ? Math.min(w.fAvail[f]! / 12, w.fFeed[f]! * w.fRecovery[f]!) : w.fAvail[f]! / 12;
    const q = Math.min(cap, left);
    credit(w, f, st, q);
    left -= q;
  }
}

/** Computes every facility's netback and unit cost, then its cash for the month (after both stages settled). */
export function settleFacilities(w: World, mine: ClearedStage, refine: ClearedStage): void {
  const seller = [sellerPrices(w, mine), sellerPrices(w, refine)];
  const rules = w.s.facilityRules;
  const zone = w.s.zone;
  let poolProfit = 0;
  for (let f = 0; f < w.F; f++) {
    const state = w.fState[f]!;
    if (state !== S_OPERATING && state !== S_RAMP && state !== S_IDLE) continue;
    const c = w.fCountry[f]!;
    const kind = w.fKind[f]!;
    const st = kind === KIND_MINE ? 0 : 1;
    const price = seller[st]!(c);
    const feedPrice = w.fFeed[f]! > 0 ? w.fFeedPrice[f]! : concentratePriceAt(w, c);
    const feedPerKg = kind === KIND_REFINE ? feedPrice / w.fRecovery[f]! : 0;
    let netback = price - feedPerKg;
    const cost = w.fCost[f]! - w.subsidy[c * 2 + st]!;
    w.fUnitCost[f] = w.fCost[f]! + feedPerKg;
    const floor = w.floor[st]!;
    const cfd = zone?.cfd && w.member[c] === 1 && floor === floor && w.zoneBudgetLeft > 0;
    if (cfd) netback = Math.max(netback, floor - feedPerKg);
    w.fNetback[f] = netback;
    let profit: number;
    if (state === S_IDLE) profit = (-rules.careCost * w.fFixed[f]!) / 12;
    else {
      const out = w.fOutput[f]!;
      const feedBill = kind === KIND_REFINE ? (w.fFeed[f]! * w.fFeedPrice[f]!) / 1000 : 0;
      profit = (out * (price - cost)) / 1000 - feedBill - w.fFixed[f]! / 12;
      if (cfd && out > 0 && price < floor) {
        const pay = Math.min(w.zoneBudgetLeft, ((floor - price) * out) / 1000);
        w.cfdOutlay += pay;
        w.zoneBudgetLeft -= pay;
        profit += pay;
      }
    }
    if (isStrategist(w, f)) {
      // The strategist's facilities are one state enterprise: the pool's net loss draws on the support budget.
      poolProfit += profit;
      w.fCash[f]! += Math.max(0, profit);
      continue;
    }
    if (profit < 0 && w.fOwner[f] === 1) profit = drawSupport(w, f, profit);
    w.fCash[f]! += profit;
  }
  if (poolProfit < 0) {
    w.stateSupportMonth -= poolProfit;
    w.stateSupportLeft += poolProfit;
  }
}

function drawSupport(w: World, f: number, profit: number): number {
  const c = w.fCountry[f]!;
  if (c !== w.dominant && w.supportLeft[c]! > 0) {
    w.supportLeft[c]! += profit;
    return 0;
  }
  return profit;
}

function concentratePriceAt(w: World, c: number): number {
  const p = w.price[c * 2]!;
  return p === p ? p : w.lastPrice[c * 2]!;
}

/** Returns a function giving the price a seller in country c receives at this stage (its node's price, or the best netback it can reach). */
function sellerPrices(w: World, cs: ClearedStage): (c: number) => number {
  const cache = new Float64Array(w.C).fill(NaN);
  const rc: RouteCost = { total: 0, tariff: 0 };
  const { book } = cs;
  return (c: number) => {
    if (cache[c] === cache[c]) return cache[c]!;
    const s = book.sellerOf[c]!;
    let p: number;
    if (s >= 0) p = cs.sellerPrice[s]!;
    else {
      p = -Infinity;
      const fob = w.lastPrice[c * 2 + book.st]!;
      for (let b = 0; b < book.buyerCountry.n; b++) {
        if (b === book.stockBuyer) continue;
        routeCost(w, book.st, c, book.buyerCountry.data[b]!, fob, 0, rc);
        p = Math.max(p, cs.buyerPrice[b]! - rc.total);
      }
      if (p === -Infinity) p = w.lastPrice[c * 2 + book.st]!;
    }
    cache[c] = p;
    return p;
  };
}

export { producesStage };
