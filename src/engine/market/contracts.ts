/**
 * Bilateral deals and offtake contracts (MODEL.md §4.7): a buyer (a country, the zone or its stockpile) takes a volume
 * a month from a seller (a facility, or a country's facilities cheapest first) at a price formula, for a term.
 *
 * Contracted volumes are served before the spot market clears, as an integrated plant's own feed is: what a contract
 * delivers is taken out of its seller's offers (a mine's or integrated plant's offer, a refinery's processing arc, the
 * dominant's pool for its state plants) and handed to the buyer as a supply of its own at its buyer node (at ask 0),
 * so the buyer's spot demand at a price P is max(0, Q(P) − contracted) and its price stays on its demand curve. A
 * refinery's contracted output needs feed: it is bought at its country's concentrate node ahead of every other bid (at
 * the choke price). The stockpile takes its deliveries into stock. A delivery is at most the volume, the seller's
 * output that month, what the buyer can take (demand, feed capacity, the stockpile's room and budget) and the room of
 * any export quota on the route, which it uses first; an export ban on the route stops it.
 *
 * When the clearing cannot serve a planned delivery in full (a refinery got less feed, a buyer took less), the month is
 * cleared again with that delivery reduced to what was served (`clearWithContracts`), so quantities always balance.
 *
 * Money (MODEL.md §7): the contract price K is FOB at the seller; the buyer pays K plus transport and the route's
 * export duty, tariffs and levy, valued as on a spot import of that route with K as the FOB price (the strategist's
 * export wedge does not apply: the contract price replaces its ask). The seller's accounts value its output at the
 * spot price like any other, so the difference (K − spot) × tonnes is a transfer to the seller, and the buyer's
 * (spot at its node − landed contract price) × tonnes a transfer to the buyer (consumer surplus for a country's
 * manufacturers, producer surplus for a country's refiners); the accounting identity counts every payment.
 */
import type { ContractPrice } from '../../scenario/schema.ts';
import { monthIndex } from '../../scenario/months.ts';
import { demandScale, quantityAt } from '../agents/demand.ts';
import { matchesDestination } from '../policy/policies.ts';
import { FacilityKind, FacilityState, type World, costOrder, emit, isStrategist } from '../world/world.ts';
import { type Book, POOL } from './book.ts';
import type { ClearedStage } from './joint.ts';
import { type RouteCost, levied, routeCost, transportCost } from './routes.ts';
import { pushFlowRow } from './trade.ts';
import { row } from '../../lib/row.ts';

const ZONE = -1;
const STOCK = -2;
const FOREVER = 1_000_000;
/** Most clearings of one month while planned deliveries are cut to what the market could serve. */
const MAX_ATTEMPTS = 4;

/** A contract resolved against the world's countries and facilities. */
interface Resolved {
  id: string;
  st: number;
  /** Seller facility, or −1 for a country's facilities. */
  facility: number;
  seller: number;
  /** Buyer country, or ZONE / STOCK. */
  buyer: number;
  volumeT: number;
  from: number;
  until: number;
  price: ContractPrice;
}

/** One delivery of a contract this month: to one buyer country (or the stockpile), from one or more facilities. */
interface Leg {
  k: number;
  st: number;
  /** Buyer country (the stockpile's country for the stockpile). */
  to: number;
  stock: boolean;
  planned: number;
  /** Facility and t, pairs. */
  parts: number[];
  /** Carry entry of the buyer's tranche, in its stage's book, or −1. */
  entry: number;
  /** Carry entries of the feed bids of refinery parts, one per part (−1 for others). */
  feedEntry: number[];
  wanted: number;
  banned: number;
  quotaLimited: boolean;
}

/** Status of a contract for its events. */
const enum Status {
  inactive,
  full,
  curtailed,
  stopped,
}

interface State {
  list: Resolved[];
  status: Status[];
  legs: Leg[];
  /** Retry caps this month by `k * C + to` (t), from the last clearing's shortfalls. */
  cap: Map<number, number>;
  saved: { r: World['policies']['restrictions'][number]; quotaT: number }[];
  /** Tonnes delivered this month per stage, and the transfer to sellers (M$). */
  deliveredT: Float64Array;
  transferMusd: number;
  /** The transfer to each seller facility this month, M$. */
  gainMusd: Map<number, number>;
}

