/** Small scenarios built in code for engine tests: a dominant supplier, rivals and importers. */
import type { ScenarioInput } from '../../src/scenario/schema.ts';
import { parseScenario } from '../../src/scenario/parse.ts';
import type { Scenario } from '../../src/scenario/schema.ts';

/** Parses a scenario built in a test, failing loudly with the problems. */
export function build(input: ScenarioInput): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.error.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.value;
}

/** Options of `smallMarket`. */
export interface SmallMarket {
  seed?: number;
  months?: number;
  rivals?: number;
  rivalCost?: number;
  dominantCost?: number;
  importers?: number;
  withZone?: boolean;
  extraFacility?: boolean;
}

/** Builds a small two-stage market with integrated producers: CHN dominant, rivals R1.., importers I1... */
export function smallMarket(o: SmallMarket = {}): ScenarioInput {
  const rivals = o.rivals ?? 2;
  const importers = o.importers ?? 2;
  const rivalCodes = ['AUS', 'USA', 'CAN', 'BRA', 'ZAF'].slice(0, rivals);
  const importerCodes = ['JPN', 'KOR', 'DEU', 'IND', 'FRA'].slice(0, importers);
  const coords: Record<string, [number, number]> = {
    CHN: [35, 105],
    AUS: [-25, 134],
    USA: [39, -98],
    CAN: [56, -106],
    BRA: [-10, -55],
    ZAF: [-29, 24],
    JPN: [36, 138],
    KOR: [36, 128],
    DEU: [51, 10],
    IND: [21, 78],
    FRA: [46, 2],
  };
  const country = (code: string, role: 'dominant' | 'member' | 'other', demandTpy: number) => ({
    code,
    name: code,
    lat: coords[code]![0],
    lon: coords[code]![1],
    role,
    demandTpy,
  });
  const facilities: NonNullable<ScenarioInput['facilities']> = [
    {
      id: 'chn-1',
      name: 'Dominant 1',
      country: 'CHN',
      stage: 'integrated',
      capacityTpy: 50_000,
      cashCost: o.dominantCost ?? 20,
      owner: 'state',
    },
    {
      id: 'chn-2',
      name: 'Dominant 2',
      country: 'CHN',
      stage: 'integrated',
      capacityTpy: 30_000,
      cashCost: (o.dominantCost ?? 20) * 1.2,
      owner: 'state',
    },
  ];
  rivalCodes.forEach((code, i) =>
    facilities.push({
      id: `${code.toLowerCase()}-1`,
      name: `Rival ${code}`,
      country: code,
      stage: 'integrated',
      capacityTpy: 15_000,
      cashCost: (o.rivalCost ?? 35) + i * 3,
      fixedCostMusd: 30,
      cashMusd: 20,
    }),
  );
  if (o.extraFacility) {
    facilities.push({
      id: 'extra-1',
      name: 'Extra',
      country: rivalCodes[0]!,
      stage: 'mine',
      capacityTpy: 5_000,
      cashCost: 15,
    });
  }
  return {
    schema: 1,
    title: 'Small test market',
    start: '2025-01',
    months: o.months ?? 60,
    seed: o.seed ?? 1,
    market: { referencePrice: { mine: 25, refine: 45 }, chokePrice: 300, demandNoise: 0.05 },
    countries: [
      country('CHN', 'dominant', 60_000),
      ...rivalCodes.map((c) => country(c, o.withZone ? 'member' : 'other', 5_000)),
      ...importerCodes.map((c) => country(c, 'other', 10_000)),
    ],
    facilities,
    pipeline: rivalCodes.map((c) => ({
      country: c,
      stage: 'integrated' as const,
      capacityTpy: 10_000,
      capexMusd: 300,
      cashCost: 38,
      leadMonths: 36,
      count: 2,
    })),
    dominant: { country: 'CHN', strategy: 'adaptive', supportBudgetMusd: 20_000 },
    zone: o.withZone ? { floor: { refine: 45 }, variableLevy: true } : undefined,
  };
}

/**
 * One country, two integrated producers (20 $/kg and 40 $/kg, 6,000 t/yr each, no fixed cost), isoelastic demand
 * 9,000 t/yr × (P/50)^−0.5 up to a 500 $/kg choke price, no outages: the textbook market of MODEL.md §8.4.
 */
