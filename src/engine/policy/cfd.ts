/**
 * The zone's contract for difference (MODEL.md §4.6, `zone.cfd` on the terms of `zone.cfdTerms`): a contract between
 * the zone and each member producer, settled every month after the market clears.
 *
 * - Strike K: `cfdTerms.strike` for the stage, else the floor in force; a stage with neither has no CfD.
 * - Reference R: the members' price index that month — members' prices at the stage weighted by what their buyers
 *   bought (refined consumption; concentrate fed to refineries), their plain mean when nobody bought — or, with
 *   `reference: 'own-price'`, the price at the producer's country's node (engine 0.1's rule).
 * - Eligible tonnes (`membersOnly`): the producer's own sales to members' buyers, the zone's stockpile among them. A
 *   producer under contract sells through a seller node of its own: its country's **CfD node** (book.ts), whose routes
 *   to members cost the route's cost less the net top-up it expects per kg (`cfdRouteShiftUsdPerKg`, on last month's
 *   reference) and whose other routes cost what its country's do. So the subsidy is paid for, and steers, deliveries
 *   to members only, and the clearing says exactly how many tonnes the node sold to members. The producers at one node
 *   hold the same terms (strike, reference, expected top-up per kg), so which of them delivered a given tonne where is
 *   indeterminate in the equilibrium; each is credited the node's member share of its sales, plus its contract
 *   deliveries to members. Without `membersOnly`: all its output, and it offers at its country's node below its cash
 *   cost by the expected top-up.
 * - Term: a producer's contract starts the first month it produces in a member country while the CfD has a strike and
 *   budget, and lasts `termMonths`; a plant commissioned later gets its own full term.
 * - Payment: (K − R) per eligible kg while R < K, from the zone's budget (`zone.budgetMusd`) while it lasts, producers
 *   in facility order. With `capAndFloor`, the producer pays back paybackShare × (R − cap) per eligible kg while R is
 *   above the cap (taken at least K): the IEA's cap-and-floor; a cap at the strike makes it two-way. Pay-backs return
 *   to the budget.
 * - Payers: member treasuries pro rata to their refined consumption that month (`members-by-demand`; equal shares
 *   when none consumed), or the producer's own country (`host`). Both payers and producers are members, so the money is
 *   a transfer inside the member bloc: `cfdPaidMusd` and `cfdReceivedMusd` keep it by country and stage, outside
 *   welfare.
 * - Money at a CfD node: a buyer pays the node's price plus the route's cost, so on a member route the producer's
 *   market receipt is the node's price less the expected top-up (its market price, `cfdMarketPriceUsdPerKg`); the
 *   CfD's actual payment comes on top. Its netback for its decisions includes the month's net payment per kg of output
 *   (an idle producer's: the expected top-up on its country's member share of last month).
 */
import type { Stage } from '../../scenario/schema.ts';
import { matchesDestination } from './policies.ts';
import { type World, emit, isStrategist } from '../world/world.ts';

const STAGES: readonly Stage[] = ['mine', 'refine'];

/** The parts of a stage's book (market/book.ts `Book`) the CfD reads, and the routes' costs it prices. */
export interface CfdBook {
  st: number;
  sellerCountry: { n: number; data: Int32Array };
  buyerCountry: { n: number; data: Int32Array };
  stockSeller: number;
  offerSeller: { n: number; data: Int32Array };
  offerOwner: { n: number; data: Int32Array };
  /** [countries] each country's CfD node, −1 for none; [sellers] the net top-up its routes to members carry, USD/kg. */
  cfdSellerOf: Int32Array;
  cfdShift: Float64Array;
  /** [sellers × buyers] route cost, USD/kg; [sellers] each node's lowest ask this month, USD/kg. */
  cost: Float64Array;
  lowestAsk: Float64Array;
}

/** The part of a cleared stage the CfD reads: who sold how much to whom (market.ts ClearedStage). */
export interface StageSales {
  book: CfdBook;
  /** [sellers × buyers] t. */
  flow: Float64Array;
  sellerPrice: Float64Array;
  offerSold: Float64Array;
}

/** Returns the CfD's strike at stage st this month, USD/kg: its own, else the floor; NaN when neither is set. */
export function cfdStrike(w: World, st: number): number {
  const own = w.scenario.zone?.cfdTerms.strike[STAGES[st]!];
  return own ?? w.zone.floorUsdPerKg[st]!;
}

