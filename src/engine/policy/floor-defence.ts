/**
 * How far the zone's instruments defend its floor (MODEL.md §4.3, §4.6, §7): for an investor, a floor bounds a member
 * project's downside only as far as an instrument defends it, scaled by `zone.policyCredibility`; and the floor is
 * reported (`floor_*` in monthly.csv) only in months in which some instrument defends it.
 *
 * - A variable levy (or a fixed tariff) defends the price of sales into members while members import the stage (their
 *   consumption exceeds their production): the floor under a levy, the dominant's export ask × (1 + tariff) under a
 *   fixed tariff alone, at most the floor. Once members export, it defends nothing.
 * - A CfD defends its strike (the floor by default) while its budget lasts: for a project, in proportion to how much
 *   of the top-ups over its contract's term at the downside the budget left could pay, times the share of its life
 *   the term covers and, when it pays on sales to members only, the share of its country's sales that go to members;
 *   a spent budget defends nothing.
 * - The stockpile defends its buy price (refined only) in proportion to its buying room — storage and budget left —
 *   against a year of the project's output (the downside is a 12-month average); it buys nothing during a disruption.
 *
 * The bounded downside is D + policyCredibility × max over instruments of coverage × max(0, bound − D).
 */
import { FacilityKind, type FacilityKindCode, FacilityState, type World } from '../world/world.ts';
import { cfdStrike } from './cfd.ts';
import { disruptionMonthsLeft, stockpileBuyPrice } from './stockpile.ts';

/** A project as the defence sees it: where, what, how big and for how long. */
export interface DefendedProject {
  country: number;
  kind: FacilityKindCode;
  capacityTpy: number;
  lifeYears: number;
}

/** The downside after the floor's defence, USD/kg, and which instrument defends it (empty when none does). */
export interface Defence {
  downsideUsdPerKg: number;
  instrument: string;
  coverage: number;
}

/** Returns whether the zone's members together consumed more of stage st than they produced this month. */
export function membersImport(w: World, st: number): boolean {
  let need = 0;
  for (let c = 0; c < w.countries.count; c++)
    if (w.countries.member[c] === 1) need += w.outcome.consumptionT[c * 2 + st]! - w.outcome.productionT[c * 2 + st]!;
  return need > 1e-9;
}

/**
 * Returns a member project's downside bounded by what the zone's instruments defend of the floor. `worst` is the
 * investor's own downside (USD/kg, on the project's netback: a refinery's net of feed), `memberImports` whether
 * members import the stage this month.
 */
export function defendDownside(w: World, p: DefendedProject, worst: number, memberImports: boolean): Defence {
  const zone = w.scenario.zone;
  const none = { downsideUsdPerKg: worst, instrument: '', coverage: 0 };
  if (!zone || w.countries.member[p.country] !== 1) return none;
  const st = p.kind === FacilityKind.mine ? 0 : 1;
  const floor = w.zone.floorUsdPerKg[st]!;
  if (floor !== floor && !(zone.cfd && cfdStrike(w, st) === cfdStrike(w, st))) return none;
  // A refinery's netback is net of its feed: the floor defends the refined price, less concentrate / recovery.
  const feed =
    p.kind === FacilityKind.refine ? w.countries.lastPriceUsdPerKg[p.country * 2]! / w.scenario.market.recovery : 0;
  const credibility = zone.policyCredibility;
  let best = none;
  if (memberImports && floor === floor) {
    if (zone.variableLevy) best = consider(best, credibility, feed, worst, 'variable levy', floor, 1);
    else if (zone.fixedTariff > 0) {
      const bound = Math.min(floor, w.strategist.exportAskUsdPerKg[st]! * (1 + zone.fixedTariff));
      best = consider(best, credibility, feed, worst, 'fixed tariff', bound, 1);
    }
  }
  const strike = cfdStrike(w, st);
  if (zone.cfd && w.zone.budgetLeftMusd > 0 && strike === strike) {
    // A new project's contract starts when it first produces and runs for the term, at most its life.
    const years = Math.min(p.lifeYears, zone.cfdTerms.termMonths / 12);
    const share = zone.cfdTerms.membersOnly ? memberShareOf(w, p.country, st) : 1;
    const needMusd = (Math.max(0, strike - feed - worst) * p.capacityTpy * share * years) / 1000;
    const funded = needMusd > 0 ? Math.min(1, w.zone.budgetLeftMusd / needMusd) : 1;
    best = consider(best, credibility, feed, worst, 'CfD', strike, funded * (years / p.lifeYears) * share);
  }
  const sp = zone.stockpile;
  if (
    sp &&
    st === 1 &&
    floor === floor &&
    w.zone.stockCountry >= 0 &&
    w.countries.member[w.zone.stockCountry] === 1 &&
    disruptionMonthsLeft(w) === 0
  ) {
    const buy = stockpileBuyPrice(w);
    const roomT = Math.max(0, Math.min(sp.capacityT - w.zone.stockT, (w.zone.stockBudgetLeftMusd * 1000) / buy));
    best = consider(best, credibility, feed, worst, 'stockpile', Math.min(floor, buy), roomT / p.capacityTpy);
  }
  return best;
}

