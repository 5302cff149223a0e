/** Axis helpers shared by the chart views: year ticks on month indices, compact value ticks with their grid. */
import { type Axis, type NumberValue, type ScaleLinear, axisBottom, axisLeft, format } from 'd3';
import type { FrameGroup } from './chart-frame.ts';

/** Returns a bottom axis with a tick at each January that fits (labelled with the year). */
export function yearAxis(
  x: ScaleLinear<number, number>,
  start: string,
  months: number,
  width: number,
): Axis<NumberValue> {
  const startMonth = Number(start.slice(5, 7)) - 1;
  const startYear = Number(start.slice(0, 4));
  const first = (12 - startMonth) % 12;
  // A zoomed scale (presentation mode) shows only the years of its domain.
  const [d0, d1] = x.domain() as [number, number];
  const span = Math.min(months, d1 - d0 + 1);
  const years = Math.max(1, Math.ceil((span - (d0 > 0 ? 0 : first)) / 12));
  const every = Math.max(1, Math.ceil(years / Math.max(2, Math.floor(width / 56))));
  const ticks: number[] = [];
  for (let m = first; m < months; m += 12 * every) if (m >= d0 && m <= d1) ticks.push(m);
  return axisBottom(x)
    .tickValues(ticks)
    .tickFormat((m) => String(startYear + Math.floor((startMonth + Number(m)) / 12)))
    .tickSizeOuter(0);
}

/** Returns a left axis with a few compact ticks (1.5k, 20M). */
export function valueAxis(y: ScaleLinear<number, number>, height: number): Axis<NumberValue> {
  return axisLeft(y)
    .ticks(Math.max(2, Math.floor(height / 36)))
    .tickFormat(format('~s'))
    .tickSizeOuter(0);
}

/** Draws the value axis of `y` (ticks for a plot `h` px high) and its grid lines across the plot, `w` px wide. */
export function drawValueAxis(
  axes: { grid: FrameGroup; y: FrameGroup },
  y: ScaleLinear<number, number>,
  { w, h }: { w: number; h: number },
): void {
  const axis = valueAxis(y, h);
  axes.y.call(axis);
  axes.grid.call(axis.tickSize(-w).tickFormat(() => '')).call((g) => g.select('.domain').remove());
}