/** Returns the cap of a cap-and-floor at stage st, at least the strike, USD/kg; NaN without one. */
function cfdCap(w: World, st: number, strike: number): number {
  const cap = w.scenario.zone?.cfdTerms.capAndFloor?.cap[STAGES[st]!];
  return cap === undefined ? NaN : Math.max(cap, strike);
}

/** Returns whether facility f may be paid under the CfD this month: a member producer whose term has not run out. */
function underContract(w: World, f: number): boolean {
  const zone = w.scenario.zone;
  if (!zone?.cfd || w.countries.member[w.facilities.country[f]!] !== 1) return false;
  const start = w.zone.cfdStartMonth[f]!;
  return start < 0 || w.month < start + zone.cfdTerms.termMonths;
}

/** Returns a member country's share of its sales at stage st that went to members, last computed (1 when unknown). */
function memberShare(w: World, c: number, st: number): number {
  if (!w.scenario.zone!.cfdTerms.membersOnly) return 1;
  const s = w.zone.cfdMemberShare[c * 2 + st]!;
  return s === s ? s : 1;
}

/**
 * Returns the net payment per kg a producer in member country c expects under the CfD at stage st this month, on last
 * month's reference: the top-up K − R while budget is left, less the pay-back above a cap, USD/kg; 0 without a strike.
 */
function expectedNetUsdPerKg(w: World, c: number, st: number): number {
  const strike = cfdStrike(w, st);
  if (!(strike === strike)) return 0;
  const ref =
    w.scenario.zone!.cfdTerms.reference === 'member-index' &&
    w.zone.cfdReferenceUsdPerKg[st]! === w.zone.cfdReferenceUsdPerKg[st]!
      ? w.zone.cfdReferenceUsdPerKg[st]!
      : w.countries.lastPriceUsdPerKg[c * 2 + st]!;
  const topUp = w.zone.budgetLeftMusd > 0 ? Math.max(0, strike - ref) : 0;
  const cap = cfdCap(w, st, strike);
  const back = cap === cap ? w.scenario.zone!.cfdTerms.capAndFloor!.paybackShare * Math.max(0, ref - cap) : 0;
  return topUp - back;
}

/**
 * Returns whether facility f sells at stage st through its country's CfD node this month (book.ts): a private member
 * producer under contract, at a stage with a strike, under a CfD that pays on sales to members only.
 */
export function sellsAtCfdNode(w: World, f: number, st: number): boolean {
  const zone = w.scenario.zone;
  if (!zone?.cfd || !zone.cfdTerms.membersOnly || isStrategist(w, f) || !underContract(w, f)) return false;
  const strike = cfdStrike(w, st);
  return strike === strike;
}

/**
 * Returns the net top-up per kg facility f expects on its sales to members at stage st when it sells through its
 * country's CfD node (what its member routes carry before the cap at the node's lowest ask), USD/kg; 0 otherwise.
 */
export function cfdMemberTopUpUsdPerKg(w: World, f: number, st: number): number {
  return sellsAtCfdNode(w, f, st) ? expectedNetUsdPerKg(w, w.facilities.country[f]!, st) : 0;
}

/**
 * Returns how much facility f's CfD moves its ask at stage st, USD/kg: without `membersOnly`, minus the net top-up it
 * expects per kg of output (its whole output is paid for); 0 otherwise (a producer paid on its member sales sells
 * through its country's CfD node, whose member routes carry the top-up instead) and without a contract.
 */
export function cfdAskShiftUsdPerKg(w: World, f: number, st: number): number {
  if (!underContract(w, f) || w.scenario.zone!.cfdTerms.membersOnly) return 0;
  return -expectedNetUsdPerKg(w, w.facilities.country[f]!, st);
}

/**
 * Prices the routes out of the book's CfD nodes this clearing (market.ts, after the routes' own costs): a route to a
 * member's buyer (the stockpile's among them) costs its country's route cost less the net top-up the node's producers
 * expect per kg (`cfdShift`), at most the node's lowest ask — a top-up above a producer's cost lets it give its
 * product away, not pay buyers to take it, so no buyer's price falls below zero (under a CfD on all output the ask
 * stops at zero the same way); a route under an export restriction of its country is closed (the restriction's quota
 * holds the country's own node; the CfD node's producers do not share it).
 */
