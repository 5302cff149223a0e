/**
 * The zone's contract for difference (MODEL.md §4.6, src/engine/policy/cfd.ts): strike, members' price index as
 * reference, term, tonnes sold to members only, payers, budget, and the cap-and-floor pay-back.
 */
import { describe, expect, it } from 'vitest';
import { defendDownside } from '../../src/engine/policy/floor-defence.ts';
import { runScenario } from '../../src/engine/run.ts';
import { stepMonth } from '../../src/engine/step.ts';
import { checkMonth } from '../../src/engine/invariants.ts';
import { FacilityKind, createWorld } from '../../src/engine/world/world.ts';
import type { RunResult } from '../../src/results/contract.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { build, handMarket, oneMarket, smallMarket } from './scenario-builder.ts';

type ZoneInput = NonNullable<ScenarioInput['zone']>;

function column(r: RunResult, name: string): number[] {
  const cols = r.meta.monthlyColumns;
  const i = cols.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return Array.from({ length: r.meta.months }, (_, m) => r.buffers.monthly[m * cols.length + i]!);
}

/** MODEL.md §8.4's one market (plants at $20 and $40/kg, 6,000 t/yr each) as a zone of one member, with a CfD. */
function memberMarket(zone: Partial<ZoneInput>, plants: 'both' | 'low' = 'both'): ScenarioInput {
  const s = oneMarket({
    months: 12,
    countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'member', demandTpy: 9000 }],
    zone: { cfd: true, budgetMusd: 1e6, ...zone },
  });
  if (plants === 'low') s.facilities = s.facilities!.filter((f) => f.id === 'low');
  return s;
}

describe('the CfD as a contract, by hand (MODEL.md §4.6)', () => {
  it('tops member producers up to the strike against the members’ price index, and so lowers their asks', () => {
    // Strike $50/kg, no floor. Month 0 clears at $40 (the $40 plant marginal). Expecting a top-up of 50 − 40, both
    // plants ask $10 less; then 50 − 30; by month 2 the asks ($0 and $18.13) are below the price at which demand takes
    // both plants' 1,000 t a month: 750 · (P/50)^−0.5 = 1000, P = 50 · 0.75² = $28.125/kg. From then on the index is
    // $28.125 and the zone pays (50 − 28.125) × 1,000 t = 21.875 M$ a month: a CfD on output also subsidises buyers.
    const r = runScenario(build(memberMarket({ cfdTerms: { strike: { refine: 50 } } })), { checkInvariants: true });
    const price = column(r, 'price_refine_member');
    const outlay = column(r, 'cfd_outlay_musd');
    expect(price[0]).toBeCloseTo(40, 6);
    for (let m = 3; m < 12; m++) {
      expect(Math.abs(price[m]! - 28.125) / 28.125, `month ${m}`).toBeLessThan(0.005);
      expect(outlay[m]).toBeCloseTo(((50 - price[m]!) * 1000) / 1000, 6);
    }
    expect(r.kpis.cfd_payback_musd).toBe(0);
    expect(r.events.filter((e) => e.rule === '4.6 cfd').map((e) => e.agent)).toEqual(['low', 'high']);
  });

  it('pays back paybackShare × (reference − cap) above the cap: the cap-and-floor', () => {
    // One plant of 500 t a month at $20 against demand 750 · (P/50)^−0.5: the price is 50 · (750/500)² = $112.50/kg,
    // above the $60 cap; at half the excess the producer pays back 0.5 × (112.5 − 60) × 500 t = 13.125 M$ a month,
    // which raises its ask to $46.25 — still below the price, so it sells as before. Nothing is paid out: the price
    // is above the $50 strike. Pay-backs go to the budget and, as negative payments, to the payer's and producer's
    // accounts.
    const zone = { cfdTerms: { strike: { refine: 50 }, capAndFloor: { cap: { refine: 60 }, paybackShare: 0.5 } } };
    const r = runScenario(build(memberMarket(zone, 'low')), { checkInvariants: true });
    const price = column(r, 'price_refine_member');
    const back = column(r, 'cfd_payback_musd');
    for (let m = 0; m < 12; m++) {
      expect(Math.abs(price[m]! - 112.5) / 112.5, `month ${m}`).toBeLessThan(0.005);
      expect(back[m]).toBeCloseTo((0.5 * (price[m]! - 60) * 500) / 1000, 6);
    }
    expect(back[0]).toBeGreaterThan(13);
    expect(r.kpis.cfd_outlay_musd).toBe(0);
    const C = r.meta.countries.length;
    expect(r.buffers.cfdPaid[(3 * C + 0) * 2 + 1]).toBeCloseTo(-back[3]!, 9);
    expect(r.buffers.cfdReceived[(3 * C + 0) * 2 + 1]).toBeCloseTo(-back[3]!, 9);
  });

  it('pays for termMonths from a producer’s first month under the CfD, then no more', () => {
    const r = runScenario(build(memberMarket({ cfdTerms: { strike: { refine: 50 }, termMonths: 3 } })));
    const outlay = column(r, 'cfd_outlay_musd');
    expect(outlay.slice(0, 3).every((x) => x > 0)).toBe(true);
    expect(outlay.slice(3)).toEqual(Array(9).fill(0));
    // With no top-up expected, the asks are the cash costs again: back to the $40 price.
    expect(column(r, 'price_refine_member')[5]).toBeCloseTo(40, 6);
  });

  it('spends no more than its budget, and says when it is spent', () => {
    const r = runScenario(build(memberMarket({ budgetMusd: 30, cfdTerms: { strike: { refine: 50 } } })), {
      checkInvariants: true,
    });
    expect(r.kpis.cfd_outlay_musd).toBeCloseTo(30, 9);
    expect(r.events.filter((e) => e.detail.includes('CfD budget')).length).toBe(1);
  });
});

