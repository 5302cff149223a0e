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

/**
 * Writes `message` into the SVG text `el` as lines (tspans) of at most `width` px, estimated at 6.5 px a character of
 * the 12 px note type, so a long note stays inside a narrow plot.
 */
export function setWrappedText(el: SVGTextElement, message: string, width: number): void {
  const max = Math.max(12, Math.floor(width / 6.5));
  const lines: string[] = [];
  let line = '';
  for (const word of message.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  const x = el.getAttribute('x') ?? '0';
  el.replaceChildren(
    ...lines.map((l, i) => {
      const t = document.createElementNS('http://www.w3.org/2000/svg', 'tspan');
      t.setAttribute('x', x);
      if (i > 0) t.setAttribute('dy', '1.25em');
      t.textContent = l;
      return t;
    }),
  );
}
