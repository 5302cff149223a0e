/**
 * The five charts of PRODUCT.md sharing one time cursor. Redraws fully when the results, the selected country, the
 * stage or the tables change; on a cursor move only the cursor lines, the cost curve and the money figures. After a
 * full redraw it dispatches `charts-drawn` (detail: the results version) for tests and the benchmark.
 */
import type { ResultsHolder } from '../state/results.ts';
import { type AppStore, CHART_IDS, type ChartId } from '../state/store.ts';
import { buildCapacityVm } from './capacity-vm.ts';
import { type ChartCard, createChartCard } from './chart-card.ts';
import { buildCostCurveVm, costCurveTable } from './cost-curve-vm.ts';
import { createCostCurveView } from './cost-curve-view.ts';
import { explainEvent } from './events-vm.ts';
import { buildMoneyVm, moneyTable } from './money-vm.ts';
import { createMoneyView } from './money-view.ts';
import { buildPricesVm } from './prices-vm.ts';
import { buildSupplyVm } from './supply-vm.ts';
import { createTimeChartView, type TimeChartView } from './time-chart-view.ts';
import { type ChartInput, type TableVm, type TimeChartVm, timeTable } from './time-vm.ts';
import { PALETTE } from '../state/palette.ts';

/** The mounted panel. */
export interface ChartsPanel {
  dispose(): void;
}

const TIME_CHARTS = { prices: buildPricesVm, supply: buildSupplyVm, capacity: buildCapacityVm } as const;
type TimeChartId = keyof typeof TIME_CHARTS;

/** Mounts the charts into `host` and keeps them in step with the store and the results. */
export function createChartsPanel(host: HTMLElement, store: AppStore, results: ResultsHolder): ChartsPanel {
  const note = document.createElement('p');
  note.className = 'event-note';
  note.id = 'event-note';
  note.setAttribute('role', 'status');
  const grid = document.createElement('div');
  grid.className = 'chart-grid';
  host.append(note, grid);
  const cards = {} as Record<ChartId, ChartCard>;
  for (const id of CHART_IDS) cards[id] = createChartCard(grid, id, () => store.getState().toggleTable(id));
  const callbacks = {
    onMarker: (indices: number[]) => store.getState().explain(indices),
    onScrub: (m: number) => store.getState().setCursor(m, results.current?.meta.months ?? 1),
  };
  const timeViews = {} as Record<TimeChartId, TimeChartView>;
  for (const id of Object.keys(TIME_CHARTS) as TimeChartId[]) {
    timeViews[id] = createTimeChartView(cards[id].plot, cards[id].titleId, callbacks);
  }
  const costView = createCostCurveView(cards['cost-curve'].plot, cards['cost-curve'].titleId);
  const moneyView = createMoneyView(cards.money.plot);
  const timeVms = {} as Partial<Record<TimeChartId, TimeChartVm>>;

  const input = (): ChartInput | null => {
    const s = store.getState();
    const current = results.current;
    if (!current) return null;
    const cursor = Math.min(s.cursor, current.meta.months - 1);
    return { current, baseline: results.baseline, stage: s.stage, selected: s.selected, cursor };
  };

  const setTable = (id: ChartId, table: () => TableVm) => {
    cards[id].showTable(store.getState().tables.includes(id) ? table : null);
  };

  const drawCursorCharts = (inp: ChartInput) => {
    for (const v of Object.values(timeViews)) v.setCursor(inp.cursor);
    const cost = buildCostCurveVm(inp);
    cards['cost-curve'].setText(cost.title, cost.description);
    costView.update(cost);
    setTable('cost-curve', () => costCurveTable(cost));
    const money = buildMoneyVm(inp);
    cards.money.setText(money.title, money.description);
    moneyView.update(money);
    setTable('money', () => moneyTable(money));
  };

  const drawAll = () => {
    const inp = input();
    if (!inp) return;
    const same = inp.baseline?.resultHash === inp.current.resultHash;
    const timeInput = same ? { ...inp, baseline: null } : inp;
    for (const id of Object.keys(TIME_CHARTS) as TimeChartId[]) {
      const vm = TIME_CHARTS[id](timeInput);
      timeVms[id] = vm;
      cards[id].setText(vm.title, vm.description);
      cards[id].setLegend([...vm.areas, ...vm.lines]);
      timeViews[id].update(vm);
      setTable(id, () => timeTable(vm));
    }
    cards['cost-curve'].setLegend([
      { label: 'Dominant', color: PALETTE.dominant },
      { label: 'Member', color: PALETTE.member },
      { label: 'Other', color: PALETTE.other },
      { label: 'Idle (faint)', color: PALETTE.closed, ghost: true },
    ]);
    drawCursorCharts(inp);
    drawNote();
    host.dispatchEvent(new CustomEvent('charts-drawn', { bubbles: true, detail: { version: results.version } }));
    host.dataset.version = String(results.version);
  };

  const drawNote = () => {
    const { explained } = store.getState();
    const r = results.current;
    note.textContent =
      explained && r
        ? explained.map((i) => explainEvent(r, i)).join(' ')
        : 'Event markers (▲) on the charts explain what happened and which rule fired: click one, or focus it and press Enter.';
  };

  const unsubResults = results.subscribe(() => drawAll());
  const unsubStore = store.subscribe((s, prev) => {
    if (s.selected !== prev.selected || s.stage !== prev.stage || s.tables !== prev.tables) drawAll();
    else if (s.cursor !== prev.cursor) {
      const inp = input();
      if (inp) drawCursorCharts(inp);
    }
    if (s.explained !== prev.explained) drawNote();
  });
  drawAll();
  drawNote();

  return {
    dispose() {
      unsubResults();
      unsubStore();
      for (const v of Object.values(timeViews)) v.dispose();
      costView.dispose();
      moneyView.dispose();
      host.replaceChildren();
    },
  };
}
