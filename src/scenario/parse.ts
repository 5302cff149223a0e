/**
 * Turns untrusted data into a Scenario: unsafe keys rejected, `extends` resolved against the presets, the zod schema
 * applied, then the cross-references checked (countries, facilities, dominant, zone). Every problem names its JSON path.
 */
import { type Problem, type Result, fail, formatPath, ok } from '../lib/result.ts';
import { findUnsafeKeys } from './safe-json.ts';
import { LIMITS, type Scenario, scenario as scenarioSchema } from './schema.ts';
import { monthIndex } from './months.ts';

/** Raw preset files by id, as read from `scenarios/`. */
export type PresetCatalog = ReadonlyMap<string, unknown>;

const MAX_EXTENDS = 4;

/** Parses and validates a scenario; resolves `extends` from `presets`. */
export function parseScenario(input: unknown, presets: PresetCatalog = new Map()): Result<Scenario> {
  const unsafe = findUnsafeKeys(input);
  if (unsafe.length) return fail(unsafe);
  const merged = resolveExtends(input, presets);
  if (!merged.ok) return merged;
  return validateScenario(merged.value);
}

/** Validates an already-merged object against the schema and the cross-reference rules. */
export function validateScenario(input: unknown): Result<Scenario> {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) {
    return fail(parsed.error.issues.slice(0, 50).map((i) => ({ path: formatPath(i.path), message: i.message })));
  }
  const problems = checkReferences(parsed.data);
  return problems.length ? fail(problems) : ok(parsed.data);
}

/** Merges a scenario over the preset it `extends` (objects merge key by key, arrays and values replace). */
export function resolveExtends(input: unknown, presets: PresetCatalog, depth = 0): Result<unknown> {
  if (!isObject(input) || input.extends === undefined) return ok(input);
  const base = input.extends;
  if (typeof base !== 'string') return fail([{ path: 'extends', message: 'must be a preset id' }]);
  if (depth >= MAX_EXTENDS) return fail([{ path: 'extends', message: `extends more than ${MAX_EXTENDS} levels deep` }]);
  const raw = presets.get(base);
  if (raw === undefined) {
    return fail([{ path: 'extends', message: `unknown preset "${base}"; known: ${[...presets.keys()].join(', ')}` }]);
  }
  const resolvedBase = resolveExtends(raw, presets, depth + 1);
  if (!resolvedBase.ok) return resolvedBase;
  const merged = deepMerge(resolvedBase.value, input) as Record<string, unknown>;
  // The result keeps `extends` so a link can diff against the preset; its id is its own or the preset's.
  if (merged.id === undefined) merged.id = base;
  return ok(merged);
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * An integrated plant's own mine (MODEL.md §3): only on a private integrated plant (the dominant's state plants are
 * one pooled enterprise), with its mining cost, which cannot exceed what its whole cash cost pays for the feed.
 */
function checkOwnMine(s: Scenario, f: Scenario['facilities'][number], i: number): Problem[] {
  if (f.mineCapacityTpy === undefined && f.mineCashCost === undefined) return [];
  const path = `facilities[${i}].${f.mineCapacityTpy === undefined ? 'mineCashCost' : 'mineCapacityTpy'}`;
  if (f.stage !== 'integrated') return [{ path, message: 'only an integrated facility has its own mine' }];
  if (f.owner === 'state' && s.dominant?.country === f.country) {
    return [
      { path, message: "the dominant supplier's state plants are pooled: give its mines and refineries separately" },
    ];
  }
  if (f.mineCapacityTpy === undefined || f.mineCashCost === undefined) {
    return [{ path, message: 'mineCapacityTpy and mineCashCost go together' }];
  }
  const perKgRefined = f.mineCashCost / (f.recovery ?? s.market.recovery);
  if (perKgRefined > f.cashCost) {
    return [
      {
        path: `facilities[${i}].mineCashCost`,
        message: `mining costs ${perKgRefined.toFixed(2)} USD per kg of refined output, more than the whole cashCost ${f.cashCost}`,
      },
    ];
  }
  return [];
}

