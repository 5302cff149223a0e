/**
 * Draws a TimeChartVm with d3: stacked areas, lines (dashed floor, dotted ghosts; each solid line a little thinner than
 * the one before, so lines that coincide still show as nested stripes), ensemble bands under the lines that have them
 * (p5–p95 faint, p25–p75 stronger; the stacked areas faint when they are one seed's), event markers
 * (keyboard-focusable buttons) and the shared time cursor, which moves without a redraw. Clicking the plot moves the
 * cursor there.
 */
import { area, pointer, scaleLinear, type Selection } from 'd3';
import { monthLabel } from '../scenario/months.ts';
import { yearAxis, drawValueAxis } from './kit/axes.ts';
import { createChartFrame } from './kit/chart-frame.ts';
import { bandPath, linePath, monthIndices, monthScale } from './kit/shapes.ts';
import { finite, type TimeChartVm } from './time-vm.ts';

/** A drawn time chart. */
export interface TimeChartView {
  update(vm: TimeChartVm): void;
  setCursor(month: number): void;
  dispose(): void;
}

/** What the chart reports back. */
export interface TimeChartCallbacks {
  onMarker(indices: number[]): void;
  onScrub(month: number): void;
}

const MARGIN = { top: 16, right: 12, bottom: 22, left: 44 };

/** Creates a time chart in `host` (an element sized by CSS). */
export function createTimeChartView(host: HTMLElement, labelledBy: string, cb: TimeChartCallbacks): TimeChartView {
  const frame = createChartFrame(host, { margin: MARGIN, axes: ['grid', 'x', 'y'], labelledBy }, () => draw());
  const { root, axes } = frame;
  const hit = root.append('rect').attr('class', 'hit').attr('fill', 'transparent');
  const areas = root.append('g').attr('class', 'areas');
  const bands = root.append('g').attr('class', 'bands');
  const lines = root.append('g').attr('class', 'lines');
  const cursor = root.append('g').attr('class', 'cursor').attr('aria-hidden', 'true');
  cursor.append('line');
  cursor.append('text').attr('y', -4).attr('text-anchor', 'middle');
  const markers = root.append('g').attr('class', 'markers');
  const empty = root.append('text').attr('class', 'empty-note').attr('x', 8).attr('y', 24);
  let vm: TimeChartVm | null = null;
  let month = 0;
  let x = scaleLinear();

  const draw = () => {
    if (!vm) return;
    const size = frame.layout();
    const { w, h } = size;
    x = monthScale(vm.months, w);
    const y = scaleLinear([0, vm.yMax], [h, 0]).nice();
    drawValueAxis(axes, y, size);
    axes.x.attr('transform', `translate(0,${h})`).call(yearAxis(x, vm.start, vm.months, w));
    hit.attr('width', w).attr('height', h);
    const idx = monthIndices(vm.months);
    const lower = new Float64Array(vm.months);
    const stacked = vm.areas.map((s) => {
      const y0 = Float64Array.from(lower);
      for (let m = 0; m < vm!.months; m++) lower[m]! += finite(s.values[m]);
      const y1 = Float64Array.from(lower);
      const d = area<number>()
        .x((m) => x(m))
        .y0((m) => y(y0[m]!))
        .y1((m) => y(y1[m]!))(idx);
      return { s, d };
    });
    areas.classed('faded', vm.fadeAreas === true);
    join(areas, 'path', stacked)
      .attr('class', 'series area')
      .attr('fill', (a) => a.s.color)
      .attr('d', (a) => a.d ?? '');
    const shaded = vm.lines.flatMap((s) => {
      const b = s.band;
      if (!b) return [];
      return [
        { s, width: 'band-90', d: bandPath(x, y, b.p5, b.p95, idx) },
        { s, width: 'band-50', d: bandPath(x, y, b.p25, b.p75, idx) },
      ];
    });
    join(bands, 'path', shaded)
      .attr('class', (b) => `band ${b.width}`)
      .attr('fill', (b) => b.s.color)
      .attr('d', (b) => b.d);
    const drawn = vm.lines.map((s) => ({ s, d: linePath(x, y, s.values, idx) }));
    join(lines, 'path', drawn)
      .attr('class', (l) => `series line${l.s.ghost ? ' ghost' : ''}${l.s.dashed ? ' dashed' : ''}`)
      .attr('stroke', (l) => l.s.color)
      .style('stroke-width', (l, i) => (l.s.ghost || l.s.dashed ? null : `${Math.max(1.4, 3 - 0.7 * i)}px`))
      .attr('d', (l) => l.d);
    const mk = join(markers, 'g', vm.markers)
      .attr('class', (d) => `marker marker-${d.type}`)
      .attr('tabindex', 0)
      .attr('role', 'button')
      .attr('aria-label', (d) => `Explain event: ${d.label}`)
      .attr('transform', (d) => `translate(${x(d.month)},${h})`)
      .on('click', (_, d) => cb.onMarker(d.indices))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        e.stopPropagation();
        cb.onMarker(d.indices);
      });
    mk.selectAll('path')
      .data((d) => [d])
      .join('path')
      .attr('d', 'M0,-9L5,0L-5,0Z');
    mk.selectAll('title')
      .data((d) => [d])
      .join('title')
      .text((d) => d.label);
    empty.text(vm.empty ?? '');
    cursor.select('line').attr('y1', 0).attr('y2', h);
    placeCursor();
  };

  const placeCursor = () => {
    if (!vm) return;
    const m = Math.min(month, vm.months - 1);
    const px = x(m);
    const w = x.range()[1]!;
    cursor.attr('transform', `translate(${px},0)`);
    cursor
      .select('text')
      .attr('text-anchor', px < 28 ? 'start' : px > w - 28 ? 'end' : 'middle')
      .text(monthLabel(vm.start, m));
  };

  hit.on('click', (e: MouseEvent) => {
    if (!vm) return;
    const [px] = pointer(e, root.node());
    cb.onScrub(Math.round(x.invert(px)));
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
    dispose: () => frame.dispose(),
  };
}

function join<D, P extends Element>(parent: Selection<SVGGElement, unknown, null, undefined>, tag: string, data: D[]) {
  return parent
    .selectAll<P, D>(tag)
    .data(data)
    .join(tag as 'path') as unknown as Selection<SVGElement, D, SVGGElement, unknown>;
}
