/**
 * Step "record": copies the month's outcome into the run's typed-array columns (layouts in results.ts) and computes
 * the bloc aggregates of `monthly.csv` (MODEL.md §7).
 *
 * Bloc prices are weighted by the quantity buyers in the bloc bought (refined consumption; concentrate feed); when
 * nobody in the bloc bought anything, the plain mean of its countries' prices; empty when it has none.
 * `dominant_share_refine_member` is the share of refined product delivered to members that came from the dominant country.
 */
import {
  BLOCS,
  type CountryStageBuffer,
  FACILITY_STATES,
  MODES,
  type RunBuffers,
  monthlyColumnNames,
} from '../results/contract.ts';
import { contractTotals } from './market/contracts.ts';
import { floorDefender } from './policy/floor-defence.ts';
import { FacilityKind, FacilityState, Mode, type World } from './world/world.ts';
import { row } from '../lib/row.ts';

const STAGES = ['mine', 'refine'];

/** Growable flow columns. */
interface FlowColumns {
  n: number;
  month: Int32Array;
  stage: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  origin: Int32Array;
  tonnes: Float64Array;
  value: Float64Array;
  tariff: Float64Array;
  sellerValue: Float64Array;
  transport: Float64Array;
  rent: Float64Array;
  contract: Int32Array;
}

/** Collects every month's numbers; `finish` trims them into RunBuffers. */
export class Recorder {
  readonly columns = monthlyColumnNames();
  private readonly col = new Map(this.columns.map((c, i) => [c, i]));
  readonly monthly: Float64Array;
  readonly mode: Uint8Array;
  readonly membership: Uint8Array;
  readonly floor: Float64Array;
  readonly cs: Record<CountryStageBuffer, Float64Array>;
  private readonly facState: Uint8Array;
  private readonly facCapacity: Float32Array;
  private readonly facCost: Float32Array;
  private readonly facOutput: Float32Array;
  private readonly facNetback: Float32Array;
  private flows: FlowColumns;

