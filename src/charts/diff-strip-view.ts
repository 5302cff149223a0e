/**
 * The compact "difference" view under a time chart: the paired difference current − baseline of the chart's key
 * figure across seeds — median line, 50% and 90% bands, the zero line — with the shared cursor. Hidden without one.
 */
import { axisLeft, format, scaleLinear } from 'd3';
import { createChartFrame } from './kit/chart-frame.ts';
import { bandPath, linePath, monthIndices, monthScale } from './kit/shapes.ts';
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
  const frame = createChartFrame(host, { margin: MARGIN, axes: ['y'], height: HEIGHT }, () => draw());
  const { root, axes } = frame;
  const band90 = root.append('path').attr('class', 'band band-90 diff');
  const band50 = root.append('path').attr('class', 'band band-50 diff');
  const zero = root.append('line').attr('class', 'zero-line');
  const median = root.append('path').attr('class', 'series line diff-median');
  const cursor = root.append('line').attr('class', 'diff-cursor');
  let vm: DiffVm | null = null;
  let month = 0;
  let x = scaleLinear();

  const draw = () => {
    host.hidden = vm === null;
    if (!vm) return;
    const { w, h } = frame.layout();
    x = monthScale(vm.months, w);
    const lo = bandMin(vm);
    const hi = bandMax(vm);
    const pad = (hi - lo) * 0.08 || 1;
    const y = scaleLinear([lo - pad, hi + pad], [h, 0]).nice(3);
    axes.y.call(
      axisLeft(y)
        .ticks(3)
        .tickFormat((v) => (Number(v) === 0 ? '0' : signed(v)))
        .tickSizeOuter(0),
    );
    const idx = monthIndices(vm.months);
    band90.attr('d', bandPath(x, y, vm.p5, vm.p95, idx));
    band50.attr('d', bandPath(x, y, vm.p25, vm.p75, idx));
    median.attr('d', linePath(x, y, vm.p50, idx));
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
      frame.dispose();
      host.remove();
    },
  };
}
