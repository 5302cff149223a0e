/** Small helpers the benchmarks share. */
export { preset as loadPreset } from '../test/scenarios/preset-catalog.ts';

/** Returns the median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}
