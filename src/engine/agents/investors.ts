/**
 * Investors, one per country and stage (MODEL.md §4.3). Each month an investor may commit the next project of its
 * country's pipeline when the project's NPV is positive at the discount rate baseRate + riskPremium.
 *
 * - Expected netback E: exponentially weighted mean of realized netbacks (half-life `expectationHalfLife`); the netback
 *   of a mine is its country's concentrate price, of a refinery the refined price less feed / recovery, of an
 *   integrated project the refined price.
 * - Downside D: the worst 12-month average netback within `memoryYears`. In a member country a floor raises it only as
 *   far as an instrument defends the floor, scaled by `zone.policyCredibility` (policy/floor-defence.ts): the floor's
 *   main lever on investment.
 * - NPV price: (1 − downsideWeight) · E + downsideWeight · D, over `lifeYears` after the lead time.
 * - riskPremium = volatilityWeight × annualized volatility of monthly log price changes + scar; the scar, per country
 *   and stage, rises by `scarStep` in a month with a closure there after a price collapse (`priceCollapse`), by
 *   `scarSpillover` × `scarStep` in the other countries, and decays with half-life `scarHalfLifeMonths`. The dominant
 *   country's state investors bear no scar.
 */
import { PowMemo, log as dLog, pow as dPow } from '../../lib/dmath.ts';
import { defendDownside, membersImport } from '../policy/floor-defence.ts';
import {
  Owner,
  FacilityKind,
  FacilityState,
  type FacilityKindCode,
  type PipelineEntry,
  type World,
  addFacility,
  emit,
} from '../world/world.ts';
import { row } from '../../lib/row.ts';

const fmt = (x: number) => x.toFixed(1);

/** Step 3a: updates expectations and the netback history with last month's prices. */
export function updateExpectations(w: World): void {
  const inv = w.scenario.investors;
  const alpha = 1 - dPow(0.5, 1 / inv.expectationHalfLife);
  const slot = w.month % w.investors.memoryMonths;
  const rec = w.scenario.market.recovery;
  for (let c = 0; c < w.countries.count; c++) {
    const mine = w.countries.lastPriceUsdPerKg[c * 2]!;
    const margin = w.countries.lastPriceUsdPerKg[c * 2 + 1]! - mine / rec;
    w.investors.expectedUsdPerKg[c * 2]! += alpha * (mine - w.investors.expectedUsdPerKg[c * 2]!);
    w.investors.expectedUsdPerKg[c * 2 + 1]! += alpha * (margin - w.investors.expectedUsdPerKg[c * 2 + 1]!);
    const prev = ((slot - 1 + w.investors.memoryMonths) % w.investors.memoryMonths) * w.countries.count + c;
    for (let st = 0; st < 2; st++) {
      const before = w.investors.historyUsdPerKg[prev * 2 + st]!;
      const now = st === 0 ? mine : margin;
      const r = before > 0 && now > 0 ? dLog(now / before) : 0;
      w.investors.variance[c * 2 + st]! += alpha * (r * r - w.investors.variance[c * 2 + st]!);
    }
    w.investors.historyUsdPerKg[(slot * w.countries.count + c) * 2] = mine;
    w.investors.historyUsdPerKg[(slot * w.countries.count + c) * 2 + 1] = margin;
  }
  const decay = dPow(0.5, 1 / inv.scarHalfLifeMonths);
  for (let i = 0; i < w.investors.scar.length; i++) w.investors.scar[i]! *= decay;
}

/** A closure that followed a price collapse: the facility's country and stage. */
export interface ScarringClosure {
  country: number;
  stage: number;
}

/**
 * Returns the price collapse a closure in country c at stage st followed, or null: the mean netback of the last 12
 * months (as the investor tracks it) at most (1 − `scarCollapse`) × the highest 12-month mean within memory.
 */
export function priceCollapse(w: World, c: number, st: number): { recent: number; best: number } | null {
  const M = w.investors.memoryMonths;
  const h = w.investors.historyUsdPerKg;
  const at = (k: number) => h[((((w.month - k) % M) + M) % M) * w.countries.count * 2 + c * 2 + st]!;
  let window = 0;
  for (let k = 0; k < 12; k++) window += at(k);
  const recent = window / 12;
  let best = recent;
  for (let k = 12; k < M; k++) {
    window += at(k) - at(k - 12);
    best = Math.max(best, window / 12);
  }
  if (!(best > 0) || recent > (1 - w.scenario.investors.scarCollapse) * best) return null;
  return { recent, best };
}

/**
 * Adds the month's scar (MODEL.md §4.3): each country and stage with a closure after a price collapse gains
 * `scarStep` once, however many closed there; every other country gains `scarSpillover` × `scarStep` at that stage,
 * once; a country takes the larger of the two.
 */
