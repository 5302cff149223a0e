/**
 * Draws a TimeChartVm with d3: stacked areas, lines (dashed floor, dotted ghosts; each solid line a little thinner than
 * the one before, so lines that coincide still show as nested stripes), ensemble bands under the lines that have them
 * (p5–p95 faint, p25–p75 stronger; the stacked areas faint when they are one seed's), event markers
 * (keyboard-focusable buttons) and the shared time cursor, which moves without a redraw. Clicking the plot moves the
 * cursor there.
 */
import { area, line, pointer, scaleLinear, select, type Selection } from 'd3';
import { monthLabel } from '../scenario/months.ts';
import { yearAxis, valueAxis, observeBoxSize } from './axes.ts';
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
  const svg = select(host)
    .append('svg')
    .attr('class', 'chart-svg')
    .attr('role', 'group')
    .attr('aria-labelledby', labelledBy);
  const root = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const grid = root.append('g').attr('class', 'grid');
  const xAxis = root.append('g').attr('class', 'axis x-axis');
  const yAxis = root.append('g').attr('class', 'axis y-axis');
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
  // The size comes from the resize observer (measured with the layout), so a redraw never forces a layout.
  let size: { width: number; height: number } | null = null;

  const draw = () => {
    if (!vm) return;
    size ??= { width: host.clientWidth, height: host.clientHeight };
    const width = Math.max(120, size.width);
    const height = Math.max(80, size.height);
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    x = scaleLinear([0, Math.max(1, vm.months - 1)], [0, w]);
    const y = scaleLinear([0, vm.yMax], [h, 0]).nice();
    const axis = valueAxis(y, h);
    yAxis.call(axis);
    grid.call(axis.tickSize(-w).tickFormat(() => '')).call((g) => g.select('.domain').remove());
    xAxis.attr('transform', `translate(0,${h})`).call(yearAxis(x, vm.start, vm.months, w));
    hit.attr('width', w).attr('height', h);
    const idx = Array.from({ length: vm.months }, (_, i) => i);
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
      const shade = (lo: Float64Array, hi: Float64Array) =>
        area<number>()
          .defined((m) => Number.isFinite(lo[m]) && Number.isFinite(hi[m]))
          .x((m) => x(m))
          .y0((m) => y(lo[m]!))
          .y1((m) => y(hi[m]!))(idx) ?? '';
      return [
        { s, width: 'band-90', d: shade(b.p5, b.p95) },
        { s, width: 'band-50', d: shade(b.p25, b.p75) },
      ];
    });
    join(bands, 'path', shaded)
      .attr('class', (b) => `band ${b.width}`)
      .attr('fill', (b) => b.s.color)
      .attr('d', (b) => b.d);
    const drawn = vm.lines.map((s) => {
      const d = line<number>()
        .defined((m) => Number.isFinite(s.values[m]))
        .x((m) => x(m))
        .y((m) => y(s.values[m]!))(idx);
      return { s, d };
    });
    join(lines, 'path', drawn)
      .attr('class', (l) => `series line${l.s.ghost ? ' ghost' : ''}${l.s.dashed ? ' dashed' : ''}`)
      .attr('stroke', (l) => l.s.color)
      .style('stroke-width', (l, i) => (l.s.ghost || l.s.dashed ? null : `${Math.max(1.4, 3 - 0.7 * i)}px`))
      .attr('d', (l) => l.d ?? '');
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
      svg.remove();
    },
  };
}

function join<D, P extends Element>(parent: Selection<SVGGElement, unknown, null, undefined>, tag: string, data: D[]) {
  return parent
    .selectAll<P, D>(tag)
    .data(data)
    .join(tag as 'path') as unknown as Selection<SVGElement, D, SVGGElement, unknown>;
}