/** A country on the equator at longitude `lon` (the tests' markets set transport by route, not by distance). */
const c = (code: string, role: 'member' | 'other', demandTpy: number, lon: number) => ({
  code,
  name: code,
  lat: 0,
  lon,
  role,
  demandTpy,
});

/**
 * A member producer (EXP, plants at $20 and $30/kg of 9,000 t/yr each, demand 2,000 t/yr), a member importer (MEM,
 * 3,000 t/yr) and an outside importer (OUT, 8,000 t/yr, a $45/kg plant of 3,000 t/yr), $1/kg transport; a CfD at a
 * strike of $40/kg.
 */
function exporterMarket(terms: ZoneInput['cfdTerms'] = {}): ScenarioInput {
  return {
    schema: 1,
    title: 'Exporter',
    start: '2025-01',
    months: 12,
    market: handMarket({ mine: 20, elasticityShort: -0.5 }),
    countries: [c('EXP', 'member', 2000, 0), c('MEM', 'member', 3000, 5), c('OUT', 'other', 8000, 10)],
    facilities: [
      { id: 'e1', name: 'E1', country: 'EXP', stage: 'integrated', capacityTpy: 9000, cashCost: 20, cashMusd: 1e3 },
      { id: 'e2', name: 'E2', country: 'EXP', stage: 'integrated', capacityTpy: 9000, cashCost: 30, cashMusd: 1e3 },
      { id: 'o1', name: 'O1', country: 'OUT', stage: 'integrated', capacityTpy: 3000, cashCost: 45, cashMusd: 1e3 },
    ],
    facilityRules: { outageProbability: 0 },
    zone: { variableLevy: false, cfd: true, cfdTerms: { strike: { refine: 40 }, ...terms } },
  };
}

