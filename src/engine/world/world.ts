/**
 * The world: every agent kind as its own rows of typed-array columns (docs/ARCHITECTURE.md "Agents are rows"), with
 * units in the field names. Countries, facilities and investors are indices; string ids are mapped once, here.
 * `createWorld` builds it from a validated scenario.
 */
import { exp as dExp } from '../../lib/dmath.ts';
import type { RunEvent } from '../../results/contract.ts';
import { monthIndex } from '../../scenario/months.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { FacilityKind, type FacilityKindCode, FacilityState, Owner, type OwnerCode } from './codes.ts';
import { type Countries, createCountries } from './country-columns.ts';
import { type Facilities, addFacilityRow, createFacilities } from './facility-columns.ts';
import type { Investors } from './investor-state.ts';
import type { MonthOutcome } from './month-outcome.ts';
import type { Policies } from './policy-state.ts';
import { drawNormal, openStream } from './rng.ts';
import { type Stocks, createStocks } from './stock-state.ts';
import type { Strategist } from './strategist-state.ts';
import type { ZoneState } from './zone-state.ts';
import { row } from '../../lib/row.ts';

/**
 * The starting 0 of a field that will hold fractions (money, tonnes, gaps). V8 types an object's field by the first
 * value stored in it: a field created holding the integer 0 becomes a small-integer field, and the first fraction
 * stored there later gives every such object a new hidden class, which throws away the optimised code of each function
 * that had seen one. In an ensemble worker that happened in whichever run first met, say, a processing gap: about 20
 * functions deoptimised and compiled again, mid-sweep. −0 is a float to V8 and 0 to arithmetic (−0 + x is x, −0 >= 0);
 * most of these fields are reset to +0 each month before they are read, and a −0 that reaches a result prints as 0 in
 * the CSV files and hashes as 0 (result-hash.ts).
 */
const FLOAT_ZERO = -0;

/** The whole simulation state, by agent kind. */
export interface World {
  scenario: Scenario;
  seed: number;
  /** Horizon, months. */
  months: number;
  /** Current month index. */
  month: number;
  events: RunEvent[];
  countries: Countries;
  facilities: Facilities;
  investors: Investors;
  strategist: Strategist;
  zone: ZoneState;
  /** Commercial stocks by country and stage (MODEL.md §4.8). */
  stocks: Stocks;
  policies: Policies;
  outcome: MonthOutcome;
}

