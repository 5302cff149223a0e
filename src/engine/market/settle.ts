/**
 * Step 6 of a month: settle the cleared markets — who sold and bought what, flows, prices, tariff revenue, the
 * stockpile's trades — then every facility's netback and cash (MODEL.md §4.2, §4.6, §7).
 *
 * Money: M$ = t × USD/kg / 1000. Both stages come from one network (joint.ts): a refinery's feed (mine stage) and its
 * output (refine stage) are the two ends of its processing arc. A facility's netback is the price at its own country's seller node (what a seller there
 * receives after transport and tariffs); a country with no seller node this month gets the best netback it could
 * reach, max over buyers of (price − route cost). A refinery's netback is net of its feed: refined netback − feed
 * price / recovery. Under a CfD, a member producer's netback includes the month's net payment per kg (policy/cfd.ts).
 */
import { pow as dPow } from '../../lib/dmath.ts';
import { accountFacility, accountStage, closeAccounts } from './accounts.ts';
import {
  cfdMarketPriceUsdPerKg,
  cfdNetbackUsdPerKg,
  cfdRouteShiftUsdPerKg,
  prepareCfdMonth,
  settleCfd,
} from '../policy/cfd.ts';
import { useTrq } from './trq.ts';
import { addContractSalesToMembers } from './contracts.ts';
import { type Book, CHOKE, POOL, RECYCLING, STOCKPILE } from './book.ts';
import type { ClearedStage } from './market.ts';
import { type RouteCost, exportWedge, levied, routeCost, transportCost } from './routes.ts';
import {
  Owner,
  FacilityKind,
  FacilityState,
  type World,
  costOrder,
  isStrategist,
  producesStage,
} from '../world/world.ts';
import { pushFlowRow } from './trade.ts';

