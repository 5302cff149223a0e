/**
 * Draws the money figures: each a sum over the run (or to the cursor) and per year, with its difference from the
 * baseline (sign and words, not colour alone), and a sparkline of the monthly values with the cursor marked. A pair of
 * radio buttons above them chooses what they sum. Each figure carries `data-kpi` (its column) and `data-value` (M$).
 */
import { line, max, min, scaleLinear } from 'd3';
import { formatValue } from './time-vm.ts';
import { formatDelta, type MoneySpan, type MoneyVm } from './money-vm.ts';

/** The drawn money panel. */
export interface MoneyView {
  update(vm: MoneyVm): void;
  dispose(): void;
}

const SVG = 'http://www.w3.org/2000/svg';
const SPARK = { w: 120, h: 28 };

/** Creates the money view in `host`; `onSpan` is called when the reader chooses what the figures sum. */
export function createMoneyView(host: HTMLElement, onSpan: (span: MoneySpan) => void): MoneyView {
  const spans = spanToggle(onSpan);
  const list = document.createElement('dl');
  list.className = 'money-figures';
  host.append(spans.root, list);
  const cells = new Map<string, ReturnType<typeof addFigure>>();
  let sparkFor: Float64Array[] = [];

  return {
    update(vm) {
      spans.set(vm.span);
      if (cells.size !== vm.figures.length) {
        list.replaceChildren();
        cells.clear();
        for (const f of vm.figures) cells.set(f.id, addFigure(list, f.id, f.label, f.hint));
      }
      const rebuild = vm.figures.some((f, i) => sparkFor[i] !== f.series);
      sparkFor = vm.figures.map((f) => f.series);
      for (const f of vm.figures) {
        const cell = cells.get(f.id)!;
        cell.wrap.dataset.value = String(Math.round(f.value * 1000) / 1000);
        cell.wrap.dataset.delta = Number.isFinite(f.delta) ? String(Math.round(f.delta * 1000) / 1000) : '';
        cell.value.textContent = formatValue(f.value);
        cell.perYear.textContent = `${formatValue(f.perYear)} a year`;
        const d = formatDelta(f.delta);
        const yearly = Number.isFinite(f.deltaPerYear) ? `, ${formatDelta(f.deltaPerYear)} a year` : '';
        cell.delta.textContent =
          d === '–'
            ? 'no baseline'
            : f.range
              ? `${d} M$ (90%: ${formatDelta(f.range[0])} to ${formatDelta(f.range[1])}) vs baseline`
              : `${d} vs baseline${yearly}`;
        cell.delta.dataset.sign =
          !Number.isFinite(f.delta) || Math.abs(f.delta) < 0.005 ? '0' : f.delta > 0 ? '+' : '-';
        const y = scaleLinear([Math.min(0, min(f.series) ?? 0), Math.max(1e-9, max(f.series) ?? 1)], [SPARK.h - 2, 2]);
        const x = scaleLinear([0, Math.max(1, vm.months - 1)], [1, SPARK.w - 1]);
        if (rebuild) {
          const d3line = line<number>()
            .defined((m) => Number.isFinite(f.series[m]))
            .x((m) => x(m))
            .y((m) => y(f.series[m]!));
          cell.path.setAttribute('d', d3line(Array.from({ length: f.series.length }, (_, i) => i)) ?? '');
        }
        const v = f.series[vm.cursor];
        cell.dot.setAttribute('cx', String(x(vm.cursor)));
        cell.dot.setAttribute('cy', String(y(Number.isFinite(v) ? v! : 0)));
      }
    },
    dispose() {
      list.remove();
    },
  };
}

/** The radio pair "Whole run" / "To the cursor". */
function spanToggle(onSpan: (span: MoneySpan) => void) {
  const root = document.createElement('fieldset');
  root.className = 'money-span';
  const legend = document.createElement('legend');
  legend.textContent = 'Sum';
  root.appendChild(legend);
  const inputs = (
    [
      ['horizon', 'Whole run'],
      ['cursor', 'To the cursor'],
    ] as const
  ).map(([value, text]) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'money-span';
    input.value = value;
    input.addEventListener('change', () => input.checked && onSpan(value));
    label.append(input, document.createTextNode(text));
    root.appendChild(label);
    return input;
  });
  return {
    root,
    set(span: MoneySpan) {
      for (const i of inputs) i.checked = i.value === span;
    },
  };
}

function addFigure(list: HTMLElement, id: string, label: string, hint: string) {
  const wrap = document.createElement('div');
  wrap.className = 'money-figure';
  wrap.dataset.kpi = id;
  const dt = document.createElement('dt');
  dt.textContent = label;
  dt.title = hint;
  const dd = document.createElement('dd');
  const value = document.createElement('span');
  value.className = 'money-value';
  const perYear = document.createElement('span');
  perYear.className = 'money-per-year';
  const delta = document.createElement('span');
  delta.className = 'money-delta';
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('viewBox', `0 0 ${SPARK.w} ${SPARK.h}`);
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('class', 'series spark');
  const dot = document.createElementNS(SVG, 'circle');
  dot.setAttribute('r', '2.5');
  svg.append(path, dot);
  dd.append(value, perYear, delta, svg);
  wrap.append(dt, dd);
  list.appendChild(wrap);
  return { wrap, value, perYear, delta, path, dot };
}