describe('who the CfD pays, and who pays it (MODEL.md §4.6)', () => {
  /** Steps the exporter market, checking each month's settlement against the rule written out. */
  function check(terms: ZoneInput['cfdTerms'], membersOnly: boolean) {
    const w = createWorld(build(exporterMarket(terms)), 1, 12);
    const [EXP, MEM] = [0, 1];
    let paidOut = 0;
    const shares: number[] = [];
    for (let m = 0; m < 12; m++) {
      w.month = m;
      stepMonth(w);
      checkMonth(w);
      const o = w.outcome;
      const fl = o.flows;
      let all = 0;
      let toMembers = 0;
      for (let k = 0; k < fl.n; k++) {
        if (fl.stage[k] !== 1 || fl.from[k] !== EXP) continue;
        all += fl.tonnes[k]!;
        if (fl.to[k] === EXP || fl.to[k] === MEM) toMembers += fl.tonnes[k]!;
      }
      // The members' price index: their prices weighted by what they consumed.
      const cons = [o.consumptionT[EXP * 2 + 1]!, o.consumptionT[MEM * 2 + 1]!];
      const index =
        (o.priceUsdPerKg[EXP * 2 + 1]! * cons[0]! + o.priceUsdPerKg[MEM * 2 + 1]! * cons[1]!) / (cons[0]! + cons[1]!);
      const share = membersOnly ? toMembers / all : 1;
      const expected = (Math.max(0, 40 - index) * o.productionT[EXP * 2 + 1]! * share) / 1000;
      expect(o.cfdOutlayMusd, `month ${m}`).toBeCloseTo(expected, 9);
      // Payers: member treasuries pro rata to their refined consumption; the producer's country receives it all.
      const a = o.accounts;
      expect(a.cfdPaidMusd[EXP * 2 + 1]).toBeCloseTo((expected * cons[0]!) / (cons[0]! + cons[1]!), 9);
      expect(a.cfdPaidMusd[MEM * 2 + 1]).toBeCloseTo((expected * cons[1]!) / (cons[0]! + cons[1]!), 9);
      expect(a.cfdReceivedMusd[EXP * 2 + 1]).toBeCloseTo(expected, 9);
      paidOut += o.cfdOutlayMusd;
      shares.push(toMembers / all);
    }
    return { paidOut, shares };
  }

  it('pays only on the tonnes a member producer sells to members, charged to members pro rata to demand', () => {
    const only = check({}, true);
    const all = check({ membersOnly: false }, false);
    expect(only.paidOut).toBeGreaterThan(0);
    // The top-up rides on deliveries to members only, so from month 1 (the first with a top-up to expect) it steers
    // EXP's sales toward them — 0.39 of its sales under a CfD on all output, which lowers EXP's price to every buyer
    // alike, 0.43 in month 1 rising to 0.51 — while OUT still buys. Those tonnes lower members' prices, so each
    // eligible kg is paid more: the total is 82% of the CfD on all output's, on about half the tonnes.
    expect(only.paidOut).toBeLessThan(all.paidOut);
    expect(only.shares[0]).toBeCloseTo(all.shares[0]!, 9);
    for (let m = 1; m < 12; m++) {
      expect(only.shares[m], `month ${m}`).toBeGreaterThan(all.shares[m]! + 0.04);
      expect(only.shares[m], `month ${m}`).toBeLessThan(0.55);
    }
  });

  it('charges the producer’s own treasury with payers "host"', () => {
    const w = createWorld(build(exporterMarket({ payers: 'host' })), 1, 12);
    w.month = 0;
    stepMonth(w);
    checkMonth(w);
    expect(w.outcome.cfdOutlayMusd).toBeGreaterThan(0);
    // [country × 2 + stage]: EXP's treasury (0) pays its producers' refined CfD, MEM's (1) nothing.
    expect(w.outcome.accounts.cfdPaidMusd[1 * 2 + 1]).toBe(0);
    expect(w.outcome.accounts.cfdPaidMusd[0 * 2 + 1]).toBeCloseTo(w.outcome.cfdOutlayMusd, 9);
  });

  it('keeps zone.cfd: true of older files loading, on the default terms', () => {
    const member = [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'member' as const, demandTpy: 9000 }];
    const s = build({ ...oneMarket(), countries: member, zone: { floor: { refine: 60 }, cfd: true, budgetMusd: 500 } });
    expect(s.zone!.cfdTerms).toEqual({
      strike: {},
      reference: 'member-index',
      termMonths: 120,
      membersOnly: true,
      payers: 'members-by-demand',
    });
    expect(parseScenario({ ...oneMarket(), countries: member, zone: { cfd: true, cfdTerms: { cap: 1 } } }).ok).toBe(
      false,
    );
    expect(runScenario(s, { checkInvariants: true }).kpis.cfd_outlay_musd).toBeGreaterThan(0);
  });
});

/**
 * A covered plant P (EXP, a member with no demand of its own: 12,000 t/yr at $20/kg), a member importer MEM (6,000 t/yr
 * at $50) supplied by SUP (an outside plant of 60,000 t/yr at $30/kg, $1/kg away), and an outside importer OUT (24,000
 * t/yr at $50) with a plant of its own at $45/kg. Transport is $1/kg, but EXP → MEM costs $10 and SUP → OUT and
 * SUP → EXP $20, so MEM's price is SUP's 30 + 1 = $31/kg and OUT's is its own plant's $45/kg (its demand, 2,108 t a
 * month at $45, exceeds what P can send). The members' price index is MEM's $31/kg; the strike is $50/kg.
 */