/** Applies a cleared stage to the world: outputs, feed, consumption, flows, prices and the stockpile. */
export function settleStage(w: World, cs: ClearedStage): void {
  const { book } = cs;
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  w.strategist.poolOutputT[st] = 0;
  for (let k = 0; k < book.offerOwner.n; k++) {
    const sold = cs.offerSold[k]!;
    if (sold <= 0) continue;
    const owner = book.offerOwner.data[k]!;
    if (owner >= 0) {
      credit(w, owner, st, sold, k);
      // A state refinery of the dominant is a processing arc of its own; its output is the pool's all the same.
      if (isStrategist(w, owner)) w.strategist.poolOutputT[st]! += sold;
    } else if (owner === POOL) allocatePool(w, st, sold);
    else if (owner === RECYCLING) w.outcome.recyclingT[book.sellerCountry.data[book.offerSeller.data[k]!]!]! += sold;
    else if (owner === STOCKPILE) {
      w.zone.stockT = Math.max(0, w.zone.stockT - sold);
      w.outcome.stockNetT -= sold;
      const revenue = (sold * cs.sellerPrice[book.stockSeller]!) / 1000;
      w.outcome.stockSalesMusd += revenue;
      w.zone.stockBudgetLeftMusd += revenue;
    }
  }
  for (let k = 0; k < book.bidOwner.n; k++) {
    const owner = book.bidOwner.data[k]!;
    const b = book.bidBuyer.data[k]!;
    const filled = cs.bidFilled[k]!;
    const price = cs.buyerPrice[b]!;
    if (owner === STOCKPILE) {
      w.zone.stockT += filled;
      w.outcome.stockNetT += filled;
      const cost = (filled * price) / 1000;
      w.outcome.stockSpendMusd += cost;
      w.zone.stockBudgetLeftMusd -= cost;
      continue;
    }
    const c = book.buyerCountry.data[b]!;
    if (st === 0) {
      w.facilities.feedT[owner] = filled;
      w.facilities.feedPriceUsdPerKg[owner] = price;
      w.outcome.consumptionT[c * 2]! += filled;
      continue;
    }
    if (owner <= CHOKE) w.outcome.unmetT[c] = Math.max(0, book.bidQty.data[k]! - filled);
    w.outcome.consumptionT[c * 2 + 1]! += filled;
    w.outcome.spendMusd[c]! += (filled * price) / 1000;
  }
  // Flows by country pair, in exporter then importer order; a stockpile node's flows merge into its country's pair.
  const acc = flowScratch(w);
  const sellers = sellersByCountry(w, book);
  for (let i = 0; i < S; i++) {
    const s = sellers[i]!;
    for (let b = 0; b < B; b++) {
      const t = cs.flow[s * B + b]!;
      if (t <= 1e-9) continue;
      const to = book.buyerCountry.data[b]!;
      const k = to * FLOW_FIELDS;
      const from = book.sellerCountry.data[s]!;
      const tariff = s === book.stockSeller ? 0 : book.tariffPerKg[s * B + b]!;
      const transport = from === to && s !== book.stockSeller ? 0 : transportCost(w, st, from, to);
      // From a CfD node to a member, the seller's market price is its node's less the top-up (policy/cfd.ts).
      const seller = cs.sellerPrice[s]! - cfdRouteShiftUsdPerKg(w, book, s, b);
      addToPair(acc, k, t, cs.buyerPrice[b]!, seller, tariff, transport);
    }
    // Imports within a tariff-rate quota join their pair's flow, at the in-quota tariff (trq.ts).
    for (let q = 0; q < book.trqSeller.n; q++) {
      const t = cs.inQuota[q]!;
      if (book.trqSeller.data[q] !== s || !(t > 1e-9)) continue;
      const b = book.trqBuyer.data[q]!;
      const to = book.buyerCountry.data[b]!;
      const k = to * FLOW_FIELDS;
      const from = book.sellerCountry.data[s]!;
      const transport = transportCost(w, st, from, to);
      addToPair(acc, k, t, cs.buyerPrice[b]!, cs.sellerPrice[s]!, book.trqTariff.data[q]!, transport);
    }
    const from = book.sellerCountry.data[s]!;
    if (i + 1 < S && book.sellerCountry.data[sellers[i + 1]!] === from) continue;
    for (let to = 0; to < w.countries.count; to++) {
      if (acc[to * FLOW_FIELDS] === 0) continue;
      recordFlow(w, st, from, to, acc);
      acc.fill(0, to * FLOW_FIELDS, (to + 1) * FLOW_FIELDS);
    }
  }
  for (let c = 0; c < w.countries.count; c++) {
    const b = book.buyerOf[c]!;
    // A country whose only sellers sell through its CfD node: that node's price, what a sale outside the zone nets.
    const s = book.sellerOf[c]! >= 0 ? book.sellerOf[c]! : book.cfdSellerOf[c]!;
    w.outcome.priceUsdPerKg[c * 2 + st] = b >= 0 ? cs.buyerPrice[b]! : s >= 0 ? cs.sellerPrice[s]! : NaN;
  }
  settleCarry(w, cs);
  settleReexports(w, cs);
  useTrq(w, book, cs.inQuota);
  accountStage(w, cs);
}

/**
 * Records each re-export (MODEL.md §4.9) as two flows of its origin: origin → hub at the origin's price plus wedge, duty
 * and the first leg's transport; hub → buyer from there, plus the second leg and the re-export cost (transport), the
 * importer's tariffs as from the hub (tariff) and the expected seizure (rent), at the buyer's price.
 */
