/** Path helpers shared by the chart views over months: the month scale, bands and lines with gaps. */
import { area, line, scaleLinear, type ScaleLinear } from 'd3';

type Scale = ScaleLinear<number, number>;

/** Returns the x scale from month index 0 … months − 1 onto 0 … `w` px (at least one month wide). */
export function monthScale(months: number, w: number): Scale {
  return scaleLinear([0, Math.max(1, months - 1)], [0, w]);
}

/** Returns the month indices 0 … months − 1, the data of every path over time. */
export function monthIndices(months: number): number[] {
  return Array.from({ length: months }, (_, i) => i);
}

/** Returns the path of the band between `lo` and `hi` over `idx`, with a gap where either is not finite. */
export function bandPath(x: Scale, y: Scale, lo: ArrayLike<number>, hi: ArrayLike<number>, idx: number[]): string {
  return (
    area<number>()
      .defined((m) => Number.isFinite(lo[m]) && Number.isFinite(hi[m]))
      .x((m) => x(m))
      .y0((m) => y(lo[m]!))
      .y1((m) => y(hi[m]!))(idx) ?? ''
  );
}

/** Returns the path of the line through `values` over `idx`, with a gap where a value is not finite. */
export function linePath(x: Scale, y: Scale, values: ArrayLike<number>, idx: number[]): string {
  return (
    line<number>()
      .defined((m) => Number.isFinite(values[m]))
      .x((m) => x(m))
      .y((m) => y(values[m]!))(idx) ?? ''
  );
}
