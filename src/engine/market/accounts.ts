/**
 * The month's accounts (MODEL.md §7): who paid and who received every dollar of the cleared markets, on the true
 * demand curves. Settlement calls `accountStage` after each stage and `accountFacility` for every facility; the
 * invariant check holds the identity — what buyers pay = what sellers receive + transport + export wedges and duties +
 * tariffs and levies + quota rents — to a millionth every month.
 *
 * Rules where MODEL.md leaves a choice:
 * - Consumer surplus is measured against the choke price: ∫_p^{P_max} Q(P) dP on the country's isoelastic curve this
 *   month. Demand left unmet at the choke price is valued at `market.valueOfLostProduction` (default: the choke price)
 *   as lost production, so welfare is continuous where the price reaches the choke price.
 * - Producer surplus is operating profit at market prices: sales at the seller's node price less variable cost, feed
 *   and fixed cost (care cost when idle), before CfD payments and state support, which are transfers; recyclers earn
 *   their price less their ask.
 * - Import tariffs and levies go to the importer's government; export wedges (negative: the export subsidy), duties and
 *   the rent on a route held below its free flow by an export quota go to the exporter's (quota licences are the
 *   exporters'). The public stockpile's net sales go to the government of the country it sits in.
 * Amounts: M$ = t × USD/kg / 1000.
 */
import { PowMemo, log as dLog, pow as dPow } from '../../lib/dmath.ts';
import { demandScale } from '../agents/demand.ts';
import type { World } from '../world/world.ts';
import { RECYCLING, STOCKPILE } from './book.ts';
import type { ClearedStage } from './market.ts';
import { exportWedge, levied, transportCost } from './routes.ts';
import { cfdRouteShiftUsdPerKg } from '../policy/cfd.ts';

/** Adds one cleared stage to the month's accounts: payments, receipts, route wedges, rents, and consumer surplus. */
export function accountStage(w: World, cs: ClearedStage): void {
  const { book, problem } = cs;
  const a = w.outcome.accounts;
  const st = book.st;
  const S = book.sellerCountry.n;
  const B = book.buyerCountry.n;
  for (let k = 0; k < book.bidOwner.n; k++) {
    const paid = (cs.bidFilled[k]! * cs.buyerPrice[book.bidBuyer.data[k]!]!) / 1000;
    a.paidMusd += paid;
    if (book.bidOwner.data[k] === STOCKPILE) a.governmentMusd[w.zone.stockCountry]! -= paid;
  }
  for (let j = 0; j < book.offerOwner.n; j++) {
    const s = book.offerSeller.data[j]!;
    const sold = cs.offerSold[j]!;
    if (sold <= 0) continue;
    a.receivedMusd += (sold * cs.sellerPrice[s]!) / 1000;
    if (book.offerOwner.data[j] === RECYCLING) {
      a.producerSurplusMusd[book.sellerCountry.data[s]!]! +=
        (sold * (cs.sellerPrice[s]! - book.offerAsk.data[j]!)) / 1000;
    }
    if (book.offerOwner.data[j] === STOCKPILE)
      a.governmentMusd[w.zone.stockCountry]! += (sold * cs.sellerPrice[s]!) / 1000;
  }
  for (let s = 0; s < S; s++) {
    const from = book.sellerCountry.data[s]!;
    for (let b = 0; b < B; b++) {
      const t = cs.flow[s * B + b]!;
      if (!(t > 0)) continue;
      const to = book.buyerCountry.data[b]!;
      const wedge = exportWedge(w, st, from, to);
      const cost = problem.routeCost[s * B + b]!;
      const transport = from === to && s !== book.stockSeller ? 0 : transportCost(w, st, from, to);
      const tariff = s === book.stockSeller ? 0 : book.tariffPerKg[s * B + b]!;
      const routeWedge = from === to || s === book.stockSeller ? 0 : wedge;
      // A CfD node's route to a member costs the expected top-up less (policy/cfd.ts): not a duty, a lower receipt.
      const cfd = cfdRouteShiftUsdPerKg(w, book, s, b);
      const duty = cost + cfd - transport - routeWedge - tariff;
      const gap = cs.buyerPrice[b]! - cs.sellerPrice[s]! - cost;
      const rent = underQuota(problem.quotas, s, b) ? Math.max(0, gap) : 0;
      a.transportMusd += (t * transport) / 1000;
      a.exportRentMusd += (t * (routeWedge + duty)) / 1000;
      a.quotaRentMusd += (t * rent) / 1000;
      a.governmentMusd[to]! += (t * tariff) / 1000;
      a.governmentMusd[from]! += (t * (routeWedge + duty + rent)) / 1000;
      if (levied(w, st, from, to)) a.levyMusd += (t * book.levy[b]!) / 1000;
      a.receivedMusd += (t * (transport + routeWedge + duty + tariff + rent - cfd)) / 1000;
    }
  }
  accountReexports(w, cs);
  accountInQuota(w, cs);
  if (st === 1) accountConsumers(w);
}

/**
 * Imports within a tariff-rate quota (MODEL.md §4.6): transport, the exporter's wedge and duty, the in-quota tariff
 * (the levy within it) to the importer; an export quota's rent on the path to the exporter, and the tariff-rate quota's
 * rent (the member's price less the in-quota landed price) to the importing member, both counted as quota rent.
 */
