/**
 * Growable typed-array columns: `push` appends, `n` is the length in use, `data` the backing array (longer than `n`).
 * Reused month after month with `clear()`, they spare the garbage collector in the engine's hot loops. One class per
 * element type keeps every call site monomorphic (a shared generic class made V8 box the numbers it pushed).
 */
export class F64Column {
  n = 0;
  data = new Float64Array(64);

  /** Appends a value, doubling the backing array when full. */
  push(v: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = v;
  }

  /** Empties the column, keeping its storage. */
  clear(): void {
    this.n = 0;
  }

  /** Makes room for `extra` more values, so a hot loop can write `data[n++]` directly. */
  reserve(extra: number): void {
    if (this.n + extra <= this.data.length) return;
    const bigger = new Float64Array(Math.max(this.data.length * 2, this.n + extra));
    bigger.set(this.data);
    this.data = bigger;
  }
}

/** An Int32 column; see F64Column. */
export class I32Column {
  n = 0;
  data = new Int32Array(64);

  /** Appends a value, doubling the backing array when full. */
  push(v: number): void {
    if (this.n === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = v;
  }

  /** Empties the column, keeping its storage. */
  clear(): void {
    this.n = 0;
  }

  /** Makes room for `extra` more values, so a hot loop can write `data[n++]` directly. */
  reserve(extra: number): void {
    if (this.n + extra <= this.data.length) return;
    const bigger = new Int32Array(Math.max(this.data.length * 2, this.n + extra));
    bigger.set(this.data);
    this.data = bigger;
  }
}

/** Returns `buf` if it holds at least `n` values, else a new, larger array. */
export function ensureF64(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/** Returns `buf` if it holds at least `n` values, else a new, larger array (ensureF64's Int32 twin). */
export function ensureI32(buf: Int32Array, n: number): Int32Array {
  return buf.length >= n ? buf : new Int32Array(Math.max(n, buf.length * 2));
}

/** Returns `buf` if it holds at least `n` values, else a new, larger array (ensureF64's Uint8 twin). */
export function ensureU8(buf: Uint8Array, n: number): Uint8Array {
  return buf.length >= n ? buf : new Uint8Array(Math.max(n, buf.length * 2));
}