/** A pipeline project's mining cost (MODEL.md §4.3): integrated only, and no dearer than its whole cash cost. */
function checkProjectMine(s: Scenario, p: Scenario['pipeline'][number], k: number): Problem[] {
  if (p.mineCashCost === undefined) return [];
  const path = `pipeline[${k}].mineCashCost`;
  if (p.stage !== 'integrated') return [{ path, message: 'only an integrated project mines its own feed' }];
  const perKgRefined = p.mineCashCost / s.market.recovery;
  if (perKgRefined > p.cashCost) {
    return [
      {
        path,
        message: `mining costs ${perKgRefined.toFixed(2)} USD per kg of refined output, more than the whole cashCost ${p.cashCost}`,
      },
    ];
  }
  return [];
}

function checkReferences(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const codes = new Map<string, number>();
  s.countries.forEach((c, i) => {
    if (codes.has(c.code)) problems.push({ path: `countries[${i}].code`, message: `duplicate country "${c.code}"` });
    codes.set(c.code, i);
  });
  const known = (code: string | undefined, path: string) => {
    if (code !== undefined && !codes.has(code)) problems.push({ path, message: `unknown country "${code}"` });
  };
  const ids = new Set<string>();
  s.facilities.forEach((f, i) => {
    if (ids.has(f.id)) problems.push({ path: `facilities[${i}].id`, message: `duplicate facility id "${f.id}"` });
    ids.add(f.id);
    known(f.country, `facilities[${i}].country`);
    if (f.online !== undefined && f.state !== 'construction') {
      problems.push({ path: `facilities[${i}].online`, message: 'only a facility under construction has "online"' });
    }
    problems.push(...checkOwnMine(s, f, i));
  });
  s.pipeline.forEach((p, i) => {
    known(p.country, `pipeline[${i}].country`);
    problems.push(...checkProjectMine(s, p, i));
  });
  const projects = s.pipeline.reduce((n, p) => n + p.count, 0);
  if (projects > LIMITS.pipelineProjects) {
    problems.push({ path: 'pipeline', message: `${projects} projects in all; at most ${LIMITS.pipelineProjects}` });
  }
  const dominants = s.countries.filter((c) => c.role === 'dominant');
  if (dominants.length > 1) problems.push({ path: 'countries', message: 'at most one country has role "dominant"' });
  if (s.dominant) {
    known(s.dominant.country, 'dominant.country');
    const i = codes.get(s.dominant.country);
    if (i !== undefined && s.countries[i]!.role !== 'dominant') {
      problems.push({ path: 'dominant.country', message: `country "${s.dominant.country}" must have role "dominant"` });
    }
  } else if (dominants.length) {
    problems.push({ path: 'dominant', message: 'a country has role "dominant": describe its strategist here' });
  }
  const members = s.countries.filter((c) => c.role === 'member');
  if (s.zone) {
    if (!members.length)
      problems.push({ path: 'zone', message: 'a zone needs at least one country with role "member"' });
    const sp = s.zone.stockpile;
    if (sp?.country !== undefined) {
      known(sp.country, 'zone.stockpile.country');
      const i = codes.get(sp.country);
      if (i !== undefined && s.countries[i]!.role !== 'member') {
        problems.push({ path: 'zone.stockpile.country', message: `"${sp.country}" is not a member` });
      }
    }
  }
  s.countries.forEach((c, i) => {
    if ((c.joins || c.leaves) && c.role !== 'member') {
      problems.push({ path: `countries[${i}]`, message: 'only a member joins or leaves the zone' });
    }
    if (c.joins && c.leaves && monthIndex(c.joins, c.leaves) <= 0) {
      problems.push({ path: `countries[${i}].leaves`, message: 'leaves must come after joins' });
    }
  });
  s.events.forEach((e, i) => {
    const path = `events[${i}]`;
    if (e.kind === 'outage' && !ids.has(e.facility)) {
      problems.push({ path: `${path}.facility`, message: `unknown facility "${e.facility}"` });
    }
    if ('country' in e) known(e.country, `${path}.country`);
    if (e.kind === 'export-restriction') {
      if (e.cut === undefined && e.quotaTpy === undefined) {
        problems.push({ path, message: 'an export restriction needs "cut" or "quotaTpy"' });
      }
      if (e.country === undefined && !s.dominant) {
        problems.push({ path: `${path}.country`, message: 'name the exporter: the scenario has no dominant supplier' });
      }
      if (/^[A-Z]{3}$/.test(e.to)) known(e.to, `${path}.to`);
    }
    if (e.kind === 'tariff') {
      if (/^[A-Z]{3}$/.test(e.importer)) known(e.importer, `${path}.importer`);
      if (/^[A-Z]{3}$/.test(e.exporter)) known(e.exporter, `${path}.exporter`);
    }
    if ('until' in e && e.until !== undefined && monthIndex(e.month, e.until) <= 0) {
      problems.push({ path: `${path}.until`, message: 'until must come after month' });
    }
  });
  s.story.forEach((st, i) => known(st.country, `story[${i}].country`));
  checkContracts(s, codes, problems);
  return problems;
}

