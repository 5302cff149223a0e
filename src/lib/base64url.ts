/**
 * Base64url (RFC 4648 §5) without padding, written out so it runs the same in Node, a worker and the page (no Buffer,
 * no atob). Decoding is strict: only the 64 URL-safe characters, no padding, no impossible length, no stray bits in the
 * last character — so every byte string has exactly one text and a damaged link is caught here.
 */
import { type Result, fail, ok } from './result.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Character code → 6-bit value, or 255 for a character outside the alphabet. */
const VALUES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url text without `=` padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]!;
    out += ALPHABET[n >>> 2]! + ALPHABET[(n & 3) << 4]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 8) | bytes[i + 1]!;
    out += ALPHABET[n >>> 10]! + ALPHABET[(n >>> 4) & 63]! + ALPHABET[(n & 15) << 2]!;
  }
  return out;
}

/** Decodes unpadded base64url text; the error says which character is wrong, as a 0-based offset. */
export function decodeBase64Url(text: string): Result<Uint8Array, string> {
  if (text.length % 4 === 1) return fail(`${text.length} characters cannot be base64url (one too many or too few)`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUES[code]! : 255;
    if (v === 255) return fail(`character ${i} (${JSON.stringify(text[i])}) is not base64url`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 255;
    }
  }
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return fail('the last character has stray bits');
  return ok(out);
}
