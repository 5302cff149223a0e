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
 * - **World demand** at p: Σ_b Q̄_b(L_b(p)) over every country but the dominant's own: what b buys on average, in
 *   present value, while the price stays at L_b — not this month's demand alone (`holdDemand`). Buyers substitute
 *   slowly (demand.ts, MODEL.md §4.5): S_b moves each month by λ = `substitutionSpeed` of its gap to
 *   (P / P_ref)^(ε_long − ε_short). Held at P, S_b,t = S* + (S_b,0 − S*)(1 − λ)^t, and its mean over the months
 *   discounted at ρ = r / 12 (r the investors' base rate, at least 1%) is (1 − w) S_b,0 + w S*, w = λ / (λ + ρ). So
 *   Q̄_b(P) = Q_b(P) · [(1 − w) + w (P / P_ref)^(ε_long − ε_short) / S_b,0], Q_b this month's curve (shocks and noise
 *   included). A leader that weighs the demand it destroys prices on an elasticity between the short and the long
 *   run's (Pindyck 1978: a cartel facing lagged demand adjustment; w → 0 as the discount rate grows, the myopic price;
 *   w → 1 as it falls, the long-run one). The lag of the 12-month mean price that S_b follows is left out.
 * - **The fringe**: every facility of the refined stage outside the dominant country that can produce this month,
 *   none of them the strategist's, supplies its available capacity when its country's price covers its ask: a
 *   private plant's ask (cash cost less subsidy and the CfD top-up it expects — on its output, book.ts `privateAsk`,
 *   or on its sales to members, its home among them, policy/cfd.ts `cfdMemberTopUpUsdPerKg`), plus, for a
 *   refinery, feed at last month's concentrate price in its country / the market's recovery. A fringe plant in
 *   country c therefore enters at the p where L_c(p) reaches its ask — at any p in a member whose levied floor is
 *   above its ask. Recycling outside the dominant country is fringe supply too, its three steps at their asks.
 *   **Idle** fringe plants (care and maintenance, outside the dominant country) come back while the price holds: a
 *   plant restarts after `restartAfter` months with its country's price above its ask × (1 + `restartHurdle`) and
 *   produces `restartMonths` (at least 1) later, or on the date of a restart already decided (facilities.ts). In
 *   present value it supplies δ^k of its capacity from that price up, k the months until it produces and δ = 1 / (1 +
 *   ρ) — what a price held from this month on brings back, which a price set on this month's supply alone ignores
 *   (the fringe's response to a sustained price, as in Gaskins 1971, here from the plants the model already has).
 * - **The dominant's home.** Its home demand at the domestic ask is served first, by its private plants there (those
 *   whose ask is below the domestic ask) and then by the pool; whatever its private plants have over home demand is
 *   exported, a fringe supply at any p. The pool's export supply is its merit order after its home sales.
 * - **Export restrictions** on the dominant at this stage: the countries they cover buy at most the quotas from it.
 *   The residual is min(Σ demand of the others + the quotas, Σ all demand − fringe supply): the fringe serves the
 *   restricted countries first.
 * With `dominant.pricingHorizon: 'month'` the demand is this month's and idle plants are left out: the myopic leader of
 * engine 0.2.0-alpha.20, which with a short-run elasticity of −0.1 asks the choke price whenever the residual there is
 * positive (`dumping-cycle` swung between 250 and 33 $/kg).
 * Left out: commercial stocks and the public stockpile, re-exports, the fringe's own transport to third markets (a
 * fringe plant is valued at its own country's price), and the concentrate stage (the dominant-firm strategy prices
 * refined exports; its concentrate export ask follows its mode, compete by default).
 */
