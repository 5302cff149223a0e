/**
 * Charts and the globe as files (PRODUCT.md "Download": PNG/SVG with sources). A chart's SVG is copied with every
 * style the page's CSS gave it written inline, so it renders the same standalone, and framed with its title, legend
 * and a source line; the money figures (HTML on the page) are drawn as SVG rows. A PNG is that SVG drawn on a canvas
 * through an Image from a blob URL (the page's CSP allows `img-src blob:`). The globe's canvas keeps its drawing
 * buffer, so it is read as it is.
 */

const NS = 'http://www.w3.org/2000/svg';

/** The styles copied inline: everything that decides how an SVG mark looks. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'shape-rendering',
] as const;

/**
 * How a legend swatch is drawn, as on the page: a solid bar (the current run), dotted and faint (the baseline's ghost
 * line), dashed (a floor), or a shaded block (an ensemble band).
 */
export type LegendStyle = 'solid' | 'ghost' | 'dashed' | 'shaded';

/** What frames an exported chart. */
export interface ChartCaption {
  title: string;
  description: string;
  legend: { label: string; color: string; style?: LegendStyle }[];
  /** One or two lines naming where the numbers come from. */
  source: string[];
}

/** An exported chart: SVG text and its size in CSS pixels. */
export interface ChartSvg {
  text: string;
  width: number;
  height: number;
}

const PAD = 10;
const LINE = 15;

/** Serializes the chart in `card` (a `.chart-card`) as a standalone SVG; null when it has nothing drawn. */
export function exportChartSvg(card: HTMLElement, caption: ChartCaption): ChartSvg | null {
  const plot = card.querySelector<SVGSVGElement>('svg.chart-svg');
  const money = card.querySelector<HTMLElement>('.money-figures');
  const colours = pageColours(card);
  let body: SVGGraphicsElement;
  let bodyW: number;
  let bodyH: number;
  /** Left inset of the body: the plot's SVG has its own margins, the money rows do not. */
  let inset = 0;
  if (plot && plot.getAttribute('width')) {
    bodyW = Number(plot.getAttribute('width'));
    bodyH = Number(plot.getAttribute('height'));
    const copy = inlineCopy(plot);
    const g = document.createElementNS(NS, 'g');
    g.append(...[...copy.childNodes]);
    body = g;
  } else if (money && money.children.length) {
    ({ body, width: bodyW, height: bodyH } = moneyRows(money, colours));
    inset = PAD;
  } else return null;

  const width = Math.max(bodyW + 2 * inset, 360);
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  const bg = rect(0, 0, '100%', '100%', colours.background);
  svg.appendChild(bg);
  let y = PAD + 12;
  svg.appendChild(text(caption.title, PAD, y, { size: 14, weight: 600, fill: colours.text }));
  for (const line of wrap(caption.description, width - 2 * PAD, 11.5)) {
    y += LINE;
    svg.appendChild(text(line, PAD, y, { size: 11.5, fill: colours.muted }));
  }
  if (caption.legend.length) {
    y += LINE + 2;
    let x = PAD;
    for (const item of caption.legend) {
      const w = 22 + estimateWidth(item.label, 11);
      if (x + w > width - PAD && x > PAD) {
        x = PAD;
        y += LINE;
      }
      svg.appendChild(swatch(x, y - 4, item.color, item.style ?? 'solid'));
      svg.appendChild(text(item.label, x + 20, y, { size: 11, fill: colours.text }));
      x += w + 10;
    }
  }
  y += 8;
  body.setAttribute('transform', `translate(${inset + Math.round((width - 2 * inset - bodyW) / 2)},${y})`);
  svg.appendChild(body);
  y += bodyH;
  y += 4;
  for (const line of caption.source.flatMap((l) => wrap(l, width - 2 * PAD, 10))) {
    y += LINE - 2;
    svg.appendChild(text(line, PAD, y, { size: 10, fill: colours.muted }));
  }
  const height = Math.ceil(y + PAD);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const title = document.createElementNS(NS, 'title');
  title.textContent = caption.title;
  svg.prepend(title);
  return { text: new XMLSerializer().serializeToString(svg), width, height };
}

/** Draws SVG text on a canvas at `scale` and returns the PNG. */
export async function svgToPng(svg: ChartSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image(svg.width, svg.height);
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, svg.width, svg.height);
    return await canvasToPng(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Reads a canvas (the globe's keeps its drawing buffer) as a PNG. */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be read'))), 'image/png'),
  );
}

