/**
 * Hostile links: over 10,000 generated fragments — random text, random base64url, random bytes, random compressed JSON,
 * hostile payloads (wrong types, unsafe keys, random diff paths), text and byte mutations of valid links, deep nesting,
 * huge repeats and zip bombs. Every one must come back as a Result (never a throw, never the catch-all "cannot be
 * read"), respect the size limits, and finish within a bound: this bounds the cost of a hostile input, it is not a
 * speed test. A case slower than RETIME_MS is timed twice more and its fastest time counts, so a pause that is not the
 * input's doing (garbage collection, a JIT compile, another process on a busy machine) does not fail it; an input
 * that is really slow is slow every time. Seeds are fixed, so a failure replays.
 */
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from '../../src/lib/base64url.ts';
import { LINK_LIMITS, decodeLink, encodeLink } from '../../src/scenario/link.ts';
import { LIMITS } from '../../src/scenario/schema.ts';
import { catalog } from '../scenarios/preset-catalog.ts';
import { modifiedPresetArb, parsedPreset, viewArb } from './link-arbitraries.ts';

/** Longest a single decode may take, ms. Real links take a few; this leaves room for a slow, busy machine. */
const MAX_MS = 200;
/** A case slower than this is timed again (real links take a few ms; a busy machine adds pauses of 100 ms and more). */
const RETIME_MS = 20;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const stats = { cases: 0, decoded: 0, maxMs: 0, worst: '', retimed: 0 };
const perCategory = new Map<string, { cases: number; decoded: number; maxMs: number }>();

