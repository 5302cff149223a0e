/**
 * A 64-bit hash over bytes, computed as two independent 32-bit multiply–xor lanes over 32-bit words (the tail bytes
 * padded with zeros, the length mixed in), with Math.imul only, so it is exact and identical in every JavaScript
 * engine. Used for `resultHash`: every number a run produced, hashed as its IEEE-754 bytes. Not cryptographic.
 */
export class Hasher {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Feeds the bytes of a typed array (little-endian as laid out in memory). */
  update(view: ArrayBufferView): this {
    const { buffer, byteOffset, byteLength } = view;
    const words = byteLength >>> 2;
    // Unaligned views (rare) are copied so that the hot loop reads one Uint32Array.
    const u32 =
      byteOffset % 4 === 0
        ? new Uint32Array(buffer, byteOffset, words)
        : new Uint32Array(new Uint8Array(buffer, byteOffset, words * 4).slice().buffer);
    this.mixWords(u32);
    const tailBytes = new Uint8Array(buffer, byteOffset + words * 4, byteLength - words * 4);
    let tail = 0;
    for (let i = 0; i < tailBytes.length; i++) tail |= tailBytes[i]! << (8 * i);
    this.mixWords(tailBytes.length ? Uint32Array.of(tail >>> 0, byteLength) : Uint32Array.of(byteLength));
    return this;
  }

  private mixWords(u32: Uint32Array): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < u32.length; i++) {
      const k = u32[i]!;
      h1 = Math.imul(h1 ^ k, 2654435761);
      h2 = Math.imul(h2 ^ k, 1597334677);
      h1 = (h1 << 13) | (h1 >>> 19);
      h2 = (h2 << 17) | (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Feeds a string as UTF-16 code units. */
  updateString(text: string): this {
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    return this.update(units);
  }

  /** Returns the hash as 16 lowercase hex digits. */
  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }
}
