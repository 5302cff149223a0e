/**
 * Step "record": copies the month's outcome into the run's typed-array columns (layouts in results.ts) and computes
 * the bloc aggregates of `monthly.csv` (MODEL.md §7).
 *
 * Bloc prices are weighted by the quantity buyers in the bloc bought (refined consumption; concentrate feed); when
 * nobody in the bloc bought anything, the plain mean of its countries' prices; empty when it has none.
 * `dominant_share_refine_member` is the share of refined product delivered to members that came from the dominant country.
 */
import { BLOCS, FACILITY_STATES, MODES, type RunBuffers, monthlyColumnNames } from '../results/contract.ts';
import {
  KIND_INTEGRATED,
  KIND_MINE,
  S_CLOSED,
  S_CONSTRUCTION,
  S_IDLE,
  S_OPERATING,
  S_RAMP,
  type World,
} from './world/world.ts';

const STAGES = ['mine', 'refine'];

/** Growable flow columns. */
interface FlowColumns {
  n: number;
  month: Int32Array;
  stage: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  tonnes: Float64Array;
  value: Float64Array;
  tariff: Float64Array;
}

/** Collects every month's numbers; `finish` trims them into RunBuffers. */
export class Recorder {
  readonly columns = monthlyColumnNames();
  private readonly col = new Map(this.columns.map((c, i) => [c, i]));
  readonly monthly: Float64Array;
  readonly mode: Uint8Array;
  readonly membership: Uint8Array;
  readonly floor: Float64Array;
  readonly cs: Record<'price' | 'production' | 'consumption' | 'imports' | 'exports' | 'unmet', Float64Array>;
  private readonly facState: Uint8Array;
  private readonly facCapacity: Float32Array;
  private readonly facCost: Float32Array;
  private readonly facOutput: Float32Array;
  private flows: FlowColumns;

  constructor(private readonly w: World) {
    const M = w.months;
    this.monthly = new Float64Array(M * this.columns.length).fill(NaN);
    this.mode = new Uint8Array(M);
    this.membership = new Uint8Array(M * w.C);
    this.floor = new Float64Array(M * 2);
    const n = M * w.C * 2;
    this.cs = {
      price: new Float64Array(n),
      production: new Float64Array(n),
      consumption: new Float64Array(n),
      imports: new Float64Array(n),
      exports: new Float64Array(n),
      unmet: new Float64Array(n),
    };
    this.facState = new Uint8Array(M * w.Fmax);
    this.facCapacity = new Float32Array(M * w.Fmax);
    this.facCost = new Float32Array(M * w.Fmax);
    this.facOutput = new Float32Array(M * w.Fmax);
    this.flows = newFlows(1024);
  }

  /** Column indices of the per-bloc families, resolved once: [stage][bloc] or [bloc]. */
  private readonly iPrice = STAGES.map((st) => BLOCS.map((b) => this.col.get(`price_${st}_${b}`)!));
  private readonly iProd = STAGES.map((st) => BLOCS.map((b) => this.col.get(`production_${st}_${b}`)!));
  private readonly iCons = BLOCS.map((b) => this.col.get(`consumption_refine_${b}`)!);
  private readonly iUnmet = BLOCS.map((b) => this.col.get(`unmet_refine_${b}`)!);
  private readonly iSpend = BLOCS.map((b) => this.col.get(`consumer_cost_${b}_musd`)!);
  private readonly iCap = ['operating', 'idle', 'closed', 'building'].map((k) =>
    STAGES.map((st) => BLOCS.map((b) => this.col.get(`capacity_${k}_${st}_${b}`)!)),
  );

  private set(m: number, name: string, v: number): void {
    this.monthly[m * this.columns.length + this.col.get(name)!] = v;
  }

  private setAt(m: number, i: number, v: number): void {
    this.monthly[m * this.columns.length + i] = v;
  }

  /** Records the current month of the world. */
  record(): void {
    const w = this.w;
    const m = w.m;
    const C = w.C;
    this.mode[m] = w.mode;
    this.membership.set(w.member, m * C);
    this.floor[m * 2] = w.floor[0]!;
    this.floor[m * 2 + 1] = w.floor[1]!;
    const base = m * C * 2;
    this.cs.price.set(w.price, base);
    this.cs.production.set(w.prod, base);
    this.cs.consumption.set(w.cons, base);
    this.cs.imports.set(w.imp, base);
    this.cs.exports.set(w.exp, base);
    for (let c = 0; c < C; c++) this.cs.unmet[base + c * 2 + 1] = w.unmet[c]!;
    const fb = m * w.Fmax;
    for (let f = 0; f < w.F; f++) {
      this.facState[fb + f] = w.fState[f]!;
      this.facCapacity[fb + f] = w.fAvail[f]!;
      this.facCost[fb + f] = w.fUnitCost[f]! > 0 ? w.fUnitCost[f]! : w.fCost[f]!;
      this.facOutput[fb + f] = w.fOutput[f]!;
    }
    this.recordFlows();
    this.recordBlocs();
  }