function settleReexports(w: World, cs: ClearedStage): void {
  const { book } = cs;
  for (let k = 0; k < book.reSeller.n; k++) {
    const t = cs.reexported[k]!;
    if (!(t > 1e-9)) continue;
    const s = book.reSeller.data[k]!;
    const b = book.reBuyer.data[k]!;
    const origin = book.sellerCountry.data[s]!;
    const hub = book.reHub.data[k]!;
    const to = book.buyerCountry.data[b]!;
    const atOrigin = cs.sellerPrice[s]!;
    const leg1 = book.reLeg1.data[k]!;
    const wedgeDuty = book.reWedgeDuty.data[k]!;
    const atHub = atOrigin + wedgeDuty + leg1;
    w.outcome.reexportT[book.st]! += t;
    const m = (perKg: number) => (t * perKg) / 1000;
    pushFlow(w, book.st, origin, hub, origin, t, m(atHub), 0, m(atOrigin), m(leg1), m(wedgeDuty));
    const carriage = book.reCarriage.data[k]! - leg1;
    const tariff = book.reTariff.data[k]!;
    const seized = book.reSeized.data[k]!;
    pushFlow(w, book.st, hub, to, origin, t, m(cs.buyerPrice[b]!), m(tariff), m(atHub), m(carriage), m(seized));
  }
}

/**
 * Applies the commercial stocks' trades of one stage (MODEL.md §4.8): levels, the month's stock change, the trades'
 * payments (in the accounts, at the country's buyer price) and the stockholders' margin and carrying cost (interest on
 * the value held and storage) in their country's producer surplus; then moves each normal price toward this month's.
 */
function settleCarry(w: World, cs: ClearedStage): void {
  const { book } = cs;
  const st = book.st;
  const p = w.scenario.market.stocks;
  const a = w.outcome.accounts;
  for (let k = 0; k < book.carryNode.n; k++) {
    const t = cs.carryTraded[k]!;
    if (!(t > 0)) continue;
    const c = book.carryCountry.data[k]!;
    if (c < 0) continue; // a contract's delivery or feed (contracts.ts settles it)
    const i = c * 2 + st;
    const side = book.carrySide.data[k]!;
    const value = (t * cs.buyerPrice[book.carryNode.data[k]!]!) / 1000;
    w.stocks.levelT[i] = Math.max(0, w.stocks.levelT[i]! + side * t);
    w.outcome.stockChangeT[i]! += side * t;
    if (side > 0) a.paidMusd += value;
    else a.receivedMusd += value;
    a.producerSurplusMusd[c]! -= side * value;
  }
  const alpha = 1 - dPow(0.5, 1 / p.normalHalfLifeMonths);
  for (let c = 0; c < w.countries.count; c++) {
    const i = c * 2 + st;
    if (!(w.stocks.normalT[i]! > 0)) continue;
    const price = w.outcome.priceUsdPerKg[i]!;
    if (!(price === price)) continue;
    const held = (w.stocks.levelT[i]! * (price * (p.interestPerYr / 12) + p.storageUsdPerKgYr / 12)) / 1000;
    a.producerSurplusMusd[c]! -= held;
    a.stockHoldingMusd += held;
    w.stocks.normalPriceUsdPerKg[i]! += alpha * (price - w.stocks.normalPriceUsdPerKg[i]!);
  }
}

/**
 * Adds t tonnes to the accumulator's pair at `k`: tonnes, M$ at the buyer's price, of tariff, at the seller's price, of
 * transport, and of rent — whatever the buyer pays above the seller's price, transport and tariff (wedge, duty and
 * quota rent).
 */
function addToPair(
  acc: Float64Array,
  k: number,
  t: number,
  buyerPrice: number,
  sellerPrice: number,
  tariff: number,
  transport: number,
): void {
  acc[k]! += t;
  acc[k + 1]! += (t * buyerPrice) / 1000;
  acc[k + 2]! += (t * tariff) / 1000;
  acc[k + 3]! += (t * sellerPrice) / 1000;
  acc[k + 4]! += (t * transport) / 1000;
  acc[k + 5]! += (t * (buyerPrice - sellerPrice - transport - tariff)) / 1000;
}

const scratch = new WeakMap<World, Float64Array>();
const sellerOrder = new WeakMap<World, Int32Array>();