function ownSalesMarket(stockpile: boolean, membersOnly = true, strike = 50): ScenarioInput {
  const plant = (id: string, country: string, capacityTpy: number, cashCost: number) => ({
    id,
    name: id,
    country,
    stage: 'integrated' as const,
    capacityTpy,
    cashCost,
    cashMusd: 1e3,
  });
  const route = (from: string, to: string, usdPerKg: number) => ({ from, to, usdPerKg });
  return {
    schema: 1,
    title: 'Own sales',
    start: '2025-01',
    months: 12,
    market: handMarket({ mine: 20, elasticityShort: -0.5 }, [
      route('EXP', 'MEM', 10),
      route('SUP', 'OUT', 20),
      route('SUP', 'EXP', 20),
    ]),
    countries: [
      c('EXP', 'member', 0, 0),
      c('MEM', 'member', 6000, 5),
      c('SUP', 'other', 0, 10),
      c('OUT', 'other', 24000, 15),
    ],
    facilities: [plant('p', 'EXP', 12000, 20), plant('sup', 'SUP', 60000, 30), plant('out', 'OUT', 60000, 45)],
    facilityRules: { outageProbability: 0 },
    zone: {
      variableLevy: false,
      cfd: true,
      budgetMusd: 1e6,
      cfdTerms: { strike: { refine: strike }, membersOnly },
      ...(stockpile && {
        stockpile: {
          country: 'EXP',
          budgetMusd: 1e6,
          capacityT: 1e6,
          buyBelow: 40,
          maxBuyPerMonthT: 500,
          maxReleasePerMonthT: 0,
        },
      }),
    },
  };
}

describe('the CfD pays on the plant’s own sales to members (MODEL.md §4.6)', () => {
  /** Steps the market and returns, from month 1 (the first with a reference to expect), each month's outcome. */
  function months(input: ScenarioInput) {
    const w = createWorld(build(input), 1, 12);
    const out: { outlay: number; toMembers: number; toOut: number; memberPrice: number; marketPrice: number }[] = [];
    const [EXP, MEM, , OUT] = [0, 1, 2, 3];
    for (let m = 0; m < 12; m++) {
      w.month = m;
      stepMonth(w);
      checkMonth(w);
      if (m === 0) continue;
      const fl = w.outcome.flows;
      let toMembers = 0;
      let toOut = 0;
      for (let k = 0; k < fl.n; k++) {
        if (fl.stage[k] !== 1 || fl.from[k] !== EXP) continue;
        if (fl.to[k] === EXP || fl.to[k] === MEM) toMembers += fl.tonnes[k]!;
        if (fl.to[k] === OUT) toOut += fl.tonnes[k]!;
      }
      out.push({
        outlay: w.outcome.cfdOutlayMusd,
        toMembers,
        toOut,
        memberPrice: w.outcome.priceUsdPerKg[MEM * 2 + 1]!,
        marketPrice: w.zone.cfdMarketPriceUsdPerKg[0]!,
      });
    }
    return out;
  }

  it('pays nothing to a covered plant that sells only to a non-member', () => {
    // P nets 45 − 1 = $44/kg in OUT, and 31 − 10 + (50 − 31) = $40/kg in MEM with the top-up: all 1,000 t a month go
    // to OUT, while SUP supplies MEM. Nothing is owed. A CfD on all output would pay (50 − 31) × 1,000 t = 19 M$ a
    // month for that outside sale.
    for (const m of months(ownSalesMarket(false))) {
      expect(m.toOut).toBeCloseTo(1000, 6);
      expect(m.toMembers).toBe(0);
      expect(m.memberPrice).toBeCloseTo(31, 6);
      expect(m.outlay).toBe(0);
    }
    for (const m of months(ownSalesMarket(false, false))) expect(m.outlay).toBeCloseTo(19, 6);
  });

  it('pays (strike − reference) × its member tonnes to a plant that sells half to members', () => {
    // The stockpile, a member buyer at P's own node, bids $40/kg for 500 t a month. P's route to it carries the $19
    // top-up, so it is worth 44 − 19 = $25/kg to P at the margin, below the bid: the stockpile takes 500 t at $25/kg
    // and OUT the other 500 t. The CfD pays (50 − 31) × 500 t = 9.5 M$ a month; P's market price is its node's $44
    // less the top-up on half its sales, 44 − 19/2 = $34.50/kg. (Engine 0.1's rule lowered P's ask for every buyer:
    // the stockpile, at $44 against a $40 bid, got nothing, and P's output went to OUT.)
    for (const m of months(ownSalesMarket(true))) {
      expect(m.toMembers).toBeCloseTo(500, 6);
      expect(m.toOut).toBeCloseTo(500, 6);
      expect(m.memberPrice).toBeCloseTo(31, 6);
      expect(m.outlay).toBeCloseTo((50 - 31) * 0.5, 6);
      expect(m.marketPrice).toBeCloseTo(34.5, 6);
    }
  });

  it('lets a top-up above the plant’s cost give its product away, never pay buyers to take it', () => {
    // At a $100 strike P expects 100 − 31 = $69 a kg on member sales, more than its $20 cash cost: its route to the
    // stockpile carries at most $20 (it would sell to members at any price from zero), so the stockpile pays 44 − 20 =
    // $24/kg, not a negative price, the accounts balance (checkMonth), and the CfD pays 69 × 500 t = 34.5 M$ a month.
    for (const m of months(ownSalesMarket(true, true, 100))) {
      expect(m.toMembers).toBeCloseTo(500, 6);
      expect(m.outlay).toBeCloseTo((100 - 31) * 0.5, 6);
      expect(m.marketPrice).toBeCloseTo(44 - 20 / 2, 6);
    }
  });
});