const states = new WeakMap<World, State | null>();

function state(w: World): State | null {
  let s = states.get(w);
  if (s !== undefined) return s;
  const list = (w.scenario.contracts ?? []).map((k): Resolved => {
    const f = w.facilities.id.indexOf(k.seller);
    const from = monthIndex(w.scenario.start, k.start);
    const until = k.end
      ? monthIndex(w.scenario.start, k.end)
      : k.termMonths !== undefined
        ? from + k.termMonths
        : FOREVER;
    return row({
      id: k.id,
      st: k.stage === 'mine' ? 0 : 1,
      facility: f,
      seller: f >= 0 ? w.facilities.country[f]! : w.countries.index.get(k.seller)!,
      buyer: k.buyer === 'zone' ? ZONE : k.buyer === 'stockpile' ? STOCK : w.countries.index.get(k.buyer)!,
      volumeT: k.volumeTpm ?? (k.volumeTpy ?? 0) / 12,
      from,
      until,
      price: k.price,
    });
  });
  // Built field by field (lib/row.ts): once a run, like the world.
  s = list.length
    ? row<State>({
        list,
        status: list.map(() => Status.inactive),
        legs: [],
        cap: new Map(),
        saved: [],
        deliveredT: new Float64Array(2),
        transferMusd: 0,
        gainMusd: new Map(),
      })
    : null;
  states.set(w, s);
  return s;
}

/** The month's contract totals for the recorder: t delivered per stage and the transfer to sellers, M$. */
export function contractTotals(w: World): { deliveredT: Float64Array; transferMusd: number } | null {
  const s = state(w);
  return s && { deliveredT: s.deliveredT, transferMusd: s.transferMusd };
}

/** A contract's tranche in a book's carry columns is marked by a negative country: −1 − tranche key. */
const MARK = -1;
const markOf = (leg: number, part: number) => MARK - (leg * 4096 + part + 1);

/**
 * Clears the month (`clear`: market.ts `clearMonth`, which calls `planContracts` and `addContractTranches`) and, while
 * some planned delivery could not be served in full, clears it again with that delivery cut to what was served; then
 * credits the contracted output to its facilities and reports the contracts' events. Without contracts it is `clear`.
 */
export function clearWithContracts(w: World, clear: (w: World) => [ClearedStage, ClearedStage]) {
  const s = state(w);
  if (!s) return clear(w);
  s.cap.clear();
  s.deliveredT.fill(0);
  s.transferMusd = 0;
  s.gainMusd.clear();
  for (let attempt = 1; ; attempt++) {
    const cleared = clear(w);
    restoreQuotas(s);
    let short = false;
    for (const leg of s.legs) {
      const served = servedOf(w, leg, cleared);
      if (served < leg.planned - 1e-9 * Math.max(1, leg.planned)) {
        short = true;
        s.cap.set(leg.k * w.countries.count + leg.to, attempt < MAX_ATTEMPTS - 1 ? Math.max(0, served) : 0);
      }
    }
    if (!short || attempt >= MAX_ATTEMPTS) {
      creditOutput(w, s);
      reportEvents(w, s);
      return cleared;
    }
  }
}

/** Returns what the clearing served of a planned delivery: what the buyer took and the feed its refineries got allow. */
function servedOf(w: World, leg: Leg, [mine, refine]: [ClearedStage, ClearedStage]): number {
  if (!(leg.planned > 0)) return 0;
  const R = w.scenario.market.recovery;
  let served = leg.planned;
  if (!leg.stock)
    served = leg.entry >= 0 ? Math.min(served, (leg.st === 0 ? mine : refine).carryTraded[leg.entry]!) : 0;
  for (let p = 0; p < leg.feedEntry.length; p++) {
    const e = leg.feedEntry[p]!;
    if (e < 0) continue;
    const x = leg.parts[2 * p + 1]!;
    served -= Math.max(0, x - mine.carryTraded[e]! * R);
  }
  return served;
}

/** Offers and feed bids of one facility in this month's books (−1 where it has none). */
function offerOf(book: Book, f: number): number {
  for (let j = 0; j < book.offerOwner.n; j++) if (book.offerOwner.data[j] === f) return j;
  return -1;
}

