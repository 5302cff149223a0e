/**
 * The world: every agent as rows in typed-array columns (STYLE.md principle 4). Countries, facilities and investors are
 * indices; string ids are mapped once, here. `createWorld` builds it from a validated scenario.
 */
import { exp as dExp } from '../../lib/dmath.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { monthIndex } from '../../scenario/months.ts';
import type { RunEvent } from '../../results/contract.ts';
import { distanceKm } from './geo.ts';
import { type Stream, drawNormal, openStream } from './rng.ts';

/** Facility kinds, coded in `fKind`. */
export const KIND_MINE = 0;
export const KIND_REFINE = 1;
export const KIND_INTEGRATED = 2;
/** Facility states, coded in `fState` as indices of FACILITY_STATES. */
export const S_PROJECT = 0;
export const S_CONSTRUCTION = 1;
export const S_RAMP = 2;
export const S_OPERATING = 3;
export const S_IDLE = 4;
export const S_CLOSED = 5;
/** Country roles, coded in `role`. */
export const ROLE_DOMINANT = 0;
export const ROLE_MEMBER = 1;
export const ROLE_OTHER = 2;
/** Strategist modes, indices of MODES. */
export const MODE_COMPETE = 0;
export const MODE_FLOOD = 1;
export const MODE_HARVEST = 2;
export const MODE_RESTRICT = 3;

/** An export restriction in force: total exports of `stage` from `exporter` to `dest` limited to `quotaT` per month. */
export interface Restriction {
  exporter: number;
  stage: number;
  dest: string;
  quotaT: number;
  until: number;
  source: 'event' | 'retaliation';
}

/** An import tariff in force on `exporter → importer` pairs (selectors resolved each month). */
export interface TariffRule {
  importer: string;
  exporter: string;
  stage: number;
  adValorem: number;
  perKg: number;
  until: number;
}

/** A pipeline entry with its pre-drawn projects. */
export interface PipelineEntry {
  country: number;
  kind: number;
  investor: number;
  capacityTpy: number;
  fixedCostMusd: number;
  owner: number;
  earliest: number;
  name: string;
  /** Pre-drawn parameters of each of its `count` projects (stream `project:<entry index>`). */
  capex: Float64Array;
  cost: Float64Array;
  lead: Int32Array;
  next: number;
}

/** The whole simulation state. Fields are grouped by agent; units in the comments. */
export interface World {
  s: Scenario;
  seed: number;
  months: number;
  /** Current month index. */
  m: number;
  events: RunEvent[];

  // Countries.
  C: number;
  codes: string[];
  countryIndex: Map<string, number>;
  role: Uint8Array;
  dominant: number;
  /** Zone membership this month. */
  member: Uint8Array;
  joinMonth: Int32Array;
  leaveMonth: Int32Array;
  /** [2 × C × C] per-kg transport cost, stage-major, USD/kg. */
  transport: Float64Array;
  demandBaseTpm: Float64Array;
  growth: Float64Array;
  epsShort: Float64Array;
  epsLong: Float64Array;
  substitution: Float64Array;
  demandNoise: Float64Array;
  demandShock: Float64Array;
  recyclingTpm: Float64Array;
  supportLeft: Float64Array;
  /** [C × 2] last month's price at each country and stage, USD/kg. */
  lastPrice: Float64Array;
  /** [12 × C] refined prices of the last 12 months (ring), for the substitution mean P̄. */
  priceRing: Float64Array;
  /** [C × 2] subsidies in force, USD/kg. */
  subsidy: Float64Array;
  /** [C × 2] export duties in force, ad valorem. */
  exportDuty: Float64Array;
  demandStreams: Stream[];
  /** [12 × C × C × 2] exports by month (ring), exporter, importer and stage, t: the base of cut-based quotas. */
  exportRing: Float64Array;
  /** Per ring slot, the indices of `exportRing` written in it, so reusing a slot zeroes only those. */
  exportRingWritten: number[][];

  // Facilities (capacity `Fmax`, `F` in use).
  F: number;
  Fmax: number;
  fId: string[];
  fName: string[];
  fCountry: Int32Array;
  fKind: Uint8Array;
  fOwner: Uint8Array;
  fCap: Float64Array;
  fCost: Float64Array;
  fFixed: Float64Array;
  fRecovery: Float64Array;
  fCash: Float64Array;
  fState: Uint8Array;
  fTimer: Int32Array;
  fRampMonths: Int32Array;
  fRestart: Int32Array;
  fOutage: Int32Array;
  fBelow: Int32Array;
  fAbove: Int32Array;
  fIdleSpell: Int32Array;
  fIdleTotal: Int32Array;
  fCommissioned: Int32Array;
  fClosed: Int32Array;
  /** This month: available capacity t/yr, concentrate fed t, feed price USD/kg, output t, netback USD/kg, unit cost USD/kg. */
  fAvail: Float64Array;
  fFeed: Float64Array;
  fFeedPrice: Float64Array;
  fOutput: Float64Array;
  fNetback: Float64Array;
  fUnitCost: Float64Array;
  fStreams: Stream[];