export function applyCfdRoutes(w: World, book: CfdBook): void {
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  if (book.cfdShift.length < S) book.cfdShift = new Float64Array(Math.max(S, 2 * book.cfdShift.length));
  book.cfdShift.fill(0, 0, S);
  for (let s = 0; s < S; s++) {
    const c = book.sellerCountry.data[s]!;
    if (book.cfdSellerOf[c] !== s) continue;
    const shift = Math.min(expectedNetUsdPerKg(w, c, book.st), book.lowestAsk[s]!);
    book.cfdShift[s] = shift;
    for (let b = 0; b < B; b++) {
      const cb = book.buyerCountry.data[b]!;
      if (w.countries.member[cb] === 1) book.cost[s * B + b]! -= shift;
      for (const r of w.policies.restrictions)
        if (r.stage === book.st && r.exporter === c && cb !== c && matchesDestination(w, cb, r.dest))
          book.cost[s * B + b] = Infinity;
    }
  }
}

/** Returns the net top-up per kg on the route from seller node s to buyer node b that the clearing saw, USD/kg. */
export function cfdRouteShiftUsdPerKg(w: World, book: CfdBook, s: number, b: number): number {
  const shift = book.cfdShift[s] ?? 0;
  return shift !== 0 && w.countries.member[book.buyerCountry.data[b]!] === 1 ? shift : 0;
}

/**
 * Prepares the month's settlement (after both stages cleared): the members' price index per stage, each country's
 * share of its sales that went to members, each CfD node producer's spot sales to members and market price (the
 * caller adds its contract deliveries to members, market/contracts.ts), and the payers' shares.
 */
export function prepareCfdMonth(w: World, stages: readonly StageSales[]): void {
  const o = w.outcome;
  const C = w.countries.count;
  for (const st of [0, 1]) {
    let num = 0;
    let den = 0;
    let plain = 0;
    let n = 0;
    for (let c = 0; c < C; c++) {
      const p = o.priceUsdPerKg[c * 2 + st]!;
      if (w.countries.member[c] !== 1 || !(p === p)) continue;
      num += p * o.consumptionT[c * 2 + st]!;
      den += o.consumptionT[c * 2 + st]!;
      plain += p;
      n++;
    }
    w.zone.cfdReferenceUsdPerKg[st] = den > 0 ? num / den : n > 0 ? plain / n : NaN;
  }
  // Each country's share of its sales that went to members, over all its seller nodes (investors read it, §4.3), and
  // each CfD node's: its producers' member tonnes and market price.
  w.zone.cfdMemberShare.fill(NaN);
  const F = w.facilities.count;
  w.zone.cfdMemberT.fill(0, 0, F);
  w.zone.cfdMarketPriceUsdPerKg.fill(NaN, 0, F);
  const all = new Float64Array(C);
  const toMembers = new Float64Array(C);
  for (const cs of stages) {
    const { book, flow } = cs;
    const S = book.sellerCountry.n;
    const B = book.buyerCountry.n;
    all.fill(0);
    toMembers.fill(0);
    const nodeShare = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      if (s === book.stockSeller) continue;
      const c = book.sellerCountry.data[s]!;
      let sold = 0;
      let members = 0;
      for (let b = 0; b < B; b++) {
        const t = flow[s * B + b]!;
        if (!(t > 0)) continue;
        sold += t;
        if (w.countries.member[book.buyerCountry.data[b]!] === 1) members += t;
      }
      all[c]! += sold;
      toMembers[c]! += members;
      nodeShare[s] = sold > 0 ? members / sold : 0;
    }
    for (let c = 0; c < C; c++) if (all[c]! > 0) w.zone.cfdMemberShare[c * 2 + book.st] = toMembers[c]! / all[c]!;
    for (let k = 0; k < book.offerOwner.n; k++) {
      const f = book.offerOwner.data[k]!;
      const s = book.offerSeller.data[k]!;
      if (f < 0 || book.cfdSellerOf[book.sellerCountry.data[s]!] !== s) continue;
      w.zone.cfdMemberT[f]! += cs.offerSold[k]! * nodeShare[s]!;
      w.zone.cfdMarketPriceUsdPerKg[f] = cs.sellerPrice[s]! - book.cfdShift[s]! * nodeShare[s]!;
    }
  }
  let demand = 0;
  let members = 0;
  for (let c = 0; c < C; c++) {
    if (w.countries.member[c] !== 1) continue;
    demand += o.consumptionT[c * 2 + 1]!;
    members++;
  }
  for (let c = 0; c < C; c++) {
    const m = w.countries.member[c] === 1;
    w.zone.cfdPayerShare[c] = !m ? 0 : demand > 0 ? o.consumptionT[c * 2 + 1]! / demand : 1 / members;
  }
}

