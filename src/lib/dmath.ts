/**
 * Deterministic elementary functions. JavaScript engines may differ in the last bit of Math.exp, log, pow, sin, cos
 * and asin (Node 20 and a current Chromium do), which would make the same run hash differently in the CLI and the
 * page. These are built from + − × ÷ and Math.sqrt only, which IEEE-754 fixes exactly, so every engine gets the same
 * bits. exp and log follow fdlibm (errors under 1 ulp); pow is exp(y·log x); sin and cos use fdlibm's kernels after a
 * two-part reduction by π/2 (fine for |x| < 1e5, all the engine needs); asin is Abramowitz–Stegun 4.4.46 (error ≤ 2e-8
 * rad, used only for great-circle distances).
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of the high 32 bits of a float64 in `u32` (platform byte order). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** Returns 2^k exactly for integer k in [-1074, 1023]. */
function twoPow(k: number): number {
  if (k > 1023) return Infinity;
  if (k < -1022) return twoPow(k + 54) * 5.551115123125783e-17; // 2^-54, exact
  u32[HI] = (k + 1023) << 20;
  u32[LO] = 0;
  return f64[0]!;
}

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/** Returns e^x. */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709.782712893384) return Infinity;
  if (x < -745.1332191019411) return 0;
  if (x === 0) return 1;
  let k = 0;
  let hi = x;
  let lo = 0;
  if (Math.abs(x) > 0.34657359027997264) {
    k = Math.trunc(INV_LN2 * x + (x < 0 ? -0.5 : 0.5));
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
  }
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((r * c) / (c - 2) - r);
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  if (k > 1023) return y * twoPow(1023) * twoPow(k - 1023);
  return y * twoPow(k);
}

const LG1 = 6.66666666666673513e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

/** Returns the natural logarithm of x. */
export function log(x: number): number {
  if (x !== x || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54
    k = -54;
  }
  f64[0] = x;
  let hx = u32[HI]!;
  k += (hx >>> 20) - 1023;
  hx &= 0x000fffff;
  // Normalize the mantissa into [sqrt(2)/2, sqrt(2)).
  const i = (hx + 0x95f64) & 0x100000;
  u32[HI] = hx | (i ^ 0x3ff00000);
  k += i >> 20;
  const f = f64[0] - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}

/** Returns x^y for x > 0 (and 0^y, 1^y, x^0); the engine raises only positive bases. */
export function pow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (x < 0) return NaN;
  return exp(y * log(x));
}

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.0875723212981748279e-9;
const C6 = -1.13596475577881948265e-11;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const TWO_OVER_PI = 6.36619772367581382433e-1;

function kernelSin(x: number): number {
  const z = x * x;
  return x + x * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
}

function kernelCos(x: number): number {
  const z = x * x;
  return 1 - 0.5 * z + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
}

/** Reduces x to r in about [-π/4, π/4] and its quadrant n (x = n·π/2 + r). */
function reduce(x: number): [number, number] {
  const n = Math.round(x * TWO_OVER_PI);
  return [x - n * PIO2_1 - n * PIO2_1T, n & 3];
}

/** Returns sin x. */
export function sin(x: number): number {
  const [r, q] = reduce(x);
  return q === 0 ? kernelSin(r) : q === 1 ? kernelCos(r) : q === 2 ? -kernelSin(r) : -kernelCos(r);
}

/** Returns cos x. */
export function cos(x: number): number {
  const [r, q] = reduce(x);
  return q === 0 ? kernelCos(r) : q === 1 ? -kernelSin(r) : q === 2 ? -kernelCos(r) : kernelSin(r);
}

/** Returns asin x for x in [-1, 1] (error ≤ 2e-8 rad). */
export function asin(x: number): number {
  const a = Math.abs(x);
  if (!(a <= 1)) return NaN;
  const p =
    1.570796305 +
    a *
      (-0.2145988016 +
        a *
          (0.088978987 +
            a * (-0.0501743046 + a * (0.030891881 + a * (-0.0170881256 + a * (0.0066700901 - a * 0.0012624911))))));
  const r = 1.5707963267948966 - Math.sqrt(1 - a) * p;
  return x < 0 ? -r : r;
}

/**
 * Remembers the last `pow` of each numbered slot, for call sites that raise the same base to the same power month
 * after month (a country's growth factor, the demand curve at the choke price). Exact: `pow` is a pure function of its
 * two arguments, and a slot returns its stored value only when both equal (`===`) the stored ones; +0 and −0, which
 * `===` does not tell apart, give the same `pow` (the x = 0 and y = 0 cases above). Slots start empty (NaN never
 * matches) and grow on demand; a memo may be shared by any number of runs.
 */
export class PowMemo {
  private xs = new Float64Array(0);
  private ys = new Float64Array(0);
  private vs = new Float64Array(0);

  /** Returns pow(x, y), from slot `slot` when it last held these arguments. */
  pow(slot: number, x: number, y: number): number {
    // The check alone, so that callers can inline it; a miss goes to `store`.
    if (this.xs[slot] === x && this.ys[slot] === y) return this.vs[slot]!;
    return this.store(slot, x, y);
  }

  private store(slot: number, x: number, y: number): number {
    if (slot >= this.xs.length) this.grow(slot + 1);
    const v = pow(x, y);
    this.xs[slot] = x;
    this.ys[slot] = y;
    this.vs[slot] = v;
    return v;
  }

  private grow(n: number): void {
    const size = Math.max(n, 2 * this.xs.length, 8);
    const widen = (a: Float64Array) => {
      const b = new Float64Array(size).fill(NaN);
      b.set(a);
      return b;
    };
    this.xs = widen(this.xs);
    this.ys = widen(this.ys);
    this.vs = widen(this.vs);
  }
}
