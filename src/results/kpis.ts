/** Headline figures of a run (`kpis` in summary.json), computed from its monthly columns and events. */
import type { RunBuffers, RunEvent } from './contract.ts';

/** Computes the KPIs of RESULTS.md and a few more; sums are over the whole horizon, money in M$, tonnes in t. */
export function computeKpis(
  columns: string[],
  b: RunBuffers,
  events: RunEvent[],
  months: number,
): Record<string, number> {
  const n = columns.length;
  const idx = new Map(columns.map((c, i) => [c, i]));
  const series = (name: string) => {
    const i = idx.get(name)!;
    const out: number[] = [];
    for (let m = 0; m < months; m++) out.push(b.monthly[m * n + i]!);
    return out;
  };
  const finite = (xs: number[]) => xs.filter((x) => x === x);
  const sum = (name: string) => finite(series(name)).reduce((a, x) => a + x, 0);
  const mean = (name: string) => {
    const xs = finite(series(name));
    return xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : NaN;
  };
  const max = (name: string) => {
    const xs = finite(series(name));
    return xs.length ? Math.max(...xs) : NaN;
  };
  const last = (name: string) => series(name)[months - 1]!;
  const count = (type: RunEvent['type']) => events.filter((e) => e.type === type).length;
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
    stockpile_spend_musd: sum('stockpile_spend_musd'),
    stockpile_sales_musd: sum('stockpile_sales_musd'),
    state_support_musd: sum('state_support_musd'),
    dominant_share_refine_member_final: last('dominant_share_refine_member'),
    dominant_share_refine_world_final: last('dominant_share_refine_world'),
    dominant_share_mine_world_final: last('dominant_share_mine_world'),
    capacity_operating_refine_member_final: last('capacity_operating_refine_member'),
    capacity_operating_refine_other_final: last('capacity_operating_refine_other'),
  };
}
