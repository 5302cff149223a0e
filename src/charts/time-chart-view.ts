/**
 * Draws a TimeChartVm with d3: stacked areas, lines (dashed floor, dotted ghosts; each solid line a little thinner than
 * the one before, so lines that coincide still show as nested stripes), ensemble bands under the lines that have them
 * (p5–p95 faint, p25–p75 stronger; the stacked areas faint when they are one seed's), event markers and the shared
 * time cursor, which moves without a redraw. Clicking the plot moves the cursor there.
 *
 * The markers are buttons, one per month, in one tab stop per chart (a roving tabindex): the arrow keys move between
 * them, Home and End go to the first and last, Enter or Space explains the focused one as a click does.
 */
import { area, pointer, scaleLinear, type Selection } from 'd3';
import { monthLabel } from '../scenario/months.ts';
import { yearAxis, drawValueAxis } from './kit/axes.ts';
import { createChartFrame } from './kit/chart-frame.ts';
import { bandPath, linePath, monthIndices, monthScale, setWrappedText } from './kit/shapes.ts';
import type { EventMarker } from './events-vm.ts';
import { finite, type TimeChartVm } from './time-vm.ts';

/** A drawn time chart. */
export interface TimeChartView {
  update(vm: TimeChartVm): void;
  /** Zooms the time axis to months `from` … `to` (presentation mode), or shows the whole run with null. */
  setWindow(window: { from: number; to: number } | null): void;
  setCursor(month: number): void;
  dispose(): void;
}

/** What the chart reports back. */
export interface TimeChartCallbacks {
  /** A marker was chosen: the events of `month` (indices into the result's events), from the chart `host`. */
  onMarker(indices: number[], month: number, host: HTMLElement): void;
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
  const markers = root.append('g').attr('class', 'markers').attr('role', 'group');
  /** Month of the marker that holds the chart's tab stop. */
  let active = -1;
  const empty = root.append('text').attr('class', 'empty-note').attr('x', 8).attr('y', 24);
  let vm: TimeChartVm | null = null;
  let month = 0;
  let x = scaleLinear();
  let zoom: { from: number; to: number } | null = null;