describe('what a CfD defends for investors (MODEL.md §4.3)', () => {
  /** The small market with every country but China in the zone and a refined floor of $60/kg, no levy. */
  function zoneMarket(zone: Partial<ZoneInput>, months = 36) {
    const base = smallMarket({ withZone: true, months });
    return build({
      ...base,
      countries: base.countries.map((c) => (c.code === 'CHN' ? c : { ...c, role: 'member' })),
      dominant: { ...base.dominant!, strategy: 'scripted' },
      zone: { floor: { refine: 60 }, variableLevy: false, cfd: true, ...zone },
    });
  }

  it('protects no new project once its budget is spent', () => {
    const r = runScenario(zoneMarket({ budgetMusd: 100_000 }, 60));
    const funded = r.events.filter((e) => e.type === 'project' && e.detail.includes('defended by the CfD'));
    expect(funded.length).toBeGreaterThan(0);
    // A budget that runs out in the first year: no project is committed on the CfD after that.
    const small = runScenario(zoneMarket({ budgetMusd: 150 }, 60));
    const spent = small.events.find((e) => e.detail.includes('CfD budget'));
    expect(spent).toBeDefined();
    const after = small.events.filter((e) => e.type === 'project' && e.month > spent!.month);
    expect(after.filter((e) => e.detail.includes('defended by the CfD'))).toEqual([]);
    // And the floor is reported only while something defends it: the CfD until its budget is spent.
    const floor = column(small, 'floor_refine');
    expect(floor[spent!.month + 1]).toBeNaN();
    expect(floor[0]).toBe(60);
  });

  it('defends a project only for the share of its life the term covers, by hand', () => {
    // A 10,000 t/yr integrated project of 20 years with a $30/kg downside under a $60/kg strike; the CfD's term is
    // 10 years (120 months): top-ups over the term at the downside (60 − 30) × 10,000 t × 10 yr / 1000 = 3,000 M$. A
    // 1,500 M$ budget pays half of them, for half the project's life: coverage 0.25, and at credibility 0.8 the
    // downside rises by 0.8 × 0.25 × 30 = $6/kg. With money enough, the term alone limits it: 0.8 × 0.5 × 30 = $12/kg
    // for 10 years of 20, 0.8 × 1 × 30 = $24/kg for a 20-year term.
    const project = { country: 1, kind: FacilityKind.integrated, capacityTpy: 10_000, lifeYears: 20 };
    const world = (zone: Partial<ZoneInput>) => {
      const w = createWorld(zoneMarket({ policyCredibility: 0.8, ...zone }), 1, 12);
      w.countries.member.fill(1);
      w.countries.member[0] = 0;
      return w;
    };
    const w = world({ budgetMusd: 1500 });
    expect(defendDownside(w, project, 30, false).downsideUsdPerKg).toBeCloseTo(36, 9);
    expect(defendDownside(world({ budgetMusd: 1e6 }), project, 30, false).downsideUsdPerKg).toBeCloseTo(42, 9);
    const whole = world({ budgetMusd: 1e6, cfdTerms: { termMonths: 240 } });
    expect(defendDownside(whole, project, 30, false).downsideUsdPerKg).toBeCloseTo(54, 9);
    // A project whose country sold a fifth of its output to members last month: top-ups on a fifth of its output,
    // 600 M$, which the 1,500 M$ pay in full; coverage 0.5 (the term) × 0.2 = 0.1, and the downside 30 + 0.8 × 0.1 ×
    // 30 = $32.40/kg.
    w.zone.cfdMemberShare[1 * 2 + 1] = 0.2;
    expect(defendDownside(w, project, 30, false).downsideUsdPerKg).toBeCloseTo(32.4, 9);
  });
});
