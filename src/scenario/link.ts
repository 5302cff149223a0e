/**
 * Share links (PRODUCT.md "Share"): a URL fragment that reproduces a run — the preset id, only the settings that differ
 * from it, the seed, the horizon, the cursor and view, the schema and engine versions, and a short hash of the results.
 *
 * Format v1: `#v1.` + base64url (no padding) of the raw-DEFLATE-compressed (fflate) compact JSON of a LinkPayload.
 * The prefix carries the format version, so a later format can be told apart and refused plainly.
 *
 * A link is untrusted input and is only ever parsed, never executed: its length is checked before decoding, its
 * decompressed size is capped while inflating (a zip bomb is stopped as soon as it passes the cap), unsafe keys and deep
 * nesting are refused, each diff path is checked like `--set`, and the result is validated by the scenario schema,
 * whose limits bound every count and horizon. `decodeLink` returns problems with paths; it never throws.
 */
import { Inflate, deflateSync, strToU8 } from 'fflate';
import { z } from 'zod';
import { decodeBase64Url, encodeBase64Url } from '../lib/base64url.ts';
import { type Problem, type Result, fail, formatPath, formatProblems, ok } from '../lib/result.ts';
import { DIFF_LIMITS, type DiffEntry, applyDiff, diffJson } from './diff.ts';
import { type PresetCatalog, parseScenario, validateScenario } from './parse.ts';
import { MAX_DEPTH, findUnsafeKeys } from './safe-json.ts';
import { LIMITS, type Scenario } from './schema.ts';

/** Size limits on a link: the fragment as read, its JSON after decompression, and the length Share warns beyond. */
export const LINK_LIMITS = { fragmentChars: 8 * 1024, jsonBytes: 64 * 1024, shareChars: 2_000 } as const;

/** The format version written after `#v`. */
export const LINK_FORMAT = 1;
const PREFIX = `v${LINK_FORMAT}.`;
/** The scenario schema version a v1 link holds (the scenario's `schema` field). */
const SCHEMA_VERSION = 1;
/** Top-level scenario keys left out of the diff: `$schema` is an editor hint and does not change a run. */
const NOT_DIFFED = new Set(['$schema']);

/** The page's state a link carries through unchanged: cursor month index, view name, selected country, seed count. */
export const linkView = z
  .object({
    cursor: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.months - 1)
      .optional(),
    view: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a name of up to 64 letters, digits, ".", "_", ":" or "-"')
      .optional(),
    country: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 3166 alpha-3 code')
      .optional(),
    seeds: z.number().int().min(1).max(1_000).optional(),
  })
  .strict();
/** The view part of a link. */
export type LinkView = z.infer<typeof linkView>;

/** The JSON inside a v1 link. Keys are written in this order; `diff` comes from `diffJson` (see diff.ts). */
const linkPayload = z
  .object({
    schema: z.literal(SCHEMA_VERSION),
    engine: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/, 'an engine version such as "0.1.0"'),
    preset: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a preset id'),
    seed: z.number().int().min(0).max(2_147_483_647),
    months: z.number().int().min(12).max(LIMITS.months).optional(),
    view: linkView.optional(),
    hash: z
      .string()
      .regex(/^[0-9a-f]{8}$/, '8 hex digits')
      .optional(),
    diff: z.array(z.unknown()).max(DIFF_LIMITS.entries),
  })
  .strict();
/** The JSON inside a v1 link. */
export type LinkPayload = z.infer<typeof linkPayload>;

/** What `encodeLink` needs: the run as the user set it up, and the preset it starts from (both parsed). */
export interface LinkInput {
  presetId: string;
  scenario: Scenario;
  preset: Scenario;
  /** The run's seed (it may differ from `scenario.seed`). */
  seed: number;
  /** The run's horizon when it differs from `scenario.months`. */
  months?: number;
  view?: LinkView;
  /** The run's full resultHash; the link keeps its first 8 hex digits. */
  resultHash?: string;
  /** ENGINE_VERSION of the engine that produced `resultHash` (passed in: the scenario layer cannot import it). */
  engineVersion: string;
}

