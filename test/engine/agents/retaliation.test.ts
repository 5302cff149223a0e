/**
 * Retaliation as a trigger strategy that does not compound (MODEL.md §4.4): however often it fires, the quota on
 * exports to members is (1 − retaliationCut) × the pre-dispute basis (the 12 months before the first trigger), it
 * lifts at expiry, fires again only after `forgiveMonths` and only while the zone's tariffs stay above the trigger,
 * and each firing declares a disruption for the stockpile.
 */
import { describe, expect, it } from 'vitest';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, type World } from '../../../src/engine/world/world.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, smallMarket } from '../scenario-builder.ts';

interface Firing {
  month: number;
  until: number;
  quotaT: number[];
}

/** Runs a scenario month by month, recording every retaliation in force and the disruption it declared. */
function watch(s: Scenario, months: number) {
  const w: World = createWorld(s, s.seed, months);
  const firings: Firing[] = [];
  const quotasInForce: { month: number; stage: number; quotaT: number }[] = [];
  const disruptionAt: number[] = [];
  for (let m = 0; m < months; m++) {
    w.month = m;
    const before = w.strategist.retaliationUntil;
    stepMonth(w);
    for (const r of w.policies.restrictions)
      if (r.source === 'retaliation') quotasInForce.push({ month: m, stage: r.stage, quotaT: r.quotaT });
    if (w.strategist.retaliationUntil >= 0 && w.strategist.retaliationUntil !== before) {
      const q = [0, 1].map((st) => w.policies.restrictions.find((r) => r.source === 'retaliation' && r.stage === st)!);
      firings.push({ month: m, until: w.strategist.retaliationUntil, quotaT: q.map((r) => r.quotaT) });
      disruptionAt.push(w.zone.disruptionUntil);
    }
  }
  return { w, firings, quotasInForce, disruptionAt };
}

/**
 * The small market with both importers in the zone; from 2026-01 (month 12), after a year of open trade, a refined
 * floor of $70/kg far above the dominant's ask.
 */
function zoneMarket(extra: Partial<ScenarioInput> = {}): Scenario {
  const base = smallMarket({ withZone: true, months: 120 });
  return build({
    ...base,
    countries: base.countries.map((c) => (c.code === 'JPN' || c.code === 'KOR' ? { ...c, role: 'member' } : c)),
    dominant: { ...base.dominant!, retaliationMonths: 12, forgiveMonths: 6 },
    zone: { floor: { refine: null }, variableLevy: true },
    ...extra,
    events: [{ kind: 'floor', month: '2026-01', stage: 'refine', price: 70 }, ...(extra.events ?? [])],
  });
}

describe('retaliation (MODEL.md §4.4)', () => {
  it('holds exports to members at (1 − cut) × the pre-dispute basis every time it fires, never compounding', () => {
    const s = zoneMarket();
    const cut = s.dominant!.retaliationCut;
    const { w, firings, quotasInForce } = watch(s, 120);
    // 12-month cuts with 6 months' forgiveness over 10 years: it fires again and again.
    expect(firings.length).toBeGreaterThanOrEqual(4);
    const basis = w.strategist.retaliationBasisT;
    expect(basis[1]).toBeGreaterThan(500);
    for (const f of firings) for (const st of [0, 1]) expect(f.quotaT[st]).toBeCloseTo((1 - cut) * basis[st]!, 9);
    for (const q of quotasInForce) expect(q.quotaT).toBeGreaterThanOrEqual((1 - cut) * basis[q.stage]! * (1 - 1e-12));
    const events = w.events.filter((e) => e.rule === '4.4 retaliation' && /Basis/.test(e.detail));
    expect(events.length).toBe(firings.length);
    expect(events[0]!.detail).toContain(`refined ${basis[1]!.toFixed(1)} t`);
  });

  it('lifts at expiry and fires again only after forgiveMonths', () => {
    const s = zoneMarket();
    const d = s.dominant!;
    const { firings, w } = watch(s, 120);
    for (let k = 1; k < firings.length; k++)
      expect(firings[k]!.month - firings[k - 1]!.month).toBeGreaterThanOrEqual(d.retaliationMonths + d.forgiveMonths);
    const lifts = w.events.filter((e) => e.rule === '4.4 retaliation' && /lifts/.test(e.detail));
    expect(lifts.map((e) => e.month)).toEqual(firings.filter((f) => f.until < 120).map((f) => f.until));
  });

  it('does not fire again once the tariffs fall below the trigger', () => {
    // The floor is lifted during the first cut: nothing to retaliate against at its expiry.
    const s = zoneMarket({ events: [{ kind: 'floor', month: '2026-06', stage: 'refine', price: null }] });
    const { firings } = watch(s, 120);
    expect(firings.length).toBe(1);
  });

  it('declares a disruption for the stockpile until the cut lifts', () => {
    const { firings, disruptionAt } = watch(zoneMarket(), 120);
    firings.forEach((f, k) => expect(disruptionAt[k]).toBe(f.until));
  });

  it('never compounds in rare-earths-zone-2026 run to 216 months', () => {
    const s = preset('rare-earths-zone-2026');
    const cut = s.dominant!.retaliationCut;
    const { w, firings, quotasInForce } = watch(s, 216);
    expect(firings.length).toBeGreaterThanOrEqual(2);
    const basis = w.strategist.retaliationBasisT;
    for (const q of quotasInForce) expect(q.quotaT).toBeCloseTo((1 - cut) * basis[q.stage]!, 9);
  });
});