/** What a plant of the dominant's pool brings to the pool's offer this month, t. */
function poolShare(w: World, f: number): number {
  const st = w.facilities.state[f]!;
  const on = (st === FacilityState.operating || st === FacilityState.rampUp) && w.facilities.outageMonths[f] === 0;
  return on ? w.facilities.availableTpy[f]! / 12 : 0;
}

/** The facilities a contract draws on, in the order it draws on them. */
function sellersOf(w: World, c: Resolved): number[] {
  if (c.facility >= 0) return [c.facility];
  const out: number[] = [];
  for (const f of costOrder(w.facilities, c.st)) if (w.facilities.country[f] === c.seller) out.push(f);
  return out;
}

/** The buyer countries of a contract this month and their shares of its volume. */
function buyersOf(w: World, c: Resolved, mine: Book): [number, number][] {
  if (c.buyer >= 0) return [[c.buyer, 1]];
  if (c.buyer === STOCK) {
    const sc = w.zone.stockCountry;
    return sc >= 0 && w.countries.member[sc] === 1 ? [[sc, 1]] : [];
  }
  const weights: [number, number][] = [];
  let total = 0;
  for (let b = 0; b < w.countries.count; b++) {
    if (w.countries.member[b] !== 1) continue;
    const wt = c.st === 1 ? w.countries.demandBaseTpm[b]! : feedRoom(mine, b);
    if (wt > 0) {
      weights.push([b, wt]);
      total += wt;
    }
  }
  return weights.map(([b, wt]) => [b, wt / total]);
}

/** Concentrate the refineries at country b's concentrate node can take this month, t. */
function feedRoom(mine: Book, b: number): number {
  const node = mine.buyerOf[b]!;
  if (node < 0) return 0;
  let room = 0;
  for (let k = 0; k < mine.bidBuyer.n; k++) if (mine.bidBuyer.data[k] === node) room += mine.bidQty.data[k]!;
  return room;
}

/** Whether an export restriction covers route from → to at stage st. */
function covers(w: World, r: World['policies']['restrictions'][number], st: number, from: number, to: number) {
  return r.stage === st && r.exporter === from && to !== from && matchesDestination(w, to, r.dest);
}

/**
 * Plans the month's deliveries, before the spot market clears (market.ts calls it once the offers and processing arcs
 * are built): each active contract, in the order of the scenario, takes up to its volume from its seller's offers
 * (the facility's, or its country's cheapest first), within what its buyer can take and the room of the export quotas
 * on the route, which it uses first (an export ban leaves none). Offers, arcs and quotas left to the spot market are
 * reduced by what the contracts take; a refinery's contracted output bids for its feed ahead of every other bid; a
 * mine-stage delivery is a supply at ask 0 at the buyer's concentrate node (the refined stage's are added with the
 * bids, `addContractTranches`).
 */
