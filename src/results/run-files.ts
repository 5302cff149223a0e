/**
 * The six files of a run (RESULTS.md, "Files in `--out`"), built from a RunResult as text. Pure and free of `node:`
 * imports: the CLI writes these strings to disk and the browser's "Download results" offers the same bytes.
 */
import { assert } from '../lib/assert.ts';
import { CsvBuilder } from '../lib/csv.ts';
import { monthLabel } from '../scenario/months.ts';
import { FACILITY_STATES, MODES, type RunResult, csIndex } from './contract.ts';

/** The files of one run, in the order they are written and listed. */
export const RUN_FILE_NAMES = [
  'summary.json',
  'monthly.csv',
  'countries.csv',
  'flows.csv',
  'facilities.csv',
  'events.csv',
] as const;
export type RunFileName = (typeof RUN_FILE_NAMES)[number];

/** The optional seventh file (`run --facility-months`): one row per facility and month, for the marginal plant. */
export const FACILITY_MONTHS_FILE = 'facility_months.csv';

/** The text of every file of a run, by file name. */
export type RunFiles = Record<RunFileName, string>;

const STAGE_NAMES = ['mine', 'refine'] as const;

/** Builds every file of a run. The same result always gives the same text, byte for byte. */
export function buildRunFiles(result: RunResult): RunFiles {
  checkLayout(result);
  return {
    'summary.json': buildSummaryJson(result),
    'monthly.csv': buildMonthlyCsv(result),
    'countries.csv': buildCountriesCsv(result),
    'flows.csv': buildFlowsCsv(result),
    'facilities.csv': buildFacilitiesCsv(result),
    'events.csv': buildEventsCsv(result),
  };
}

/** Encodes every file as UTF-8 bytes, e.g. for a zip or a `Blob`. */
export function encodeRunFiles(files: RunFiles): Map<RunFileName, Uint8Array> {
  const encoder = new TextEncoder();
  return new Map(RUN_FILE_NAMES.map((name) => [name, encoder.encode(files[name])]));
}

/**
 * Builds `summary.json`: what ran and its headline figures. KPIs keep the engine's order; a KPI that is NaN or
 * infinite is written `null` (JSON has no such numbers).
 */
export function buildSummaryJson(result: RunResult): string {
  const { meta } = result;
  const summary = {
    scenario: meta.scenarioId,
    title: meta.title,
    seed: meta.seed,
    start: meta.start,
    months: meta.months,
    engineVersion: meta.engineVersion,
    resultHash: result.resultHash,
    kpis: result.kpis,
  };
  return JSON.stringify(summary, null, 2) + '\n';
}

/**
 * Builds `monthly.csv`: `month`, the engine's `monthlyColumns` in order, then `dominant_mode` (empty when the scenario
 * has no dominant supplier).
 */
export function buildMonthlyCsv(result: RunResult): string {
  const { meta, buffers } = result;
  const cols = meta.monthlyColumns;
  const hasDominant = meta.countries.some((c) => c.role === 'dominant');
  const csv = new CsvBuilder(['month', ...cols, 'dominant_mode']);
  const row: (string | number)[] = new Array(cols.length + 2);
  for (let m = 0; m < meta.months; m++) {
    row[0] = monthLabel(meta.start, m);
    for (let j = 0; j < cols.length; j++) row[j + 1] = buffers.monthly[m * cols.length + j]!;
    row[cols.length + 1] = hasDominant ? modeName(buffers.mode[m]!) : '';
    csv.add(row);
  }
  return csv.toString();
}

/**
 * Builds `countries.csv`: one row per month × country × stage, in that order. A row whose quantities are all zero (or
 * empty) is left out — most of up to 250 countries have no mine stage at all, and the rows would only be zeros. A
 * missing row therefore means "no activity", never "unknown". Each row closes its country's balance (engine 0.2):
 * mine, production + imports = exports + consumption (fed to refineries) + own_feed + stock_change; refine,
 * production + recycling + imports = consumption + exports + stock_change (the public stockpile's net purchases
 * included in its country's row).
 */
