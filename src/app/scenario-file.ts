/**
 * Scenario files in the page (PRODUCT.md "Download", "Bad input"): the file Download writes — the full validated
 * scenario without `extends`, so `chokepoint run file.json` runs exactly it and gets the page's hash — and the file a
 * user uploads, read as untrusted text with a size limit before anything parses it.
 */
import { type Problem, type Result, fail, ok } from '../lib/result.ts';
import { type PresetCatalog, parseScenario } from '../scenario/parse.ts';
import { parseJsonText } from '../scenario/safe-json.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { OpenedScenario } from '../state/store.ts';

/** Largest scenario file the page reads, bytes: real ones are a few kB, the schema's limits keep them far below. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * The page's interactive bound on an uploaded scenario's size, in months × (countries² + facilities + pipeline
 * projects): the month's network grows with the square of the countries (routes between them) and with the plants.
 * Engine 0.2.0-alpha.34 runs 0.43–0.71 µs a unit-month in Node on our test machine (`rare-earths-2024` 0.43, 1,596
 * plants for 1,200 months 0.45, `rare-earths-zone-2026` 0.67, the stress scenario's 200 countries and 5,000 plants
 * 0.71). The page is slower: those 1,596 plants took 1.4–1.6 s from request to charts (1.1 s in Node), and 9,918
 * plants for 1,200 months (12.5 million) 5.5–6.2 s, though the plant bound below now refuses them. 12.5 million
 * unit-months keep an upload to about ten seconds in the page on a slower machine; every preset is far below it (the
 * largest, `rare-earths-zone-2026`, about 0.35 million). The command line takes the schema's limits.
 */
export const INTERACTIVE_WORK = 12_500_000;

/** Returns the scenario's size in the units of INTERACTIVE_WORK. */
export function interactiveWork(s: Scenario, months = s.months): number {
  return months * (s.countries.length * s.countries.length + plants(s));
}

/**
 * The page's bound on the plants' monthly columns a result carries, in plant-months (months × (facilities + pipeline
 * projects)): about 17 bytes each (four float32 columns and a state byte), so 2.5 million keep them under 43 MB, as
 * much as the largest upload the page took before its time bound was raised (9,918 plants for 1,200 months, within the
 * time bound, return 203 MB of them). A scenario of many countries and few plants is bound by time instead.
 */
export const INTERACTIVE_PLANT_MONTHS = 2_500_000;

/** Bytes of plant columns per plant-month of a result (RESULTS.md: state, capacity, cost, output, netback). */
const PLANT_MONTH_BYTES = 17;

const plants = (s: Scenario) => s.facilities.length + s.pipeline.reduce((n, p) => n + p.count, 0);

/**
 * Says why the page will not run `s` for `months` (it would take too long, or return too much), with the longest
 * horizon it would run; null when it runs.
 */
export function pastPageBound(s: Scenario, months = s.months): { reason: string; fitMonths: number } | null {
  const work = interactiveWork(s, months);
  const plantMonths = months * plants(s);
  if (work <= INTERACTIVE_WORK && plantMonths <= INTERACTIVE_PLANT_MONTHS) return null;
  const fitMonths = Math.max(
    12,
    Math.floor(months * Math.min(INTERACTIVE_WORK / work, INTERACTIVE_PLANT_MONTHS / plantMonths)),
  );
  const reason =
    work > INTERACTIVE_WORK
      ? `would take about ${Math.round(expectedRunMs(s, months) / 1000)} s to run in the page, past its interactive ` +
        `bound of about 10 s`
      : `would return about ${Math.round((plantMonths * PLANT_MONTH_BYTES) / 1e6)} MB of plant columns to the page, ` +
        `past its bound of about ${Math.round((INTERACTIVE_PLANT_MONTHS * PLANT_MONTH_BYTES) / 1e6)} MB`;
  return { reason, fitMonths };
}

/** The page's interactive bound's run time, ms: INTERACTIVE_WORK units take about this long (0.8 µs a unit-month). */
const INTERACTIVE_MS = 10_000;