/**
 * Returns the book's seller nodes by country, then by node (reused storage, valid until the next call). An insertion
 * sort: nodes are made as their countries are first met, mostly in country order, so it runs in about one pass; it is
 * stable, so the nodes of one country (its own and the stockpile's or a CfD node) stay in node order.
 */
function sellersByCountry(w: World, book: Book): Int32Array {
  const S = book.sellerCountry.n;
  let order = sellerOrder.get(w);
  if (!order || order.length < S) {
    order = new Int32Array(Math.max(S, 2 * (order?.length ?? 0)));
    sellerOrder.set(w, order);
  }
  const country = book.sellerCountry.data;
  for (let i = 0; i < S; i++) {
    let j = i;
    while (j > 0 && country[order[j - 1]!]! > country[i]!) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  return order;
}

/** Fields of the flow accumulator: tonnes, value at the buyer's price, tariff, value at the seller's, transport, rent. */
const FLOW_FIELDS = 6;

/** Returns a zeroed [C × FLOW_FIELDS] accumulator by importer, reused across months. */
function flowScratch(w: World): Float64Array {
  let acc = scratch.get(w);
  if (!acc) {
    acc = new Float64Array(w.countries.count * FLOW_FIELDS);
    scratch.set(w, acc);
  }
  return acc;
}

/**
 * Records one country-pair flow (tonnes, value and tariff read from the accumulator, so no double is passed as an
 * argument and boxed) and what it adds to trade, tariff revenue and the export subsidy.
 */
function recordFlow(w: World, st: number, from: number, to: number, acc: Float64Array) {
  const k = to * FLOW_FIELDS;
  pushFlow(w, st, from, to, from, acc[k]!, acc[k + 1]!, acc[k + 2]!, acc[k + 3]!, acc[k + 4]!, acc[k + 5]!);
}

/**
 * Records one flow row (t; M$ at the buyer's price, of tariff, at the seller's price, of transport, of rent) and what
 * it adds to trade, tariff revenue and the export subsidy. A re-export's first leg pays its origin's wedge; its second
 * leg, from the hub, pays none.
 */
function pushFlow(
  w: World,
  st: number,
  from: number,
  to: number,
  origin: number,
  t: number,
  value: number,
  tariff: number,
  sellerValue: number,
  transport: number,
  rent: number,
) {
  const wedge = from === origin ? exportWedge(w, st, from, to) : 0;
  pushFlowRow(w, st, from, to, origin, t, value, tariff, sellerValue, transport, rent, -1);
  if (from === to) return;
  if (from === w.countries.dominant && wedge < 0) {
    // Exporting below the domestic ask is an export subsidy paid from the state support budget.
    const cost = (-wedge * t) / 1000;
    w.strategist.supportMonthMusd += cost;
    w.strategist.supportLeftMusd -= cost;
  }
}

function credit(w: World, f: number, st: number, sold: number, offer = -1): void {
  const c = w.facilities.country[f]!;
  w.outcome.productionT[c * 2 + st]! += sold;
  if (w.facilities.kind[f] === FacilityKind.integrated) {
    // An integrated plant's own mine (MODEL.md §3): surplus ore sold as concentrate, and refining of bought feed.
    if (st === 0) {
      w.facilities.surplusSoldT[f]! += sold;
      return;
    }
    if (offer >= 0 && offer === w.facilities.processingOffer[f]) {
      w.facilities.outputT[f]! += sold;
      w.facilities.processedT[f]! += sold;
      return;
    }
  }
  w.facilities.outputT[f]! += sold;
  if (st === 1 && w.facilities.kind[f] !== FacilityKind.refine) {
    w.outcome.productionT[c * 2]! += sold / w.facilities.recovery[f]!;
    w.outcome.ownFeedT[c]! += sold / w.facilities.recovery[f]!;
  }
}

/**
 * Shares the strategist pool's sales among the dominant's state mines (mine stage) or integrated plants (refine stage),
 * cheapest first (merit order); its state refineries are processing arcs of their own (book.ts `addProcessing`).
 */
function allocatePool(w: World, st: number, sold: number): void {
  w.strategist.poolOutputT[st]! += sold;
  let left = sold;
  for (const f of costOrder(w.facilities, st)) {
    if (left <= 0) break;
    if (!isStrategist(w, f) || w.facilities.outageMonths[f] !== 0) continue;
    if (w.facilities.kind[f] === FacilityKind.refine) continue;
    if (w.facilities.state[f] !== FacilityState.operating && w.facilities.state[f] !== FacilityState.rampUp) continue;
    // What a contract took of the plant's output this month is already credited (contracts.ts).
    const cap = w.facilities.availableTpy[f]! / 12 - w.facilities.outputT[f]!;
    const q = Math.max(0, Math.min(cap, left));
    credit(w, f, st, q);
    left -= q;
  }
}

/** Computes every facility's netback and unit cost, then its cash for the month (after both stages settled). */
export function settleFacilities(w: World, mine: ClearedStage, refine: ClearedStage): void {
  const seller = [sellerPrices(w, mine), sellerPrices(w, refine)];
  const rules = w.scenario.facilityRules;
  const cfdOn = w.scenario.zone?.cfd === true;
  if (cfdOn) {
    prepareCfdMonth(w, [mine, refine]);
    addContractSalesToMembers(w, w.zone.cfdMemberT);
  }
  let poolProfit = 0;
  for (let f = 0; f < w.facilities.count; f++) {
    const state = w.facilities.state[f]!;
    if (state !== FacilityState.operating && state !== FacilityState.rampUp && state !== FacilityState.idle) continue;
    const c = w.facilities.country[f]!;
    const kind = w.facilities.kind[f]!;
    const st = kind === FacilityKind.mine ? 0 : 1;
    const market = seller[st]!(c);
    // A producer selling through its country's CfD node earns that node's market price (policy/cfd.ts).
    const atCfdNode = cfdOn ? cfdMarketPriceUsdPerKg(w, f) : NaN;
    const price = atCfdNode === atCfdNode ? atCfdNode : market;
    const feedPrice = w.facilities.feedT[f]! > 0 ? w.facilities.feedPriceUsdPerKg[f]! : concentratePriceAt(w, c);
    const feedPerKg = kind === FacilityKind.refine ? feedPrice / w.facilities.recovery[f]! : 0;
    let netback = price - feedPerKg;
    const cost = w.facilities.cashCostUsdPerKg[f]! - w.countries.subsidyUsdPerKg[c * 2 + st]!;
    w.facilities.unitCostUsdPerKg[f] = w.facilities.cashCostUsdPerKg[f]! + feedPerKg;
    // The CfD's net payment for the month (policy/cfd.ts), in its netback per kg; paid on top of its profit below.
    const sold = state === FacilityState.idle ? 0 : w.facilities.outputT[f]!;
    const cfdMusd = cfdOn ? settleCfd(w, f, st, sold, market) : 0;
    if (cfdOn) netback += cfdNetbackUsdPerKg(w, f, st, sold, cfdMusd);
    w.facilities.netbackUsdPerKg[f] = netback;
    let profit: number;
    if (state === FacilityState.idle) {
      profit = (-rules.careCost * w.facilities.fixedCostMusdPerYr[f]!) / 12;
      accountFacility(w, f, profit);
    } else {
      const out = w.facilities.outputT[f]!;
      const feedBill =
        kind === FacilityKind.refine ? (w.facilities.feedT[f]! * w.facilities.feedPriceUsdPerKg[f]!) / 1000 : 0;
      profit = (out * (price - cost)) / 1000 - feedBill - w.facilities.fixedCostMusdPerYr[f]! / 12;
      if (w.facilities.mineRatio[f] !== 1) profit += ownMineMargin(w, f, seller[0]!(c));
      accountFacility(w, f, profit);
      profit += cfdMusd;
    }
    if (isStrategist(w, f)) {
      // The strategist's facilities are one state enterprise: the pool's net loss draws on the support budget.
      poolProfit += profit;
      w.facilities.cashMusd[f]! += Math.max(0, profit);
      continue;
    }
    if (profit < 0 && w.facilities.owner[f] === Owner.state) profit = drawSupport(w, f, profit);
    w.facilities.cashMusd[f]! += profit;
  }
  if (poolProfit < 0) {
    w.strategist.supportMonthMusd -= poolProfit;
    w.strategist.supportLeftMusd += poolProfit;
  }
  closeAccounts(w, poolProfit);
}

/**
 * What an integrated plant with its own mine (MODEL.md §3) earns beyond `output × (price − cash cost)`, M$: the
 * refining of bought feed costs conversion only (its whole cash cost less mining, per kg of refined output) plus the
 * feed bill; surplus ore sells at the concentrate price less the mining cost (and its subsidy).
 */
function ownMineMargin(w: World, f: number, concentratePrice: number): number {
  const c = w.facilities.country[f]!;
  const mining = w.facilities.mineCashCostUsdPerKg[f]!;
  const processed = w.facilities.processedT[f]!;
  const feedBill = (w.facilities.feedT[f]! * w.facilities.feedPriceUsdPerKg[f]!) / 1000;
  const ore = w.facilities.surplusSoldT[f]!;
  const oreMargin = concentratePrice - mining + w.countries.subsidyUsdPerKg[c * 2]!;
  return (processed * mining) / w.facilities.recovery[f]! / 1000 - feedBill + (ore * oreMargin) / 1000;
}

function drawSupport(w: World, f: number, profit: number): number {
  const c = w.facilities.country[f]!;
  if (c !== w.countries.dominant && w.countries.supportLeftMusd[c]! > 0) {
    w.countries.supportLeftMusd[c]! += profit;
    return 0;
  }
  return profit;
}

function concentratePriceAt(w: World, c: number): number {
  const p = w.outcome.priceUsdPerKg[c * 2]!;
  return p === p ? p : w.countries.lastPriceUsdPerKg[c * 2]!;
}

const priceCaches = new WeakMap<World, [Float64Array, Float64Array]>();

/** Returns the [countries] storage of stage st's seller prices, reused month after month. */
function sellerPriceCache(w: World, st: number): Float64Array {
  let pair = priceCaches.get(w);
  if (!pair) {
    pair = [new Float64Array(w.countries.count), new Float64Array(w.countries.count)];
    priceCaches.set(w, pair);
  }
  return pair[st]!;
}

/** Returns a function giving the price a seller in country c receives at this stage (its node's price, or the best netback it can reach). */
function sellerPrices(w: World, cs: ClearedStage): (c: number) => number {
  const cache = sellerPriceCache(w, cs.book.st).fill(NaN);
  const rc: RouteCost = { total: 0, tariff: 0 };
  const { book } = cs;
  return (c: number) => {
    if (cache[c] === cache[c]) return cache[c]!;
    const s = book.sellerOf[c]!;
    let p: number;
    if (s >= 0) p = cs.sellerPrice[s]!;
    else {
      p = -Infinity;
      const fob = w.countries.lastPriceUsdPerKg[c * 2 + book.st]!;
      for (let b = 0; b < book.buyerCountry.n; b++) {
        if (b === book.stockBuyer) continue;
        const cb = book.buyerCountry.data[b]!;
        routeCost(w, book.st, c, cb, fob, 0, rc);
        const levy = levied(w, book.st, c, cb) ? book.levy[b]! : 0;
        p = Math.max(p, cs.buyerPrice[b]! - rc.total - levy);
      }
      if (p === -Infinity) p = w.countries.lastPriceUsdPerKg[c * 2 + book.st]!;
    }
    cache[c] = p;
    return p;
  };
}

export { producesStage };