export function buildCountriesCsv(result: RunResult): string {
  const { meta, buffers: b } = result;
  const n = meta.countries.length;
  const codes = countryCodes(result);
  const csv = new CsvBuilder([
    'month',
    'country',
    'stage',
    'price',
    'production',
    'consumption',
    'imports',
    'exports',
    'unmet',
    'own_feed',
    'recycling',
    'stock_change',
    'stock',
    'cfd_paid_musd',
    'cfd_received_musd',
  ]);
  for (let m = 0; m < meta.months; m++) {
    const month = monthLabel(meta.start, m);
    for (let c = 0; c < n; c++) {
      for (let s = 0; s < 2; s++) {
        const i = csIndex(n, m, c, s);
        const production = b.production[i]!;
        const consumption = b.consumption[i]!;
        const imports = b.imports[i]!;
        const exports = b.exports[i]!;
        const unmet = b.unmet[i]!;
        const ownFeed = b.ownFeed[i]!;
        const recycling = b.recycling[i]!;
        const stockChange = b.stockChange[i]!;
        const stock = b.stock[i]!;
        const cfdPaid = b.cfdPaid[i]!;
        const cfdReceived = b.cfdReceived[i]!;
        // Zero and NaN are both falsy: a row of nothing but zeros and empties is no activity.
        const flows = production || consumption || imports || exports || unmet || ownFeed || recycling;
        if (!(flows || stockChange || stock || cfdPaid || cfdReceived)) continue;
        csv.add([
          month,
          codes[c]!,
          STAGE_NAMES[s]!,
          b.price[i]!,
          production,
          consumption,
          imports,
          exports,
          unmet,
          ownFeed,
          recycling,
          stockChange,
          stock,
          cfdPaid,
          cfdReceived,
        ]);
      }
    }
  }
  return csv.toString();
}

/** Builds `flows.csv`: one row per month × stage × route with flow, in the engine's order. */
export function buildFlowsCsv(result: RunResult): string {
  const b = result.buffers;
  const codes = countryCodes(result);
  const labels = monthLabels(result);
  const csv = new CsvBuilder([
    'month',
    'stage',
    'from',
    'to',
    'tonnes',
    'value_musd',
    'tariff_musd',
    'origin',
    'seller_price',
    'buyer_price',
    'transport_musd',
    'rent_musd',
    'contract',
  ]);
  for (let k = 0; k < b.flowMonth.length; k++) {
    const month = labels[b.flowMonth[k]!];
    const stage = STAGE_NAMES[b.flowStage[k]!];
    const from = codes[b.flowFrom[k]!];
    const to = codes[b.flowTo[k]!];
    if (month === undefined || stage === undefined || from === undefined || to === undefined) {
      const route = `${b.flowFrom[k]} → ${b.flowTo[k]}`;
      assert(false, `flow ${k} has month ${b.flowMonth[k]}, stage ${b.flowStage[k]}, route ${route}`);
    }
    const t = b.flowTonnes[k]!;
    // A re-export's two legs carry its origin (MODEL.md §4.9). Prices are per kg: M$ × 1000 / t.
    const perKg = (musd: number) => (t > 0 ? (musd * 1000) / t : NaN);
    csv.add([
      month,
      stage,
      from,
      to,
      t,
      b.flowValue[k]!,
      b.flowTariff[k]!,
      codes[b.flowOrigin[k]!] ?? from,
      perKg(b.flowSellerValue[k]!),
      perKg(b.flowValue[k]!),
      b.flowTransport[k]!,
      b.flowRent[k]!,
      // A contract's delivery names it (MODEL.md §4.7); spot rows leave it empty.
      b.flowContract[k]! >= 0 ? (result.meta.contracts?.[b.flowContract[k]!] ?? String(b.flowContract[k])) : '',
    ]);
  }
  return csv.toString();
}

/**
 * Builds `facilities.csv`: one row per facility that existed at any time. `state_final` is the state in the last
 * month; `commissioned_month` and `closed_month` are empty when it never happened (-1 in the buffers).
 */
export function buildFacilitiesCsv(result: RunResult): string {
  const { meta, buffers: b } = result;
  const nf = meta.facilities.length;
  const last = (meta.months - 1) * nf;
  const csv = new CsvBuilder([
    'id',
    'name',
    'country',
    'stage',
    'owner',
    'capacity_tpy',
    'cash_cost',
    'state_final',
    'commissioned_month',
    'closed_month',
    'idle_months',
    'cash_final_musd',
  ]);
  meta.facilities.forEach((f, i) => {
    const state = FACILITY_STATES[b.facState[last + i]!];
    assert(state !== undefined, `facility ${f.id} has state code ${b.facState[last + i]}`);
    csv.add([
      f.id,
      f.name,
      countryCode(result, f.country),
      f.stage,
      f.owner,
      b.facCapacityTpy[i]!,
      b.facCashCost[i]!,
      state,
      optionalMonth(meta.start, b.facCommissioned[i]!),
      optionalMonth(meta.start, b.facClosed[i]!),
      b.facIdleMonths[i]!,
      b.facCashFinal[i]!,
    ]);
  });
  return csv.toString();
}