/** Copies `source` with the computed style of every element written inline; hidden elements are left out. */
function inlineCopy(source: SVGSVGElement): SVGSVGElement {
  const copy = source.cloneNode(true) as SVGSVGElement;
  const from = [source, ...source.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  const drop: Element[] = [];
  from.forEach((el, i) => {
    const out = to[i]!;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return drop.push(out);
    for (const a of ['tabindex', 'role', 'aria-label', 'aria-labelledby', 'aria-hidden', 'class', 'focusable']) {
      out.removeAttribute(a);
    }
    // Through CSSOM: the page's Content-Security-Policy (style-src without 'unsafe-inline') refuses a style attribute.
    const { style } = out as Element & ElementCSSInlineStyle;
    for (const p of STYLE_PROPS) style.setProperty(p, cs.getPropertyValue(p));
  });
  for (const el of drop) el.remove();
  return copy;
}

/** Draws the money figures as rows: label, value, difference from the baseline, sparkline. */
function moneyRows(list: HTMLElement, colours: PageColours): { body: SVGGElement; width: number; height: number } {
  const g = document.createElementNS(NS, 'g');
  const figures = [...list.querySelectorAll<HTMLElement>('.money-figure')];
  const rowH = 34;
  const width = 640;
  figures.forEach((fig, i) => {
    const y = i * rowH;
    const label = fig.querySelector('dt')?.textContent ?? '';
    const valueEl = fig.querySelector<HTMLElement>('.money-value');
    const deltaEl = fig.querySelector<HTMLElement>('.money-delta');
    const yearEl = fig.querySelector<HTMLElement>('.money-per-year');
    g.appendChild(text(truncate(label, 200, 12), 0, y + 20, { size: 12, fill: colours.text }));
    if (valueEl) {
      const fill = getComputedStyle(valueEl).color;
      g.appendChild(text(valueEl.textContent ?? '', 205, y + 14, { size: 13, weight: 600, fill }));
    }
    if (yearEl) {
      g.appendChild(text(yearEl.textContent ?? '', 205, y + 28, { size: 10.5, fill: colours.muted }));
    }
    if (deltaEl) {
      const fill = getComputedStyle(deltaEl).color;
      g.appendChild(text(truncate(deltaEl.textContent ?? '', 215, 11), 285, y + 20, { size: 11, fill }));
    }
    const spark = fig.querySelector<SVGSVGElement>('svg.sparkline');
    if (spark) {
      const copy = inlineCopy(spark);
      copy.setAttribute('x', '500');
      copy.setAttribute('y', String(y + 2));
      copy.setAttribute('width', '130');
      copy.setAttribute('height', '26');
      g.appendChild(copy);
    }
  });
  return { body: g, width, height: figures.length * rowH };
}

interface PageColours {
  background: string;
  text: string;
  muted: string;
}

function pageColours(card: HTMLElement): PageColours {
  const cs = getComputedStyle(card);
  const root = getComputedStyle(document.documentElement);
  const bg = cs.backgroundColor;
  return {
    background: bg && bg !== 'rgba(0, 0, 0, 0)' ? bg : root.getPropertyValue('--panel').trim() || '#0f2242',
    text: cs.color || '#e8edf3',
    muted: root.getPropertyValue('--muted').trim() || '#b4c1d6',
  };
}

/** A 16 px legend swatch centred on `cy`, drawn as the page draws its kind of mark. */
function swatch(x: number, cy: number, color: string, style: LegendStyle): SVGElement {
  if (style === 'shaded') {
    const r = rect(x, cy - 5, 16, 10, color);
    r.setAttribute('fill-opacity', '0.35');
    return r;
  }
  const l = document.createElementNS(NS, 'line');
  l.setAttribute('x1', String(x));
  l.setAttribute('x2', String(x + 16));
  l.setAttribute('y1', String(cy));
  l.setAttribute('y2', String(cy));
  l.setAttribute('stroke', color);
  l.setAttribute('stroke-width', style === 'ghost' ? '2' : '3');
  if (style === 'ghost') {
    l.setAttribute('stroke-dasharray', '2 3');
    l.setAttribute('stroke-opacity', '0.7');
  }
  if (style === 'dashed') l.setAttribute('stroke-dasharray', '6 3');
  return l;
}

function rect(x: number, y: number, w: number | string, h: number | string, fill: string): SVGRectElement {
  const r = document.createElementNS(NS, 'rect');
  r.setAttribute('x', String(x));
  r.setAttribute('y', String(y));
  r.setAttribute('width', String(w));
  r.setAttribute('height', String(h));
  r.setAttribute('fill', fill);
  return r;
}

function text(
  content: string,
  x: number,
  y: number,
  o: { size: number; fill: string; weight?: number },
): SVGTextElement {
  const t = document.createElementNS(NS, 'text');
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('fill', o.fill);
  t.setAttribute('font-size', String(o.size));
  t.setAttribute('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
  if (o.weight) t.setAttribute('font-weight', String(o.weight));
  t.textContent = content;
  return t;
}

/** A rough text width, px: the SVG is built before it is drawn, so it cannot be measured. */
function estimateWidth(s: string, size: number): number {
  return s.length * size * 0.56;
}

function truncate(s: string, width: number, size: number): string {
  const max = Math.max(4, Math.floor(width / (size * 0.56)));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Breaks text into lines of at most `width` px (estimated), at most `maxLines`, the last ending in … if cut. */
function wrap(s: string, width: number, size: number, maxLines = 3): string[] {
  const max = Math.max(10, Math.floor(width / (size * 0.56)));
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} …`, width, size);
  return kept;
}
