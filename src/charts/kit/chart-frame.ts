/**
 * The SVG frame every plotted chart shares (Observable Plot's `dimensions.js`): the svg in its container, the plot
 * group inside the margins, the axis groups, the size taken from the container and a redraw when that size changes.
 * A view builds its own layers on `root` and keeps only its draw(), which starts with `layout()`.
 */
import { select, type Selection } from 'd3';

/** Space around the plot for axes and labels, px. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The svg's size (`width`, `height`) and the plot's inside the margins (`w`, `h`), px. */
export interface FrameSize {
  width: number;
  height: number;
  w: number;
  h: number;
}

/** An axis group: `grid` (the value grid lines), `x` (bottom axis), `y` (left axis). */
export type AxisGroup = 'grid' | 'x' | 'y';

/** A group of the frame. */
export type FrameGroup = Selection<SVGGElement, unknown, null, undefined>;

/** How a frame is built. */
export interface ChartFrameOptions<A extends AxisGroup> {
  margin: Margin;
  /** The axis groups to create, in this order, before the view's own layers. */
  axes: readonly A[];
  /** The id of the element that names the chart; without one the svg is hidden from assistive technology. */
  labelledBy?: string;
  /** A fixed svg height, px; otherwise the container's, at least 80. */
  height?: number;
  /**
   * `observed` (the default): the size comes from the resize observer (measured with the layout), so a draw never
   * forces a layout; `client`: the container's whole-pixel client size, read at every draw.
   */
  measure?: 'observed' | 'client';
}

/** A mounted frame. */
export interface ChartFrame<A extends AxisGroup> {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  /** The plot group, translated by the margins. */
  root: FrameGroup;
  axes: Record<A, FrameGroup>;
  /** Sizes the svg to the container and returns the sizes (at least 120 px wide). */
  layout(): FrameSize;
  /** Stops watching the container and removes the svg. */
  dispose(): void;
}

const AXIS_CLASS: Record<AxisGroup, string> = { grid: 'grid', x: 'axis x-axis', y: 'axis y-axis' };

/** Creates a frame in `host`; `onResize` is called (to redraw) whenever the container's size changes. */
export function createChartFrame<A extends AxisGroup>(
  host: HTMLElement,
  options: ChartFrameOptions<A>,
  onResize: () => void,
): ChartFrame<A> {
  const { margin, labelledBy } = options;
  const svg = select(host).append('svg').attr('class', 'chart-svg');
  if (labelledBy === undefined) svg.attr('aria-hidden', 'true');
  else svg.attr('role', 'group').attr('aria-labelledby', labelledBy);
  const root = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const axes = {} as Record<A, FrameGroup>;
  for (const a of options.axes) axes[a] = root.append('g').attr('class', AXIS_CLASS[a]);
  const observed = options.measure !== 'client';
  let size: { width: number; height: number } | null = null;
  const resize = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1]!.contentRect;
    if (observed) size = { width: box.width, height: box.height };
    onResize();
  });
  resize.observe(host);

  return {
    svg,
    root,
    axes,
    layout() {
      const box = observed ? (size ??= { width: host.clientWidth, height: host.clientHeight }) : clientSize(host);
      const width = Math.max(120, box.width);
      const height = options.height ?? Math.max(80, box.height);
      svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
      return { width, height, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
    },
    dispose() {
      resize.disconnect();
      svg.remove();
    },
  };
}

function clientSize(host: HTMLElement): { width: number; height: number } {
  return { width: host.clientWidth, height: host.clientHeight };
}