/** Builds `events.csv`: one row per event in the engine's order, with the MODEL.md rule that fired as `rule`. */
/**
 * Builds facility_months.csv (RESULTS.md, engine 0.2): `month,id,state,output_t,netback` for every facility and
 * month in which it exists (a pipeline project has no row before it is committed). Netback in USD/kg, output in t.
 */
export function buildFacilityMonthsCsv(result: RunResult): string {
  checkLayout(result);
  const b = result.buffers;
  const F = result.meta.facilities.length;
  const labels = monthLabels(result);
  const csv = new CsvBuilder(['month', 'id', 'state', 'output_t', 'netback']);
  for (let m = 0; m < result.meta.months; m++) {
    for (let f = 0; f < F; f++) {
      const state = b.facState[m * F + f]!;
      if (state === 0) continue;
      csv.add([
        labels[m]!,
        result.meta.facilities[f]!.id,
        FACILITY_STATES[state]!,
        b.facOutput[m * F + f]!,
        b.facNetback[m * F + f]!,
      ]);
    }
  }
  return csv.toString();
}

export function buildEventsCsv(result: RunResult): string {
  const { meta } = result;
  const csv = new CsvBuilder(['month', 'type', 'agent', 'country', 'detail', 'rule']);
  for (const e of result.events) {
    csv.add([monthLabel(meta.start, e.month), e.type, e.agent, e.country, e.detail, e.rule]);
  }
  return csv.toString();
}

function modeName(code: number): string {
  const mode = MODES[code];
  assert(mode !== undefined, `dominant mode code ${code}`);
  return mode;
}

function countryCodes(result: RunResult): string[] {
  return result.meta.countries.map((c) => c.code);
}

function countryCode(result: RunResult, index: number): string {
  const country = result.meta.countries[index];
  assert(country !== undefined, `country index ${index}`);
  return country.code;
}

function monthLabels(result: RunResult): string[] {
  return Array.from({ length: result.meta.months }, (_, m) => monthLabel(result.meta.start, m));
}

function optionalMonth(start: string, month: number): string {
  return month < 0 ? '' : monthLabel(start, month);
}

/** Throws when the buffers do not have the lengths RunMeta implies: a bug in the engine, not bad input. */
function checkLayout(result: RunResult): void {
  const { meta, buffers: b } = result;
  const months = meta.months;
  const cs = months * meta.countries.length * 2;
  const fm = months * meta.facilities.length;
  assert(months >= 1, `months is ${months}`);
  assert(b.monthly.length === months * meta.monthlyColumns.length, `monthly has ${b.monthly.length} cells`);
  assert(b.mode.length === months, `mode has ${b.mode.length} months, expected ${months}`);
  const csKeys = ['price', 'production', 'consumption', 'imports', 'exports', 'unmet'] as const;
  for (const key of [...csKeys, 'ownFeed', 'recycling', 'stockChange', 'stock', 'cfdPaid', 'cfdReceived'] as const) {
    assert(b[key].length === cs, `${key} has ${b[key].length} cells, expected ${cs}`);
  }
  assert(b.facState.length === fm, `facState has ${b.facState.length} cells, expected ${fm}`);
  assert(b.facNetback.length === fm, `facNetback has ${b.facNetback.length} cells, expected ${fm}`);
  const nf = meta.facilities.length;
  const perFacility = ['facCapacityTpy', 'facCashCost', 'facCommissioned', 'facClosed', 'facIdleMonths'] as const;
  for (const key of [...perFacility, 'facCashFinal'] as const) {
    assert(b[key].length === nf, `${key} has ${b[key].length} cells, expected ${nf}`);
  }
  const nflow = b.flowMonth.length;
  const flowKeys = ['flowStage', 'flowFrom', 'flowTo', 'flowTonnes', 'flowValue', 'flowTariff'] as const;
  for (const key of [
    ...flowKeys,
    'flowOrigin',
    'flowSellerValue',
    'flowTransport',
    'flowRent',
    'flowContract',
  ] as const) {
    assert(b[key].length === nflow, `${key} has ${b[key].length} rows, expected ${nflow}`);
  }
}
