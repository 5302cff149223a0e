/**
 * A generated stress scenario: `countries` countries on a grid of coordinates, `facilities` facilities spread over the
 * first quarter of them (mines, refineries and integrated plants), a dominant supplier with 60% of capacity, a zone of
 * members with a levy, events, and a pipeline. Deterministic: the same size gives the same scenario.
 */
import type { ScenarioInput } from '../src/scenario/schema.ts';

/** Builds the stress scenario. */
export function stressScenario(countries = 200, facilities = 5000, months = 600): ScenarioInput {
  let state = 12345;
  const rand = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const codes: string[] = [];
  for (let i = 0; codes.length < countries; i++) {
    const a = String.fromCharCode(65 + (Math.floor(i / 676) % 26), 65 + (Math.floor(i / 26) % 26), 65 + (i % 26));
    codes.push(a);
  }
  const producers = Math.max(2, Math.floor(countries / 4));
  const list: ScenarioInput['countries'] = codes.map((code, i) => ({
    code,
    name: `Country ${code}`,
    lat: -60 + ((i * 37) % 120),
    lon: -180 + ((i * 73) % 360),
    role: i === 0 ? 'dominant' : i % 5 === 1 ? 'member' : 'other',
    demandTpy: i === 0 ? 150_000 : 500 + Math.round(rand() * 4000),
    growth: 0.03,
  }));
  const kinds = ['mine', 'refine', 'integrated'] as const;
  const fac: NonNullable<ScenarioInput['facilities']> = [];
  for (let f = 0; f < facilities; f++) {
    const dominant = f < facilities * 0.3;
    const c = dominant ? 0 : 1 + Math.floor(rand() * (producers - 1));
    const kind = kinds[f % 3]!;
    fac.push({
      id: `f${f}`,
      name: `Facility ${f}`,
      country: codes[c]!,
      stage: kind,
      capacityTpy: Math.round(dominant ? 200 + rand() * 400 : 50 + rand() * 250),
      cashCost:
        Math.round((kind === 'refine' ? 5 + rand() * 10 : dominant ? 18 + rand() * 10 : 25 + rand() * 25) * 100) / 100,
      fixedCostMusd: Math.round(rand() * 5 * 100) / 100,
      owner: dominant ? 'state' : 'private',
      cashMusd: 10 + Math.round(rand() * 50),
    });
  }
  return {
    schema: 1,
    id: 'stress',
    title: `Stress: ${countries} countries, ${facilities} facilities, ${months} months`,
    start: '2025-01',
    months,
    seed: 7,
    market: { referencePrice: { mine: 30, refine: 50 }, chokePrice: 400, demandNoise: 0.03 },
    countries: list,
    facilities: fac,
    pipeline: codes.slice(1, producers).map((code) => ({
      country: code,
      stage: 'integrated' as const,
      capacityTpy: 500,
      capexMusd: 80,
      cashCost: 35,
      leadMonths: 48,
      count: 3,
    })),
    dominant: { country: codes[0]!, strategy: 'adaptive', supportBudgetMusd: 1e6 },
    zone: {
      floor: { refine: 45 },
      variableLevy: true,
      stockpile: { budgetMusd: 5000, capacityT: 50_000, maxBuyPerMonthT: 2000, maxReleasePerMonthT: 2000 },
    },
    events: [
      { kind: 'export-restriction', month: '2030-01', until: '2032-01', to: 'member', cut: 0.5 },
      { kind: 'tariff', month: '2027-01', importer: codes[2]!, exporter: 'dominant', adValorem: 0.25 },
      { kind: 'disruption', month: '2030-01', months: 12 },
    ],
  };
}