export function planContracts(w: World, mine: Book, refine: Book): void {
  const s = state(w);
  if (!s) return;
  const R = w.scenario.market.recovery;
  s.legs.length = 0;
  restoreQuotas(s);
  const restrictions = w.policies.restrictions;
  const used = new Float64Array(restrictions.length);
  const left = new Map<number, number>();
  const poolOffer = [offerOf(mine, POOL), offerOf(refine, POOL)];
  const merit = !!w.scenario.dominant?.meritOrderOffers;
  const stockRoom = { t: stockpileRoom(w) };
  const taken0 = new Map<number, number>();
  const taken1 = new Map<number, number>();
  s.list.forEach((c, k) => {
    if (w.month < c.from || w.month >= c.until) return;
    const book = c.st === 0 ? mine : refine;
    for (const [to, share] of buyersOf(w, c, mine)) {
      const stock = c.buyer === STOCK;
      const wanted = c.volumeT * share;
      let want = Math.min(wanted, s.cap.get(k * w.countries.count + to) ?? Infinity);
      // A buyer takes what it can use: its demand at last month's price (refined), its refineries' feed capacity
      // (concentrate), the stockpile's room; the rest stays with the seller, for the spot market (no resale).
      if (stock) want = Math.min(want, stockRoom.t);
      else if (c.st === 1) want = Math.min(want, Math.max(0, useAtLastPrice(w, to) - (taken1.get(to) ?? 0)));
      else want = Math.min(want, Math.max(0, feedRoom(mine, to) - (taken0.get(to) ?? 0)));
      let banned = -1;
      let quotaRoom = Infinity;
      restrictions.forEach((r, i) => {
        if (!covers(w, r, c.st, c.seller, to)) return;
        if (!(r.quotaT > 1e-9)) banned = i;
        quotaRoom = Math.min(quotaRoom, Math.max(0, r.quotaT - used[i]!));
      });
      if (banned >= 0) quotaRoom = 0;
      const quotaLimited = quotaRoom < want - 1e-9;
      want = Math.min(want, quotaRoom);
      const parts: number[] = [];
      let taken = 0;
      for (const f of sellersOf(w, c)) {
        if (taken >= want) break;
        // The dominant's state mines and integrated plants share the pool's one offer, unless each offers its own
        // (`dominant.meritOrderOffers`).
        const pooled = !merit && w.facilities.kind[f] !== FacilityKind.refine && isStrategist(w, f);
        const j = pooled ? -2 : offerOf(book, f);
        let avail = left.get(f);
        if (avail === undefined) {
          avail = j === -2 ? poolShare(w, f) : j >= 0 ? book.offerQty.data[j]! : 0;
        }
        if (j === -2) avail = Math.min(avail, poolOffer[c.st]! >= 0 ? book.offerQty.data[poolOffer[c.st]!]! : 0);
        const x = Math.min(avail, want - taken);
        if (!(x > 1e-12)) continue;
        left.set(f, avail - x);
        parts.push(f, x);
        taken += x;
        // The seller's spot offer (its processing arc's output and feed, or the pool's) is what the contract leaves.
        const jj = j === -2 ? poolOffer[c.st]! : j;
        book.offerQty.data[jj] = Math.max(0, book.offerQty.data[jj]! - x);
        if (w.facilities.kind[f] === FacilityKind.refine)
          for (let b = 0; b < mine.bidOffer.n; b++)
            if (mine.bidOffer.data[b] === jj) mine.bidQty.data[b] = book.offerQty.data[jj]! / R;
      }
      restrictions.forEach((r, i) => {
        if (covers(w, r, c.st, c.seller, to)) used[i]! += taken;
      });
      if (stock) stockRoom.t -= taken;
      else (c.st === 0 ? taken0 : taken1).set(to, ((c.st === 0 ? taken0 : taken1).get(to) ?? 0) + taken);
      const leg: Leg = {
        k,
        st: c.st,
        to,
        stock,
        planned: taken,
        parts,
        entry: -1,
        feedEntry: [],
        wanted,
        banned,
        quotaLimited,
      };
      const li = s.legs.length;
      s.legs.push(leg);
      // A refinery's contracted output buys its feed first, at its country's concentrate node.
      for (let p = 0; p < parts.length / 2; p++) {
        const f = parts[2 * p]!;
        leg.feedEntry.push(-1);
        if (w.facilities.kind[f] !== FacilityKind.refine) continue;
        const node = mine.buyerOf[w.facilities.country[f]!]!;
        if (node < 0) continue;
        leg.feedEntry[p] = mine.carryNode.n;
        pushTranche(mine, node, w.scenario.market.chokePrice * R, parts[2 * p + 1]! / R, 1, markOf(li, p));
      }
      if (c.st === 0 && !stock && taken > 0) {
        const node = mine.buyerOf[to]!;
        if (node >= 0) {
          leg.entry = mine.carryNode.n;
          pushTranche(mine, node, 0, taken, -1, markOf(li, -1));
        }
      }
    }
  });
  restrictions.forEach((r, i) => {
    if (!(used[i]! > 0)) return;
    s.saved.push({ r, quotaT: r.quotaT });
    r.quotaT = Math.max(0, r.quotaT - used[i]!);
  });
}