export function scarInvestors(w: World, closures: ScarringClosure[]): void {
  if (!closures.length) return;
  const inv = w.scenario.investors;
  for (const st of [0, 1]) {
    const home = closures.filter((x) => x.stage === st).map((x) => x.country);
    if (!home.length) continue;
    for (let c = 0; c < w.countries.count; c++)
      w.investors.scar[c * 2 + st]! += home.includes(c) ? inv.scarStep : inv.scarSpillover * inv.scarStep;
  }
}

/**
 * Returns the worst 12-month average netback within memory, and the annualized volatility of monthly log changes
 * (an EWMA with the expectation's half-life, so one spike fades instead of weighing for the whole memory).
 */
function downside(w: World, c: number, st: number): { worst: number; vol: number } {
  const M = w.investors.memoryMonths;
  const h = w.investors.historyUsdPerKg;
  const stride = w.countries.count * 2;
  const cell = c * 2 + st;
  // Walk back from this month's slot through the ring, keeping a 12-month window sum and the lowest such sum. The
  // worst mean is that sum / 12: dividing every sum by 12 and taking the lowest gives the same number, since a
  // correctly rounded division by 12 keeps the order of its arguments (NaN and ±0 included).
  let lowest = Infinity;
  let window = 0;
  let slot = w.month % M;
  let tail = slot;
  for (let k = 0; k < M; k++) {
    window += h[slot * stride + cell]!;
    if (k >= 12) {
      window -= h[tail * stride + cell]!;
      tail = tail === 0 ? M - 1 : tail - 1;
    }
    if (k >= 11) lowest = Math.min(lowest, window);
    slot = slot === 0 ? M - 1 : slot - 1;
  }
  const vol = Math.sqrt(w.investors.variance[cell]! * 12);
  return { worst: lowest === Infinity ? window / M : lowest / 12, vol };
}

/**
 * An integrated project's own revenue risk (MODEL.md §4.3): from the refined price in its country over the investors'
 * memory (the netback history's margin plus concentrate / recovery), the worst 12-month average refined price, and the
 * annualized volatility of monthly log changes of the refined price less `mineCost` (its own mining cost per kg of
 * refined output, a constant), as an EWMA with the expectation's half-life run over the memory from its oldest month.
 * The nearer the mining cost comes to the price, the thinner and riskier that revenue.
 */
export function ownRevenueRisk(w: World, c: number, mineCost: number): { worst: number; vol: number } {
  const M = w.investors.memoryMonths;
  const h = w.investors.historyUsdPerKg;
  const stride = w.countries.count * 2;
  const rec = w.scenario.market.recovery;
  const alpha = 1 - dPow(0.5, 1 / w.scenario.investors.expectationHalfLife);
  const refinedAt = (k: number) => {
    const slot = ((((w.month - k) % M) + M) % M) * stride + c * 2;
    return h[slot + 1]! + h[slot]! / rec;
  };
  let worst = Infinity;
  let window = 0;
  let variance = 0;
  let before = Number.NaN;
  for (let k = M - 1; k >= 0; k--) {
    const refined = refinedAt(k);
    window += refined;
    if (k <= M - 13) window -= refinedAt(k + 12);
    if (k <= M - 12) worst = Math.min(worst, window / 12);
    const revenue = refined - mineCost;
    const r = before > 0 && revenue > 0 ? dLog(revenue / before) : 0;
    variance += alpha * (r * r - variance);
    before = revenue;
  }
  return { worst: worst === Infinity ? window / M : worst, vol: Math.sqrt(variance * 12) };
}

const scratches = new WeakMap<
  World,
  { committed: Uint8Array; inFlight: Int32Array; worstOf: Float64Array; volOf: Float64Array }
>();

/** Returns the month's per-investor scratch (committed this month, projects in flight, cached downside), reset. */
function investScratch(w: World) {
  let x = scratches.get(w);
  if (!x) {
    const n = w.countries.count * 2;
    x = row({
      committed: new Uint8Array(n),
      inFlight: new Int32Array(n),
      worstOf: new Float64Array(n),
      volOf: new Float64Array(n),
    });
    scratches.set(w, x);
  }
  x.committed.fill(0);
  x.inFlight.fill(0);
  x.worstOf.fill(NaN);
  return x;
}

