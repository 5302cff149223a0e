/**
 * The README and `metadata.json` that travel with a run's files (PRODUCT.md "Downloads carry a README"), in the
 * manner of Our World in Data's downloads: what each file is, the scenario and its sources, the engine version and the
 * result hash, how to reproduce and cite the run, the licence, and the caveats. Pure: the same run gives the same
 * bytes (no clock, no page address).
 */
import type { RunResult } from '../../results/contract.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { RUN_FILE_NAMES } from '../../results/run-files.ts';

/** The name of the scenario file in the zip. */
export const SCENARIO_FILE = 'scenario.json';

/** What each file in the zip holds (RESULTS.md "Files in --out"). */
export const FILE_DESCRIPTIONS: Record<string, string> = {
  'summary.json':
    'The run: scenario id and title, seed, start month, months, engine version, result hash (a hash of every number the run produced) and the headline KPIs.',
  'monthly.csv':
    'One row per month: prices per stage and bloc, the floors, supply, capacity, money flows and the dominant supplier’s mode.',
  'countries.csv':
    'One row per month, country and stage: price, production, consumption, imports, exports and unmet demand.',
  'flows.csv': 'One row per month, stage and trade route with a flow: tonnes, value and tariff paid.',
  'facilities.csv':
    'One row per facility (mine or refinery): capacity, cash cost, final state, when it opened or closed, months idle, final cash.',
  'events.csv':
    'One row per event (closures, restarts, mode changes, restrictions, floor reviews…) with the rule that fired.',
  [SCENARIO_FILE]:
    'The full scenario that ran, with its seed and horizon: `npx chokepoint run scenario.json` reproduces these files.',
  'metadata.json': 'This description, for machines.',
  'README.md': 'This description, for people.',
};

/** The software licence of Chokepoint (package.json). */
export const LICENCE = 'MIT';

/** What the run is, for `metadata.json`. */
export interface RunMetadata {
  title: string;
  files: { name: string; description: string }[];
  scenario: {
    id: string;
    title: string;
    description: string;
    sources: { title: string; year?: number; detail?: string; url?: string }[];
    estimates: string[];
    file: string;
  };
  run: { seed: number; start: string; months: number; engineVersion: string; resultHash: string; source: string };
  reproduce: string;
  citation: string;
  licence: { software: string; files: string };
  caveats: string[];
}

/** Describes a run: its result, the scenario that produced it, and where it came from (a preset, a link, a file). */
export function runMetadata(result: RunResult, scenario: Scenario, source: string): RunMetadata {
  const { meta, resultHash } = result;
  const id = meta.scenarioId || 'scenario';
  const citation =
    `Chokepoint simulation (engine ${meta.engineVersion}), scenario “${meta.title}” (${id}), seed ${meta.seed}, ` +
    `${meta.start} + ${meta.months} months, result hash ${resultHash}.`;
  return {
    title: `Chokepoint run: ${meta.title}`,
    files: [...RUN_FILE_NAMES, SCENARIO_FILE, 'metadata.json', 'README.md'].map((name) => ({
      name,
      description: FILE_DESCRIPTIONS[name] ?? '',
    })),
    scenario: {
      id,
      title: meta.title,
      description: scenario.description ?? '',
      sources: (scenario.sources ?? []).map((s) => ({
        title: s.title,
        ...(s.year !== undefined ? { year: s.year } : {}),
        ...(s.detail ? { detail: s.detail } : {}),
        ...(s.url && /^https?:\/\//.test(s.url) ? { url: s.url } : {}),
      })),
      estimates: scenario.estimates ?? [],
      file: SCENARIO_FILE,
    },
    run: {
      seed: meta.seed,
      start: meta.start,
      months: meta.months,
      engineVersion: meta.engineVersion,
      resultHash,
      source,
    },
    reproduce: `npx chokepoint run ${SCENARIO_FILE} --out out/ (prints and writes the same files; summary.json's resultHash is ${resultHash})`,
    citation,
    licence: {
      software: `Chokepoint is released under the ${LICENCE} licence.`,
      files:
        'These files are the output of a simulation and may be reused with the citation above; figures taken from the scenario’s sources remain under those sources’ terms.',
    },
    caveats: [
      'Simulated figures, not observations: the engine is a model of the market (see the model description), and its numbers are only as good as the scenario’s inputs.',
      'The scenario lists under “estimates” every number that was derived rather than read from a source.',
      `One seed (${meta.seed}): outages, project costs and demand noise are random draws; run several seeds before relying on a difference.`,
      'Prices are USD/kg, tonnes per month in flows and production, capacities t/yr, money USD millions; months are YYYY-MM.',
    ],
  };
}

/** Writes the README of a run's zip from its metadata. */
export function runReadme(m: RunMetadata): string {
  const lines = [
    `# ${m.title}`,
    '',
    m.scenario.description,
    '',
    '## The run',
    '',
    `- Scenario: ${m.scenario.title} (\`${m.scenario.id}\`), from ${m.run.source}`,
    `- Seed ${m.run.seed}, ${m.run.months} months from ${m.run.start}`,
    `- Engine ${m.run.engineVersion}, result hash \`${m.run.resultHash}\``,
    '',
    '## Files',
    '',
    ...m.files.map((f) => `- \`${f.name}\`: ${f.description}`),
    '',
    'The columns are described in the results contract (docs/RESULTS.md in Chokepoint).',
    '',
    '## Reproduce',
    '',
    `\`${m.reproduce}\``,
    '',
    '## How to cite',
    '',
    m.citation,
    '',
    '## Licence',
    '',
    m.licence.software,
    m.licence.files,
    '',
    '## Caveats',
    '',
    ...m.caveats.map((c) => `- ${c}`),
    '',
    '## Sources of the scenario',
    '',
    ...(m.scenario.sources.length
      ? m.scenario.sources.map(
          (s) =>
            `- ${[s.title, s.year, s.detail].filter((x) => x !== undefined).join(', ')}${s.url ? ` <${s.url}>` : ''}`,
        )
      : ['- (none given)']),
    '',
    '## Estimates',
    '',
    ...(m.scenario.estimates.length ? m.scenario.estimates.map((e) => `- ${e}`) : ['- (none listed)']),
    '',
  ];
  return lines.join('\n');
}