/** Adds the refined stage's deliveries to the buyers' nodes, as supplies at ask 0 (after every clearing's bids). */
export function addContractTranches(w: World, refine: Book): void {
  const s = state(w);
  if (!s) return;
  s.legs.forEach((leg, li) => {
    if (leg.st !== 1 || leg.stock || !(leg.planned > 0)) return;
    const node = refine.buyerOf[leg.to]!;
    leg.entry = node >= 0 ? refine.carryNode.n : -1;
    if (node >= 0) pushTranche(refine, node, 0, leg.planned, -1, markOf(li, -1));
  });
}

function pushTranche(book: Book, node: number, price: number, qty: number, side: number, mark: number): void {
  book.carryNode.push(node);
  book.carryPrice.push(price);
  book.carryQty.push(qty);
  book.carrySide.push(side);
  book.carryCountry.push(mark);
}

function restoreQuotas(s: State): void {
  for (const { r, quotaT } of s.saved) r.quotaT = quotaT;
  s.saved.length = 0;
}

/** A country's refined demand this month at last month's price (the choke price at most), t. */
function useAtLastPrice(w: World, c: number): number {
  const scale = demandScale(w, c);
  if (!(scale > 0)) return 0;
  const last = w.countries.lastPriceUsdPerKg[c * 2 + 1]!;
  const p = Math.min(w.scenario.market.chokePrice, last > 0 ? last : w.scenario.market.referencePrice.refine);
  return quantityAt(w, c, scale, p);
}

/**
 * The stockpile's room for contract deliveries this month, t: its storage and what its budget buys at last month's
 * price, both after what its own purchases may take this month (`maxBuyPerMonthT`), so the two never overfill it.
 */
function stockpileRoom(w: World): number {
  const sp = w.scenario.zone?.stockpile;
  const c = w.zone.stockCountry;
  if (!sp || c < 0 || w.countries.member[c] !== 1) return 0;
  const last = Math.max(w.countries.lastPriceUsdPerKg[c * 2 + 1]!, 1e-6);
  const storage = sp.capacityT - w.zone.stockT - sp.maxBuyPerMonthT;
  const money = (w.zone.stockBudgetLeftMusd * 1000) / last - sp.maxBuyPerMonthT;
  return Math.max(0, Math.min(storage, money));
}

/**
 * Adds to `out` [facilities] the t each facility delivered this month under contracts to members' buyers, the zone's
 * stockpile among them, at the stage its CfD covers (concentrate for a mine, refined product otherwise; policy/cfd.ts).
 */
export function addContractSalesToMembers(w: World, out: Float64Array): void {
  const s = state(w);
  if (!s) return;
  for (const leg of s.legs) {
    if (!leg.stock && w.countries.member[leg.to] !== 1) continue;
    for (let p = 0; p < leg.parts.length; p += 2) {
      const f = leg.parts[p]!;
      if ((w.facilities.kind[f] === FacilityKind.mine ? 0 : 1) === leg.st) out[f]! += leg.parts[p + 1]!;
    }
  }
}

/** Credits contracted output to its facilities (before settlement shares the pool's spot sales among the rest). */
function creditOutput(w: World, s: State): void {
  for (const leg of s.legs) {
    for (let p = 0; p < leg.parts.length; p += 2) {
      const f = leg.parts[p]!;
      const x = leg.parts[p + 1]!;
      const c = w.facilities.country[f]!;
      w.facilities.outputT[f]! += x;
      w.outcome.productionT[c * 2 + leg.st]! += x;
      if (leg.st === 1 && w.facilities.kind[f] === FacilityKind.integrated) {
        w.outcome.productionT[c * 2]! += x / w.facilities.recovery[f]!;
        w.outcome.ownFeedT[c]! += x / w.facilities.recovery[f]!;
      }
    }
  }
}

/** Returns the contract price, USD/kg, given the seller's spot price. */
export function contractPrice(p: ContractPrice, spot: number): number {
  if (p.kind === 'fixed') return p.usdPerKg;
  if (p.kind === 'floor') return Math.max(spot, p.usdPerKg);
  return Math.min(p.max ?? Infinity, Math.max(p.min, p.share * spot));
}

/** The seller's spot price at stage st this month: its seller node's, else its buyer node's, else last month's. */
function spotAt(w: World, cs: ClearedStage, c: number): number {
  const s = cs.book.sellerOf[c]!;
  if (s >= 0) return cs.sellerPrice[s]!;
  const b = cs.book.buyerOf[c]!;
  if (b >= 0) return cs.buyerPrice[b]!;
  return w.countries.lastPriceUsdPerKg[c * 2 + cs.book.st]!;
}