  constructor(private readonly w: World) {
    const M = w.months;
    this.monthly = new Float64Array(M * this.columns.length).fill(NaN);
    this.mode = new Uint8Array(M);
    this.membership = new Uint8Array(M * w.countries.count);
    this.floor = new Float64Array(M * 2);
    const n = M * w.countries.count * 2;
    this.cs = row({
      price: new Float64Array(n),
      production: new Float64Array(n),
      consumption: new Float64Array(n),
      imports: new Float64Array(n),
      exports: new Float64Array(n),
      unmet: new Float64Array(n),
      ownFeed: new Float64Array(n),
      recycling: new Float64Array(n),
      stockChange: new Float64Array(n),
      stock: new Float64Array(n),
      cfdPaid: new Float64Array(n),
      cfdReceived: new Float64Array(n),
    });
    this.facState = new Uint8Array(M * w.facilities.max);
    this.facCapacity = new Float32Array(M * w.facilities.max);
    this.facCost = new Float32Array(M * w.facilities.max);
    this.facOutput = new Float32Array(M * w.facilities.max);
    this.facNetback = new Float32Array(M * w.facilities.max);
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

  /** [countries] each country's bloc this month (0 dominant, 1 member, 2 other), refreshed by `record`. */
  private blocOf = new Uint8Array(0);

  /** Refreshes `blocOf` for the month (membership changes month to month). */
  private refreshBlocs(): void {
    const w = this.w;
    if (this.blocOf.length !== w.countries.count) this.blocOf = new Uint8Array(w.countries.count);
    for (let c = 0; c < w.countries.count; c++) this.blocOf[c] = this.bloc(c);
  }

  private setAt(m: number, i: number, v: number): void {
    this.monthly[m * this.columns.length + i] = v;
  }

  /** Records the current month of the world. */
  record(): void {
    const w = this.w;
    const m = w.month;
    const C = w.countries.count;
    this.mode[m] = w.strategist.mode;
    this.membership.set(w.countries.member, m * C);
    // The floor is reported only while an instrument defends it (policy/floor-defence.ts).
    for (let st = 0; st < 2; st++) this.floor[m * 2 + st] = floorDefender(w, st) ? w.zone.floorUsdPerKg[st]! : NaN;
    const base = m * C * 2;
    this.cs.price.set(w.outcome.priceUsdPerKg, base);
    this.cs.production.set(w.outcome.productionT, base);
    this.cs.consumption.set(w.outcome.consumptionT, base);
    this.cs.imports.set(w.outcome.importsT, base);
    this.cs.exports.set(w.outcome.exportsT, base);
    for (let c = 0; c < C; c++) {
      this.cs.unmet[base + c * 2 + 1] = w.outcome.unmetT[c]!;
      this.cs.ownFeed[base + c * 2] = w.outcome.ownFeedT[c]!;
      this.cs.recycling[base + c * 2 + 1] = w.outcome.recyclingT[c]!;
    }
    this.cs.stockChange.set(w.outcome.stockChangeT, base);
    if (w.zone.stockCountry >= 0) this.cs.stockChange[base + w.zone.stockCountry * 2 + 1]! += w.outcome.stockNetT;
    this.cs.stock.set(w.stocks.levelT, base);
    this.cs.cfdPaid.set(w.outcome.accounts.cfdPaidMusd, base);
    this.cs.cfdReceived.set(w.outcome.accounts.cfdReceivedMusd, base);
    const fb = m * w.facilities.max;
    for (let f = 0; f < w.facilities.count; f++) {
      this.facState[fb + f] = w.facilities.state[f]!;
      this.facCapacity[fb + f] = w.facilities.availableTpy[f]!;
      this.facCost[fb + f] =
        w.facilities.unitCostUsdPerKg[f]! > 0 ? w.facilities.unitCostUsdPerKg[f]! : w.facilities.cashCostUsdPerKg[f]!;
      this.facOutput[fb + f] = w.facilities.outputT[f]!;
      this.facNetback[fb + f] = w.facilities.netbackUsdPerKg[f]!;
    }
    this.recordFlows();
    this.refreshBlocs();
    this.recordBlocs();
  }

  private bloc(c: number): number {
    const w = this.w;
    return c === w.countries.dominant ? 0 : w.countries.member[c] ? 1 : 2;
  }

  private readonly capSums = new Float64Array(4 * 2 * 4);
  /** Per-bloc accumulators, reused every month. */
  private readonly acc = Array.from({ length: 8 }, () => new Float64Array(4));

  private readonly iFloor = STAGES.map((st) => this.col.get(`floor_${st}`)!);
  private readonly iFeed = BLOCS.map((b) => this.col.get(`feed_refine_${b}`)!);
  private readonly iRecycling = BLOCS.map((b) => this.col.get(`recycling_refine_${b}`)!);
  private readonly iStock = STAGES.map((st) => BLOCS.map((b) => this.col.get(`stock_${st}_${b}`)!));

  /**
   * Per bloc: concentrate fed to refineries in refined-equivalent t (feed bought plus integrated plants' own, × the
   * market's recovery), recycled refined supply, and commercial stocks at the end of the month.
   */
  private recordSupply(): void {
    const w = this.w;
    const m = w.month;
    const R = w.scenario.market.recovery;
    const [feed, recycled, stockMine, stockRefine] = this.acc as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    feed.fill(0);
    recycled.fill(0);
    stockMine.fill(0);
    stockRefine.fill(0);
    for (let c = 0; c < w.countries.count; c++) {
      for (let pass = 0; pass < 2; pass++) {
        const b = pass === 0 ? this.blocOf[c]! : 3;
        feed[b]! += (w.outcome.consumptionT[c * 2]! + w.outcome.ownFeedT[c]!) * R;
        recycled[b]! += w.outcome.recyclingT[c]!;
        stockMine[b]! += w.stocks.levelT[c * 2]!;
        stockRefine[b]! += w.stocks.levelT[c * 2 + 1]!;
      }
    }
    for (let b = 0; b < 4; b++) {
      this.setAt(m, this.iFeed[b]!, feed[b]!);
      this.setAt(m, this.iRecycling[b]!, recycled[b]!);
      this.setAt(m, this.iStock[0]![b]!, stockMine[b]!);
      this.setAt(m, this.iStock[1]![b]!, stockRefine[b]!);
    }
  }

  private recordBlocs(): void {
    const w = this.w;
    const m = w.month;
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
      for (let c = 0; c < w.countries.count; c++) {
        const p = w.outcome.priceUsdPerKg[c * 2 + st]!;
        const q = w.outcome.consumptionT[c * 2 + st]!;
        const made = w.outcome.productionT[c * 2 + st]!;
        for (let pass = 0; pass < 2; pass++) {
          const b = pass === 0 ? this.blocOf[c]! : 3;
          prod[b]! += made;
          if (p !== p) continue;
          num[b]! += p * q;
          den[b]! += q;
          plain[b]! += p;
          count[b]!++;
        }
      }
      for (let b = 0; b < BLOCS.length; b++) {
        const price = den[b]! > 0 ? num[b]! / den[b]! : count[b]! > 0 ? plain[b]! / count[b]! : NaN;
        this.setAt(m, this.iPrice[st]![b]!, price);
        this.setAt(m, this.iProd[st]![b]!, prod[b]!);
      }
      this.setAt(m, this.iFloor[st]!, this.floor[m * 2 + st]!);
    }
    for (let c = 0; c < w.countries.count; c++) {
      for (let pass = 0; pass < 2; pass++) {
        const b = pass === 0 ? this.blocOf[c]! : 3;
        cons[b]! += w.outcome.consumptionT[c * 2 + 1]!;
        unmet[b]! += w.outcome.unmetT[c]!;
        spend[b]! += w.outcome.spendMusd[c]!;
      }
    }
    for (let b = 0; b < 4; b++) {
      this.setAt(m, this.iCons[b]!, cons[b]!);
      this.setAt(m, this.iUnmet[b]!, unmet[b]!);
      this.setAt(m, this.iSpend[b]!, spend[b]!);
    }
    this.recordSupply();
    this.recordCapacity();
    let worldMine = 0;
    let worldRefine = 0;
    let hhi = 0;
    for (let c = 0; c < w.countries.count; c++) {
      worldMine += w.outcome.productionT[c * 2]!;
      worldRefine += w.outcome.productionT[c * 2 + 1]!;
    }
    for (let c = 0; c < w.countries.count; c++)
      if (worldRefine > 0) {
        const share = w.outcome.productionT[c * 2 + 1]! / worldRefine;
        hhi += share * share;
      }
    const d = w.countries.dominant;
    this.set(m, 'dominant_share_mine_world', d >= 0 && worldMine > 0 ? w.outcome.productionT[d * 2]! / worldMine : 0);
    this.set(
      m,
      'dominant_share_refine_world',
      d >= 0 && worldRefine > 0 ? w.outcome.productionT[d * 2 + 1]! / worldRefine : 0,
    );
    let toMembers = 0;
    let fromDominant = 0;
    const fl = w.outcome.flows;
    for (let k = 0; k < fl.n; k++) {
      if (fl.stage[k] !== 1 || !w.countries.member[fl.to[k]!]) continue;
      toMembers += fl.tonnes[k]!;
      if (fl.origin[k] === d) fromDominant += fl.tonnes[k]!;
    }
    this.set(m, 'dominant_share_refine_member', toMembers > 0 ? fromDominant / toMembers : NaN);
    this.set(m, 'hhi_refine', hhi);
    this.set(m, 'tariff_revenue_musd', w.outcome.tariffRevenueMusd);
    this.set(m, 'tariff_revenue_member_musd', w.outcome.tariffRevenueMemberMusd);
    this.set(m, 'cfd_outlay_musd', w.outcome.cfdOutlayMusd);
    this.set(m, 'stockpile_t', w.zone.stockT);
    this.set(m, 'stockpile_spend_musd', w.outcome.stockSpendMusd);
    this.set(m, 'stockpile_sales_musd', w.outcome.stockSalesMusd);
    this.set(m, 'state_support_musd', w.strategist.supportMonthMusd);
    let closures = 0;
    let commissionings = 0;
    for (let k = w.events.length - 1; k >= 0 && w.events[k]!.month === m; k--) {
      if (w.events[k]!.type === 'closed') closures++;
      if (w.events[k]!.type === 'commissioned') commissionings++;
    }
    this.set(m, 'closures', closures);
    this.set(m, 'commissionings', commissionings);
    this.recordAccounts();
  }

