/** Headline figures of a run (`kpis` in summary.json), computed from its monthly columns and events. */
import type { RunBuffers, RunEvent } from './contract.ts';

/**
 * Computes the KPIs of RESULTS.md and a few more; sums are over the whole horizon, money in M$, tonnes in t.
 * `discountRatePerYr` discounts the dominant's payoff (the investors' base rate).
 */
export function computeKpis(
  columns: string[],
  b: RunBuffers,
  events: RunEvent[],
  months: number,
  discountRatePerYr = 0,
): Record<string, number> {
  const n = columns.length;
  const idx = new Map(columns.map((c, i) => [c, i]));
  const series = (name: string) => {
    const i = idx.get(name)!;
    const out: number[] = [];
    for (let m = 0; m < months; m++) out.push(b.monthly[m * n + i]!);
    return out;
  };
  // A column's non-empty cells in month order, without copying it: their sum (the same additions in the same order as
  // summing the filtered series), how many, and the largest (Math.max taken pairwise is Math.max of them all).
  const walk = (name: string) => {
    const i = idx.get(name)!;
    let total = 0;
    let count = 0;
    let top = -Infinity;
    for (let m = 0; m < months; m++) {
      const x = b.monthly[m * n + i]!;
      if (x === x) {
        total += x;
        count++;
        top = Math.max(top, x);
      }
    }
    return { total, count, top };
  };
  const sum = (name: string) => walk(name).total;
  const mean = (name: string) => {
    const { total, count } = walk(name);
    return count ? total / count : NaN;
  };
  const max = (name: string) => {
    const { count, top } = walk(name);
    return count ? top : NaN;
  };
  const last = (name: string) => series(name)[months - 1]!;
  // Discounted at r/12 a month, by repeated multiplication (no transcendental functions in results).
  const monthly = discountRatePerYr > 0 ? 1 / (1 + discountRatePerYr / 12) : 1;
  const discounted = (name: string) => {
    let total = 0;
    let factor = 1;
    for (const x of series(name)) {
      if (x === x) total += x * factor;
      factor *= monthly;
    }
    return total;
  };
  const count = (type: RunEvent['type']) => events.filter((e) => e.type === type).length;
  // Sums over the months in which the dominant's asks were those of a mode, `flag` = 1 — whatever `dominant_mode`
  // shows: a flood or a harvest goes on under a restriction (mode `restrict`), which is a quota on top of its asks.
  const whileFlagged = (name: string, flag: string) => {
    const xs = series(name);
    const on = series(flag);
    let total = 0;
    for (let m = 0; m < months; m++) if (on[m] === 1 && xs[m] === xs[m]) total += xs[m]!;
    return total;
  };
  return {
    closures: count('closed'),
    commissionings: count('commissioned'),
    projects_committed: count('project'),
    mode_changes: count('mode'),
    mean_price_refine_member: mean('price_refine_member'),
    mean_price_refine_other: mean('price_refine_other'),
    mean_price_refine_dominant: mean('price_refine_dominant'),
    mean_price_refine_world: mean('price_refine_world'),
    max_price_refine_member: max('price_refine_member'),
    max_price_refine_world: max('price_refine_world'),
    unmet_refine_member_t: sum('unmet_refine_member'),
    unmet_refine_world_t: sum('unmet_refine_world'),
    consumer_cost_member_musd: sum('consumer_cost_member_musd'),
    consumer_cost_world_musd: sum('consumer_cost_world_musd'),
    tariff_revenue_musd: sum('tariff_revenue_musd'),
    tariff_revenue_member_musd: sum('tariff_revenue_member_musd'),
    cfd_outlay_musd: sum('cfd_outlay_musd'),
    cfd_payback_musd: sum('cfd_payback_musd'),
    stockpile_spend_musd: sum('stockpile_spend_musd'),
    stockpile_sales_musd: sum('stockpile_sales_musd'),
    stockpile_holding_musd: sum('stockpile_holding_musd'),
    state_support_musd: sum('state_support_musd'),
    dominant_share_refine_member_final: last('dominant_share_refine_member'),
    dominant_share_refine_world_final: last('dominant_share_refine_world'),
    dominant_share_mine_world_final: last('dominant_share_mine_world'),
    capacity_operating_refine_member_final: last('capacity_operating_refine_member'),
    capacity_operating_refine_other_final: last('capacity_operating_refine_other'),
    consumer_surplus_member_musd: sum('consumer_surplus_member_musd'),
    consumer_surplus_world_musd: sum('consumer_surplus_world_musd'),
    producer_surplus_member_musd: sum('producer_surplus_member_musd'),
    producer_surplus_world_musd: sum('producer_surplus_world_musd'),
    welfare_member_musd: sum('welfare_member_musd'),
    welfare_world_musd: sum('welfare_world_musd'),
    lost_production_world_musd: sum('lost_production_world_musd'),
    levy_revenue_musd: sum('levy_revenue_musd'),
    export_rent_musd: sum('export_rent_musd'),
    quota_rent_musd: sum('quota_rent_musd'),
    dominant_payoff_musd: sum('dominant_payoff_musd'),
    dominant_payoff_discounted_musd: discounted('dominant_payoff_musd'),
    flood_cost_musd: whileFlagged('state_support_musd', 'dominant_flood'),
    flood_payoff_musd: whileFlagged('dominant_payoff_musd', 'dominant_flood'),
    harvest_rent_musd: whileFlagged('dominant_payoff_musd', 'dominant_harvest'),
    fixed_point_residual_max: max('fixed_point_residual'),
  };
}
