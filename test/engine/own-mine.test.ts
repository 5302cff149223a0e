/**
 * Integrated plants with a mine larger or smaller than their refinery needs (MODEL.md §3): they refine their own ore
 * first, sell the surplus as concentrate and buy a shortfall, all in the month's one network. Checked by hand.
 *
 * The case: recovery 0.8; transport $1/kg on every international route; Japan buys refined product at up to $60/kg
 * (its own backstop plant), so Australia's refined product nets 60 − 1 = $59/kg at home. Australia's integrated plant
 * refines 12,000 t/yr (1,000 t a month) at a cash cost of $20/kg, of which mining is $8/kg of concentrate ($10 per kg
 * of refined output: conversion is $10/kg).
 * - Surplus: its mine yields 30,000 t/yr of concentrate, twice the 15,000 its refinery needs. It refines 1,000 t a
 *   month of its own ore and sells the other 1,250 t of ore to a Japanese refinery that needs exactly that, at its
 *   mining cost, $8/kg (the lowest price at which the ore all sells). Profit: 1,000 × (59 − 20) / 1000 = 39 M$ a month.
 * - Shortfall: its mine yields 7,500 t/yr, half what its refinery needs. It refines 500 t a month of its own ore and
 *   500 t of ore bought from Korea, whose mine (2,500 t a month at $15/kg) has ore to spare after the Japanese
 *   refinery's 1,250 t: 625 t at $15 plus $1 transport. Profit: 500 × (59 − 20) own +
 *   500 × (59 − 10) conversion − 625 × 16 feed, / 1000 = 19.5 + 24.5 − 10 = 34 M$ a month.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/run.ts';
import type { RunResult } from '../../src/results/contract.ts';
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import { build } from './scenario-builder.ts';

function ownMineCase(mineCapacityTpy: number): ScenarioInput {
  const country = (code: string, role: 'member' | 'other', lat: number, lon: number, demandTpy: number) => ({
    code,
    name: code,
    lat,
    lon,
    role,
    demandTpy,
  });
  return {
    schema: 1,
    title: 'An integrated plant with its own mine',
    start: '2025-01',
    months: 12,
    seed: 1,
    facilityRules: { outageProbability: 0 },
    market: {
      recovery: 0.8,
      referencePrice: { mine: 20, refine: 60 },
      chokePrice: 300,
      demandNoise: 0,
      transport: { baseUsdPerKg: 1, perThousandKmUsdPerKg: 0, overrides: [] },
    },
    countries: [
      country('AUS', 'member', -25, 134, 1),
      country('JPN', 'other', 36, 138, 60_000),
      country('KOR', 'other', 36, 128, 1),
    ],
    facilities: [
      {
        id: 'aus',
        name: 'Australian integrated plant',
        country: 'AUS',
        stage: 'integrated',
        capacityTpy: 12_000,
        cashCost: 20,
        mineCapacityTpy,
        mineCashCost: 8,
      },
      {
        id: 'jpn-refinery',
        name: 'Japanese refinery',
        country: 'JPN',
        stage: 'refine',
        capacityTpy: 12_000,
        cashCost: 5,
      },
      {
        id: 'jpn-backstop',
        name: 'Japanese backstop',
        country: 'JPN',
        stage: 'integrated',
        capacityTpy: 1e6,
        cashCost: 60,
      },
      { id: 'kor-mine', name: 'Korean mine', country: 'KOR', stage: 'mine', capacityTpy: 30_000, cashCost: 15 },
    ],
  };
}

const run = (mineCapacityTpy: number) => runScenario(build(ownMineCase(mineCapacityTpy)), { checkInvariants: true });
const monthly = (r: RunResult, m: number, col: string) =>
  r.buffers.monthly[m * r.meta.monthlyColumns.length + r.meta.monthlyColumns.indexOf(col)]!;
const AUS = 0;
const JPN = 1;
const at = (r: RunResult, m: number, c: number, st: number) => r.buffers.price[(m * 3 + c) * 2 + st]!;
const flows = (r: RunResult, m: number, st: number) => {
  const b = r.buffers;
  const out: Record<string, number> = {};
  for (let k = 0; k < b.flowMonth.length; k++) {
    if (b.flowMonth[k] !== m || b.flowStage[k] !== st) continue;
    out[`${r.meta.countries[b.flowFrom[k]!]!.code}>${r.meta.countries[b.flowTo[k]!]!.code}`] = b.flowTonnes[k]!;
  }
  return out;
};

describe("integrated plants' own mines (MODEL.md §3)", () => {
  it('sells surplus ore as concentrate at its mining cost and refines its own ore first, by hand', () => {
    const r = run(30_000);
    for (let m = 0; m < 12; m++) {
      expect(flows(r, m, 0)).toEqual({ 'AUS>JPN': expect.closeTo(1250, 6) });
      // All of its refined output but the little Australia itself buys.
      expect(flows(r, m, 1)['AUS>JPN']).toBeGreaterThan(999.5);
      expect(flows(r, m, 1)['AUS>JPN']).toBeLessThan(1000);
      expect(at(r, m, AUS, 0)).toBeCloseTo(8, 9);
      expect(at(r, m, JPN, 0)).toBeCloseTo(9, 9);
      expect(at(r, m, AUS, 1)).toBeCloseTo(59, 9);
      // The only member is Australia, whose only producer is the plant.
      expect(monthly(r, m, 'producer_surplus_member_musd')).toBeCloseTo(39, 6);
    }
  });

  it('buys the ore its mine cannot supply and refines it at its conversion cost, by hand', () => {
    const r = run(7_500);
    for (let m = 0; m < 12; m++) {
      expect(flows(r, m, 0)).toEqual({ 'KOR>AUS': expect.closeTo(625, 6), 'KOR>JPN': expect.closeTo(1250, 6) });
      expect(at(r, m, AUS, 0)).toBeCloseTo(16, 9);
      expect(monthly(r, m, 'producer_surplus_member_musd')).toBeCloseTo(34, 6);
    }
  });

  it('runs exactly as before when the mine fits the refinery (the default)', () => {
    const plain = build(ownMineCase(15_000));
    delete (plain.facilities[0] as { mineCapacityTpy?: number }).mineCapacityTpy;
    delete (plain.facilities[0] as { mineCashCost?: number }).mineCashCost;
    const fitted = run(15_000);
    const r = runScenario(plain);
    expect(monthly(fitted, 0, 'producer_surplus_member_musd')).toBeCloseTo(
      monthly(r, 0, 'producer_surplus_member_musd'),
      9,
    );
    expect(Array.from(fitted.buffers.price)).toEqual(Array.from(r.buffers.price));
  });

  it('refuses an own mine where it cannot apply, naming the field', () => {
    const bad = ownMineCase(30_000);
    (bad.facilities![1] as Record<string, unknown>).mineCapacityTpy = 100;
    (bad.facilities![1] as Record<string, unknown>).mineCashCost = 1;
    const dear = ownMineCase(30_000);
    (dear.facilities![0] as Record<string, unknown>).mineCashCost = 17;
    const half = ownMineCase(30_000);
    delete (half.facilities![0] as Record<string, unknown>).mineCashCost;
    const problems = [bad, dear, half].map((s) => {
      const p = parseScenario(s);
      return p.ok ? [] : p.error.map((e) => `${e.path}: ${e.message}`);
    });
    expect(problems[0]).toEqual(['facilities[1].mineCapacityTpy: only an integrated facility has its own mine']);
    expect(problems[1]![0]).toMatch(/^facilities\[0\]\.mineCashCost: mining costs 21\.25 USD per kg of refined output/);
    expect(problems[2]).toEqual(['facilities[0].mineCapacityTpy: mineCapacityTpy and mineCashCost go together']);
  });
});
