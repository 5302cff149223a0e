/**
 * The zone's floor setting (MODEL.md §4.6). `fixed` keeps the scenario's floor (or a scheduled `floor` event's);
 * `cost-indexed` resets it every `reviewMonths` to the cash cost of the marginal member producer needed to supply
 * `securityShare` of member demand, × (1 + margin), moving at most `maxStep` (a fraction) per review.
 * Member refineries' cash cost includes their feed at the home concentrate price / recovery.
 * Also reports when the stockpile starts or stops buying and releasing.
 */
import { demandScale, quantityAt } from '../agents/demand.ts';
import { FacilityKind, FacilityState, type World, emit } from '../world/world.ts';

/** Step 3c: reviews a cost-indexed floor when due. */
export function reviewFloor(w: World): void {
  const zone = w.scenario.zone;
  if (!zone || zone.floorSetting.kind !== 'cost-indexed' || w.month < w.zone.nextReview) return;
  const fs = zone.floorSetting;
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
    const units: { cost: number; cap: number }[] = [];
    for (let f = 0; f < w.facilities.count; f++) {
      const state = w.facilities.state[f]!;
      if (
        !w.countries.member[w.facilities.country[f]!] ||
        state === FacilityState.closed ||
        state === FacilityState.construction ||
        state === 0
      )
        continue;
      if (st === 0 ? w.facilities.kind[f] !== FacilityKind.mine : w.facilities.kind[f] === FacilityKind.mine) continue;
      const feed =
        w.facilities.kind[f] === FacilityKind.refine
          ? w.countries.lastPriceUsdPerKg[w.facilities.country[f]! * 2]! / w.facilities.recovery[f]!
          : 0;
      units.push({ cost: w.facilities.cashCostUsdPerKg[f]! + feed, cap: w.facilities.capacityTpy[f]! });
    }
    if (!units.length) continue;
    units.sort((a, b) => a.cost - b.cost);
    let acc = 0;
    let marginal = units[units.length - 1]!.cost;
    for (const u of units) {
      acc += u.cap;
      if (acc >= need) {
        marginal = u.cost;
        break;
      }
    }
    const target = marginal * (1 + fs.margin);
    const next = Math.min(old * (1 + fs.maxStep), Math.max(old * (1 - fs.maxStep), target));
    if (Math.abs(next - old) > 1e-9) {
      w.zone.floorUsdPerKg[st] = next;
      emit(
        w,
        'policy',
        'zone',
        -1,
        `Floor review: the marginal member producer for ${(fs.securityShare * 100).toFixed(0)}% of member demand costs $${marginal.toFixed(2)}/kg; the ${st === 0 ? 'mine' : 'refine'} floor moves from $${old.toFixed(2)} to $${next.toFixed(2)}/kg (at most ${(fs.maxStep * 100).toFixed(0)}% a review).`,
        '4.6 cost-indexed floor',
      );
    }
  }
}

/** Step 7b: reports the stockpile starting or stopping to buy or release. */
export function reportStockpile(w: World, bought: boolean, released: boolean): void {
  if (bought !== w.zone.stockBuying) {
    const why = bought ? `buys at or below its buy price (stock ${w.zone.stockT.toFixed(0)} t)` : 'stops buying';
    emit(w, 'stockpile', 'zone', w.zone.stockCountry, `The stockpile ${why}.`, '4.6 stockpile');
  }
  if (released !== w.zone.stockReleasing) {
    const why = released
      ? `releases: ${w.month < w.zone.disruptionUntil ? 'a disruption is declared' : 'the price is above its release price'} (stock ${w.zone.stockT.toFixed(0)} t)`
      : 'stops releasing';
    emit(w, 'stockpile', 'zone', w.zone.stockCountry, `The stockpile ${why}.`, '4.6 stockpile');
  }
  w.zone.stockBuying = bought;
  w.zone.stockReleasing = released;
}
