/**
 * The zone's contract for difference (MODEL.md §4.6, `zone.cfd` on the terms of `zone.cfdTerms`): a contract between
 * the zone and each member producer, settled every month after the market clears.
 *
 * - Strike K: `cfdTerms.strike` for the stage, else the floor in force; a stage with neither has no CfD.
 * - Reference R: the members' price index that month — members' prices at the stage weighted by what their buyers
 *   bought (refined consumption; concentrate fed to refineries), their plain mean when nobody bought — or, with
 *   `reference: 'own-price'`, the price at the producer's own node (engine 0.1's rule).
 * - Eligible tonnes: its output × the share of its country's sales at the stage that went to members' buyers this
 *   month, the zone's stockpile among them (`membersOnly`; a producer's own destination is not tracked, its country's
 *   is); or all its output.
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
 * - Behaviour: a producer under contract offers below its cash cost by the top-up it expects per kg and above it by the
 *   pay-back (`cfdAskShiftUsdPerKg`, on last month's reference and member share); its netback for its decisions
 *   includes the month's net payment per kg of output (an idle producer's: what it would expect).
 */
import type { Stage } from '../../scenario/schema.ts';
import { type World, emit } from '../world/world.ts';

const STAGES: readonly Stage[] = ['mine', 'refine'];

/** The part of a cleared stage the CfD reads: who sold how much to whom (market.ts ClearedStage). */
export interface StageSales {
  book: { st: number; sellerOf: Int32Array; buyerCountry: { n: number; data: Int32Array } };
  /** [sellers × buyers] t. */
  flow: Float64Array;
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
 * Returns how much facility f's CfD moves its ask at stage st, USD/kg: minus the top-up it expects per kg of output,
 * plus the pay-back, on last month's reference and member share; 0 without a contract.
 */
export function cfdAskShiftUsdPerKg(w: World, f: number, st: number): number {
  if (!underContract(w, f)) return 0;
  const strike = cfdStrike(w, st);
  if (!(strike === strike)) return 0;
  const c = w.facilities.country[f]!;
  const ref =
    w.scenario.zone!.cfdTerms.reference === 'member-index' &&
    w.zone.cfdReferenceUsdPerKg[st]! === w.zone.cfdReferenceUsdPerKg[st]!
      ? w.zone.cfdReferenceUsdPerKg[st]!
      : w.countries.lastPriceUsdPerKg[c * 2 + st]!;
  const topUp = w.zone.budgetLeftMusd > 0 ? Math.max(0, strike - ref) : 0;
  const cap = cfdCap(w, st, strike);
  const back = cap === cap ? w.scenario.zone!.cfdTerms.capAndFloor!.paybackShare * Math.max(0, ref - cap) : 0;
  return (back - topUp) * memberShare(w, c, st);
}

/**
 * Prepares the month's settlement (after both stages cleared): the members' price index per stage, each country's
 * share of its sales that went to members, and the payers' shares.
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
  w.zone.cfdMemberShare.fill(NaN);
  for (const cs of stages) {
    const { book, flow } = cs;
    const B = book.buyerCountry.n;
    for (let c = 0; c < C; c++) {
      const s = book.sellerOf[c]!;
      if (s < 0) continue;
      let all = 0;
      let toMembers = 0;
      for (let b = 0; b < B; b++) {
        const t = flow[s * B + b]!;
        if (!(t > 0)) continue;
        all += t;
        if (w.countries.member[book.buyerCountry.data[b]!] === 1) toMembers += t;
      }
      if (all > 0) w.zone.cfdMemberShare[c * 2 + book.st] = toMembers / all;
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
  const share = terms.membersOnly ? w.zone.cfdMemberShare[c * 2 + st]! : 1;
  const tonnes = share === share ? outT * share : 0;
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
  return -cfdAskShiftUsdPerKg(w, f, st);
}