/** Step 8: each investor considers the next project of its pipeline. */
export function invest(w: World): void {
  const inv = w.scenario.investors;
  const { committed, inFlight, worstOf, volOf } = investScratch(w);
  const imports = [membersImport(w, 0), membersImport(w, 1)];
  // A site the scenario starts closed keeps its deposit or plant too: its restart enters the pipeline.
  if (w.month === 0)
    for (let f = 0; f < w.facilities.count; f++)
      if (w.facilities.state[f] === FacilityState.closed) addBrownfield(w, f);
  for (let f = 0; f < w.facilities.count; f++) {
    if (w.facilities.state[f] === FacilityState.construction)
      inFlight[w.facilities.country[f]! * 2 + (w.facilities.kind[f] === FacilityKind.mine ? 0 : 1)]!++;
  }
  for (const p of w.investors.pipeline) {
    if (p.next >= p.capex.length || w.month < p.earliest || committed[p.investor] === 1) continue;
    if (inFlight[p.investor]! >= inv.maxInFlight) continue;
    const c = p.country;
    const st = p.kind === FacilityKind.mine ? 0 : 1;
    const j = p.next;
    const expected =
      p.kind === FacilityKind.integrated
        ? w.investors.expectedUsdPerKg[c * 2 + 1]! + w.investors.expectedUsdPerKg[c * 2]! / w.scenario.market.recovery
        : w.investors.expectedUsdPerKg[c * 2 + st]!;
    if (Number.isNaN(worstOf[c * 2 + st])) {
      const d = downside(w, c, st);
      worstOf[c * 2 + st] = d.worst;
      volOf[c * 2 + st] = d.vol;
    }
    // An integrated project with its own mining cost bears its own revenue's risk, the refined price less that cost;
    // without one its ore is valued at the concentrate price, and its risk is the refining margin's (MODEL.md §4.3).
    const ownMine = p.kind === FacilityKind.integrated && p.mineCostUsdPerKg === p.mineCostUsdPerKg;
    const risk = ownMine
      ? ownRevenueRisk(w, c, p.mineCostUsdPerKg)
      : { worst: worstOf[c * 2 + st]!, vol: volOf[c * 2 + st]! };
    let worst =
      p.kind === FacilityKind.integrated && !ownMine
        ? risk.worst + w.investors.expectedUsdPerKg[c * 2]! / w.scenario.market.recovery
        : risk.worst;
    const project = { country: c, kind: p.kind, capacityTpy: p.capacityTpy, lifeYears: inv.lifeYears };
    const defence = defendDownside(w, project, worst, imports[st]!);
    worst = defence.downsideUsdPerKg;
    const price = (1 - inv.downsideWeight) * expected + inv.downsideWeight * worst;
    // No discount rate can make a project pay whose expected netback does not cover its cash cost.
    if (price <= p.cost[j]!) continue;
    const scar = c === w.countries.dominant && p.owner === Owner.state ? 0 : w.investors.scar[c * 2 + st]!;
    const rate = inv.baseRate + inv.volatilityWeight * risk.vol + scar;
    const value = npv(
      price,
      p.cost[j]!,
      p.capacityTpy,
      p.fixedCostMusd,
      p.capex[j]!,
      p.lead[j]!,
      inv.lifeYears,
      rate,
      p.investor,
    );
    if (value <= 0) continue;
    const { f, id } = p.site >= 0 ? reopenSite(w, p) : buildSite(w, p, j);
    w.facilities.state[f] = FacilityState.construction;
    w.facilities.stateEndsMonth[f] = w.month + p.lead[j]!;
    // Project finance includes working capital: 10% of capex in cash, to carry the plant through its ramp-up.
    w.facilities.cashMusd[f] = 0.1 * p.capex[j]!;
    p.next++;
    committed[p.investor] = 1;
    inFlight[p.investor]!++;
    emit(
      w,
      'project',
      id,
      c,
      `NPV ${fmt(value)} M$ > 0 at an expected netback of $${fmt(expected)}/kg (downside $${fmt(worst)}/kg${defence.instrument ? `, floor defended by the ${defence.instrument} at ${(defence.coverage >= 1 ? 100 : defence.coverage * 100).toFixed(0)}% × credibility ${w.scenario.zone!.policyCredibility}` : ''}) against a cash cost of $${fmt(p.cost[j]!)}/kg, discounted at ${(rate * 100).toFixed(1)}% (risk premium ${((rate - inv.baseRate) * 100).toFixed(1)} pts, scar ${(scar * 100).toFixed(1)}): ${p.capacityTpy} t/yr committed${p.site >= 0 ? ' (a brownfield restart of the closed site)' : ''}, online in ${p.lead[j]} months.`,
      '4.3 invest',
    );
  }
}