/**
 * Settles facility f's contract for the month on `outT` t of output at stage st (`ownPriceUsdPerKg`: its node's
 * price): starts the contract when due, pays the top-up or takes the pay-back, charges the payers. Returns the net
 * payment to the producer, M$ (negative: a pay-back).
 */
export function settleCfd(w: World, f: number, st: number, outT: number, ownPriceUsdPerKg: number): number {
  if (!underContract(w, f)) return 0;
  const strike = cfdStrike(w, st);
  if (!(strike === strike)) return 0;
  const terms = w.scenario.zone!.cfdTerms;
  const c = w.facilities.country[f]!;
  if (w.zone.cfdStartMonth[f]! < 0) {
    if (!(outT > 0) || w.zone.budgetLeftMusd <= 0) return 0;
    w.zone.cfdStartMonth[f] = w.month;
    emit(
      w,
      'policy',
      w.facilities.id[f]!,
      c,
      `Contract for difference: strike $${strike.toFixed(2)}/kg against ${terms.reference === 'member-index' ? "members' price index" : 'its own price'}, ${terms.membersOnly ? 'on its sales to members, ' : ''}for ${terms.termMonths} months.`,
      '4.6 cfd',
    );
  }
  if (!(outT > 0)) return 0;
  const index = w.zone.cfdReferenceUsdPerKg[st]!;
  const ref = terms.reference === 'member-index' && index === index ? index : ownPriceUsdPerKg;
  const tonnes = terms.membersOnly ? w.zone.cfdMemberT[f]! : outT;
  const due = (Math.max(0, strike - ref) * tonnes) / 1000;
  const top = Math.min(Math.max(0, w.zone.budgetLeftMusd), due);
  const cap = cfdCap(w, st, strike);
  const back = cap === cap ? (terms.capAndFloor!.paybackShare * Math.max(0, ref - cap) * tonnes) / 1000 : 0;
  const spent = w.zone.budgetLeftMusd > 0 && w.zone.budgetLeftMusd - top + back <= 0 && top > 0;
  w.zone.budgetLeftMusd += back - top;
  w.outcome.cfdOutlayMusd += top;
  w.outcome.cfdPaybackMusd += back;
  const net = top - back;
  const a = w.outcome.accounts;
  a.cfdReceivedMusd[c * 2 + st]! += net;
  if (terms.payers === 'host') a.cfdPaidMusd[c * 2 + st]! += net;
  else for (let p = 0; p < w.countries.count; p++) a.cfdPaidMusd[p * 2 + st]! += net * w.zone.cfdPayerShare[p]!;
  if (spent) {
    emit(
      w,
      'policy',
      'zone',
      -1,
      `The CfD budget of ${w.scenario.zone!.budgetMusd.toFixed(0)} M$ is spent: no top-ups until pay-backs refill it, and it defends no new project.`,
      '4.6 cfd',
    );
  }
  return net;
}

/**
 * Returns what facility f's contract adds to its netback this month, USD/kg: the net payment per kg of output, or for
 * a producer with no output, the top-up it would expect (minus the pay-back); 0 without a contract.
 */
export function cfdNetbackUsdPerKg(w: World, f: number, st: number, outT: number, netMusd: number): number {
  if (outT > 0) return (netMusd * 1000) / outT;
  if (!underContract(w, f)) return 0;
  const c = w.facilities.country[f]!;
  return expectedNetUsdPerKg(w, c, st) * memberShare(w, c, st);
}

/**
 * Returns facility f's market price this month at its stage, USD/kg, when it sells through its country's CfD node:
 * the node's price less the expected top-up on the share of its sales that went to members; NaN otherwise.
 */
export function cfdMarketPriceUsdPerKg(w: World, f: number): number {
  return w.zone.cfdMarketPriceUsdPerKg[f]!;
}