/**
 * Returns `best`, or the downside `instrument` defends when it is higher: `worst` lifted by credibility × coverage (at
 * most 1) × how far `bound`, net of `feed`, lies above it. A function of its own rather than a closure: it runs for
 * every member project every month.
 */
function consider(
  best: Defence,
  credibility: number,
  feed: number,
  worst: number,
  instrument: string,
  bound: number,
  coverage: number,
): Defence {
  const lift = credibility * Math.min(1, Math.max(0, coverage)) * Math.max(0, bound - feed - worst);
  return worst + lift > best.downsideUsdPerKg ? { downsideUsdPerKg: worst + lift, instrument, coverage } : best;
}

/**
 * Returns the share of country c's sales at stage st that went to members last month, for a CfD that pays on member
 * sales only; 1 for a country that sold nothing at the stage (nothing says its new plant would sell elsewhere).
 */
function memberShareOf(w: World, c: number, st: number): number {
  const s = w.zone.cfdMemberShare[c * 2 + st]!;
  return s === s ? s : 1;
}

/**
 * Returns the instrument that defends the floor of stage st this month, or '' when none does (the floor is then
 * reported empty, MODEL.md §7): a variable levy while members import the stage; a fixed tariff alone while members
 * import and the dominant's export ask × (1 + tariff) reaches the floor; a CfD whose strike reaches the floor, with
 * budget left and a member producer at the stage whose contract has not run out; the stockpile (refined) buying at or
 * above the floor with room and budget left, outside a disruption. How far investors believe it
 * (`policyCredibility`) does not enter: the report says what the instruments do.
 */
export function floorDefender(w: World, st: number): string {
  const zone = w.scenario.zone;
  const floor = w.zone.floorUsdPerKg[st]!;
  if (!zone || floor !== floor) return '';
  const imports = membersImport(w, st);
  if (imports && zone.variableLevy) return 'variable levy';
  if (imports && zone.fixedTariff > 0 && w.strategist.exportAskUsdPerKg[st]! * (1 + zone.fixedTariff) >= floor)
    return 'fixed tariff';
  if (zone.cfd && w.zone.budgetLeftMusd > 0 && cfdStrike(w, st) >= floor - 1e-9 && contractOpen(w, st)) return 'CfD';
  const sp = zone.stockpile;
  if (sp && st === 1 && w.zone.stockCountry >= 0 && w.countries.member[w.zone.stockCountry] === 1) {
    const room = sp.capacityT - w.zone.stockT > 1e-9 && w.zone.stockBudgetLeftMusd > 0;
    if (room && stockpileBuyPrice(w) >= floor - 1e-9 && disruptionMonthsLeft(w) === 0) return 'stockpile';
  }
  return '';
}

/** Returns whether a member producer at stage st exists whose CfD contract has not run out (or not yet started). */
function contractOpen(w: World, st: number): boolean {
  const term = w.scenario.zone!.cfdTerms.termMonths;
  for (let f = 0; f < w.facilities.count; f++) {
    const state = w.facilities.state[f]!;
    if (state === FacilityState.closed || state === FacilityState.project) continue;
    if (w.countries.member[w.facilities.country[f]!] !== 1) continue;
    if ((w.facilities.kind[f] === FacilityKind.mine ? 0 : 1) !== st) continue;
    const start = w.zone.cfdStartMonth[f]!;
    if (start < 0 || w.month < start + term) return true;
  }
  return false;
}
