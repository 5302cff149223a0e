/**
 * The flood exit (MODEL.md §4.4, v2): a flood is abandoned once it has cost `floodBudgetMusd` (the pool's losses and
 * export subsidies since it began) or when rivals' operating capacity (t/yr) has not fallen for `floodPatienceMonths`;
 * the event says which rule and by how much; the strategist then competes until rivals' share falls to the tolerated
 * one again. The flood's cost and the harvest's rent are KPIs.
 */
import { describe, expect, it } from 'vitest';
import { rivalShares } from '../../../src/engine/agents/strategist.ts';
import { runScenario } from '../../../src/engine/run.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { Mode, createWorld } from '../../../src/engine/world/world.ts';
import type { RunResult } from '../../../src/results/contract.ts';
import { monthLabel } from '../../../src/scenario/months.ts';
import type { Scenario } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, smallMarket } from '../scenario-builder.ts';

/**
 * Rivals at 22 and 25 $/kg against the pool's 20 and 24: the flood's ask, 95% of 22, lies below the pool's marginal
 * cost, so it loses money every month, and the rivals, cheaper than the flood price at their plants, stay open.
 */
function costlyFlood(dominant: Record<string, unknown> = {}): Scenario {
  const base = smallMarket({ rivalCost: 22, months: 48 });
  return build({ ...base, dominant: { ...base.dominant!, ...dominant } });
}

/** Runs a scenario month by month, with the strategist's flood cost and rivals' shares at each month's start. */
function watch(s: Scenario) {
  const w = createWorld(s, s.seed, s.months);
  const months: { mode: number; costMusd: number; production: number; supportMusd: number }[] = [];
  for (let m = 0; m < s.months; m++) {
    w.month = m;
    const production = rivalShares(w, 1).production;
    stepMonth(w);
    months.push({
      mode: w.strategist.mode,
      costMusd: w.strategist.floodCostMusd,
      production,
      supportMusd: w.strategist.supportMonthMusd,
    });
  }
  return { w, months };
}

const exits = (events: { rule: string; month: number; detail: string }[]) =>
  events.filter((e) => e.rule === '4.4 flood exit');