  private readonly iAccounts = [
    'consumer_surplus',
    'producer_surplus',
    'government_revenue',
    'lost_production',
    'welfare',
  ].map((k) => BLOCS.map((b) => this.col.get(`${k}_${b}_musd`)!));
  private readonly accountSums = new Float64Array(5 * 4);

  /** Bloc sums of the month's accounts; welfare = consumer + producer surplus + government revenue − lost production. */
  private recordAccounts(): void {
    const w = this.w;
    const a = w.outcome.accounts;
    const sums = this.accountSums.fill(0);
    for (let c = 0; c < w.countries.count; c++) {
      const consumer = a.consumerSurplusMusd[c]!;
      const producer = a.producerSurplusMusd[c]!;
      const government = a.governmentMusd[c]!;
      const lost = a.lostProductionMusd[c]!;
      const welfare = consumer + producer + government - lost;
      for (let pass = 0; pass < 2; pass++) {
        const b = pass === 0 ? this.blocOf[c]! : 3;
        sums[b]! += consumer;
        sums[4 + b]! += producer;
        sums[8 + b]! += government;
        sums[12 + b]! += lost;
        sums[16 + b]! += welfare;
      }
    }
    for (let k = 0; k < 5; k++)
      for (let b = 0; b < 4; b++) this.setAt(w.month, this.iAccounts[k]![b]!, sums[k * 4 + b]!);
    this.set(w.month, 'levy_revenue_musd', a.levyMusd);
    this.set(w.month, 'export_rent_musd', a.exportRentMusd);
    this.set(w.month, 'quota_rent_musd', a.quotaRentMusd);
    this.set(w.month, 'transport_musd', a.transportMusd);
    this.set(w.month, 'clearings', w.outcome.clearings);
    this.set(w.month, 'fixed_point_residual', w.outcome.fobGap);
    this.set(w.month, 'reexport_mine_t', w.outcome.reexportT[0]!);
    this.set(w.month, 'reexport_refine_t', w.outcome.reexportT[1]!);
    this.set(w.month, 'dominant_payoff_musd', w.countries.dominant >= 0 ? a.dominantPayoffMusd : NaN);
    const k = contractTotals(w);
    this.set(w.month, 'contract_mine_t', k ? k.deliveredT[0]! : 0);
    this.set(w.month, 'contract_refine_t', k ? k.deliveredT[1]! : 0);
    this.set(w.month, 'contract_transfer_musd', k ? k.transferMusd : 0);
    this.set(w.month, 'cfd_payback_musd', w.outcome.cfdPaybackMusd);
    this.set(w.month, 'stockpile_holding_musd', a.stockpileHoldingMusd);
    this.set(w.month, 'stockpile_value_musd', stockpileValueMusd(w));
    // The mode whose asks apply: under a restriction, the one it was in before (agents/strategist.ts).
    const s = w.strategist;
    const pricing = s.mode === Mode.restrict ? s.modeBeforeRestrict : s.mode;
    const d = w.countries.dominant >= 0;
    this.set(w.month, 'dominant_flood', d ? +(pricing === Mode.flood) : NaN);
    this.set(w.month, 'dominant_harvest', d ? +(pricing === Mode.harvest) : NaN);
  }

