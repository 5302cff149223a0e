/**
 * A small, hand-made RunResult in the documented layout of src/results/contract.ts, for view-model tests that must not
 * depend on the engine's numbers. Six countries, six facilities (one committed during the run), 60 months from 2025-01.
 */
import {
  FACILITY_STATES,
  type FacilityStateName,
  type RunEvent,
  type RunResult,
  csIndex,
  monthlyColumnNames,
} from '../../src/results/contract.ts';

export const FAKE_MONTHS = 60;

const countries: RunResult['meta']['countries'] = [
  { code: 'CHN', name: 'China', lat: 35, lon: 105, role: 'dominant' },
  { code: 'USA', name: 'United States', lat: 39, lon: -98, role: 'member' },
  { code: 'AUS', name: 'Australia', lat: -25, lon: 134, role: 'member' },
  { code: 'JPN', name: 'Japan', lat: 36, lon: 138, role: 'member' },
  { code: 'DEU', name: 'Germany', lat: 51, lon: 10, role: 'other' },
  { code: 'MYS', name: 'Malaysia', lat: 4, lon: 102, role: 'other' },
];

const facilities: RunResult['meta']['facilities'] = [
  { id: 'bayan-obo', name: 'Bayan Obo', country: 0, stage: 'mine', owner: 'state' },
  { id: 'baotou', name: 'Baotou refinery', country: 0, stage: 'refine', owner: 'state' },
  { id: 'mountain-pass', name: 'Mountain Pass', country: 1, stage: 'integrated', owner: 'private' },
  { id: 'mount-weld', name: 'Mount Weld', country: 2, stage: 'mine', owner: 'private' },
  { id: 'lamp', name: 'Lynas LAMP', country: 5, stage: 'refine', owner: 'private' },
  { id: 'aus-new-mine', name: 'New mine', country: 2, stage: 'mine', owner: 'private' },
];

/** Capacity t/yr and cash cost USD/kg of each facility. */
const CAP = [60_000, 50_000, 8_000, 12_000, 10_000, 6_000];
const COST = [20, 25, 52, 38, 45, 40];

function stateOf(f: number, m: number): FacilityStateName {
  if (f === 2) return m < 18 ? 'operating' : m < 30 ? 'idle' : 'closed';
  if (f === 5) return m < 30 ? 'project' : m < 40 ? 'construction' : m < 46 ? 'ramp-up' : 'operating';
  return 'operating';
}

