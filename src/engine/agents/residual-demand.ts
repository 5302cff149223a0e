/**
 * The residual demand the dominant supplier faces for its refined exports this month (MODEL.md §4.4, the
 * `dominant-firm` strategy), and its own cost of serving it — the inputs of `priceAgainstResidual` (dominant-firm.ts).
 *
 * How the residual is computed, at an export price p (FOB at the dominant's seller node, its wedge included):
 * - **Landed prices.** In every other country b the dominant's product lands at L_b(p) = p + transport + export duty +
 *   b's tariffs on it (event tariffs, the zone's fixed tariff and an out-of-quota rate, ad valorem on the CIF value —
 *   `routeCost`, linear in p). Where the zone's variable levy applies (a member, with a floor in force) the levy lifts
 *   it to the floor: L_b = max(floor, L_b). Capped at the choke price. The dominant's product is taken to be the
 *   marginal supply everywhere, so L_b(p) is b's price.
 * - **World demand** at p: Σ_b Q_b(L_b(p)) over every country but the dominant's own, on this month's demand curves
 *   (the short-run elasticity, shocks and noise included; demand.ts).
 * - **The fringe**: every facility of the refined stage outside the dominant country that can produce this month,
 *   none of them the strategist's, supplies its available capacity when its country's price covers its ask: a
 *   private plant's ask (cash cost less subsidy and an expected CfD top-up, book.ts `privateAsk`), plus, for a
 *   refinery, feed at last month's concentrate price in its country / the market's recovery. A fringe plant in
 *   country c therefore enters at the p where L_c(p) reaches its ask — at any p in a member whose levied floor is
 *   above its ask. Recycling outside the dominant country is fringe supply too, its three steps at their asks.
 * - **The dominant's home.** Its home demand at the domestic ask is served first, by its private plants there (those
 *   whose ask is below the domestic ask) and then by the pool; whatever its private plants have over home demand is
 *   exported, a fringe supply at any p. The pool's export supply is its merit order after its home sales.
 * - **Export restrictions** on the dominant at this stage: the countries they cover buy at most the quotas from it.
 *   The residual is min(Σ demand of the others + the quotas, Σ all demand − fringe supply): the fringe serves the
 *   restricted countries first.
 * Left out: commercial stocks and the public stockpile, re-exports, the fringe's own transport to third markets (a
 * fringe plant is valued at its own country's price), and the concentrate stage (the dominant-firm strategy prices
 * refined exports; its concentrate export ask follows its mode, compete by default).
 */
import { pow as dPow } from '../../lib/dmath.ts';
import { demandScale, quantityAt } from './demand.ts';
import type { OwnCost, ResidualDemand } from './dominant-firm.ts';
import { available, inStage, poolSteps } from './pool.ts';
import { privateAsk } from '../market/book.ts';
import { type RouteCost, capturesLevy, levied, routeCost } from '../market/routes.ts';
import { matchesDestination } from '../policy/policies.ts';
import { FacilityKind, type World, isStrategist } from '../world/world.ts';

/** What the dominant-firm strategist needs to price its refined exports. */
export interface ExportMarket {
  demand: ResidualDemand;
  /** The pool's supply for export: its merit order after home sales. */
  cost: OwnCost;
  /** t/month the pool sells at home at the domestic ask. */
  homeSalesT: number;
}

/** The refined stage. */
const ST = 1;

/**
 * Builds the residual demand for the dominant's refined exports this month (see the file comment), given the
 * domestic refined ask and the feed cost of the state's refineries (`homeFeed`, USD/kg of concentrate).
 */