const rc: RouteCost = { total: 0, tariff: 0 };

/**
 * Settles one stage's deliveries, after the stage's spot settlement: feed of contracted refineries, the stockpile's
 * intake, flows (`flows.csv`, with the contract), trade, tariff revenue and the accounts (see the file's comment).
 */
export function settleContracts(w: World, cs: ClearedStage): void {
  const s = state(w);
  if (!s) return;
  const { book } = cs;
  const st = book.st;
  const a = w.outcome.accounts;
  const R = w.scenario.market.recovery;
  for (const leg of s.legs) {
    // Feed of refineries' contracted output (a mine-stage quantity, whichever leg it serves).
    if (st === 0 && leg.st === 1) {
      for (let p = 0; p < leg.feedEntry.length; p++) {
        const e = leg.feedEntry[p]!;
        if (e < 0) continue;
        const f = leg.parts[2 * p]!;
        const c = w.facilities.country[f]!;
        const feed = leg.parts[2 * p + 1]! / R;
        const price = cs.buyerPrice[book.carryNode.data[e]!]!;
        const bill = w.facilities.feedT[f]! * w.facilities.feedPriceUsdPerKg[f]! + feed * price;
        w.facilities.feedT[f]! += feed;
        w.facilities.feedPriceUsdPerKg[f] = bill / w.facilities.feedT[f]!;
        w.outcome.consumptionT[c * 2]! += feed;
        a.paidMusd += (feed * price) / 1000;
      }
    }
    if (leg.st !== st || !(leg.planned > 0)) continue;
    const c = s.list[leg.k]!;
    const d = leg.planned;
    const from = c.seller;
    const to = leg.to;
    const spot = spotAt(w, cs, from);
    const K = contractPrice(c.price, spot);
    routeCost(w, st, from, to, K, 0, rc);
    const transport = from === to ? 0 : transportCost(w, st, from, to);
    const b = book.buyerOf[to]!;
    const levy = from !== to && b >= 0 && levied(w, st, from, to) ? book.levy[b]! : 0;
    const tariff = rc.tariff + levy;
    const duty = rc.total - transport - rc.tariff;
    const landed = K + transport + duty + tariff;
    const m = (perKg: number) => (d * perKg) / 1000;
    a.paidMusd += m(landed);
    a.receivedMusd += m(landed);
    a.transportMusd += m(transport);
    a.exportRentMusd += m(duty);
    a.levyMusd += m(levy);
    a.governmentMusd[to]! += m(tariff);
    a.governmentMusd[from]! += m(duty);
    // The seller's output is valued at spot in its accounts: the contract's difference is a transfer to it.
    for (let p = 0; p < leg.parts.length; p += 2) {
      const f = leg.parts[p]!;
      const gain = (leg.parts[p + 1]! * (K - spot)) / 1000;
      w.facilities.cashMusd[f]! += gain;
      a.producerSurplusMusd[w.facilities.country[f]!]! += gain;
      s.transferMusd += gain;
      s.gainMusd.set(f, (s.gainMusd.get(f) ?? 0) + gain);
      if (isStrategist(w, f)) w.strategist.poolOutputT[st]! += leg.parts[p + 1]!;
    }
    if (leg.stock) {
      w.zone.stockT += d;
      w.outcome.stockNetT += d;
      w.outcome.stockSpendMusd += m(landed);
      w.zone.stockBudgetLeftMusd -= m(landed);
      a.governmentMusd[to]! -= m(landed);
    } else {
      // The buyer's tranche filled its own bids at its node's price (counted as paid there); the buyer holds the
      // contract: it received that price and paid the landed contract price.
      const atNode = cs.buyerPrice[b]!;
      a.receivedMusd += m(atNode);
      if (st === 1) {
        a.consumerSurplusMusd[to]! += m(atNode - landed);
        w.outcome.spendMusd[to]! += m(landed - atNode);
      } else a.producerSurplusMusd[to]! += m(atNode - landed);
    }
    s.deliveredT[st]! += d;
    pushFlowRow(w, st, from, to, from, d, m(landed), m(tariff), m(K), m(transport), m(duty), leg.k);
  }
}

