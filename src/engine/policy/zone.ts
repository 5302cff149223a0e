/**
 * The zone's floor setting (MODEL.md §4.6). `fixed` keeps the scenario's floor (or a scheduled `floor` event's);
 * `cost-indexed` resets it every `reviewMonths` to the cost of the marginal member unit needed to supply
 * `securityShare` of member demand, × (1 + margin), moving at most `maxStep` (a fraction) per review.
 *
 * The units and their costs, by `costBasis`:
 * - `full` (v2, the default): the incentive price of each unit — the price that keeps it going or gets it built.
 *   Member facilities that exist or are being built (operating, ramping up, idle, under construction) at cash cost +
 *   fixed cost per kg of capacity (their capital is sunk); every member project left in the pipeline at cash cost +
 *   fixed cost + capital recovery, the price at which its NPV at `investors.baseRate` is zero (investors.ts `npv`: the
 *   capex as an annuity over `investors.lifeYears` from its first output, after its lead time). So while existing
 *   plants cover the security share the floor follows their full operating cost, and once a new plant is needed it
 *   rises to that plant's full cost: the "fair market value" that would bring it forward.
 * - `cash` (engine 0.1): member facilities that exist (operating, ramping up, idle) at cash cost only.
 * Refineries' costs include their feed at the home concentrate price / recovery.
 */
import { pow as dPow } from '../../lib/dmath.ts';
import type { Investors } from '../../scenario/schema.ts';
import { demandScale, quantityAt } from '../agents/demand.ts';
import { FacilityKind, FacilityState, type World, emit } from '../world/world.ts';

/** A unit of member supply for the floor review: its cost, capacity and what it is. */
export interface Unit {
  cost: number;
  cap: number;
  name: string;
}

/**
 * Returns a project's full cost, USD/kg: the price at which its NPV at the investors' base rate is zero —
 * cash cost + fixed cost / capacity + capex / (annuity over lifeYears × discount over the lead time) per kg, with
 * monthly compounding as in investors.ts `npv`.
 */
export function fullCostUsdPerKg(
  cashUsdPerKg: number,
  fixedMusdPerYr: number,
  capexMusd: number,
  capacityTpy: number,
  leadMonths: number,
  inv: Pick<Investors, 'baseRate' | 'lifeYears'>,
): number {
  const r = dPow(1 + inv.baseRate, 1 / 12) - 1;
  const n = inv.lifeYears * 12;
  const annuity = r > 0 ? (1 - dPow(1 + r, -n)) / r : n;
  const capitalMusdPerMonth = capexMusd / (annuity * dPow(1 + r, -leadMonths));
  return cashUsdPerKg + (fixedMusdPerYr * 1000) / capacityTpy + (capitalMusdPerMonth * 12 * 1000) / capacityTpy;
}

/** Lists the member units of stage st with their costs for the review (see the file's comment). */
export function memberUnits(w: World, st: number, full: boolean): Unit[] {
  const units: Unit[] = [];
  const x = w.facilities;
  const feedOf = (c: number, kind: number, recovery: number) =>
    kind === FacilityKind.refine ? w.countries.lastPriceUsdPerKg[c * 2]! / recovery : 0;
  const ofStage = (kind: number) => (st === 0 ? kind === FacilityKind.mine : kind !== FacilityKind.mine);
  for (let f = 0; f < x.count; f++) {
    const state = x.state[f]!;
    const c = x.country[f]!;
    if (!w.countries.member[c] || !ofStage(x.kind[f]!)) continue;
    if (state === FacilityState.closed || state === FacilityState.project) continue;
    if (full ? !(x.capacityTpy[f]! > 0) : state === FacilityState.construction) continue;
    const fixed = full ? (x.fixedCostMusdPerYr[f]! * 1000) / x.capacityTpy[f]! : 0;
    const cost = x.cashCostUsdPerKg[f]! + fixed + feedOf(c, x.kind[f]!, x.recovery[f]!);
    units.push({ cost, cap: x.capacityTpy[f]!, name: x.name[f]! });
  }
  if (!full) return units;
  const inv = w.scenario.investors;
  for (const p of w.investors.pipeline) {
    if (!w.countries.member[p.country] || !ofStage(p.kind)) continue;
    const feed = feedOf(p.country, p.kind, w.scenario.market.recovery);
    for (let j = p.next; j < p.capex.length; j++) {
      const cost = fullCostUsdPerKg(p.cost[j]!, p.fixedCostMusd, p.capex[j]!, p.capacityTpy, p.lead[j]!, inv);
      units.push({ cost: cost + feed, cap: p.capacityTpy, name: `${p.name} (project)` });
    }
  }
  return units;
}

/** The smallest move of a cost-indexed floor at a review, USD/kg: a cent. */
const MIN_FLOOR_MOVE = 0.01;

/** Step 3c: reviews a cost-indexed floor when due. */
export function reviewFloor(w: World): void {
  const zone = w.scenario.zone;
  if (!zone || zone.floorSetting.kind !== 'cost-indexed' || w.month < w.zone.nextReview) return;
  const fs = zone.floorSetting;
  const full = fs.costBasis === 'full';
  w.zone.nextReview = w.month + fs.reviewMonths;
  let demand = 0;
  for (let c = 0; c < w.countries.count; c++) {
    if (w.countries.member[c])
      demand += quantityAt(w, c, demandScale(w, c), w.countries.lastPriceUsdPerKg[c * 2 + 1]!) * 12;
  }
  for (const st of [0, 1]) {
    const old = w.zone.floorUsdPerKg[st]!;
    if (old !== old) continue;
    const need = fs.securityShare * (st === 0 ? demand / w.scenario.market.recovery : demand);
    // A stable sort: units of equal cost keep their order (facilities, then projects).
    const units = memberUnits(w, st, full).sort((a, b) => a.cost - b.cost);
    if (!units.length) continue;
    let acc = 0;
    let marginal = units[units.length - 1]!;
    for (const u of units) {
      acc += u.cap;
      if (acc >= need) {
        marginal = u;
        break;
      }
    }
    const target = marginal.cost * (1 + fs.margin);
    const next = Math.min(old * (1 + fs.maxStep), Math.max(old * (1 - fs.maxStep), target));
    // A floor is published in cents: a review that would move it by less than one leaves it (and says nothing).
    if (Math.abs(next - old) >= MIN_FLOOR_MOVE) {
      w.zone.floorUsdPerKg[st] = next;
      emit(
        w,
        'policy',
        'zone',
        -1,
        `Floor review: the marginal member unit for ${(fs.securityShare * 100).toFixed(0)}% of member demand, ${marginal.name}, costs $${marginal.cost.toFixed(2)}/kg (${full ? 'full cost' : 'cash cost'}); the ${st === 0 ? 'mine' : 'refine'} floor moves from $${old.toFixed(2)} to $${next.toFixed(2)}/kg (at most ${(fs.maxStep * 100).toFixed(0)}% a review).`,
        '4.6 cost-indexed floor',
      );
    }
  }
}