export function exportMarket(w: World, domesticAsk: number, homeFeed: number): ExportMarket {
  const d = w.countries.dominant;
  const C = w.countries.count;
  const mk = w.scenario.market;
  const pMax = mk.chokePrice;
  const R = mk.recovery;
  const floor = w.zone.floorUsdPerKg[ST]!;
  // L_c(p) = max(lift_c, slope_c · p + base_c), capped at the choke price.
  const slope = new Float64Array(C);
  const base = new Float64Array(C);
  const lift = new Float64Array(C).fill(-Infinity);
  const rc: RouteCost = { total: 0, tariff: 0 };
  for (let c = 0; c < C; c++) {
    if (c === d) continue;
    routeCost(w, ST, d, c, 0, 0, rc);
    const at0 = rc.total;
    routeCost(w, ST, d, c, 1, 0, rc);
    base[c] = at0;
    slope[c] = 1 + rc.total - at0;
    if (levied(w, ST, d, c) || capturesLevy(w, ST, d, c)) lift[c] = floor;
  }
  const landed = (c: number, p: number) => Math.min(pMax, Math.max(lift[c]!, slope[c]! * p + base[c]!));
  // The FOB price at which country c's price reaches `ask` (−∞ where a levied floor already covers it).
  const entryAt = (c: number, ask: number) => (lift[c]! >= ask ? -Infinity : (ask - base[c]!) / slope[c]!);

  const restricted = new Uint8Array(C);
  let quotaT = 0;
  for (const r of w.policies.restrictions) {
    if (r.exporter !== d || r.stage !== ST) continue;
    quotaT += Math.max(0, r.quotaT);
    for (let c = 0; c < C; c++) if (c !== d && matchesDestination(w, c, r.dest)) restricted[c] = 1;
  }

  // Home: demand at the domestic ask, served by private plants there first.
  const homeDemand = w.countries.demandBaseTpm[d]! > 0 ? quantityAt(w, d, demandScale(w, d), domesticAsk) : 0;
  let privateHome = 0;
  const entries: { p: number; t: number }[] = [];
  const concAt = (c: number) => w.countries.lastPriceUsdPerKg[c * 2]!;
  for (let f = 0; f < w.facilities.count; f++) {
    if (!inStage(w, f, ST) || !available(w, f) || isStrategist(w, f)) continue;
    const t = w.facilities.availableTpy[f]! / 12;
    if (!(t > 0)) continue;
    const c = w.facilities.country[f]!;
    const feed = w.facilities.kind[f] === FacilityKind.refine ? Math.max(0, concAt(c)) / R : 0;
    const ask = privateAsk(w, f, ST) + (feed === feed ? feed : 0);
    if (c === d) {
      if (ask <= domesticAsk) privateHome += t;
    } else entries.push({ p: entryAt(c, ask), t });
  }
  for (let c = 0; c < C; c++) {
    const r0 = w.countries.recyclingTpm[c]!;
    if (c === d || !(r0 > 0)) continue;
    let prevQ = 0;
    for (const k of [0.5, 1, 2]) {
      const q = r0 * dPow(k, mk.recyclingElasticity);
      entries.push({ p: entryAt(c, mk.referencePrice.refine * k), t: q - prevQ });
      prevQ = q;
    }
  }
  const surplusHome = Math.max(0, privateHome - homeDemand);
  entries.sort((a, b) => a.p - b.p);
  const entryP = Float64Array.from(entries, (e) => e.p);
  const cumT = new Float64Array(entries.length + 1);
  for (let k = 0; k < entries.length; k++) cumT[k + 1] = cumT[k]! + entries[k]!.t;
  const fringeAt = (p: number) => {
    // Entries with entry price ≤ p supply: the count of them by binary search.
    let lo = 0;
    let hi = entryP.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (entryP[mid]! <= p) lo = mid + 1;
      else hi = mid;
    }
    return cumT[lo]! + surplusHome;
  };

  const scale = new Float64Array(C);
  for (let c = 0; c < C; c++) scale[c] = c === d || !(w.countries.demandBaseTpm[c]! > 0) ? 0 : demandScale(w, c);
  const demand: ResidualDemand = {
    quantityAt(p: number) {
      let all = 0;
      let open = 0;
      for (let c = 0; c < C; c++) {
        if (!(scale[c]! > 0)) continue;
        const q = quantityAt(w, c, scale[c]!, landed(c, p));
        all += q;
        if (!restricted[c]) open += q;
      }
      return Math.min(open + quotaT, all - fringeAt(p));
    },
    steps: entryP.filter((p) => p > -Infinity),
  };

  // The pool's export supply: its merit order after home sales.
  const pool = poolSteps(w, ST, homeFeed);
  let home = Math.max(0, homeDemand - privateHome);
  const homeSalesT = Math.min(
    home,
    pool.capacityT.reduce((s, x) => s + x, 0),
  );
  const capacityT: number[] = [];
  const unitCostUsdPerKg: number[] = [];
  for (let k = 0; k < pool.capacityT.length; k++) {
    const used = Math.min(home, pool.capacityT[k]!);
    home -= used;
    const left = pool.capacityT[k]! - used;
    if (left > 1e-9 * Math.max(1, pool.capacityT[k]!)) {
      capacityT.push(left);
      unitCostUsdPerKg.push(pool.unitCostUsdPerKg[k]!);
    }
  }
  return { demand, cost: { capacityT, unitCostUsdPerKg }, homeSalesT };
}
