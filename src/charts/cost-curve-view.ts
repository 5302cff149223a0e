/** Draws the cost curve: one path per facility bar (faint when idle or not selected), price lines across. */
import { axisBottom, format, scaleLinear } from 'd3';
import { drawValueAxis } from './kit/axes.ts';
import { createChartFrame } from './kit/chart-frame.ts';
import { setWrappedText } from './kit/shapes.ts';
import type { CostCurveVm } from './cost-curve-vm.ts';

/** A drawn cost curve. */
export interface CostCurveView {
  update(vm: CostCurveVm): void;
  dispose(): void;
}

const MARGIN = { top: 12, right: 12, bottom: 22, left: 44 };
const tonnes = format(',.0f');
const usd = format('.1f');

/** Creates the cost curve view in `host`. */
export function createCostCurveView(host: HTMLElement, labelledBy: string): CostCurveView {
  // Sized by the container's whole-pixel client size, read at every draw; exports take their size from the svg.
  const frame = createChartFrame(
    host,
    { margin: MARGIN, axes: ['grid', 'x', 'y'], labelledBy, measure: 'client' },
    () => draw(),
  );
  const { root, axes } = frame;
  const bars = root.append('g').attr('class', 'bars');
  const prices = root.append('g').attr('class', 'price-lines');
  // Labels in a layer of their own above every line, so no price line crosses another's label.
  const labels = root.append('g').attr('class', 'price-lines price-labels');
  const empty = root.append('text').attr('class', 'empty-note').attr('x', 8).attr('y', 24);
  let vm: CostCurveVm | null = null;
  let axesKey = '';

  const draw = () => {
    if (!vm) return;
    const size = frame.layout();
    const { width, height, w, h } = size;
    const x = scaleLinear([0, vm.xMax], [0, w]);
    const y = scaleLinear([0, vm.yMax], [h, 0]).nice();
    const key = `${width}x${height}:${vm.xMax}:${vm.yMax}`;
    if (key !== axesKey) {
      axesKey = key;
      drawValueAxis(axes, y, size);
      const ticks = Math.max(2, Math.floor(w / 70));
      axes.x
        .attr('transform', `translate(0,${h})`)
        .call(axisBottom(x).ticks(ticks).tickFormat(format('~s')).tickSizeOuter(0));
    }
    bars
      .selectAll('path')
      .data(vm.bars)
      .join('path')
      .attr('class', (b) => `series bar${b.idle ? ' idle' : ''}${b.faded ? ' faded' : ''}`)
      .attr('fill', (b) => b.color)
      .attr('d', (b) => {
        const x0 = x(b.x0);
        const x1 = Math.max(x0 + 1, x(b.x1) - 0.5);
        return `M${x0},${h}V${y(b.cost)}H${x1}V${h}Z`;
      })
      .selectAll('title')
      .data((b) => [b])
      .join('title')
      .text((b) => `${b.label}: ${tonnes(b.x1 - b.x0)} t/yr at ${usd(b.cost)} USD/kg${b.idle ? ' (idle)' : ''}`);
    prices
      .selectAll('path')
      .data(vm.prices)
      .join('path')
      .attr('transform', (p) => `translate(0,${y(p.value)})`)
      .attr('class', (p) => `series price-line${p.dashed ? ' dashed' : ''}`)
      .attr('stroke', (p) => p.color)
      .attr('d', `M0,0H${w}`);
    const at = placeLabels(
      vm.prices.map((p) => y(p.value) - 4),
      LABEL_GAP_PX,
      LABEL_GAP_PX - 4,
      h - 2,
    );
    labels
      .selectAll('text')
      .data(vm.prices)
      .join('text')
      .attr('x', w - 4)
      .attr('y', (_, i) => at[i]!)
      .attr('text-anchor', 'end')
      .attr('fill', (p) => p.color)
      .text((p) => `${p.label} ${usd(p.value)}`);
    setWrappedText(empty.node()!, vm.empty ?? '', w - 16);
  };

  return {
    update(next) {
      vm = next;
      draw();
    },
    dispose: () => frame.dispose(),
  };
}

/** Least distance between two price labels' baselines, px: their 10.5 px type with its 3 px halo. */
const LABEL_GAP_PX = 15;

/**
 * Returns baselines for labels wanted at `ys` (px, downwards) at least `gap` apart, in the same order top to bottom,
 * kept within `top` … `bottom` where there is room: pushed down past each other, then back up from the bottom.
 */
export function placeLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => [y, i] as const).sort((a, b) => a[0] - b[0]);
  const at = order.map(([y]) => Math.max(top, y));
  for (let k = 1; k < at.length; k++) at[k] = Math.max(at[k]!, at[k - 1]! + gap);
  for (let k = at.length - 1; k >= 0; k--) {
    const limit = k === at.length - 1 ? bottom : at[k + 1]! - gap;
    at[k] = Math.max(Math.min(at[k]!, limit), k === 0 ? top : -Infinity);
  }
  const out = new Array<number>(ys.length).fill(0);
  order.forEach(([, i], k) => (out[i] = at[k]!));
  return out;
}