/** Builds the initial world from a validated scenario; `months` may shorten or lengthen the horizon. */
export function createWorld(s: Scenario, seed: number, months: number): World {
  const countries = createCountries(s, seed);
  const C = countries.count;
  const ci = (code: string) => countries.index.get(code)!;
  const nPipeline = s.pipeline.reduce((n, p) => n + p.count, 0);
  const r = s.market.referencePrice;
  const memoryMonths = s.investors.memoryYears * 12;

  const investors: Investors = row({
    expectedUsdPerKg: new Float64Array(C * 2),
    variance: new Float64Array(C * 2),
    historyUsdPerKg: new Float64Array(memoryMonths * C * 2),
    memoryMonths,
    scar: new Float64Array(C * 2),
    pipeline: [],
  });
  for (let c = 0; c < C; c++) {
    investors.expectedUsdPerKg[c * 2] = r.mine;
    investors.expectedUsdPerKg[c * 2 + 1] = r.refine - r.mine / s.market.recovery;
  }
  for (let k = 0; k < memoryMonths; k++) {
    for (let c = 0; c < C; c++) {
      investors.historyUsdPerKg[(k * C + c) * 2] = investors.expectedUsdPerKg[c * 2]!;
      investors.historyUsdPerKg[(k * C + c) * 2 + 1] = investors.expectedUsdPerKg[c * 2 + 1]!;
    }
  }

  // Each country's use per stage at the start, which sizes its commercial stocks: refined demand at the reference
  // price; concentrate fed to its operating refineries at capacity.
  const useTpm = new Float64Array(C * 2);
  for (let c = 0; c < C; c++) useTpm[c * 2 + 1] = countries.demandBaseTpm[c]!;
  for (const f of s.facilities) {
    if (f.stage === 'refine' && f.state === 'operating')
      useTpm[ci(f.country) * 2]! += f.capacityTpy / 12 / (f.recovery ?? s.market.recovery);
  }

  const w: World = row({
    scenario: s,
    seed,
    months,
    month: 0,
    events: [],
    countries,
    facilities: createFacilities(s.facilities.length + nPipeline),
    investors,
    strategist: row({
      mode: 0,
      modeBeforeRestrict: 0,
      poolOutputT: new Float64Array(2),
      lowRivalMonths: 0,
      exportAskUsdPerKg: Float64Array.of(r.mine, r.refine),
      domesticAskUsdPerKg: Float64Array.of(r.mine, r.refine),
      homeLowestAskUsdPerKg: new Float64Array(2),
      homeFeedUsdPerKg: r.mine,
      levyCaptureUsdPerKg: new Float64Array(C * 2),
      preFloodAskUsdPerKg: new Float64Array(2),
      supportLeftMusd: s.dominant?.supportBudgetMusd ?? 0,
      supportMonthMusd: FLOAT_ZERO,
      preZoneExportsT: new Float64Array(C * 2).fill(NaN),
      retaliationRecentT: new Float64Array(C * 2),
      retaliationBasisT: new Float64Array(C * 2),
      retaliationVoidLogged: false,
      retaliationFirstMonth: -1,
      retaliationUntil: -1,
      retaliationLiftedMonth: -1,
      floodStartMonth: -1,
      floodCostMusd: FLOAT_ZERO,
      floodLowRivalTpy: Infinity,
      floodLowMonth: -1,
      floodRetired: false,
    }),
    zone: row({
      floorUsdPerKg: Float64Array.of(s.zone?.floor.mine ?? NaN, s.zone?.floor.refine ?? NaN),
      nextReview: 0,
      budgetLeftMusd: s.zone?.budgetMusd ?? 0,
      stockT: s.zone?.stockpile?.initialT ?? 0,
      trqUsedT: new Float64Array(C),
      stockBudgetLeftMusd: s.zone?.stockpile?.budgetMusd ?? 0,
      stockCountry: -1,
      stockBookMusd: FLOAT_ZERO,
      stockRationT: FLOAT_ZERO,
      stockBuying: false,
      stockReleasing: false,
      disruptionUntil: -1,
      cfdStartMonth: new Int32Array(0),
      cfdReferenceUsdPerKg: Float64Array.of(NaN, NaN),
      cfdMemberShare: new Float64Array(C * 2).fill(NaN),
      cfdMemberT: new Float64Array(0),
      cfdMarketPriceUsdPerKg: new Float64Array(0),
      cfdPayerShare: new Float64Array(C),
    }),
    stocks: createStocks(s, useTpm),
    policies: row({ restrictions: [], tariffs: [], forcedMode: -1 }),
    outcome: row({
      priceUsdPerKg: new Float64Array(C * 2),
      productionT: new Float64Array(C * 2),
      consumptionT: new Float64Array(C * 2),
      importsT: new Float64Array(C * 2),
      exportsT: new Float64Array(C * 2),
      unmetT: new Float64Array(C),
      ownFeedT: new Float64Array(C),
      recyclingT: new Float64Array(C),
      stockChangeT: new Float64Array(C * 2),
      stockNetT: FLOAT_ZERO,
      processingGap: FLOAT_ZERO,
      reexportT: new Float64Array(2),
      spendMusd: new Float64Array(C),
      tariffRevenueMusd: FLOAT_ZERO,
      tariffRevenueMemberMusd: FLOAT_ZERO,
      cfdOutlayMusd: FLOAT_ZERO,
      cfdPaybackMusd: FLOAT_ZERO,
      stockSpendMusd: FLOAT_ZERO,
      stockSalesMusd: FLOAT_ZERO,
      curveGap: FLOAT_ZERO,
      curveGapCountry: -1,
      fobGap: FLOAT_ZERO,
      clearings: 0,
      flows: row({
        n: 0,
        stage: [],
        from: [],
        to: [],
        origin: [],
        tonnes: [],
        value: [],
        tariff: [],
        sellerValue: [],
        transport: [],
        rent: [],
        contract: [],
      }),
      accounts: row({
        consumerSurplusMusd: new Float64Array(C),
        producerSurplusMusd: new Float64Array(C),
        governmentMusd: new Float64Array(C),
        lostProductionMusd: new Float64Array(C),
        levyMusd: FLOAT_ZERO,
        exportRentMusd: FLOAT_ZERO,
        quotaRentMusd: FLOAT_ZERO,
        transportMusd: FLOAT_ZERO,
        stockHoldingMusd: FLOAT_ZERO,
        stockpileHoldingMusd: FLOAT_ZERO,
        cfdPaidMusd: new Float64Array(C * 2),
        cfdReceivedMusd: new Float64Array(C * 2),
        dominantPayoffMusd: FLOAT_ZERO,
        paidMusd: FLOAT_ZERO,
        receivedMusd: FLOAT_ZERO,
      }),
    }),
  });

  const fac = w.facilities;
  for (const f of s.facilities) {
    const i = addFacility(w, f.id, f.name, ci(f.country), FacilityKind[f.stage], Owner[f.owner]);
    fac.capacityTpy[i] = f.capacityTpy;
    fac.cashCostUsdPerKg[i] = f.cashCost;
    fac.fixedCostMusdPerYr[i] = f.fixedCostMusd;
    fac.cashMusd[i] = f.cashMusd;
    fac.recovery[i] = f.recovery ?? s.market.recovery;
    if (f.mineCapacityTpy !== undefined && f.capacityTpy > 0) {
      fac.mineRatio[i] = (f.mineCapacityTpy * fac.recovery[i]!) / f.capacityTpy;
      fac.mineCashCostUsdPerKg[i] = f.mineCashCost ?? 0;
    }
    fac.rampMonths[i] = f.rampMonths ?? s.facilityRules.rampMonths;
    const state = f.state;
    if (state === 'operating') fac.state[i] = FacilityState.operating;
    else if (state === 'idle') fac.state[i] = FacilityState.idle;
    else if (state === 'closed') {
      fac.state[i] = FacilityState.closed;
      fac.closedMonth[i] = -1;
    } else {
      fac.state[i] = FacilityState.construction;
      fac.stateEndsMonth[i] = f.online ? Math.max(0, monthIndex(s.start, f.online)) : 0;
    }
  }

  s.pipeline.forEach((p, k) => {
    const stream = openStream(seed, `project:${k}`);
    const spread = s.investors.costSpread;
    const capex = new Float64Array(p.count);
    const cost = new Float64Array(p.count);
    const lead = new Int32Array(p.count);
    for (let j = 0; j < p.count; j++) {
      capex[j] = p.capexMusd * dExp(spread * drawNormal(stream));
      cost[j] = p.cashCost * dExp(spread * drawNormal(stream));
      lead[j] = Math.max(1, Math.round(p.leadMonths * dExp(spread * drawNormal(stream))));
    }
    const kind = FacilityKind[p.stage];
    const country = ci(p.country);
    w.investors.pipeline.push({
      country,
      kind,
      investor: country * 2 + (kind === FacilityKind.mine ? 0 : 1),
      capacityTpy: p.capacityTpy,
      fixedCostMusd: p.fixedCostMusd,
      owner: Owner[p.owner],
      earliest: p.earliest ? monthIndex(s.start, p.earliest) : 0,
      name: p.name ?? `${p.country} ${p.stage} project ${k + 1}`,
      capex,
      cost,
      lead,
      next: 0,
      site: -1,
      mineCostUsdPerKg: p.mineCashCost === undefined ? NaN : p.mineCashCost / s.market.recovery,
    });
  });

  w.zone.cfdStartMonth = new Int32Array(w.facilities.max).fill(-1);
  w.zone.cfdMemberT = new Float64Array(w.facilities.max);
  w.zone.cfdMarketPriceUsdPerKg = new Float64Array(w.facilities.max).fill(NaN);
  if (s.zone?.stockpile) {
    const sp = s.zone.stockpile;
    const first = s.countries.findIndex((c) => c.role === 'member' && !c.joins);
    w.zone.stockCountry = sp.country
      ? ci(sp.country)
      : first >= 0
        ? first
        : s.countries.findIndex((c) => c.role === 'member');
    // The initial stock is booked at the buy price, as if it had been bought at it.
    const buy = sp.buyBelow ?? s.zone.floor.refine ?? s.market.referencePrice.refine;
    w.zone.stockBookMusd = (sp.initialT * buy) / 1000;
  }
  return w;
}

