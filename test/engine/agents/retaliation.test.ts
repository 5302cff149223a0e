/**
 * Retaliation as a trigger strategy that does not compound (MODEL.md §4.4): however often it fires, the quota on
 * exports to members is (1 − retaliationCut) × the pre-dispute basis (the 12 months before the first trigger), it
 * lifts at expiry, fires again only after `forgiveMonths` and only while the zone's tariffs stay above the trigger,
 * and each firing declares a disruption for the stockpile.
 */
import { describe, expect, it } from 'vitest';
import { retaliationBasis } from '../../../src/engine/agents/retaliation.ts';
import { stepMonth } from '../../../src/engine/step.ts';
import { createWorld, type World } from '../../../src/engine/world/world.ts';
import type { Scenario, ScenarioInput } from '../../../src/scenario/schema.ts';
import { preset } from '../../scenarios/preset-catalog.ts';
import { build, smallMarket } from '../scenario-builder.ts';

interface Firing {
  month: number;
  until: number;
  /** The quota per stage, t/month; null at a stage with nothing to cut (no quota there). */
  quotaT: (number | null)[];
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
      const q = [0, 1].map((st) => w.policies.restrictions.find((r) => r.source === 'retaliation' && r.stage === st));
      firings.push({
        month: m,
        until: w.strategist.retaliationUntil,
        quotaT: q.map((r) => r?.quotaT ?? null),
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

/** A firing's quota at stage st is (1 − cut) × its basis; where the basis is zero there is no quota (no ban). */
function expectQuota(f: Firing, st: number, cut: number): void {
  if (f.basisT[st]! > 0) expect(f.quotaT[st]).toBeCloseTo((1 - cut) * f.basisT[st]!, 9);
  else expect(f.quotaT[st]).toBeNull();
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
      for (const st of [0, 1]) expectQuota(f, st, cut);
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
    // China sold members nothing in the 12 months before the first retaliation (the levy kept it out): the basis is
    // its sales to Japan and Korea in the months before they joined, so no cut is a ban.
    expect(firings[0]!.basisT[1]).toBeGreaterThan(0);
    // Every quota in force is its firing's (1 − cut) × pre-dispute basis, and no firing's basis is below the first's.
    for (const f of firings) {
      for (const st of [0, 1]) expectQuota(f, st, cut);
      for (const st of [0, 1]) expect(f.basisT[st]).toBeGreaterThanOrEqual(firings[0]!.basisT[st]! - 1e-9);
    }
    for (const q of quotasInForce) {
      const f = firings.filter((x) => x.month <= q.month).at(-1)!;
      expect(q.quotaT).toBe(f.quotaT[q.stage]);
    }
  });
});

/**
 * A textbook case for the pre-dispute basis. Japan's refined demand is 1,200 t/yr at any price (ε = 0, no growth, no
 * noise): 100 t a month, all from China (20 $/kg, export ask 23) until Japan joins the zone in 2026-01. From then the
 * levy lands China's product at the $40/kg floor, Australia's member plant (30 $/kg) serves Japan instead, and China
 * sells members nothing. The levy, 17 $/kg on an ask of 23 (74%), stays under the 80% trigger until the floor rises to
 * $70/kg in 2027-01 (204%): the dispute begins two years in, after a year in which China sold members nothing.
 */
function joinMarket(japanJoins: string | undefined): Scenario {
  return build({
    schema: 1,
    title: 'The pre-dispute basis',
    start: '2025-01',
    months: 36,
    seed: 1,
    market: {
      referencePrice: { mine: 15, refine: 30 },
      chokePrice: 300,
      elasticityShort: 0,
      elasticityLong: 0,
      substitutionSpeed: 0,
    },
    countries: [
      { code: 'CHN', name: 'China', lat: 35, lon: 105, role: 'dominant', demandTpy: 12_000 },
      { code: 'AUS', name: 'Australia', lat: -25, lon: 134, role: 'member', demandTpy: 1_200 },
      { code: 'JPN', name: 'Japan', lat: 36, lon: 138, role: 'member', demandTpy: 1_200, joins: japanJoins },
    ],
    facilities: [
      {
        id: 'chn',
        name: 'China',
        country: 'CHN',
        stage: 'integrated',
        capacityTpy: 30_000,
        cashCost: 20,
        owner: 'state',
      },
      { id: 'aus', name: 'Australia', country: 'AUS', stage: 'integrated', capacityTpy: 3_000, cashCost: 30 },
    ],
    facilityRules: { outageProbability: 0 },
    dominant: { country: 'CHN', strategy: 'adaptive', retaliationTrigger: 0.8, retaliationMonths: 12 },
    zone: { floor: { refine: 40 }, variableLevy: true },
    events: [{ kind: 'floor', month: '2027-01', stage: 'refine', price: 70 }],
  });
}

describe('the pre-dispute basis (MODEL.md §4.4)', () => {
  it("measures the cut against a member's imports before it joined when the zone's levy has since stopped them", () => {
    const { w, firings } = watch(joinMarket('2026-01'), 36);
    expect(firings.map((f) => f.month)).toEqual([24]);
    const jpn = w.countries.index.get('JPN')!;
    // The 12 months before the dispute: nothing; the 12 months before Japan joined: 1,200 t/yr / 12 = 100 t a month.
    expect(w.strategist.retaliationRecentT[jpn * 2 + 1]).toBe(0);
    expect(w.strategist.preZoneExportsT[jpn * 2 + 1]).toBeCloseTo(100, 6);
    expect(firings[0]!.basisT[1]).toBeCloseTo(100, 6);
    // Half of it, 50 t a month; no concentrate was ever exported to members, so there is no concentrate quota.
    expect(firings[0]!.quotaT[1]).toBeCloseTo(50, 6);
    expect(firings[0]!.quotaT[0]).toBeNull();
    const e = w.events.find((x) => x.rule === '4.4 retaliation' && /Basis/.test(x.detail))!;
    expect(e.detail).toContain('refined 100.0 t a month, against 0.0 t in the 12 months before the dispute');
    expect(e.detail).toContain('for 1 of 2 members the 12 months before they joined the zone count instead');
    expect(e.detail).toContain('quota 50.0 t');
  });

  it('declares no retaliation, and no ban, when members bought nothing from it in either period', () => {
    // Japan is a member from the start: China never sold to a member, before the dispute or before joining.
    const { w, firings, quotasInForce } = watch(joinMarket(undefined), 36);
    expect(firings).toEqual([]);
    expect(quotasInForce).toEqual([]);
    expect(w.zone.disruptionUntil).toBe(-1);
    expect(w.events.filter((e) => e.rule === '4.4 restrict')).toEqual([]);
    const void_ = w.events.filter((e) => e.rule === '4.4 retaliation');
    expect(void_.map((e) => e.month)).toEqual([24]);
    expect(void_[0]!.detail).toMatch(/there is nothing to cut, and no retaliation is declared/);
  });
});