/** Adds a new facility for project j of a greenfield pipeline entry. */
function buildSite(w: World, p: PipelineEntry, j: number): { f: number; id: string } {
  const c = p.country;
  const id = `${w.countries.codes[c]}-${['mine', 'refine', 'integrated'][p.kind]}-${w.investors.pipeline.indexOf(p) + 1}-${j + 1}`;
  const f = addFacility(w, id, `${p.name}${p.capex.length > 1 ? ` #${j + 1}` : ''}`, c, p.kind, p.owner);
  w.facilities.capacityTpy[f] = p.capacityTpy;
  w.facilities.cashCostUsdPerKg[f] = p.cost[j]!;
  w.facilities.fixedCostMusdPerYr[f] = p.fixedCostMusd;
  w.facilities.recovery[f] = w.scenario.market.recovery;
  w.facilities.rampMonths[f] = w.scenario.facilityRules.rampMonths;
  return { f, id };
}

/** Brings a closed site back under a new (private) owner: same plant, counters reset, closure cleared. */
function reopenSite(w: World, p: PipelineEntry): { f: number; id: string } {
  const f = p.site;
  const x = w.facilities;
  x.owner[f] = p.owner;
  x.closedMonth[f] = -1;
  x.monthsBelow[f] = x.monthsAbove[f] = x.idleSpellMonths[f] = x.restartMonth[f] = x.outageMonths[f] = 0;
  return { f, id: x.id[f]! };
}

/**
 * Puts a closed site's restart in its country's pipeline as a brownfield project (MODEL.md §4.2), with
 * `brownfieldRestarts`: its own capacity, cash cost and fixed cost; a lead time of `brownfieldLeadShare` and a capex of
 * `brownfieldCapexShare` × those of a new project of its size — the count-weighted mean lead and capex per t/yr of the
 * scenario's pipeline entries of its kind (of any kind when none is of its kind). Without any pipeline entry there is
 * no new project to compare with, and no restart. Returns the lead time in months, or 0 when no entry was added.
 */
export function addBrownfield(w: World, f: number): number {
  const rules = w.scenario.facilityRules;
  if (!rules.brownfieldRestarts) return 0;
  const kinds = ['mine', 'refine', 'integrated'] as const;
  const x = w.facilities;
  const kind = x.kind[f]! as FacilityKindCode;
  const all = w.scenario.pipeline;
  const same = all.filter((q) => q.stage === kinds[kind]);
  const basis = same.length ? same : all;
  let capex = 0;
  let tpy = 0;
  let lead = 0;
  let n = 0;
  for (const q of basis) {
    capex += q.capexMusd * q.count;
    tpy += q.capacityTpy * q.count;
    lead += q.leadMonths * q.count;
    n += q.count;
  }
  if (!(tpy > 0) || n === 0) return 0;
  const c = x.country[f]!;
  const months = Math.max(1, Math.round((rules.brownfieldLeadShare * lead) / n));
  w.investors.pipeline.push({
    country: c,
    kind,
    investor: c * 2 + (kind === FacilityKind.mine ? 0 : 1),
    capacityTpy: x.capacityTpy[f]!,
    fixedCostMusd: x.fixedCostMusdPerYr[f]!,
    owner: Owner.private,
    earliest: w.month + 1,
    name: `${x.name[f]} (restart)`,
    capex: Float64Array.of((rules.brownfieldCapexShare * capex * x.capacityTpy[f]!) / tpy),
    cost: Float64Array.of(x.cashCostUsdPerKg[f]!),
    lead: Int32Array.of(months),
    next: 0,
    site: f,
    mineCostUsdPerKg:
      x.mineCashCostUsdPerKg[f]! > 0 ? x.mineCashCostUsdPerKg[f]! / w.scenario.market.recovery : Number.NaN,
  });
  return months;
}

/**
 * npv's pows by slot (an investor): the monthly rate (3 · slot), the annuity's (3 · slot + 1) and the lead time's
 * discount (3 · slot + 2), the same from one project to the next and from month to month while the rate stands still.
 */
const npvMemo = new PowMemo();

/**
 * Returns a project's NPV, M$: capex now, then (price − cash cost) × capacity − fixed cost each month for `lifeYears`
 * after `leadMonths`, discounted at `rate` per year (monthly compounding). With a `slot` (≥ 0; the investor), its
 * pows are remembered there (npvMemo).
 */
export function npv(
  price: number,
  cost: number,
  capTpy: number,
  fixedMusd: number,
  capex: number,
  lead: number,
  lifeYears: number,
  rate: number,
  slot = -1,
): number {
  const monthly = ((price - cost) * capTpy) / 12 / 1000 - fixedMusd / 12;
  const r = npvPow(slot, 0, 1 + rate, 1 / 12) - 1;
  const n = lifeYears * 12;
  const annuity = r > 0 ? (1 - npvPow(slot, 1, 1 + r, -n)) / r : n;
  return -capex + monthly * annuity * npvPow(slot, 2, 1 + r, -lead);
}

/** npv's k-th pow x^y, remembered in `slot`'s entries of npvMemo (none for a slot below 0). */
function npvPow(slot: number, k: number, x: number, y: number): number {
  return slot >= 0 ? npvMemo.pow(3 * slot + k, x, y) : dPow(x, y);
}