/** Appends a facility row and opens its random stream; returns its index. */
export function addFacility(
  w: World,
  id: string,
  name: string,
  country: number,
  kind: FacilityKindCode,
  owner: OwnerCode,
): number {
  return addFacilityRow(w.facilities, w.seed, { id, name, country, kind, owner });
}

/** Returns true when the facility is run by the dominant supplier's strategist (state-owned, in the dominant country, while its support lasts). */
export const isStrategist = (w: World, f: number): boolean =>
  w.facilities.owner[f] === Owner.state &&
  w.facilities.country[f] === w.countries.dominant &&
  w.strategist.supportLeftMusd > 0;

/** Records an event. */
export function emit(w: World, type: RunEvent['type'], agent: string, country: number, detail: string, rule: string) {
  w.events.push({
    month: w.month,
    type,
    agent,
    country: country >= 0 ? w.countries.codes[country]! : '',
    detail,
    rule,
  });
}

export type { Countries } from './country-columns.ts';
export { type Facilities, costOrder, producesStage } from './facility-columns.ts';
export type { Investors, PipelineEntry } from './investor-state.ts';
export type { MonthAccounts, MonthFlows, MonthOutcome } from './month-outcome.ts';
export type { Policies, Restriction, TariffRule } from './policy-state.ts';
export type { Strategist } from './strategist-state.ts';
export type { ZoneState } from './zone-state.ts';
export { FacilityKind, FacilityState, Mode, Owner, Role, Stage } from './codes.ts';
export type { FacilityKindCode, FacilityStateCode, ModeCode, OwnerCode, RoleCode, StageCode } from './codes.ts';
