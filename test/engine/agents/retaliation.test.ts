/**
 * Retaliation as a trigger strategy that does not compound (MODEL.md §4.4): however often it fires, the quota on
 * exports to members is (1 − retaliationCut) × the pre-dispute basis (the 12 months before the first trigger), it
 * lifts at expiry, fires again only after `forgiveMonths` and only while the zone's tariffs stay above the trigger,
 * and each firing declares a disruption for the stockpile.
 */
import { describe, expect, it } from 'vitest';
import { retaliationBasis } from '../../../src/engine/agents/strategist.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, type World } from '../../../src/engine/world/world.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, smallMarket } from '../scenario-builder.ts';

interface Firing {
  month: number;
  until: number;
  quotaT: number[];
  /** The pre-dispute basis per stage for the countries that are members when it fires, t/month. */
  basisT: number[];
}

/** Runs a scenario month by month, recording every retaliation in force and the disruption it declared. */
function watch(s: Scenario, months: number) {
  const w: World = createWorld(s, s.seed, months);
  const firings: Firing[] = [];
  const quotasInForce: { month: number; stage: number; quotaT: number }[] = [];
  const disruptionAt: number[] = [];
  let firstBasis = new Float64Array(0);
  for (let m = 0; m < months; m++) {
    w.month = m;
    const before = w.strategist.retaliationUntil;
    stepMonth(w);
    for (const r of w.policies.restrictions)
      if (r.source === 'retaliation') quotasInForce.push({ month: m, stage: r.stage, quotaT: r.quotaT });
    if (w.strategist.retaliationUntil >= 0 && w.strategist.retaliationUntil !== before) {
      const q = [0, 1].map((st) => w.policies.restrictions.find((r) => r.source === 'retaliation' && r.stage === st)!);
      firings.push({
        month: m,
        until: w.strategist.retaliationUntil,
        quotaT: q.map((r) => r.quotaT),
        basisT: [retaliationBasis(w, 0), retaliationBasis(w, 1)],
      });
      if (firings.length === 1) firstBasis = Float64Array.from(w.strategist.retaliationBasisT);
      disruptionAt.push(w.zone.disruptionUntil);
    }
  }
  // The per-destination basis is fixed at the first firing.
  if (firings.length) expect(Array.from(w.strategist.retaliationBasisT)).toEqual(Array.from(firstBasis));
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
    expect(firings[0]!.basisT[1]).toBeGreaterThan(500);
    for (const f of firings) {
      // Membership does not change here, so every firing has the same basis and the same quota.
      expect(f.basisT).toEqual(firings[0]!.basisT);
      for (const st of [0, 1]) expect(f.quotaT[st]).toBeCloseTo((1 - cut) * f.basisT[st]!, 9);
    }
    const floor = (st: number) => (1 - cut) * firings[0]!.basisT[st]! * (1 - 1e-12);
    for (const q of quotasInForce) expect(q.quotaT).toBeGreaterThanOrEqual(floor(q.stage));
    const events = w.events.filter((e) => e.rule === '4.4 retaliation' && /Basis/.test(e.detail));
    expect(events.length).toBe(firings.length);
    for (const e of events) expect(e.detail).toContain(`refined ${firings[0]!.basisT[1]!.toFixed(1)} t`);
  });

  it("counts a later member's pre-dispute imports in the basis of the cuts after it joins", () => {
    // Korea joins in 2027-03, after the first cut (2026-01 to 2027-01) and before the second (from 2027-07).
    const base = smallMarket({ withZone: true, months: 120 });
    const s = zoneMarket({
      countries: base.countries.map((c) =>
        c.code === 'JPN' ? { ...c, role: 'member' } : c.code === 'KOR' ? { ...c, role: 'member', joins: '2027-03' } : c,
      ),
    });
    const { w, firings } = watch(s, 120);
    expect(firings.length).toBeGreaterThanOrEqual(2);
    const kor = w.countries.index.get('KOR')!;
    const korea = w.strategist.retaliationBasisT[kor * 2 + 1]!;
    expect(korea).toBeGreaterThan(100);
    expect(firings[1]!.basisT[1]).toBeCloseTo(firings[0]!.basisT[1]! + korea, 9);
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
    const { firings, quotasInForce } = watch(s, 216);
    expect(firings.length).toBeGreaterThanOrEqual(2);
    // Every quota in force is its firing's (1 − cut) × pre-dispute basis, and no firing's basis is below the first's.
    for (const f of firings) {
      for (const st of [0, 1]) expect(f.quotaT[st]).toBeCloseTo((1 - cut) * f.basisT[st]!, 9);
      for (const st of [0, 1]) expect(f.basisT[st]).toBeGreaterThanOrEqual(firings[0]!.basisT[st]! - 1e-9);
    }
    for (const q of quotasInForce) {
      const f = firings.filter((x) => x.month <= q.month).at(-1)!;
      expect(q.quotaT).toBe(f.quotaT[q.stage]);
    }
  });
});