/**
 * Contracts (MODEL.md §4.7): unique ids; a known buyer (a country, or the zone or its stockpile when the scenario has
 * them) and seller (a facility id, else a country code); the stage a facility seller produces; one volume; a term that
 * ends after it starts.
 */
function checkContracts(s: Scenario, codes: Map<string, number>, problems: Problem[]): void {
  const facilities = new Map(s.facilities.map((f) => [f.id, f]));
  const ids = new Set<string>();
  (s.contracts ?? []).forEach((k, i) => {
    const path = `contracts[${i}]`;
    if (ids.has(k.id)) problems.push({ path: `${path}.id`, message: `duplicate contract id "${k.id}"` });
    ids.add(k.id);
    if (k.buyer === 'zone' && !s.zone) problems.push({ path: `${path}.buyer`, message: 'the scenario has no zone' });
    else if (k.buyer === 'stockpile') {
      if (!s.zone?.stockpile) problems.push({ path: `${path}.buyer`, message: 'the scenario has no stockpile' });
      else if (k.stage !== 'refine')
        problems.push({ path: `${path}.stage`, message: 'the stockpile holds refined product: stage "refine"' });
    } else if (k.buyer !== 'zone' && !codes.has(k.buyer)) {
      problems.push({ path: `${path}.buyer`, message: `unknown country "${k.buyer}"` });
    }
    const f = facilities.get(k.seller);
    if (f) {
      const stage = f.stage === 'mine' ? 'mine' : 'refine';
      if (stage !== k.stage) {
        problems.push({ path: `${path}.stage`, message: `facility "${f.id}" (${f.stage}) sells at stage "${stage}"` });
      }
    } else if (!codes.has(k.seller)) {
      problems.push({ path: `${path}.seller`, message: `unknown facility or country "${k.seller}"` });
    }
    if ((k.volumeTpm === undefined) === (k.volumeTpy === undefined)) {
      problems.push({ path, message: 'give the volume once: "volumeTpm" or "volumeTpy"' });
    }
    if (k.end !== undefined && k.termMonths !== undefined) {
      problems.push({ path: `${path}.termMonths`, message: 'give "end" or "termMonths", not both' });
    }
    if (k.end !== undefined && monthIndex(k.start, k.end) <= 0) {
      problems.push({ path: `${path}.end`, message: 'end must come after start' });
    }
    if (k.price.kind === 'indexed' && k.price.max !== undefined && k.price.max < k.price.min) {
      problems.push({ path: `${path}.price.max`, message: "the collar's max must be at least its min" });
    }
  });
}