import { pow as dPow } from '../../lib/dmath.ts';
import { demandScale, quantityAt } from './demand.ts';
import type { OwnCost, ResidualDemand } from './dominant-firm.ts';
import { available, inStage, poolSteps } from './pool.ts';
import { privateAsk } from '../market/book.ts';
import { cfdMemberTopUpUsdPerKg } from '../policy/cfd.ts';
import { type RouteCost, capturesLevy, levied, routeCost } from '../market/routes.ts';
import { matchesDestination } from '../policy/policies.ts';
import { FacilityKind, FacilityState, type World, isStrategist } from '../world/world.ts';

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
    // A plant selling through its country's CfD node takes the top-up on its home sales, a member's (policy/cfd.ts).
    const own = privateAsk(w, f, ST);
    const ask = own - Math.min(own, cfdMemberTopUpUsdPerKg(w, f, ST)) + (feed === feed ? feed : 0);
    if (c === d) {
      if (ask <= domesticAsk) privateHome += t;
    } else entries.push({ p: entryAt(c, ask), t });
  }
  addIdleFringe(w, entries, entryAt);
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
  const held = holdDemand(w);
  const demand: ResidualDemand = {
    quantityAt(p: number) {
      let all = 0;
      let open = 0;
      for (let c = 0; c < C; c++) {
        if (!(scale[c]! > 0)) continue;
        const at = landed(c, p);
        const q = quantityAt(w, c, scale[c]!, at) * held(c, at);
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

/**
 * Returns the weight w = λ / (λ + ρ) of the long run in the demand a price held from this month on meets, in present
 * value (see the file comment): λ the substitution speed, ρ the investors' base rate a month (at least 1% a year).
 */
export function longRunWeight(w: World): number {
  if (w.scenario.dominant?.pricingHorizon === 'month') return 0;
  const speed = w.scenario.market.substitutionSpeed;
  if (!(speed > 0)) return 0;
  const rho = Math.max(0.01, w.scenario.investors.baseRate) / 12;
  return speed / (speed + rho);
}

/**
 * Returns, per country, the factor that turns this month's demand at price P into the present-value mean demand while
 * P holds: (1 − w) + w (P / P_ref)^(ε_long − ε_short) / S_c (1 where buyers do not substitute).
 */
function holdDemand(w: World): (c: number, p: number) => number {
  const weight = longRunWeight(w);
  const pRef = w.scenario.market.referencePrice.refine;
  const { elasticityLong, elasticityShort, substitution } = w.countries;
  return (c, p) => {
    const gap = elasticityLong[c]! - elasticityShort[c]!;
    if (weight === 0 || gap === 0) return 1;
    return 1 - weight + (weight * dPow(Math.max(p, 1e-9) / pRef, gap)) / substitution[c]!;
  };
}

/**
 * Adds the idle fringe plants' supply to `entries` (see the file comment): each at the price where its country's price
 * reaches its restart hurdle (its ask, for a restart already decided), δ^k of its capacity, k the months until it
 * produces.
 */
function addIdleFringe(
  w: World,
  entries: { p: number; t: number }[],
  entryAt: (c: number, ask: number) => number,
): void {
  if (w.scenario.dominant?.pricingHorizon === 'month') return;
  const d = w.countries.dominant;
  const rules = w.scenario.facilityRules;
  const R = w.scenario.market.recovery;
  const delta = 1 / (1 + Math.max(0.01, w.scenario.investors.baseRate) / 12);
  for (let f = 0; f < w.facilities.count; f++) {
    if (w.facilities.state[f] !== FacilityState.idle || !inStage(w, f, ST) || isStrategist(w, f)) continue;
    const c = w.facilities.country[f]!;
    const t = w.facilities.capacityTpy[f]! / 12;
    if (c === d || !(t > 0)) continue;
    const conc = w.countries.lastPriceUsdPerKg[c * 2]!;
    const feed = w.facilities.kind[f] === FacilityKind.refine ? Math.max(0, conc === conc ? conc : 0) / R : 0;
    const ask = privateAsk(w, f, ST) + feed;
    const decided = w.facilities.restartMonth[f]! > 0;
    const k = decided
      ? Math.max(0, w.facilities.restartMonth[f]! - w.month)
      : rules.restartAfter + Math.max(1, rules.restartMonths);
    entries.push({ p: entryAt(c, decided ? ask : ask * (1 + rules.restartHurdle)), t: t * dPow(delta, k) });
  }
}
