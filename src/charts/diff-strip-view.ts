/**
 * The compact "difference" view under a time chart: the paired difference current − baseline of the chart's key
 * figure across seeds — median line, 50% and 90% bands, the zero line — with the shared cursor. Hidden without one.
 */
import { observeBoxSize } from './axes.ts';
import { area, axisLeft, format, line, scaleLinear, select } from 'd3';
import { bandMax, bandMin } from './band-vm.ts';
import type { DiffVm } from './time-vm.ts';

/** A drawn difference strip. */
export interface DiffStripView {
  update(vm: DiffVm | null): void;
  setCursor(month: number): void;
  dispose(): void;
}

const MARGIN = { top: 4, right: 12, bottom: 4, left: 44 };
const HEIGHT = 64;
const signed = format('+~s');

/** Creates the strip after `anchor` (the chart's plot). */
export function createDiffStripView(anchor: HTMLElement): DiffStripView {
  const host = document.createElement('figure');
  host.className = 'diff-strip';
  host.hidden = true;
  const caption = document.createElement('figcaption');
  caption.className = 'diff-label';
  host.appendChild(caption);
  anchor.after(host);
  const svg = select(host).append('svg').attr('class', 'chart-svg').attr('aria-hidden', 'true');
  const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const yAxis = root.append('g').attr('class', 'axis y-axis');
  const band90 = root.append('path').attr('class', 'band band-90 diff');
  const band50 = root.append('path').attr('class', 'band band-50 diff');
  const zero = root.append('line').attr('class', 'zero-line');
  const median = root.append('path').attr('class', 'series line diff-median');
  const cursor = root.append('line').attr('class', 'diff-cursor');
  let vm: DiffVm | null = null;
  let month = 0;
  let x = scaleLinear();
  // The size comes from the resize observer (measured with the layout), so a redraw never forces a layout.
  let size: { width: number; height: number } | null = null;

  const draw = () => {
    host.hidden = vm === null;
    if (!vm) return;
    size ??= { width: host.clientWidth, height: HEIGHT };
    const width = Math.max(120, size.width);
    const w = width - MARGIN.left - MARGIN.right;
    const h = HEIGHT - MARGIN.top - MARGIN.bottom;
    svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    x = scaleLinear([0, Math.max(1, vm.months - 1)], [0, w]);
    const lo = bandMin(vm);
    const hi = bandMax(vm);
    const pad = (hi - lo) * 0.08 || 1;
    const y = scaleLinear([lo - pad, hi + pad], [h, 0]).nice(3);
    yAxis.call(
      axisLeft(y)
        .ticks(3)
        .tickFormat((v) => (Number(v) === 0 ? '0' : signed(v)))
        .tickSizeOuter(0),
    );
    const idx = Array.from({ length: vm.months }, (_, i) => i);
    const shade = (a: Float64Array, b: Float64Array) =>
      area<number>()
        .defined((m) => Number.isFinite(a[m]) && Number.isFinite(b[m]))
        .x((m) => x(m))
        .y0((m) => y(a[m]!))
        .y1((m) => y(b[m]!))(idx) ?? '';
    band90.attr('d', shade(vm.p5, vm.p95));
    band50.attr('d', shade(vm.p25, vm.p75));
    const p50 = vm.p50;
    median.attr(
      'd',
      line<number>()
        .defined((m) => Number.isFinite(p50[m]))
        .x((m) => x(m))
        .y((m) => y(p50[m]!))(idx) ?? '',
    );
    zero.attr('x1', 0).attr('x2', w).attr('y1', y(0)).attr('y2', y(0));
    cursor.attr('y1', 0).attr('y2', h);
    caption.textContent = `${vm.label} (${vm.unit}): median, 50% and 90% of ${vm.pairs} paired seeds`;
    placeCursor();
  };

  const placeCursor = () => {
    if (!vm) return;
    const px = x(Math.min(month, vm.months - 1));
    cursor.attr('x1', px).attr('x2', px);
  };

  const resize = observeBoxSize(host, (box) => {
    size = box;
    draw();
  });

  return {
    update(next) {
      vm = next;
      draw();
    },
    setCursor(m) {
      month = m;
      placeCursor();
    },
    dispose() {
      resize.disconnect();
      host.remove();
    },
  };
}
