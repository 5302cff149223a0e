/**
 * One chart's card: a heading that says what is shown (and any country filter), a one-line description, the legend,
 * the plot area and its data table behind a toggle button.
 */
import type { ChartId } from '../state/store.ts';
import type { Series, TableVm } from './time-vm.ts';
import { renderTable } from './table-view.ts';

/** The card's parts. */
export interface ChartCard {
  root: HTMLElement;
  plot: HTMLElement;
  titleId: string;
  setText(title: string, description: string): void;
  setLegend(items: (Pick<Series, 'label' | 'color' | 'dashed' | 'ghost'> & { shaded?: boolean })[]): void;
  /** Shows the table (built lazily) instead of the plot, or hides it. */
  showTable(table: (() => TableVm) | null): void;
}

/** Creates a card for `id`; `onToggleTable` is called when its table button is pressed. */
export function createChartCard(parent: HTMLElement, id: ChartId, onToggleTable: () => void): ChartCard {
  const root = el('section', 'chart-card');
  root.id = `card-${id}`;
  root.dataset.chart = id;
  const titleId = `title-${id}`;
  const header = el('header', 'chart-head');
  const h = el('h2', 'chart-title');
  h.id = titleId;
  const button = el('button', 'table-toggle') as HTMLButtonElement;
  button.type = 'button';
  button.textContent = 'Table';
  button.setAttribute('aria-pressed', 'false');
  button.setAttribute('aria-controls', `table-${id}`);
  button.addEventListener('click', onToggleTable);
  header.append(h, button);
  const desc = el('p', 'chart-desc');
  desc.id = `desc-${id}`;
  const legend = el('ul', 'legend');
  legend.setAttribute('aria-label', 'Legend');
  const plot = el('div', `plot plot-${id}`);
  const tableWrap = el('div', 'table-wrap');
  tableWrap.id = `table-${id}`;
  tableWrap.hidden = true;
  tableWrap.tabIndex = 0;
  tableWrap.setAttribute('role', 'region');
  tableWrap.setAttribute('aria-labelledby', titleId);
  root.append(header, desc, legend, plot, tableWrap);
  parent.appendChild(root);
  root.setAttribute('aria-labelledby', titleId);
  return {
    root,
    plot,
    titleId,
    setText(title, description) {
      if (h.textContent !== title) h.textContent = title;
      if (desc.textContent !== description) desc.textContent = description;
    },
    setLegend(items) {
      legend.replaceChildren(
        ...items.map((s) => {
          const li = el(
            'li',
            `legend-item${s.ghost ? ' ghost' : ''}${s.dashed ? ' dashed' : ''}${s.shaded ? ' shaded' : ''}`,
          );
          const sw = el('span', 'swatch');
          sw.style.setProperty('--swatch', s.color);
          sw.setAttribute('aria-hidden', 'true');
          li.append(sw, document.createTextNode(s.label));
          return li;
        }),
      );
    },
    showTable(table) {
      button.setAttribute('aria-pressed', String(table !== null));
      button.textContent = table ? 'Chart' : 'Table';
      button.setAttribute('aria-label', table ? `Show ${id} as a chart` : `Show ${id} as a data table`);
      tableWrap.hidden = table === null;
      plot.hidden = table !== null;
      if (table) renderTable(tableWrap, table());
      else tableWrap.replaceChildren();
    },
  };
}

function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}
