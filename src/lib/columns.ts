/**
 * Growable typed-array columns: `push` appends, `n` is the length in use, `data` the backing array (longer than `n`).
 * Reused month after month with `clear()`, they spare the garbage collector in the engine's hot loops.
 */
export class Column<T extends Float64Array | Int32Array> {
  n = 0;

  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}

  /** Appends a value, doubling the backing array when full. */
  push(v: number): void {
    if (this.n === this.data.length) {
      const bigger = this.make(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = v;
  }

  /** Empties the column, keeping its storage. */
  clear(): void {
    this.n = 0;
  }
}

/** Returns an empty Float64 column. */
export const f64Column = () => new Column(new Float64Array(64), (n) => new Float64Array(n));
/** Returns an empty Int32 column. */
export const i32Column = () => new Column(new Int32Array(64), (n) => new Int32Array(n));

/** Returns `buf` if it holds at least `n` values, else a new, larger array. */
export function ensureF64(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}