  // Investors: one per country and stage (index c * 2 + stage; integrated projects belong to refine).
  invExpect: Float64Array;
  /** [C × 2] EWMA of squared monthly log changes of the netback (half-life `expectationHalfLife`). */
  invVariance: Float64Array;
  /** [memoryMonths × C × 2] netback history (ring). */
  invHistory: Float64Array;
  memoryMonths: number;
  scar: Float64Array;
  pipeline: PipelineEntry[];

  // The dominant supplier's strategist.
  mode: number;
  /** The mode whose asks apply while exports are restricted (restrict is a quota on top of it). */
  modeBeforeRestrict: number;
  /** [2] tonnes the strategist's pool sold last month, per stage. */
  poolOutput: Float64Array;
  lowRivalMonths: number;
  /** [2] asks USD/kg: export and domestic, per stage. */
  exportAsk: Float64Array;
  domesticAsk: Float64Array;
  preFloodAsk: Float64Array;
  stateSupportLeft: number;
  stateSupportMonth: number;

  // The zone.
  floor: Float64Array;
  nextReview: number;
  zoneBudgetLeft: number;
  stockT: number;
  stockBudgetLeft: number;
  stockCountry: number;
  stockBuying: boolean;
  stockReleasing: boolean;
  disruptionUntil: number;

  // This month's outcome, per country and stage ([C × 2], index c * 2 + stage) unless noted.
  price: Float64Array;
  prod: Float64Array;
  cons: Float64Array;
  imp: Float64Array;
  exp: Float64Array;
  /** [C] refined demand not served, t. */
  unmet: Float64Array;
  /** [C] refined consumer spending, M$. */
  spend: Float64Array;
  tariffRevenue: number;
  tariffRevenueMember: number;
  cfdOutlay: number;
  stockSpend: number;
  stockSales: number;
  /** Flows of the month as parallel lists: stage, exporter, importer, t, M$ at the importer's price, M$ of tariff. */
  flows: { stage: number[]; from: number[]; to: number[]; tonnes: number[]; value: number[]; tariff: number[] };

  // Policies in force.
  restrictions: Restriction[];
  tariffs: TariffRule[];
  forcedMode: number;
}

const KINDS: Record<string, number> = { mine: KIND_MINE, refine: KIND_REFINE, integrated: KIND_INTEGRATED };