function accountInQuota(w: World, cs: ClearedStage): void {
  const { book } = cs;
  const a = w.outcome.accounts;
  const st = book.st;
  for (let q = 0; q < book.trqSeller.n; q++) {
    const t = cs.inQuota[q]!;
    if (!(t > 0)) continue;
    const s = book.trqSeller.data[q]!;
    const b = book.trqBuyer.data[q]!;
    const from = book.sellerCountry.data[s]!;
    const to = book.buyerCountry.data[b]!;
    const transport = transportCost(w, st, from, to);
    const wedge = exportWedge(w, st, from);
    const tariff = book.trqTariff.data[q]!;
    const duty = book.trqCost.data[q]! - transport - wedge - tariff;
    const exportRent = cs.trqPrice[b]! - cs.sellerPrice[s]! - book.trqCost.data[q]!;
    const importRent = cs.buyerPrice[b]! - cs.trqPrice[b]!;
    const m = (perKg: number) => (t * perKg) / 1000;
    a.transportMusd += m(transport);
    a.exportRentMusd += m(wedge + duty);
    a.quotaRentMusd += m(exportRent + importRent);
    a.governmentMusd[from]! += m(wedge + duty + exportRent);
    a.governmentMusd[to]! += m(tariff + importRent);
    if (levied(w, st, from, to)) a.levyMusd += m(book.levy[b]!);
    a.receivedMusd += m(transport + wedge + duty + tariff + exportRent + importRent);
  }
}

/**
 * Re-exports (MODEL.md §4.9): both legs' transport and the re-export cost are carriage; the origin's wedge and duty go
 * to its government; the importer's tariffs and levy (as from the hub) and the expected seizure to the importer's.
 */
function accountReexports(w: World, cs: ClearedStage): void {
  const { book } = cs;
  const a = w.outcome.accounts;
  for (let k = 0; k < book.reSeller.n; k++) {
    const t = cs.reexported[k]!;
    if (!(t > 0)) continue;
    const from = book.sellerCountry.data[book.reSeller.data[k]!]!;
    const b = book.reBuyer.data[k]!;
    const to = book.buyerCountry.data[b]!;
    const m = (perKg: number) => (t * perKg) / 1000;
    a.transportMusd += m(book.reCarriage.data[k]!);
    a.exportRentMusd += m(book.reWedgeDuty.data[k]!);
    a.governmentMusd[from]! += m(book.reWedgeDuty.data[k]!);
    a.governmentMusd[to]! += m(book.reTariff.data[k]! + book.reSeized.data[k]!);
    a.levyMusd += m(book.reLevy.data[k]!);
    a.receivedMusd += m(book.reCost.data[k]!);
  }
}

function underQuota(quotas: ClearedStage['problem']['quotas'], s: number, b: number): boolean {
  for (const q of quotas) if (q.seller === s && q.buyerMask[b] === 1) return true;
  return false;
}

/** Consumer surplus against the choke price, and the value of lost production, for every country this month. */
function accountConsumers(w: World): void {
  const a = w.outcome.accounts;
  const mk = w.scenario.market;
  const pMax = mk.chokePrice;
  const voll = mk.valueOfLostProduction ?? pMax;
  for (let c = 0; c < w.countries.count; c++) {
    a.lostProductionMusd[c] = (w.outcome.unmetT[c]! * voll) / 1000;
    const scale = demandScale(w, c);
    const p = w.outcome.priceUsdPerKg[c * 2 + 1]!;
    if (!(scale > 0) || !(p === p) || p >= pMax) continue;
    a.consumerSurplusMusd[c] =
      surplusBetween(scale, mk.referencePrice.refine, w.countries.elasticityShort[c]!, p, pMax, c) / 1000;
  }
}

/** surplusBetween's pows by slot: the upper bound's (2 · slot), the same every month, and the lower bound's (2 · slot + 1). */
const surplusMemo = new PowMemo();

/**
 * Returns ∫_lo^hi Q(P) dP for Q(P) = scale · (P / pRef)^ε, in t × USD/kg: scale · pRef · [x^(ε+1) / (ε+1)] between
 * lo/pRef and hi/pRef, or scale · pRef · ln(hi/lo) when ε = −1. With a `slot` (≥ 0; a country), its pows are
 * remembered there (surplusMemo).
 */
export function surplusBetween(scale: number, pRef: number, eps: number, lo: number, hi: number, slot = -1): number {
  const x0 = lo / pRef;
  const x1 = hi / pRef;
  if (Math.abs(eps + 1) < 1e-12) return scale * pRef * (dLog(x1) - dLog(x0));
  const at1 = slot >= 0 ? surplusMemo.pow(2 * slot, x1, eps + 1) : dPow(x1, eps + 1);
  const at0 = slot >= 0 ? surplusMemo.pow(2 * slot + 1, x0, eps + 1) : dPow(x0, eps + 1);
  return (scale * pRef * (at1 - at0)) / (eps + 1);
}

/** Adds a facility's operating profit at market prices (before CfD and support) to its country's producer surplus. */
export function accountFacility(w: World, f: number, profitMusd: number): void {
  w.outcome.accounts.producerSurplusMusd[w.facilities.country[f]!]! += profitMusd;
}

/** Closes the month: the dominant's payoff is its state pool's profit plus what its government earned. */
export function closeAccounts(w: World, poolProfitMusd: number): void {
  const a = w.outcome.accounts;
  const d = w.countries.dominant;
  a.dominantPayoffMusd = d >= 0 ? poolProfitMusd + a.governmentMusd[d]! : 0;
}