/** Decodes one fragment and checks everything a hostile input must not break. */
function check(category: string, fragment: string): void {
  const t = performance.now();
  const r = decodeLink(fragment, catalog);
  let ms = performance.now() - t;
  for (let retry = 0; ms >= RETIME_MS && retry < 2; retry++) {
    stats.retimed++;
    const again = performance.now();
    decodeLink(fragment, catalog);
    ms = Math.min(ms, performance.now() - again);
  }
  const c = perCategory.get(category) ?? { cases: 0, decoded: 0, maxMs: 0 };
  perCategory.set(category, c);
  c.cases++;
  stats.cases++;
  c.maxMs = Math.max(c.maxMs, ms);
  if (ms > stats.maxMs) {
    const outcome = r.ok ? `decoded, ${r.value.diff.length} changes` : r.error[0]!.message.slice(0, 60);
    [stats.maxMs, stats.worst] = [ms, `${category}: ${fragment.length} chars, ${outcome}`];
  }
  if (r.ok) {
    c.decoded++;
    stats.decoded++;
    expect(fragment.length).toBeLessThanOrEqual(LINK_LIMITS.fragmentChars);
    expect(JSON.stringify(r.value.diff).length).toBeLessThanOrEqual(LINK_LIMITS.jsonBytes);
    const s = r.value.scenario;
    expect(s.facilities.length).toBeLessThanOrEqual(LIMITS.facilities);
    expect(s.countries.length).toBeLessThanOrEqual(LIMITS.countries);
    expect(s.months).toBeLessThanOrEqual(LIMITS.months);
  } else {
    expect(r.error.length).toBeGreaterThan(0);
    expect(r.error.length).toBeLessThanOrEqual(100);
    for (const p of r.error) {
      expect(typeof p.path).toBe('string');
      expect(typeof p.message).toBe('string');
      expect(p.message, `${category}: the safety net caught a throw`).not.toMatch(/^cannot be read \(/);
    }
    if (fragment.length > LINK_LIMITS.fragmentChars) expect(r.error[0]!.message).toMatch(/at most 8192/);
  }
}

/** Builds a fragment around any JSON (or any text), as a hostile encoder could. */
const linkOfText = (text: string) => `#v1.${encodeBase64Url(deflateSync(strToU8(text)))}`;
const linkOfJson = (json: unknown) => linkOfText(JSON.stringify(json));

/** A pool of valid links: presets with random changes, views and hashes. */
let valid: string[] = [];

beforeAll(() => {
  const samples = fc.sample(
    fc.tuple(modifiedPresetArb(4), fc.nat(2 ** 31 - 1), fc.option(viewArb, { nil: undefined })),
    { numRuns: 40, seed: 0xf022 },
  );
  valid = samples.map(([{ presetId, scenario }, seed, view]) =>
    encodeLink({
      presetId,
      scenario,
      preset: parsedPreset(presetId),
      seed,
      view,
      resultHash: '89abcdef01234567',
      engineVersion: '0.1.0',
    }),
  );
  // Warm up (JIT, the preset cache) so the bound measures the input, not the first call.
  for (const link of valid) expect(decodeLink(link, catalog).ok).toBe(true);
  for (const presetId of catalog.keys()) {
    const preset = parsedPreset(presetId);
    const link = encodeLink({ presetId, scenario: preset, preset, seed: 1, engineVersion: '0.1.0' });
    expect(decodeLink(link, catalog).ok).toBe(true);
  }
});

afterAll(() => {
  const lines = [...perCategory].map(
    ([k, v]) => `  ${k}: ${v.cases} cases, ${v.decoded} decoded, max ${v.maxMs.toFixed(1)} ms`,
  );
  console.log(
    `link fuzz: ${stats.cases} cases, ${stats.decoded} decoded, max ${stats.maxMs.toFixed(1)} ms (${stats.worst}), ` +
      `${stats.retimed} re-timings\n` +
      lines.join('\n'),
  );
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const run = (category: string, arb: fc.Arbitrary<string>, numRuns: number, seed: number) =>
  fc.assert(
    fc.property(arb, (fragment) => check(category, fragment)),
    { numRuns, seed },
  );

const b64Text = (maxLength: number) => fc.array(fc.constantFrom(...B64), { maxLength }).map((cs) => cs.join(''));

/** A valid link from the pool, by index. */
const validLink = fc.nat().map((i) => valid[i % valid.length]!);

/** Text edits: flips, truncations, duplications, insertions, deletions, repeats. */
const textMutation = fc.oneof(
  fc.tuple(fc.constant('flip'), fc.nat(), fc.constantFrom(...B64, '=', '.', '%', '#', ' ', 'é')),
  fc.tuple(fc.constant('truncate'), fc.nat(), fc.constant('')),
  fc.tuple(fc.constant('duplicate'), fc.nat(), fc.constant('')),
  fc.tuple(fc.constant('insert'), fc.nat(), fc.string({ maxLength: 8, unit: 'binary' })),
  fc.tuple(fc.constant('delete'), fc.nat(), fc.constant('')),
  fc.tuple(fc.constant('repeat'), fc.integer({ min: 2, max: 80 }), fc.constant('')),
);

function mutateText(link: string, [kind, n, s]: [string, number, string]): string {
  const i = 4 + (n % Math.max(1, link.length - 4));
  switch (kind) {
    case 'flip':
      return link.slice(0, i) + s + link.slice(i + 1);
    case 'truncate':
      return link.slice(0, i);
    case 'duplicate':
      return link.slice(0, i) + link.slice(i - 4 - (n % 40), i) + link.slice(i);
    case 'insert':
      return link.slice(0, i) + s + link.slice(i);
    case 'delete':
      return link.slice(0, i) + link.slice(i + 1 + (n % 7));
    default:
      return link + link.slice(4).repeat(n);
  }
}

/** Byte edits of the compressed data: bit flips, byte changes, cuts, appended junk. */
const byteMutation = fc.tuple(fc.constantFrom('bit', 'byte', 'cut', 'append'), fc.nat(), fc.nat(255));

function mutateBytes(link: string, [kind, n, v]: [string, number, number]): string {
  const decoded = decodeBase64Url(link.slice(4));
  if (!decoded.ok) throw new Error('the pool holds only valid links');
  const bytes = Uint8Array.from(decoded.value);
  const i = n % bytes.length;
  if (kind === 'bit') bytes[i]! ^= 1 << (v % 8);
  else if (kind === 'byte') bytes[i] = v;
  else if (kind === 'cut') return `#v1.${encodeBase64Url(bytes.subarray(0, i))}`;
  else return `#v1.${encodeBase64Url(Uint8Array.from([...bytes, ...new Uint8Array(1 + (v % 64)).fill(v)]))}`;
  return `#v1.${encodeBase64Url(bytes)}`;
}

/** Path segments a hostile diff might use. */
const segment = fc.oneof(
  fc.constantFrom('zone', 'floor', 'refine', 'facilities', 'countries', 'events', 'months', 'dominant', 'market'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '-1', '1e3', '$schema'),
  fc.nat(120).map(String),
  fc.string({ maxLength: 12 }),
);
const diffEntry = fc.oneof(
  fc.tuple(
    fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.')),
    fc.jsonValue({ maxDepth: 3 }),
  ),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => [s.join('.')]),
  fc.jsonValue({ maxDepth: 2 }),
);
const BASE = { schema: 1, engine: '0.1.0', preset: 'export-ban', seed: 1, diff: [] as unknown[] };
const FIELDS = ['schema', 'engine', 'preset', 'seed', 'months', 'view', 'hash', 'diff', 'extra'];

/** Payloads that are nearly right: one field of any type, unsafe keys, random diffs against a real preset. */
const hostilePayload = fc.oneof(
  fc
    .tuple(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...catalog.keys(), 'nope'))
    .map(([k, v, preset]) => linkOfJson({ ...BASE, preset, [k]: v })),
  fc
    .tuple(fc.array(diffEntry, { maxLength: 8 }), fc.constantFrom(...catalog.keys()))
    .map(([diff, preset]) => linkOfJson({ ...BASE, preset, diff })),
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.nat(3), fc.jsonValue({ maxDepth: 2 }))
    .map(([key, where, v]) => {
      const inner = `{"${key}": ${JSON.stringify(v) ?? 'null'}}`;
      const at = [
        `{"schema":1,"engine":"0.1.0","preset":"export-ban","seed":1,"diff":[],"${key}":1}`,
        `{"schema":1,"engine":"0.1.0","preset":"export-ban","seed":1,"diff":[["zone",${inner}]]}`,
        `{"schema":1,"engine":"0.1.0","preset":"export-ban","seed":1,"view":${inner},"diff":[]}`,
        `{"schema":1,"engine":"0.1.0","preset":"export-ban","seed":1,"diff":[["facilities.0",${inner}]]}`,
      ];
      return linkOfText(at[where]!);
    }),
);