export function oneMarket(extra: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    schema: 1,
    title: 'One market',
    start: '2025-01',
    months: 12,
    market: { referencePrice: { mine: 20, refine: 50 }, chokePrice: 500, elasticityShort: -0.5, substitutionSpeed: 0 },
    countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'other', demandTpy: 9000 }],
    facilities: [
      { id: 'low', name: 'Low', country: 'AAA', stage: 'integrated', capacityTpy: 6000, cashCost: 20, cashMusd: 1000 },
      {
        id: 'high',
        name: 'High',
        country: 'AAA',
        stage: 'integrated',
        capacityTpy: 6000,
        cashCost: 40,
        cashMusd: 1000,
      },
    ],
    facilityRules: { outageProbability: 0 },
    ...extra,
  };
}

/**
 * The market of the hand-checked tests: a 50 $/kg refined reference, a 500 $/kg choke, no substitution, and 1 $/kg of
 * transport on every route (`overrides` per route), so each test's numbers can be worked out by hand.
 */
export function handMarket(
  o: { mine: number; elasticityShort: number },
  overrides: { from: string; to: string; usdPerKg: number }[] = [],
): NonNullable<ScenarioInput['market']> {
  return {
    referencePrice: { mine: o.mine, refine: 50 },
    chokePrice: 500,
    elasticityShort: o.elasticityShort,
    substitutionSpeed: 0,
    transport: { baseUsdPerKg: 1, perThousandKmUsdPerKg: 0, overrides },
  };
}

/**
 * An exporter (demand 2,000 t/yr; plants at 20 and 30 $/kg of `exporterTpy` each) and an importer (demand 8,000 t/yr;
 * one plant at 45 $/kg, 3,000 t/yr), 1 $/kg of transport, and an import tariff on the pair from the first month.
 */
export function twoMarkets(tariff: { perKg?: number; adValorem?: number }, exporterTpy = 9000): ScenarioInput {
  const taxed = (tariff.perKg ?? 0) > 0 || (tariff.adValorem ?? 0) > 0;
  return {
    schema: 1,
    title: 'Exporter and importer',
    start: '2025-01',
    months: 12,
    market: handMarket({ mine: 20, elasticityShort: -0.5 }),
    countries: [
      { code: 'EXP', name: 'Exporter', lat: 0, lon: 0, role: 'other', demandTpy: 2000 },
      { code: 'IMP', name: 'Importer', lat: 0, lon: 10, role: 'other', demandTpy: 8000 },
    ],
    facilities: [
      {
        id: 'e1',
        name: 'E1',
        country: 'EXP',
        stage: 'integrated',
        capacityTpy: exporterTpy,
        cashCost: 20,
        cashMusd: 1e3,
      },
      {
        id: 'e2',
        name: 'E2',
        country: 'EXP',
        stage: 'integrated',
        capacityTpy: exporterTpy,
        cashCost: 30,
        cashMusd: 1e3,
      },
      { id: 'i1', name: 'I1', country: 'IMP', stage: 'integrated', capacityTpy: 3000, cashCost: 45, cashMusd: 1000 },
    ],
    facilityRules: { outageProbability: 0 },
    events: taxed ? [{ kind: 'tariff', month: '2025-01', importer: 'IMP', exporter: 'EXP', ...tariff }] : [],
  };
}

/**
 * MODEL.md §8.4's supply shock: one country, ε = −0.2, demand 10,000 t/yr at 50 $/kg, two plants of 5,000 t/yr at
 * 20 $/kg; plant 2 out from 2025-04 for `outage` months; `months` months of refined use held as normal commercial stock
 * (none by default, as in §8.4); `horizon` months.
 */
export function supplyShock(outage: number, months = 0, horizon = 18): ScenarioInput {
  return {
    schema: 1,
    title: 'Supply shock',
    start: '2025-01',
    months: horizon,
    market: {
      referencePrice: { mine: 20, refine: 50 },
      chokePrice: 5000,
      elasticityShort: -0.2,
      elasticityLong: -0.2,
      substitutionSpeed: 0,
      stocks: { initialMonths: { mine: 0, refine: months } },
    },
    countries: [{ code: 'AAA', name: 'A', lat: 0, lon: 0, role: 'other', demandTpy: 10_000 }],
    facilities: [
      { id: 'p1', name: 'P1', country: 'AAA', stage: 'integrated', capacityTpy: 5000, cashCost: 20, cashMusd: 1e5 },
      { id: 'p2', name: 'P2', country: 'AAA', stage: 'integrated', capacityTpy: 5000, cashCost: 20, cashMusd: 1e5 },
    ],
    facilityRules: { outageProbability: 0 },
    events: [{ kind: 'outage', month: '2025-04', facility: 'p2', months: outage }],
  };
}