describe('the flood exit (MODEL.md §4.4)', () => {
  it('abandons a flood the month its cost reaches the flood budget, and says so', () => {
    const { w, months } = watch(costlyFlood({ floodBudgetMusd: 30 }));
    const exit = exits(w.events)[0]!;
    expect(exit.detail).toMatch(/budget of 30 M\$/);
    const start = months.findIndex((m) => m.mode === Mode.flood);
    expect(start).toBeGreaterThan(0);
    // The cost is the state support drawn in the flood's months, from its first to the month before the exit.
    let cost = 0;
    for (let m = start; m < exit.month; m++) cost += months[m]!.supportMusd;
    expect(cost).toBeGreaterThanOrEqual(30);
    expect(cost - months[exit.month - 1]!.supportMusd).toBeLessThan(30);
    expect(months[exit.month]!.mode).toBe(Mode.compete);
  });

  it("abandons a flood when rivals' operating capacity has not fallen for the patience, and does not flood again while it stays above the tolerated share", () => {
    const s = costlyFlood({ floodPatienceMonths: 12 });
    const { w, months } = watch(s);
    const exit = exits(w.events)[0]!;
    expect(exit.detail).toMatch(/has not fallen for 12 months \(patience 12/);
    expect(months[exit.month]!.mode).toBe(Mode.compete);
    // No new flood before rivals' production share has been at or below the tolerated share.
    const rearmed = months.findIndex((m, k) => k > exit.month && m.production <= s.dominant!.toleratedRivalShare);
    const next = months.findIndex((m, k) => k > exit.month && m.mode === Mode.flood);
    if (next >= 0) expect(rearmed).toBeGreaterThanOrEqual(0);
    if (next >= 0) expect(next).toBeGreaterThanOrEqual(rearmed);
  });

  it("measures progress in rivals' tonnes: the dominant's own expansions, which lower rivals' share, are no progress", () => {
    // costlyFlood's rivals, 15,000 t/yr each, stay open; China adds 40,000 t/yr in 2025-07 and again in 2026-01.
    const base = costlyFlood({ floodPatienceMonths: 12 });
    const plant = (id: string, online: string) => ({
      id,
      name: id,
      country: 'CHN',
      stage: 'integrated' as const,
      capacityTpy: 40_000,
      cashCost: 24,
      owner: 'state' as const,
      state: 'construction' as const,
      online,
      rampMonths: 0,
    });
    const s = build({
      ...base,
      facilities: [...base.facilities, plant('chn-3', '2025-07'), plant('chn-4', '2026-01')],
    });
    const w = createWorld(s, s.seed, s.months);
    const shares: ReturnType<typeof rivalShares>[] = [];
    for (let m = 0; m < s.months; m++) {
      w.month = m;
      shares.push(rivalShares(w, 1));
      stepMonth(w);
    }
    const start = w.events.find((e) => e.rule === '4.4 flood')!.month;
    expect(start).toBe(2);
    // Rivals' share of operating capacity falls from 30,000 / 110,000 = 27.3% to 30,000 / 190,000 = 15.8% …
    expect(shares[start]!.capacity).toBeCloseTo(30 / 110, 9);
    expect(shares[start + 12]!.capacity).toBeCloseTo(30 / 190, 9);
    // … while their capacity stays at 30,000 t/yr: no progress, so the flood ends after exactly its patience.
    for (let m = start; m <= start + 12; m++) expect(shares[m]!.rivalCapacityTpy).toBe(30_000);
    const exit = exits(w.events);
    expect(exit.map((e) => e.month)).toEqual([start + 12]);
    expect(exit[0]!.detail).toContain(
      "now 30,000 t/yr, 16% of the world's; lowest 30,000 t/yr; no progress since 2025-03",
    );
  });

  it('leaves the flood in dumping-cycle-floor, where the floor keeps rivals alive (v1 flooded for 15 years)', () => {
    const r = runScenario(preset('dumping-cycle-floor'));
    const exit = exits(r.events);
    expect(exit.length).toBe(1);
    expect(exit[0]!.detail).toMatch(/patience 24/);
    // From April 2025 to April 2027 rivals' refineries ramp up from 27,000 to 43,000 t/yr and none idles or closes.
    expect(monthLabel(r.meta.start, exit[0]!.month)).toBe('2027-04');
    expect(exit[0]!.detail).toContain(
      "now 43,000 t/yr, 27% of the world's; lowest 27,000 t/yr; no progress since 2025-04",
    );
    const flood = [...r.buffers.mode].filter((m) => m === Mode.flood).length;
    expect(flood).toBeLessThan(48);
  });
});

function series(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

describe("the flood's cost and the harvest's rent (kpis)", () => {
  it("sums the state support of the flood's months and the dominant's payoff over the harvest's", () => {
    const r = runScenario(preset('dumping-cycle'));
    const support = series(r, 'state_support_musd');
    const payoff = series(r, 'dominant_payoff_musd');
    let flood = 0;
    let floodPayoff = 0;
    let harvest = 0;
    r.buffers.mode.forEach((m, k) => {
      if (m === Mode.flood) {
        flood += support[k]!;
        floodPayoff += payoff[k]!;
      }
      if (m === Mode.harvest) harvest += payoff[k]!;
    });
    expect(r.kpis.flood_cost_musd).toBeCloseTo(flood, 9);
    expect(r.kpis.flood_payoff_musd).toBeCloseTo(floodPayoff, 9);
    expect(r.kpis.harvest_rent_musd).toBeCloseTo(harvest, 9);
    expect(r.kpis.harvest_rent_musd).toBeGreaterThan(0);
  });

  it('counts a flood under a restriction: its asks are the flood’s whatever mode is shown', () => {
    // Scripted: flood from month 2, an export restriction (half the last year's exports) from month 6 to 10, compete
    // from month 14. The mode shows flood in months 2–5 and 10–13 and restrict in 6–9, but the asks are the flood's
    // from month 2 to 13: `dominant_flood` is 1 in those 12 months, and the flood's cost and payoff sum over all 12.
    const base = smallMarket({ rivalCost: 22, months: 18 });
    const r = runScenario(
      build({
        ...base,
        dominant: { ...base.dominant!, strategy: 'scripted' },
        events: [
          { kind: 'mode', month: '2025-03', mode: 'flood' },
          { kind: 'export-restriction', month: '2025-07', until: '2025-11', stage: 'refine', cut: 0.5 },
          { kind: 'mode', month: '2026-03', mode: 'compete' },
        ],
      }),
    );
    const shown = [...r.buffers.mode];
    expect(shown.slice(2, 6)).toEqual(Array(4).fill(Mode.flood));
    expect(shown.slice(6, 10)).toEqual(Array(4).fill(Mode.restrict));
    expect(shown.slice(10, 14)).toEqual(Array(4).fill(Mode.flood));
    const flag = series(r, 'dominant_flood');
    expect(flag).toEqual([0, 0, ...Array(12).fill(1), 0, 0, 0, 0]);
    const support = series(r, 'state_support_musd');
    const payoff = series(r, 'dominant_payoff_musd');
    const sum = (xs: number[], from: number, to: number) => xs.slice(from, to).reduce((a, x) => a + x, 0);
    // The flood loses money under the restriction too: counting only the months shown as flood would miss it.
    expect(sum(support, 6, 10)).toBeGreaterThan(1);
    expect(r.kpis.flood_cost_musd).toBeCloseTo(sum(support, 2, 14), 9);
    expect(r.kpis.flood_payoff_musd).toBeCloseTo(sum(payoff, 2, 14), 9);
  });

  it('reports the cost of the flood rare-earths-zone-2026 runs under the zone’s retaliation', () => {
    // China floods from October 2028 while it restricts exports to members in retaliation, until both end in
    // October 2030: every month of it shows `restrict`, and the state support drawn then is the flood's.
    const r = runScenario(preset('rare-earths-zone-2026'));
    const flag = series(r, 'dominant_flood');
    const months = flag.flatMap((x, m) => (x === 1 ? [monthLabel(r.meta.start, m)] : []));
    expect(months[0]).toBe('2028-10');
    expect(months.at(-1)).toBe('2030-09');
    expect(months.length).toBe(24);
    expect(months.every((_, k) => r.buffers.mode[flag.indexOf(1) + k] === Mode.restrict)).toBe(true);
    const support = series(r, 'state_support_musd');
    const inFlood = support.reduce((a, x, m) => a + (flag[m] === 1 ? x : 0), 0);
    expect(inFlood).toBeGreaterThan(1);
    expect(r.kpis.flood_cost_musd).toBeCloseTo(inFlood, 9);
    expect(r.kpis.flood_payoff_musd).not.toBe(0);
  });
});