/** Builds the fake result; `shift` moves the member price (to tell two runs apart). */
export function makeFakeResult(shift = 0): RunResult {
  const M = FAKE_MONTHS;
  const C = countries.length;
  const F = facilities.length;
  const cols = monthlyColumnNames();
  const monthly = new Float64Array(M * cols.length).fill(NaN);
  const setCol = (name: string, m: number, v: number) => (monthly[m * cols.length + cols.indexOf(name)] = v);
  const membership = new Uint8Array(M * C);
  const floor = new Float64Array(M * 2).fill(NaN);
  const cs = () => new Float64Array(M * C * 2);
  const [price, production, consumption, imports, exports, unmet] = [cs(), cs(), cs(), cs(), cs(), cs()];
  const facState = new Uint8Array(M * F);
  const facCapacity = new Float32Array(M * F);
  const facCost = new Float32Array(M * F);
  const facOutput = new Float32Array(M * F);
  const flows: number[][] = [];
  for (let m = 0; m < M; m++) {
    const memberPrice = 60 + 10 * Math.sin(m / 6) + shift;
    for (let c = 0; c < C; c++) {
      const member = c === 1 || c === 2 || (c === 3 && m >= 24);
      membership[m * C + c] = member ? 1 : 0;
      for (let s = 0; s < 2; s++) {
        const i = csIndex(C, m, c, s);
        price[i] = (member ? memberPrice : c === 0 ? 35 : 48) * (s === 0 ? 0.6 : 1);
        production[i] = c === 0 ? 5000 : 500;
        consumption[i] = s === 1 ? 800 : 0;
        imports[i] = c === 0 ? 0 : 600;
      }
    }
    floor[m * 2 + 1] = m >= 12 ? 60 : NaN;
    setCol('price_refine_member', m, memberPrice);
    setCol('price_refine_other', m, 48);
    setCol('price_refine_dominant', m, 35);
    setCol('price_mine_member', m, memberPrice * 0.6);
    if (m >= 12) setCol('floor_refine', m, 60);
    setCol('tariff_revenue_musd', m, m >= 12 ? 5 : 0);
    setCol('cfd_outlay_musd', m, 0);
    setCol('stockpile_spend_musd', m, m === 20 ? 100 : 0);
    setCol('state_support_musd', m, 2);
    setCol('consumer_cost_member_musd', m, 100 + shift);
    const states = ['operating', 'idle', 'building', 'closed'];
    for (const [k, v] of states.map((st, j) => [st, 1000 * (j + 1)] as const)) {
      for (const st of ['mine', 'refine'])
        for (const b of ['member', 'other']) setCol(`capacity_${k}_${st}_${b}`, m, v);
    }
    for (let f = 0; f < F; f++) {
      const i = m * F + f;
      const st = stateOf(f, m);
      facState[i] = FACILITY_STATES.indexOf(st);
      facCapacity[i] = st === 'operating' || st === 'ramp-up' ? CAP[f]! : st === 'idle' ? CAP[f]! : 0;
      facCost[i] = COST[f]!;
      facOutput[i] = st === 'operating' ? CAP[f]! / 12 : 0;
    }
    // [stage, from, to, tonnes]
    const routes = [
      [0, 3, 5, 900],
      [0, 1, 0, 400],
      [1, 0, 0, 3000],
      [1, 0, 1, 700],
      [1, 0, 3, 500],
      [1, 0, 4, 400],
      [1, 5, 1, 300],
      [1, 5, 3, 200],
      [1, 1, 1, 100],
    ];
    for (const [s, from, to, t] of routes) flows.push([m, s!, from!, to!, t!]);
  }
  const col = <T extends Int32Array | Uint8Array | Float64Array>(
    Ctor: new (n: number) => T,
    j: number,
    scale = (v: number) => v,
  ): T => {
    const a = new Ctor(flows.length);
    flows.forEach((row, i) => (a[i] = scale(row[j]!)));
    return a;
  };
  const events: RunEvent[] = [
    {
      month: 6,
      type: 'mode',
      agent: 'dominant',
      country: 'CHN',
      detail: 'Rivals held 31% > 25%: flood.',
      rule: '4.4 flood',
    },
    {
      month: 18,
      type: 'idle',
      agent: 'mountain-pass',
      country: 'USA',
      detail: 'Netback below cost for 3 months.',
      rule: '4.2 idle',
    },
    { month: 24, type: 'join', agent: 'JPN', country: 'JPN', detail: 'Japan joins the zone.', rule: '4.6 members' },
    {
      month: 30,
      type: 'closed',
      agent: 'mountain-pass',
      country: 'USA',
      detail: 'Idle for 12 months.',
      rule: '4.2 close',
    },
    {
      month: 30,
      type: 'project',
      agent: 'aus-new-mine',
      country: 'AUS',
      detail: 'NPV positive at 55 USD/kg.',
      rule: '4.3 commit',
    },
    {
      month: 40,
      type: 'restriction',
      agent: 'dominant',
      country: 'CHN',
      detail: 'Export ban to members.',
      rule: '4.4 restrict',
    },
  ];
  return {
    meta: {
      scenarioId: 'fake',
      title: 'Fake run',
      seed: 1,
      start: '2025-01',
      months: M,
      engineVersion: 'test',
      countries,
      facilities,
      monthlyColumns: cols,
    },
    buffers: {
      monthly,
      mode: new Uint8Array(M).map((_, m) => (m < 6 ? 0 : m < 40 ? 1 : 3)),
      membership,
      floor,
      price,
      production,
      consumption,
      imports,
      exports,
      unmet,
      ownFeed: cs(),
      recycling: cs(),
      stockChange: cs(),
      stock: cs(),
      cfdPaid: cs(),
      cfdReceived: cs(),
      facState,
      facCapacity,
      facCost,
      facOutput,
      facNetback: new Float32Array(M * F),
      facCapacityTpy: Float64Array.from(CAP),
      facCashCost: Float64Array.from(COST),
      facCommissioned: Int32Array.from([-1, -1, -1, -1, -1, 46]),
      facClosed: Int32Array.from([-1, -1, 30, -1, -1, -1]),
      facIdleMonths: Int32Array.from([0, 0, 12, 0, 0, 0]),
      facCashFinal: new Float64Array(F),
      flowMonth: col(Int32Array, 0),
      flowStage: col(Uint8Array, 1),
      flowFrom: col(Int32Array, 2),
      flowTo: col(Int32Array, 3),
      flowOrigin: col(Int32Array, 2),
      flowTonnes: col(Float64Array, 4),
      flowValue: col(Float64Array, 4, (t) => t * 0.05),
      flowTariff: col(Float64Array, 4, () => 0),
      flowSellerValue: col(Float64Array, 4, (t) => t * 0.045),
      flowTransport: col(Float64Array, 4, (t) => t * 0.001),
      flowRent: col(Float64Array, 4, (t) => t * 0.004),
      flowContract: col(Int32Array, 4, () => -1),
    },
    events,
    kpis: {},
    resultHash: `fake-${shift}`,
  };
}