  private recordCapacity(): void {
    const w = this.w;
    const sums = this.capSums.fill(0);
    for (let f = 0; f < w.facilities.count; f++) {
      const state = w.facilities.state[f]!;
      const k =
        state === FacilityState.operating || state === FacilityState.rampUp
          ? 0
          : state === FacilityState.idle
            ? 1
            : state === FacilityState.closed
              ? 2
              : state === FacilityState.construction
                ? 3
                : -1;
      if (k < 0) continue;
      const kind = w.facilities.kind[f]!;
      for (let st = 0; st < 2; st++) {
        if (kind !== FacilityKind.integrated && kind !== (st === 0 ? FacilityKind.mine : 1)) continue;
        sums[(k * 2 + st) * 4 + this.blocOf[w.facilities.country[f]!]!]! += w.facilities.capacityTpy[f]!;
        sums[(k * 2 + st) * 4 + 3]! += w.facilities.capacityTpy[f]!;
      }
    }
    for (let k = 0; k < 4; k++) {
      for (let st = 0; st < 2; st++) {
        for (let b = 0; b < 4; b++) this.setAt(w.month, this.iCap[k]![st]![b]!, sums[(k * 2 + st) * 4 + b]!);
      }
    }
  }

  private recordFlows(): void {
    const w = this.w;
    const fl = w.outcome.flows;
    const need = this.flows.n + fl.n;
    if (need > this.flows.month.length) this.flows = growFlows(this.flows, Math.max(need, this.flows.month.length * 2));
    const out = this.flows;
    for (let k = 0; k < fl.n; k++) {
      const i = out.n++;
      out.month[i] = w.month;
      out.stage[i] = fl.stage[k]!;
      out.from[i] = fl.from[k]!;
      out.to[i] = fl.to[k]!;
      out.origin[i] = fl.origin[k]!;
      out.tonnes[i] = fl.tonnes[k]!;
      out.value[i] = fl.value[k]!;
      out.tariff[i] = fl.tariff[k]!;
      out.sellerValue[i] = fl.sellerValue[k]!;
      out.transport[i] = fl.transport[k]!;
      out.rent[i] = fl.rent[k]!;
      out.contract[i] = fl.contract[k]!;
    }
  }