/** Extremes: deep nesting, huge repeats, long strings, bombs, lengths around the limit, odd numbers. */
const extreme = fc.oneof(
  fc.integer({ min: 10, max: 60_000 }).map((n) => linkOfText('['.repeat(n) + ']'.repeat(n))),
  fc.integer({ min: 10, max: 20_000 }).map((n) => linkOfText('{"a":'.repeat(n) + '1' + '}'.repeat(n))),
  fc.integer({ min: 10, max: 30 }).map((n) => linkOfJson({ ...BASE, diff: [['zone', nest(n)]] })),
  fc.integer({ min: 100, max: 20_000 }).map((n) => linkOfJson({ ...BASE, diff: Array(n).fill(['seed', 2]) })),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => linkOfJson({ ...BASE, diff: [['title', 'x'.repeat(n)]] })),
  fc.tuple(fc.nat(), fc.nat(), fc.nat(255)).map(([i, n, v]) => {
    // A bomb with a few bytes changed or cut: still expands hugely, or breaks part-way.
    const bomb = Uint8Array.from(BOMBS[i % BOMBS.length]!);
    const at = n % bomb.length;
    bomb[at] = v;
    return `#v1.${encodeBase64Url(v % 2 ? bomb : bomb.subarray(0, at + 1))}`;
  }),
  fc.nat().map((i) => `#v1.${encodeBase64Url(BOMBS[i % BOMBS.length]!)}`),
  fc.integer({ min: 8_000, max: 9_000 }).map((n) => `#v1.${'A'.repeat(n - 4)}`),
  fc
    .constantFrom('1e999', '-1e999', '1e-400', '9007199254740993', '-0')
    .map((x) => linkOfText(`{"schema":1,"engine":"0.1.0","preset":"export-ban","seed":${x},"diff":[["months",${x}]]}`)),
  fc.integer({ min: 2, max: 200 }).map((n) => '#' + 'v1.'.repeat(n)),
);

/** Zip bombs: 70 KB to 6 MB of one byte, compressed to at most ~6 KB. */
const BOMBS = [70_000, 1_000_000, 6_000_000].flatMap((n) =>
  [0, 32, 123].map((v) => deflateSync(new Uint8Array(n).fill(v), { level: 9 })),
);

function nest(n: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = { a: [v] };
  return v;
}

describe('decodeLink on hostile input never throws, stays within its limits and time', () => {
  it('random text, with and without the prefix', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300, unit: 'binary' }),
      fc.string({ maxLength: 300 }).map((s) => '#v1.' + s),
      fc.string({ minLength: 8_000, maxLength: 8_400 }).map((s) => '#v1.' + s),
    );
    run('random text', text, 1_500, 1);
  });

  it('random base64url', () =>
    run(
      'random base64url',
      b64Text(3_000).map((s) => '#v1.' + s),
      1_500,
      2,
    ));

  it('random bytes', () => {
    run(
      'random bytes',
      fc.uint8Array({ maxLength: 6_000 }).map((b) => '#v1.' + encodeBase64Url(b)),
      1_000,
      3,
    );
  });

  it('random compressed JSON', () => run('random JSON', fc.jsonValue({ maxDepth: 6 }).map(linkOfJson), 1_500, 4));

  it('hostile payloads: wrong types, unsafe keys, random diff paths', () =>
    run('hostile payload', hostilePayload, 1_500, 5));

  it('text mutations of valid links', () => {
    const arb = fc
      .tuple(validLink, fc.array(textMutation, { minLength: 1, maxLength: 3 }))
      .map(([link, ms]) => ms.reduce(mutateText, link));
    run('text mutation', arb, 2_000, 6);
  });

  it('byte mutations of valid links', () => {
    const arb = fc
      .tuple(validLink, fc.array(byteMutation, { minLength: 1, maxLength: 3 }))
      .map(([link, ms]) => ms.reduce(mutateBytes, link));
    run('byte mutation', arb, 1_000, 7);
  });

  it('deep nesting, huge repeats, long strings, zip bombs, lengths around the limit', () => {
    run('extreme', extreme, 300, 8);
  });

  it('all within the time bound per case', () => {
    expect(stats.cases).toBeGreaterThanOrEqual(10_000);
    expect(stats.maxMs, `slowest: ${stats.worst}`).toBeLessThan(MAX_MS);
  });
});