/**
 * Roughly how long the scenario runs in the page, ms, from its size (the scale INTERACTIVE_WORK is set on): what the
 * run scheduler weighs against its patience when a newer request supersedes the run (an uploaded file near the bound
 * is stopped at once, not after a second).
 */
export function expectedRunMs(s: Scenario, months?: number): number {
  return (interactiveWork(s, months ?? s.months) / INTERACTIVE_WORK) * INTERACTIVE_MS;
}

/**
 * Returns the scenario without `extends`. A parsed scenario is already merged over its preset; left in, `extends`
 * would make the next parse (the worker's, the CLI's) merge the preset in again and bring back keys that were removed.
 */
export function standaloneScenario(s: Scenario): Scenario {
  const copy: Scenario = { ...s };
  delete copy.extends;
  return copy;
}

/** Which opened scenario each scenario sent to the worker came from (weakly held, by the sent object). */
const sentFrom = new WeakMap<object, OpenedScenario>();

/** Returns the scenario to send to the worker for an opened scenario (standalone), remembering where it came from. */
export function scenarioToSend(opened: OpenedScenario): Scenario {
  const sent = standaloneScenario(opened.scenario);
  sentFrom.set(sent, opened);
  return sent;
}

/** Returns the opened scenario a request's `scenario` was made from by `scenarioToSend`, if it was. */
export function openedFromSent(sent: unknown): OpenedScenario | undefined {
  return sent !== null && typeof sent === 'object' ? sentFrom.get(sent) : undefined;
}

/** Builds the text of a scenario file that runs with `seed` for `months`, as the page ran it. */
export function scenarioFileText(s: Scenario, run: { seed: number; months: number }): string {
  return JSON.stringify({ ...standaloneScenario(s), seed: run.seed, months: run.months }, null, 2) + '\n';
}

/**
 * Names the preset a scenario is compared with and linked against: the one it `extends`, else the preset with its
 * `id`, else none (the CLI's `chokepoint link` uses the same rule).
 */
export function chooseBasePreset(s: Scenario, catalog: PresetCatalog): string | null {
  if (s.extends !== undefined && catalog.has(s.extends)) return s.extends;
  if (s.id !== undefined && catalog.has(s.id)) return s.id;
  return null;
}

/** An uploaded scenario, validated, with its base preset. */
export interface UploadedScenario {
  scenario: Scenario;
  baseId: string | null;
}

/**
 * Reads an uploaded scenario: the size is checked from `byteSize` before the text is parsed, then JSON (a leading BOM
 * allowed), unsafe keys, `extends` and the schema. Every problem names its JSON path (the file name for the file).
 */
export function readScenarioText(
  text: string,
  name: string,
  byteSize: number,
  catalog: PresetCatalog,
): Result<UploadedScenario> {
  if (byteSize > MAX_UPLOAD_BYTES) return fail([tooBig(name, byteSize)]);
  if (byteSize === 0 || !text.trim()) return fail([{ path: name, message: 'the file is empty' }]);
  const json = parseJsonText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name);
  if (!json.ok) return json;
  if (json.value === null || typeof json.value !== 'object' || Array.isArray(json.value)) {
    return fail([{ path: name, message: 'a scenario file holds one JSON object' }]);
  }
  const parsed = parseScenario(json.value, catalog);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  const past = pastPageBound(s);
  if (past) {
    return fail([
      {
        path: name,
        message:
          `${s.countries.length} countries, ${s.facilities.length} facilities and ${s.months} months ${past.reason}: ` +
          `run it with the command line (npx chokepoint run ${name} --out <folder>), or shorten it to ` +
          `${past.fitMonths} months or less`,
      },
    ]);
  }
  return ok({ scenario: s, baseId: chooseBasePreset(s, catalog) });
}

/** The problem of a file over MAX_UPLOAD_BYTES, said before reading it. */
export function tooBig(name: string, byteSize: number): Problem {
  const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  return { path: name, message: `${mb(byteSize)}; a scenario file may be at most ${mb(MAX_UPLOAD_BYTES)}` };
}