/** Builds the initial world from a validated scenario; `months` may shorten or lengthen the horizon. */
export function createWorld(s: Scenario, seed: number, months: number): World {
  const C = s.countries.length;
  const codes = s.countries.map((c) => c.code);
  const countryIndex = new Map(codes.map((c, i) => [c, i]));
  const ci = (code: string) => countryIndex.get(code)!;
  const role = Uint8Array.from(s.countries, (c) =>
    c.role === 'dominant' ? ROLE_DOMINANT : c.role === 'member' ? ROLE_MEMBER : ROLE_OTHER,
  );
  const joinMonth = Int32Array.from(s.countries, (c) => (c.joins ? monthIndex(s.start, c.joins) : -1_000_000));
  const leaveMonth = Int32Array.from(s.countries, (c) => (c.leaves ? monthIndex(s.start, c.leaves) : 1_000_000));
  const transport = new Float64Array(2 * C * C);
  const t = s.market.transport;
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      const ca = s.countries[a]!;
      const cb = s.countries[b]!;
      const cost =
        a === b ? 0 : t.baseUsdPerKg + (t.perThousandKmUsdPerKg * distanceKm(ca.lat, ca.lon, cb.lat, cb.lon)) / 1000;
      transport[a * C + b] = cost;
      transport[C * C + a * C + b] = cost;
    }
  }
  for (const o of t.overrides) {
    for (const st of o.stage ? [o.stage === 'mine' ? 0 : 1] : [0, 1]) {
      transport[st * C * C + ci(o.from) * C + ci(o.to)] = o.usdPerKg;
    }
  }

  const nPipeline = s.pipeline.reduce((n, p) => n + p.count, 0);
  const Fmax = s.facilities.length + nPipeline;
  const w: World = {
    s,
    seed,
    months,
    m: 0,
    events: [],
    C,
    codes,
    countryIndex,
    role,
    dominant: s.dominant ? ci(s.dominant.country) : -1,
    member: new Uint8Array(C),
    joinMonth,
    leaveMonth,
    transport,
    demandBaseTpm: Float64Array.from(s.countries, (c) => c.demandTpy / 12),
    growth: Float64Array.from(s.countries, (c) => c.growth),
    epsShort: Float64Array.from(s.countries, (c) => c.elasticityShort ?? s.market.elasticityShort),
    epsLong: Float64Array.from(s.countries, (c) => c.elasticityLong ?? s.market.elasticityLong),
    substitution: new Float64Array(C).fill(1),
    demandNoise: new Float64Array(C),
    demandShock: new Float64Array(C).fill(1),
    recyclingTpm: Float64Array.from(s.countries, (c) => c.recyclingTpy / 12),
    supportLeft: Float64Array.from(s.countries, (c) => c.support?.budgetMusd ?? 0),
    lastPrice: new Float64Array(C * 2),
    priceRing: new Float64Array(12 * C).fill(s.market.referencePrice.refine),
    subsidy: new Float64Array(C * 2),
    exportDuty: new Float64Array(C * 2),
    demandStreams: codes.map((c) => openStream(seed, `demand:${c}`)),
    exportRing: new Float64Array(12 * C * C * 2),
    exportRingWritten: Array.from({ length: 12 }, () => []),

    F: 0,
    Fmax,
    fId: [],
    fName: [],
    fCountry: new Int32Array(Fmax),
    fKind: new Uint8Array(Fmax),
    fOwner: new Uint8Array(Fmax),
    fCap: new Float64Array(Fmax),
    fCost: new Float64Array(Fmax),
    fFixed: new Float64Array(Fmax),
    fRecovery: new Float64Array(Fmax),
    fCash: new Float64Array(Fmax),
    fState: new Uint8Array(Fmax),
    fTimer: new Int32Array(Fmax),
    fRampMonths: new Int32Array(Fmax),
    fRestart: new Int32Array(Fmax),
    fOutage: new Int32Array(Fmax),
    fBelow: new Int32Array(Fmax),
    fAbove: new Int32Array(Fmax),
    fIdleSpell: new Int32Array(Fmax),
    fIdleTotal: new Int32Array(Fmax),
    fCommissioned: new Int32Array(Fmax).fill(-1),
    fClosed: new Int32Array(Fmax).fill(-1),
    fAvail: new Float64Array(Fmax),
    fFeed: new Float64Array(Fmax),
    fFeedPrice: new Float64Array(Fmax),
    fOutput: new Float64Array(Fmax),
    fNetback: new Float64Array(Fmax),
    fUnitCost: new Float64Array(Fmax),
    fStreams: [],

    invExpect: new Float64Array(C * 2),
    invVariance: new Float64Array(C * 2),
    invHistory: new Float64Array(s.investors.memoryYears * 12 * C * 2),
    memoryMonths: s.investors.memoryYears * 12,
    scar: new Float64Array(2),
    pipeline: [],

    mode: 0,
    modeBeforeRestrict: 0,
    poolOutput: new Float64Array(2),
    lowRivalMonths: 0,
    exportAsk: new Float64Array(2),
    domesticAsk: new Float64Array(2),
    preFloodAsk: new Float64Array(2),
    stateSupportLeft: s.dominant?.supportBudgetMusd ?? 0,
    stateSupportMonth: 0,

    floor: Float64Array.of(s.zone?.floor.mine ?? NaN, s.zone?.floor.refine ?? NaN),
    nextReview: 0,
    zoneBudgetLeft: s.zone?.budgetMusd ?? 0,
    stockT: s.zone?.stockpile?.initialT ?? 0,
    stockBudgetLeft: s.zone?.stockpile?.budgetMusd ?? 0,
    stockCountry: -1,
    stockBuying: false,
    stockReleasing: false,
    disruptionUntil: -1,

    price: new Float64Array(C * 2),
    prod: new Float64Array(C * 2),
    cons: new Float64Array(C * 2),
    imp: new Float64Array(C * 2),
    exp: new Float64Array(C * 2),
    unmet: new Float64Array(C),
    spend: new Float64Array(C),
    tariffRevenue: 0,
    tariffRevenueMember: 0,
    cfdOutlay: 0,
    stockSpend: 0,
    stockSales: 0,
    flows: { stage: [], from: [], to: [], tonnes: [], value: [], tariff: [] },

    restrictions: [],
    tariffs: [],
    forcedMode: -1,
  };

  const r = s.market.referencePrice;
  for (let c = 0; c < C; c++) {
    w.lastPrice[c * 2] = r.mine;
    w.lastPrice[c * 2 + 1] = r.refine;
    w.invExpect[c * 2] = r.mine;
    w.invExpect[c * 2 + 1] = r.refine - r.mine / s.market.recovery;
  }
  for (let k = 0; k < w.memoryMonths; k++) {
    for (let c = 0; c < C; c++) {
      w.invHistory[(k * C + c) * 2] = w.invExpect[c * 2]!;
      w.invHistory[(k * C + c) * 2 + 1] = w.invExpect[c * 2 + 1]!;
    }
  }
  w.exportAsk[0] = w.domesticAsk[0] = r.mine;
  w.exportAsk[1] = w.domesticAsk[1] = r.refine;

  for (const f of s.facilities) {
    const i = addFacility(w, f.id, f.name, ci(f.country), KINDS[f.stage]!, f.owner === 'state' ? 1 : 0);
    w.fCap[i] = f.capacityTpy;
    w.fCost[i] = f.cashCost;
    w.fFixed[i] = f.fixedCostMusd;
    w.fCash[i] = f.cashMusd;
    w.fRecovery[i] = f.recovery ?? s.market.recovery;
    w.fRampMonths[i] = f.rampMonths ?? s.facilityRules.rampMonths;
    const state = f.state;
    if (state === 'operating') w.fState[i] = S_OPERATING;
    else if (state === 'idle') w.fState[i] = S_IDLE;
    else if (state === 'closed') {
      w.fState[i] = S_CLOSED;
      w.fClosed[i] = -1;
    } else {
      w.fState[i] = S_CONSTRUCTION;
      w.fTimer[i] = f.online ? Math.max(0, monthIndex(s.start, f.online)) : 0;
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
    const kind = KINDS[p.stage]!;
    const country = ci(p.country);
    w.pipeline.push({
      country,
      kind,
      investor: country * 2 + (kind === KIND_MINE ? 0 : 1),
      capacityTpy: p.capacityTpy,
      fixedCostMusd: p.fixedCostMusd,
      owner: p.owner === 'state' ? 1 : 0,
      earliest: p.earliest ? monthIndex(s.start, p.earliest) : 0,
      name: p.name ?? `${p.country} ${p.stage} project ${k + 1}`,
      capex,
      cost,
      lead,
      next: 0,
    });
  });

  if (s.zone?.stockpile) {
    const sp = s.zone.stockpile;
    const first = s.countries.findIndex((c) => c.role === 'member' && !c.joins);
    w.stockCountry = sp.country
      ? ci(sp.country)
      : first >= 0
        ? first
        : s.countries.findIndex((c) => c.role === 'member');
  }
  return w;
}