  private bloc(c: number): number {
    const w = this.w;
    return c === w.dominant ? 0 : w.member[c] ? 1 : 2;
  }

  private readonly capSums = new Float64Array(4 * 2 * 4);
  /** Per-bloc accumulators, reused every month. */
  private readonly acc = Array.from({ length: 8 }, () => new Float64Array(4));

  private recordBlocs(): void {
    const w = this.w;
    const m = w.m;
    for (const a of this.acc) a.fill(0);
    const [num, den, plain, count, prod, cons, unmet, spend] = this.acc as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (let st = 0; st < 2; st++) {
      num.fill(0);
      den.fill(0);
      plain.fill(0);
      count.fill(0);
      prod.fill(0);
      for (let c = 0; c < w.C; c++) {
        const p = w.price[c * 2 + st]!;
        const q = w.cons[c * 2 + st]!;
        const made = w.prod[c * 2 + st]!;
        for (let pass = 0; pass < 2; pass++) {
          const b = pass === 0 ? this.bloc(c) : 3;
          prod[b]! += made;
          if (p !== p) continue;
          num[b]! += p * q;
          den[b]! += q;
          plain[b]! += p;
          count[b]!++;
        }
      }
      BLOCS.forEach((_, b) => {
        const price = den[b]! > 0 ? num[b]! / den[b]! : count[b]! > 0 ? plain[b]! / count[b]! : NaN;
        this.setAt(m, this.iPrice[st]![b]!, price);
        this.setAt(m, this.iProd[st]![b]!, prod[b]!);
      });
      this.set(m, `floor_${STAGES[st]}`, w.floor[st]!);
    }
    for (let c = 0; c < w.C; c++) {
      for (let pass = 0; pass < 2; pass++) {
        const b = pass === 0 ? this.bloc(c) : 3;
        cons[b]! += w.cons[c * 2 + 1]!;
        unmet[b]! += w.unmet[c]!;
        spend[b]! += w.spend[c]!;
      }
    }
    for (let b = 0; b < 4; b++) {
      this.setAt(m, this.iCons[b]!, cons[b]!);
      this.setAt(m, this.iUnmet[b]!, unmet[b]!);
      this.setAt(m, this.iSpend[b]!, spend[b]!);
    }
    this.recordCapacity();
    let worldMine = 0;
    let worldRefine = 0;
    let hhi = 0;
    for (let c = 0; c < w.C; c++) {
      worldMine += w.prod[c * 2]!;
      worldRefine += w.prod[c * 2 + 1]!;
    }
    for (let c = 0; c < w.C; c++)
      if (worldRefine > 0) {
        const share = w.prod[c * 2 + 1]! / worldRefine;
        hhi += share * share;
      }
    const d = w.dominant;
    this.set(m, 'dominant_share_mine_world', d >= 0 && worldMine > 0 ? w.prod[d * 2]! / worldMine : 0);
    this.set(m, 'dominant_share_refine_world', d >= 0 && worldRefine > 0 ? w.prod[d * 2 + 1]! / worldRefine : 0);
    let toMembers = 0;
    let fromDominant = 0;
    const fl = w.flows;
    for (let k = 0; k < fl.stage.length; k++) {
      if (fl.stage[k] !== 1 || !w.member[fl.to[k]!]) continue;
      toMembers += fl.tonnes[k]!;
      if (fl.from[k] === d) fromDominant += fl.tonnes[k]!;
    }
    this.set(m, 'dominant_share_refine_member', toMembers > 0 ? fromDominant / toMembers : NaN);
    this.set(m, 'hhi_refine', hhi);
    this.set(m, 'tariff_revenue_musd', w.tariffRevenue);
    this.set(m, 'tariff_revenue_member_musd', w.tariffRevenueMember);
    this.set(m, 'cfd_outlay_musd', w.cfdOutlay);
    this.set(m, 'stockpile_t', w.stockT);
    this.set(m, 'stockpile_spend_musd', w.stockSpend);
    this.set(m, 'stockpile_sales_musd', w.stockSales);
    this.set(m, 'state_support_musd', w.stateSupportMonth);
    let closures = 0;
    let commissionings = 0;
    for (let k = w.events.length - 1; k >= 0 && w.events[k]!.month === m; k--) {
      if (w.events[k]!.type === 'closed') closures++;
      if (w.events[k]!.type === 'commissioned') commissionings++;
    }
    this.set(m, 'closures', closures);
    this.set(m, 'commissionings', commissionings);
  }

