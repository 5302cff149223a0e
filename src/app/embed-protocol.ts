/**
 * The embed protocol (PRODUCT.md "Embed", documented in docs/PRODUCT.md): a page that iframes Chokepoint with
 * `?embed=1` talks to it with `postMessage`. Every message is a plain object `{ protocol: 'chokepoint', version: 1,
 * type, … }`. Chokepoint sends `ready` (once, with the preset and its controls), `run-finished` (each run drawn, with
 * its result hash), `cursor` (the cursor moved) and `error` (a message it refused, and why); the host sends
 * `set-cursor` (a month index or "YYYY-MM") and `set-control` (a control id and a value, or null for the preset's).
 *
 * Origins: with `&origin=<host origin>` in the iframe's URL, Chokepoint posts only to that origin and accepts messages
 * only from it; without it, it posts to the origin of its referrer (the host page) and accepts messages only from its
 * parent window. Messages are data, validated here — a value outside a control's range, an option it does not have or
 * a control that is not in force is refused with an `error`; nothing in a message is executed. Pure.
 */
import { type Result, fail, ok } from '../lib/result.ts';
import { monthIndex } from '../scenario/months.ts';
import type { ControlValue } from '../state/store.ts';
import type { ControlSpec, ValueOf } from './controls/control-types.ts';

/** The protocol's name and version, in every message both ways. */
export const EMBED_PROTOCOL = 'chokepoint';
export const EMBED_VERSION = 1;

/** What a host may send. */
export type EmbedRequest =
  { type: 'set-cursor'; month: number | string } | { type: 'set-control'; id: string; value: ControlValue | null };

/** A control as a host sees it in `ready`. */
export interface EmbedControl {
  id: string;
  label: string;
  kind: ControlSpec['kind'];
  value: ControlValue;
  min?: number;
  max?: number;
  options?: string[];
  /** Why it is not in force, or null. */
  notInForce: string | null;
}

/** The bodies of what Chokepoint sends. */
export type EmbedBody =
  | { type: 'ready'; presetId: string; start: string; months: number; controls: EmbedControl[] }
  | { type: 'run-finished'; presetId: string; resultHash: string; months: number; cursor: number }
  | { type: 'cursor'; month: number; label: string }
  | { type: 'error'; request: string; message: string };

/** What Chokepoint sends: a body with the protocol's name and version. */
export type EmbedMessage = { protocol: typeof EMBED_PROTOCOL; version: typeof EMBED_VERSION } & EmbedBody;

/** Wraps a message body with the protocol's name and version. */
export function embedMessage(body: EmbedBody): EmbedMessage {
  return { protocol: EMBED_PROTOCOL, version: EMBED_VERSION, ...body };
}

/** Parses what a host sent; anything not a request of this protocol fails with a sentence. */
export function parseEmbedRequest(data: unknown): Result<EmbedRequest, string> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail('a message must be an object');
  const m = data as Record<string, unknown>;
  if (m.protocol !== EMBED_PROTOCOL) return fail(`"protocol" must be "${EMBED_PROTOCOL}"`);
  if (m.version !== EMBED_VERSION) return fail(`"version" must be ${EMBED_VERSION}`);
  if (m.type === 'set-cursor') {
    const month = m.month;
    if (
      (typeof month === 'number' && Number.isInteger(month)) ||
      (typeof month === 'string' && /^\d{4}-\d{2}$/.test(month))
    ) {
      return ok({ type: 'set-cursor', month });
    }
    return fail('set-cursor needs "month": a whole month index or "YYYY-MM"');
  }
  if (m.type === 'set-control') {
    const { id, value } = m;
    if (typeof id !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(id)) return fail('set-control needs a control "id"');
    if (value !== null && typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
      return fail('set-control needs "value": a number, a string, or null for the preset’s value');
    }
    if (typeof value === 'string' && value.length > 2000) return fail('"value" is too long');
    return ok({ type: 'set-control', id, value });
  }
  return fail(`unknown "type" ${JSON.stringify(String(m.type)).slice(0, 40)}: expected set-cursor or set-control`);
}

/** Resolves a requested month (an index or "YYYY-MM") to an index in the run, or fails. */
export function resolveMonth(month: number | string, start: string, months: number): Result<number, string> {
  const i = typeof month === 'number' ? month : monthIndex(start, month);
  if (!Number.isInteger(i) || i < 0 || i >= months) {
    return fail(`month ${JSON.stringify(month)} is outside the run (${start} and ${months} months)`);
  }
  return ok(i);
}

/** Checks a value for a control: the value to store (undefined for the preset's), or why it is refused. */
export function checkControlValue(
  spec: ControlSpec | undefined,
  value: ControlValue | null,
  valueOf: ValueOf,
): Result<ControlValue | undefined, string> {
  if (!spec) return fail('no such control in this preset');
  const off = spec.disabled ?? spec.blockedBy?.(valueOf) ?? null;
  if (off) return fail(`not in force: ${off}`);
  if (value === null || value === spec.defaultValue) return ok(undefined);
  if (spec.kind === 'select') {
    return spec.options?.some((o) => o.value === value) ? ok(value) : fail(`"${String(value)}" is not an option`);
  }
  if (spec.kind === 'checklist') {
    const codes = String(value).split(',').filter(Boolean);
    const known = new Set(spec.options?.map((o) => o.value));
    const bad = codes.find((c) => !known.has(c));
    return bad === undefined ? ok(codes.join(',')) : fail(`"${bad}" is not one of the countries offered`);
  }
  const n = typeof value === 'number' ? value : Number.NaN;
  const range = spec.range?.(valueOf) ?? { min: spec.min ?? -Infinity, max: spec.max ?? Infinity };
  const d = Number(spec.defaultValue);
  if (!Number.isFinite(n) || n < Math.min(range.min, d) || n > Math.max(range.max, d)) {
    return fail(`needs a number from ${range.min} to ${range.max}`);
  }
  return ok(spec.kind === 'number' ? Math.round(n) : n);
}

/** Describes the controls for `ready`. */
export function embedControls(specs: ControlSpec[], valueOf: ValueOf): EmbedControl[] {
  return specs.map((s) => ({
    id: s.id,
    label: s.label,
    kind: s.kind,
    value: valueOf(s.id),
    ...(s.min !== undefined ? { min: s.range?.(valueOf).min ?? s.min } : {}),
    ...(s.max !== undefined ? { max: s.range?.(valueOf).max ?? s.max } : {}),
    ...(s.options ? { options: s.options.map((o) => o.value) } : {}),
    notInForce: s.disabled ?? s.blockedBy?.(valueOf) ?? null,
  }));
}

/** The origins an embedded page talks to: where it posts, and whether a message's origin is accepted. */
export interface EmbedOrigins {
  /** The target origin of posted messages ('*' only when neither the URL nor the referrer names the host). */
  target: string;
  /** The only origin accepted, or null to accept any message from the parent window. */
  pinned: string | null;
}

/** Reads the host's origin from `?origin=` (pinned) or the referrer; an invalid origin is ignored. */
export function embedOrigins(search: string, referrer: string): EmbedOrigins {
  const asOrigin = (text: string | null): string | null => {
    if (!text) return null;
    try {
      const u = new URL(text);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
    } catch {
      return null;
    }
  };
  const pinned = asOrigin(new URLSearchParams(search).get('origin'));
  const fromReferrer = asOrigin(referrer);
  return { target: pinned ?? fromReferrer ?? '*', pinned };
}

/** Tells whether the page runs embedded (`?embed=1`). */
export function isEmbedded(search: string): boolean {
  return new URLSearchParams(search).get('embed') === '1';
}