/** Appends a facility row and opens its random stream; returns its index. */
export function addFacility(w: World, id: string, name: string, country: number, kind: number, owner: number): number {
  const i = w.F++;
  w.fId.push(id);
  w.fName.push(name);
  w.fCountry[i] = country;
  w.fKind[i] = kind;
  w.fOwner[i] = owner;
  w.fStreams.push(openStream(w.seed, `outage:${id}`));
  return i;
}

/** Returns true when facility `f` produces at stage `st` (0 mine, 1 refine); integrated facilities do both. */
export const producesStage = (w: World, f: number, st: number): boolean =>
  w.fKind[f] === KIND_INTEGRATED || w.fKind[f] === st;

/** Returns true when the facility is run by the dominant supplier's strategist (state-owned, in the dominant country, while its support lasts). */
export const isStrategist = (w: World, f: number): boolean =>
  w.fOwner[f] === 1 && w.fCountry[f] === w.dominant && w.stateSupportLeft > 0;

const orders = new WeakMap<World, { F: number; byStage: Int32Array[] }>();

/**
 * Returns the facilities of stage `st` (0: mines; 1: refineries and integrated plants) sorted by cash cost, then index.
 * Costs never change, so the order is cached until a facility is added.
 */
export function costOrder(w: World, st: number): Int32Array {
  let o = orders.get(w);
  if (!o || o.F !== w.F) {
    const byStage = [0, 1].map((stage) => {
      const list: number[] = [];
      for (let f = 0; f < w.F; f++) if (stage === 0 ? w.fKind[f] === KIND_MINE : w.fKind[f] !== KIND_MINE) list.push(f);
      return Int32Array.from(list.sort((a, b) => w.fCost[a]! - w.fCost[b]! || a - b));
    });
    o = { F: w.F, byStage };
    orders.set(w, o);
  }
  return o.byStage[st]!;
}

/** Records an event. */
export function emit(w: World, type: RunEvent['type'], agent: string, country: number, detail: string, rule: string) {
  w.events.push({ month: w.m, type, agent, country: country >= 0 ? w.codes[country]! : '', detail, rule });
}