/** A link, decoded and validated. */
export interface DecodedLink {
  presetId: string;
  /** The preset with the link's changes applied, validated. */
  scenario: Scenario;
  /** The changes from the preset, as carried by the link. */
  diff: DiffEntry[];
  seed: number;
  /** The horizon to run, when the link sets one (else `scenario.months`). */
  months?: number;
  view: LinkView;
  /** The engine version the link was made with. */
  engineVersion: string;
  /** First 8 hex digits of the resultHash the link was made with, if it carries one. */
  shortHash?: string;
}

/** Returns the part of a resultHash a link keeps. */
export function shortResultHash(resultHash: string): string {
  return resultHash.slice(0, 8);
}

/**
 * Encodes a run as a link fragment, `#v1.…`. Throws if the input could not be decoded again (a bad view, seed or
 * preset id) — a bug in the caller, not bad user input.
 */
export function encodeLink(input: LinkInput): string {
  const payload = {
    schema: SCHEMA_VERSION,
    engine: input.engineVersion,
    preset: input.presetId,
    seed: input.seed,
    months: input.months,
    view: input.view && Object.keys(input.view).length ? input.view : undefined,
    hash: input.resultHash === undefined ? undefined : shortResultHash(input.resultHash),
    diff: diffJson(input.preset, input.scenario, NOT_DIFFED),
  };
  const checked = linkPayload.safeParse(payload);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    throw new Error(`invariant broken: cannot encode this link:\n${formatProblems(problems)}`);
  }
  const bytes = deflateSync(strToU8(JSON.stringify(payload)), { level: 9 });
  return `#${PREFIX}${encodeBase64Url(bytes)}`;
}

/**
 * Decodes an untrusted link — `#v1.…`, `v1.…` or a whole URL ending in one — against the presets, and validates the
 * scenario it describes. Never throws: anything wrong comes back as problems (`link…` paths for the link itself,
 * scenario JSON paths for the scenario it makes).
 */
export function decodeLink(fragment: string, presets: PresetCatalog): Result<DecodedLink> {
  try {
    return decodeUnsafely(fragment, presets);
  } catch (e) {
    // Nothing above should throw; if it does, the link is still refused rather than crashing the page.
    return problem('link', `cannot be read (${String((e as Error)?.message ?? e).slice(0, 200)})`);
  }
}

function decodeUnsafely(fragment: string, presets: PresetCatalog): Result<DecodedLink> {
  const payload = readPayload(fragment);
  if (!payload.ok) return payload;
  const p = payload.value;
  const base = parsePreset(p.preset, presets);
  if (!base.ok) return base;
  const applied = applyDiff(base.value, p.diff, 'link.diff');
  if (!applied.ok) return applied;
  const scenario = validateScenario(applied.value);
  if (!scenario.ok) return scenario;
  return ok({
    presetId: p.preset,
    scenario: scenario.value,
    diff: p.diff as DiffEntry[],
    seed: p.seed,
    months: p.months,
    view: p.view ?? {},
    engineVersion: p.engine,
    shortHash: p.hash,
  });
}

/** Fragment text → checked payload: length, prefix, base64url, bounded inflate, UTF-8, JSON, safe keys, shape. */
function readPayload(fragment: string): Result<LinkPayload> {
  if (typeof fragment !== 'string') return problem('link', 'must be text');
  if (fragment.length > LINK_LIMITS.fragmentChars) {
    return problem('link', `${fragment.length} characters; a link may have at most ${LINK_LIMITS.fragmentChars}`);
  }
  const body = fragment.slice(fragment.indexOf('#') + 1).trim();
  const version = /^v(\d{1,6})\./.exec(body);
  if (!version) return problem('link', `not a Chokepoint link (it should start with "#${PREFIX}")`);
  if (version[1] !== String(LINK_FORMAT)) {
    return problem('link', `made in link format v${version[1]}; this version of Chokepoint reads v${LINK_FORMAT}`);
  }
  const bytes = decodeBase64Url(body.slice(PREFIX.length));
  if (!bytes.ok) return problem('link', `damaged: ${bytes.error}`);
  const json = inflateBounded(bytes.value, LINK_LIMITS.jsonBytes);
  if (!json.ok) return problem('link', json.error);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json.value);
  } catch {
    return problem('link', 'damaged: not UTF-8 text');
  }
  // Checked before JSON.parse, whose time on thousands of nested brackets is needlessly long.
  if (exceedsDepth(text, MAX_DEPTH + 4)) return problem('link', `nested deeper than ${MAX_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return problem('link', `damaged: not JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const unsafe = findUnsafeKeys(value, 'link');
  if (unsafe.length) return fail(unsafe.slice(0, 50));
  if (value !== null && typeof value === 'object' && 'schema' in value) {
    const schema = value.schema;
    if (typeof schema === 'number' && schema !== SCHEMA_VERSION) {
      return problem('link.schema', `made for scenario schema ${schema}; this version reads ${SCHEMA_VERSION}`);
    }
  }
  const parsed = linkPayload.safeParse(value);
  if (!parsed.success) {
    return fail(
      parsed.error.issues.slice(0, 50).map((i) => ({ path: formatPath(['link', ...i.path]), message: i.message })),
    );
  }
  return ok(parsed.data);
}