  const draw = () => {
    if (!vm) return;
    const size = frame.layout();
    const { w, h } = size;
    const from = zoom ? Math.max(0, Math.min(vm.months - 1, zoom.from)) : 0;
    const to = zoom ? Math.max(from + 1, Math.min(vm.months - 1, zoom.to)) : vm.months - 1;
    x = zoom ? scaleLinear([from, to], [0, w]) : monthScale(vm.months, w);
    host.dataset.window = zoom ? `${from}-${to}` : '';
    const y = scaleLinear([0, vm.yMax], [h, 0]).nice();
    drawValueAxis(axes, y, size);
    axes.x.attr('transform', `translate(0,${h})`).call(yearAxis(x, vm.start, vm.months, w));
    hit.attr('width', w).attr('height', h);
    const idx = zoom ? monthIndices(vm.months).filter((m) => m >= from && m <= to) : monthIndices(vm.months);
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
    const shown = zoom ? vm.markers.filter((m) => m.month >= from && m.month <= to) : vm.markers;
    const sorted = clusterMarkers(shown, x, vm.start);
    if (!sorted.some((d) => d.month === active)) active = sorted[0]?.month ?? -1;
    markers.attr(
      'aria-label',
      sorted.length ? `${sorted.length} event markers: arrow keys move between them, Enter explains one` : null,
    );
    const mk = join(markers, 'g', sorted)
      .attr('class', (d) => `marker marker-${d.type}`)
      .attr('data-event-marker', (d) => d.month)
      .attr('tabindex', (d) => (d.month === active ? 0 : -1))
      .attr('role', 'button')
      .attr('aria-label', (d) => `Explain event: ${d.label}`)
      .attr('transform', (d) => `translate(${x(d.month)},${h})`)
      .on('click', (_, d) => choose(d))
      .on('keydown', (e: KeyboardEvent, d) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          e.stopPropagation();
          return choose(d);
        }
        const i = sorted.indexOf(d);
        const to =
          e.key === 'ArrowRight' || e.key === 'ArrowDown'
            ? i + 1
            : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
              ? i - 1
              : e.key === 'Home'
                ? 0
                : e.key === 'End'
                  ? sorted.length - 1
                  : null;
        if (to === null) return;
        e.preventDefault();
        e.stopPropagation();
        focusMarker(sorted[Math.max(0, Math.min(sorted.length - 1, to))]!.month);
      });
    mk.selectAll('path')
      .data((d) => [d])
      .join('path')
      .attr('d', 'M0,-9L5,0L-5,0Z');
    mk.selectAll('title')
      .data((d) => [d])
      .join('title')
      .text((d) => d.label);
    setWrappedText(empty.node()!, vm.empty ?? '', w - 16);
    cursor.select('line').attr('y1', 0).attr('y2', h);
    placeCursor();
  };

  const choose = (d: TimeChartVm['markers'][number]) => {
    focusMarker(d.month, false);
    cb.onMarker(d.indices, d.month, host);
  };

  /** Gives the chart's tab stop to the marker of `month`, and focus too unless `focus` is false. */
  const focusMarker = (m: number, focus = true) => {
    active = m;
    markers.selectAll<SVGGElement, { month: number }>('g.marker').each(function (d) {
      this.setAttribute('tabindex', d.month === m ? '0' : '-1');
      if (focus && d.month === m) this.focus();
    });
  };

  const placeCursor = () => {
    if (!vm) return;
    const m = Math.min(month, vm.months - 1);
    const px = x(m);
    const w = x.range()[1]!;
    cursor.attr('display', px < -0.5 || px > w + 0.5 ? 'none' : null);
    cursor.attr('transform', `translate(${px},0)`);
    cursor
      .select('text')
      .attr('text-anchor', px < 28 ? 'start' : px > w - 28 ? 'end' : 'middle')
      .text(monthLabel(vm.start, m));
  };

  hit.on('click', (e: MouseEvent) => {
    if (!vm) return;
    const [px] = pointer(e, root.node());
    cb.onScrub(Math.max(0, Math.min(vm.months - 1, Math.round(x.invert(px)))));
  });

  return {
    update(next) {
      vm = next;
      draw();
    },
    setWindow(next) {
      if (next?.from === zoom?.from && next?.to === zoom?.to) return;
      zoom = next;
      draw();
    },
    setCursor(m) {
      month = m;
      placeCursor();
    },
    dispose: () => frame.dispose(),
  };
}

/** Least distance between two markers' centres, px: closer ones become one marker. */
const MARKER_GAP_PX = 12;

/**
 * Sorts markers by month and merges those closer than MARKER_GAP_PX on the axis into one, at the first one's month,
 * with all their events, so that no marker hides another; its label names the months it spans.
 */
export function clusterMarkers(
  markers: readonly EventMarker[],
  x: (month: number) => number,
  start: string,
): EventMarker[] {
  const sorted = [...markers].sort((a, b) => a.month - b.month);
  const out: EventMarker[] = [];
  let group: EventMarker[] = [];
  const flush = () => {
    const first = group[0];
    if (!first) return;
    const last = group[group.length - 1]!;
    const count = group.reduce((n, m) => n + m.indices.length, 0);
    out.push(
      group.length === 1
        ? first
        : {
            ...first,
            indices: group.flatMap((m) => m.indices),
            label: `${monthLabel(start, first.month)} to ${monthLabel(start, last.month)}: ${count} events, first ${first.label.replace(/^[^:]*: /, '').replace(/ and \d+ more$/, '')}`,
          },
    );
    group = [];
  };
  for (const m of sorted) {
    if (group.length && x(m.month) - x(group[0]!.month) >= MARKER_GAP_PX) flush();
    group.push(m);
  }
  flush();
  return out;
}

function join<D, P extends Element>(parent: Selection<SVGGElement, unknown, null, undefined>, tag: string, data: D[]) {
  return parent
    .selectAll<P, D>(tag)
    .data(data)
    .join(tag as 'path') as unknown as Selection<SVGElement, D, SVGGElement, unknown>;
}