  /** Trims the columns to the facilities and flows that exist and returns the run's buffers. */
  finish(): RunBuffers {
    const w = this.w;
    const M = w.months;
    const F = w.facilities.count;
    const trim = <T extends Uint8Array | Float32Array>(src: T, make: (n: number) => T): T => {
      const out = make(M * F);
      for (let m = 0; m < M; m++) out.set(src.subarray(m * w.facilities.max, m * w.facilities.max + F), m * F);
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
      ownFeed: this.cs.ownFeed,
      recycling: this.cs.recycling,
      stockChange: this.cs.stockChange,
      stock: this.cs.stock,
      cfdPaid: this.cs.cfdPaid,
      cfdReceived: this.cs.cfdReceived,
      facState: trim(this.facState, (n) => new Uint8Array(n)),
      facCapacity: trim(this.facCapacity, (n) => new Float32Array(n)),
      facCost: trim(this.facCost, (n) => new Float32Array(n)),
      facOutput: trim(this.facOutput, (n) => new Float32Array(n)),
      facNetback: trim(this.facNetback, (n) => new Float32Array(n)),
      facCapacityTpy: w.facilities.capacityTpy.slice(0, F),
      facCashCost: w.facilities.cashCostUsdPerKg.slice(0, F),
      facCommissioned: w.facilities.commissionedMonth.slice(0, F),
      facClosed: w.facilities.closedMonth.slice(0, F),
      facIdleMonths: w.facilities.idleTotalMonths.slice(0, F),
      facCashFinal: w.facilities.cashMusd.slice(0, F),
      flowMonth: fl.month.slice(0, fl.n),
      flowStage: fl.stage.slice(0, fl.n),
      flowFrom: fl.from.slice(0, fl.n),
      flowTo: fl.to.slice(0, fl.n),
      flowOrigin: fl.origin.slice(0, fl.n),
      flowTonnes: fl.tonnes.slice(0, fl.n),
      flowValue: fl.value.slice(0, fl.n),
      flowTariff: fl.tariff.slice(0, fl.n),
      flowSellerValue: fl.sellerValue.slice(0, fl.n),
      flowTransport: fl.transport.slice(0, fl.n),
      flowRent: fl.rent.slice(0, fl.n),
      flowContract: fl.contract.slice(0, fl.n),
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
    origin: new Int32Array(n),
    tonnes: new Float64Array(n),
    value: new Float64Array(n),
    tariff: new Float64Array(n),
    sellerValue: new Float64Array(n),
    transport: new Float64Array(n),
    rent: new Float64Array(n),
    contract: new Int32Array(n),
  };
}

function growFlows(old: FlowColumns, n: number): FlowColumns {
  const out = newFlows(n);
  out.n = old.n;
  out.month.set(old.month);
  out.stage.set(old.stage);
  out.from.set(old.from);
  out.to.set(old.to);
  out.origin.set(old.origin);
  out.tonnes.set(old.tonnes);
  out.value.set(old.value);
  out.tariff.set(old.tariff);
  out.sellerValue.set(old.sellerValue);
  out.transport.set(old.transport);
  out.rent.set(old.rent);
  out.contract.set(old.contract);
  return out;
}

export { FACILITY_STATES, MODES };

/** Returns the public stockpile's tonnes at its country's refined price this month (last month's without one), M$. */
function stockpileValueMusd(w: World): number {
  const c = w.zone.stockCountry;
  if (c < 0) return 0;
  const p = w.outcome.priceUsdPerKg[c * 2 + 1]!;
  return (w.zone.stockT * (p === p ? p : w.countries.lastPriceUsdPerKg[c * 2 + 1]!)) / 1000;
}