/** Parsed presets per catalog, so decoding many links (or one on every page load) parses each preset once. */
const presetCache = new WeakMap<PresetCatalog, Map<string, { raw: unknown; parsed: Result<Scenario> }>>();

function parsePreset(id: string, presets: PresetCatalog): Result<Scenario> {
  const raw = presets.get(id);
  if (raw === undefined) {
    const known = presets.size ? [...presets.keys()].join(', ') : '(none)';
    return problem('link.preset', `unknown preset "${id}"; this version of Chokepoint has: ${known}`);
  }
  let cache = presetCache.get(presets);
  if (!cache) presetCache.set(presets, (cache = new Map()));
  let hit = cache.get(id);
  if (!hit || hit.raw !== raw) {
    hit = { raw, parsed: parseScenario(raw, presets) };
    cache.set(id, hit);
  }
  if (!hit.parsed.ok) {
    const first = hit.parsed.error[0];
    return problem('link.preset', `the preset "${id}" is invalid (${first ? `${first.path}: ${first.message}` : ''})`);
  }
  return ok(hit.parsed.value);
}

/**
 * Compares a run with the short hash its link carries; returns the message to show (stderr, the page) when they
 * differ, else undefined. Both hashes and both engine versions are named, and a difference is never hidden.
 */
export function describeHashMismatch(
  link: Pick<DecodedLink, 'shortHash' | 'engineVersion' | 'presetId'>,
  engineVersion: string,
  resultHash: string,
): string | undefined {
  const now = shortResultHash(resultHash);
  if (link.shortHash === undefined || link.shortHash === now) return undefined;
  const why =
    link.engineVersion === engineVersion
      ? `The engine version is the same, so the preset "${link.presetId}" has probably changed since the link was made.`
      : 'The engine has changed since the link was made, so its numbers differ.';
  return (
    `This link's results had hash ${link.shortHash} (engine ${link.engineVersion}); ` +
    `this run gives ${now} (engine ${engineVersion}). ${why}`
  );
}

/** Input bytes fed to the inflater at a time: each can expand at most ~1032-fold, so output is checked often. */
const INFLATE_CHUNK = 64;

/**
 * Inflates raw DEFLATE data, stopping as soon as the output passes `limit` bytes. The input is pushed in small chunks
 * through fflate's streaming Inflate, so a zip bomb costs at most `limit` plus one chunk's expansion (~66 KB) of output
 * and fflate's fixed ~160 KB working buffer — never memory or time in proportion to what it would expand to.
 */
function inflateBounded(bytes: Uint8Array, limit: number): Result<Uint8Array, string> {
  if (bytes.length === 0) return fail('empty');
  const out = new Uint8Array(limit);
  let size = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (over || size + chunk.length > limit) over = true;
    else {
      out.set(chunk, size);
      size += chunk.length;
    }
  });
  try {
    for (let i = 0; i < bytes.length && !over; i += INFLATE_CHUNK) {
      const end = Math.min(bytes.length, i + INFLATE_CHUNK);
      // The last chunk is pushed as final, so a stream cut short is an error rather than a shorter text.
      inflater.push(bytes.subarray(i, end), end === bytes.length);
    }
  } catch (e) {
    return fail(`damaged: cannot decompress (${(e as Error).message})`);
  }
  if (over) return fail(`expands to more than ${limit} bytes; a link may hold at most that`);
  return ok(out.subarray(0, size));
}

/** Tells whether JSON text nests brackets deeper than `limit` (brackets inside strings do not count). */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function problem(path: string, message: string): Result<never, Problem[]> {
  return fail([{ path, message }]);
}
