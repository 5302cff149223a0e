/**
 * How far the zone's instruments defend its floor for an investor (MODEL.md §4.3): a floor bounds a member project's
 * downside only as far as an instrument defends it, scaled by `zone.policyCredibility`.
 *
 * - A variable levy (or a fixed tariff) defends the price of sales into members while members import the stage (their
 *   consumption exceeds their production): the floor under a levy, the dominant's export ask × (1 + tariff) under a
 *   fixed tariff alone, at most the floor. Once members export, it defends nothing.
 * - A CfD defends the floor while its budget lasts, in proportion to how much of the project's top-ups over its life
 *   at the downside the budget left could pay; a spent budget defends nothing.
 * - The stockpile defends its buy price (refined only) in proportion to its buying room — storage and budget left —
 *   against a year of the project's output (the downside is a 12-month average).
 *
 * The bounded downside is D + policyCredibility × max over instruments of coverage × max(0, bound − D).
 */
import { FacilityKind, type FacilityKindCode, type World } from '../world/world.ts';

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

/** Returns the stockpile's buy price, USD/kg, as the book sets it (the refined floor by default). */
function stockpileBuyPrice(w: World): number {
  const sp = w.scenario.zone!.stockpile!;
  const floor = w.zone.floorUsdPerKg[1]!;
  return sp.buyBelow ?? (floor === floor ? floor : w.scenario.market.referencePrice.refine);
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
  if (floor !== floor) return none;
  // A refinery's netback is net of its feed: the floor defends the refined price, less concentrate / recovery.
  const feed =
    p.kind === FacilityKind.refine ? w.countries.lastPriceUsdPerKg[p.country * 2]! / w.scenario.market.recovery : 0;
  let best = none;
  const consider = (instrument: string, bound: number, coverage: number) => {
    const lift = zone.policyCredibility * Math.min(1, Math.max(0, coverage)) * Math.max(0, bound - feed - worst);
    if (worst + lift > best.downsideUsdPerKg) best = { downsideUsdPerKg: worst + lift, instrument, coverage };
  };
  if (memberImports) {
    if (zone.variableLevy) consider('variable levy', floor, 1);
    else if (zone.fixedTariff > 0)
      consider('fixed tariff', Math.min(floor, w.strategist.exportAskUsdPerKg[st]! * (1 + zone.fixedTariff)), 1);
  }
  if (zone.cfd && w.zone.budgetLeftMusd > 0) {
    const needMusd = (Math.max(0, floor - feed - worst) * p.capacityTpy * p.lifeYears) / 1000;
    consider('CfD', floor, needMusd > 0 ? w.zone.budgetLeftMusd / needMusd : 1);
  }
  const sp = zone.stockpile;
  if (sp && st === 1 && w.zone.stockCountry >= 0 && w.countries.member[w.zone.stockCountry] === 1) {
    const buy = stockpileBuyPrice(w);
    const roomT = Math.max(0, Math.min(sp.capacityT - w.zone.stockT, (w.zone.stockBudgetLeftMusd * 1000) / buy));
    consider('stockpile', Math.min(floor, buy), roomT / p.capacityTpy);
  }
  return best;
}