  private recordCapacity(): void {
    const w = this.w;
    const sums = this.capSums.fill(0);
    for (let f = 0; f < w.F; f++) {
      const state = w.fState[f]!;
      const k =
        state === S_OPERATING || state === S_RAMP
          ? 0
          : state === S_IDLE
            ? 1
            : state === S_CLOSED
              ? 2
              : state === S_CONSTRUCTION
                ? 3
                : -1;
      if (k < 0) continue;
      const kind = w.fKind[f]!;
      for (let st = 0; st < 2; st++) {
        if (kind !== KIND_INTEGRATED && kind !== (st === 0 ? KIND_MINE : 1)) continue;
        sums[(k * 2 + st) * 4 + this.bloc(w.fCountry[f]!)]! += w.fCap[f]!;
        sums[(k * 2 + st) * 4 + 3]! += w.fCap[f]!;
      }
    }
    for (let k = 0; k < 4; k++) {
      for (let st = 0; st < 2; st++) {
        for (let b = 0; b < 4; b++) this.setAt(w.m, this.iCap[k]![st]![b]!, sums[(k * 2 + st) * 4 + b]!);
      }
    }
  }

  private recordFlows(): void {
    const w = this.w;
    const fl = w.flows;
    const need = this.flows.n + fl.stage.length;
    if (need > this.flows.month.length) this.flows = growFlows(this.flows, Math.max(need, this.flows.month.length * 2));
    const out = this.flows;
    for (let k = 0; k < fl.stage.length; k++) {
      const i = out.n++;
      out.month[i] = w.m;
      out.stage[i] = fl.stage[k]!;
      out.from[i] = fl.from[k]!;
      out.to[i] = fl.to[k]!;
      out.tonnes[i] = fl.tonnes[k]!;
      out.value[i] = fl.value[k]!;
      out.tariff[i] = fl.tariff[k]!;
    }
  }

  /** Trims the columns to the facilities and flows that exist and returns the run's buffers. */
  finish(): RunBuffers {
    const w = this.w;
    const M = w.months;
    const F = w.F;
    const trim = <T extends Uint8Array | Float32Array>(src: T, make: (n: number) => T): T => {
      const out = make(M * F);
      for (let m = 0; m < M; m++) out.set(src.subarray(m * w.Fmax, m * w.Fmax + F), m * F);
      return out;
    };
    const fl = this.flows;
    return {
      monthly: this.monthly,
      mode: this.mode,
      membership: this.membership,
      floor: this.floor,
      price: this.cs.price,
      production: this.cs.production,
      consumption: this.cs.consumption,
      imports: this.cs.imports,
      exports: this.cs.exports,
      unmet: this.cs.unmet,
      facState: trim(this.facState, (n) => new Uint8Array(n)),
      facCapacity: trim(this.facCapacity, (n) => new Float32Array(n)),
      facCost: trim(this.facCost, (n) => new Float32Array(n)),
      facOutput: trim(this.facOutput, (n) => new Float32Array(n)),
      facCapacityTpy: w.fCap.slice(0, F),
      facCashCost: w.fCost.slice(0, F),
      facCommissioned: w.fCommissioned.slice(0, F),
      facClosed: w.fClosed.slice(0, F),
      facIdleMonths: w.fIdleTotal.slice(0, F),
      facCashFinal: w.fCash.slice(0, F),
      flowMonth: fl.month.slice(0, fl.n),
      flowStage: fl.stage.slice(0, fl.n),
      flowFrom: fl.from.slice(0, fl.n),
      flowTo: fl.to.slice(0, fl.n),
      flowTonnes: fl.tonnes.slice(0, fl.n),
      flowValue: fl.value.slice(0, fl.n),
      flowTariff: fl.tariff.slice(0, fl.n),
    };
  }
}

function newFlows(n: number): FlowColumns {
  return {
    n: 0,
    month: new Int32Array(n),
    stage: new Uint8Array(n),
    from: new Int32Array(n),
    to: new Int32Array(n),
    tonnes: new Float64Array(n),
    value: new Float64Array(n),
    tariff: new Float64Array(n),
  };
}

function growFlows(old: FlowColumns, n: number): FlowColumns {
  const out = newFlows(n);
  out.n = old.n;
  out.month.set(old.month);
  out.stage.set(old.stage);
  out.from.set(old.from);
  out.to.set(old.to);
  out.tonnes.set(old.tonnes);
  out.value.set(old.value);
  out.tariff.set(old.tariff);
  return out;
}

export { FACILITY_STATES, MODES };