/**
 * After the facilities' settlement: a seller's netback, which its idle and restart decisions read (MODEL.md §4.2), is
 * what it earned a kg over its whole output, contracted sales at the contract price included — a plant that sells its
 * output on contract does not idle because the spot price fell.
 */
export function contractNetbacks(w: World): void {
  const s = state(w);
  if (!s) return;
  for (const [f, gain] of s.gainMusd) {
    const out = w.facilities.outputT[f]!;
    if (out > 0) w.facilities.netbackUsdPerKg[f]! += (gain * 1000) / out;
  }
}

const fmt = (t: number) => (t >= 100 ? Math.round(t).toLocaleString('en-US') : t.toPrecision(3));

/** Events (MODEL.md §4.7 contract): a contract starts and ends; an export restriction stops, curtails or frees it. */
function reportEvents(w: World, s: State): void {
  const codes = w.countries.codes;
  s.list.forEach((c, k) => {
    const stage = c.st === 0 ? 'concentrate' : 'refined product';
    const seller = c.facility >= 0 ? w.facilities.id[c.facility]! : codes[c.seller]!;
    const buyer = c.buyer === ZONE ? 'the zone' : c.buyer === STOCK ? 'the stockpile' : codes[c.buyer]!;
    const active = w.month >= c.from && w.month < c.until;
    if (!active) {
      if (s.status[k] !== Status.inactive && w.month >= c.until) {
        const detail = `Contract ${c.id} (${seller} → ${buyer}, ${stage}) ends.`;
        emit(w, 'policy', c.id, c.seller, detail, '4.7 contract');
        s.status[k] = Status.inactive;
      }
      return;
    }
    const legs = s.legs.filter((l) => l.k === k);
    const delivered = legs.reduce((t, l) => t + l.planned, 0);
    const banned = legs.find((l) => l.banned >= 0);
    const limited = legs.some((l) => l.quotaLimited);
    if (s.status[k] === Status.inactive) {
      const detail =
        `Contract ${c.id} starts: ${fmt(c.volumeT)} t/month of ${stage} from ${seller} to ${buyer} at ` +
        `${describePrice(c.price)}, served before the spot market.`;
      emit(w, 'policy', c.id, c.seller, detail, '4.7 contract');
      s.status[k] = Status.full;
    }
    let next: Status = Status.full;
    if (banned && delivered <= 1e-9) next = Status.stopped;
    else if (banned || limited) next = Status.curtailed;
    if (next === s.status[k]) return;
    let detail: string;
    if (next === Status.stopped) {
      const r = w.policies.restrictions[banned!.banned]!;
      const by = r.source === 'retaliation' ? 'a retaliation (4.4)' : 'an export-restriction event';
      detail =
        `Contract ${c.id} (${seller} → ${buyer}) is stopped: ${codes[r.exporter]} bans ${stage} exports to ` +
        `${codes[banned!.to]} (${by}); nothing is delivered while the ban lasts.`;
    } else if (next === Status.curtailed) {
      const r = w.policies.restrictions.find((x) => legs.some((l) => covers(w, x, c.st, c.seller, l.to)));
      detail =
        `Contract ${c.id} (${seller} → ${buyer}) is cut to ${fmt(delivered)} of ${fmt(c.volumeT)} t/month by ` +
        `${r ? `${codes[r.exporter]}'s export quota` : 'an export quota'}, which it uses first.`;
    } else {
      detail = `Contract ${c.id} (${seller} → ${buyer}) resumes: the export restriction on its route is lifted.`;
    }
    emit(w, 'restriction', c.id, c.seller, detail, '4.7 contract');
    s.status[k] = next;
  });
}

function describePrice(p: ContractPrice): string {
  if (p.kind === 'fixed') return `a fixed $${p.usdPerKg}/kg`;
  if (p.kind === 'floor') return `the spot price, at least $${p.usdPerKg}/kg`;
  const collar = p.max !== undefined ? `$${p.min}–${p.max}/kg` : `at least $${p.min}/kg`;
  return `${Math.round(p.share * 100)}% of the spot price, ${collar}`;
}
