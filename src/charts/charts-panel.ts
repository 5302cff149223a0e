/**
 * The five charts of PRODUCT.md sharing one time cursor. Redraws fully when the results, the selected country, the
 * stage or the tables change; on a cursor move only the cursor lines, the cost curve and the money figures. After a
 * full redraw it dispatches `charts-drawn` (detail: the results version) for tests and the benchmark. With an
 * ensemble, its bands, difference strips and money ranges are redrawn as its runs come in (see `drawEnsemble`).
 */
import type { ResultsHolder } from '../state/results.ts';
import { type AppStore, CHART_IDS, type ChartId } from '../state/store.ts';
import { buildCapacityVm } from './capacity-vm.ts';
import { type ChartCard, createChartCard } from './chart-card.ts';
import { buildCostCurveVm, costCurveTable } from './cost-curve-vm.ts';
import { createCostCurveView } from './cost-curve-view.ts';
import { explainEvent } from './events-vm.ts';
import { buildMoneyVm, type MoneySpan, moneyTable } from './money-vm.ts';
import { createMoneyView } from './money-view.ts';
import { buildPricesVm } from './prices-vm.ts';
import { buildSupplyVm } from './supply-vm.ts';
import { createTimeChartView, type TimeChartView } from './time-chart-view.ts';
import { type ChartInput, type TableVm, type TimeChartVm, timeTable } from './time-vm.ts';
import { PALETTE } from '../state/palette.ts';
import type { EnsembleHolder } from '../state/ensemble.ts';
import { type DiffStripView, createDiffStripView } from './diff-strip-view.ts';
import { createEnsembleCharts } from './ensemble-charts.ts';

/** The mounted panel. */
export interface ChartsPanel {
  dispose(): void;
}

/** Least time between two redraws of the money figures while ensemble runs come in, ms. */
const MONEY_EVERY_MS = 500;

const TIME_CHARTS = { prices: buildPricesVm, supply: buildSupplyVm, capacity: buildCapacityVm } as const;
type TimeChartId = keyof typeof TIME_CHARTS;

/**
 * Mounts the charts into `host` and keeps them in step with the store, the results and, when given, the ensemble
 * (bands, difference strips and money ranges redraw as its runs come in, without rebuilding the one-seed charts).
 */
export function createChartsPanel(
  host: HTMLElement,
  store: AppStore,
  results: ResultsHolder,
  ensemble?: EnsembleHolder,
): ChartsPanel {
  const note = document.createElement('p');
  note.className = 'event-note';
  note.id = 'event-note';
  note.setAttribute('role', 'status');
  note.dataset.eventExplanation = '';
  const grid = document.createElement('div');
  grid.className = 'chart-grid';
  host.append(note, grid);
  const cards = {} as Record<ChartId, ChartCard>;
  for (const id of CHART_IDS) cards[id] = createChartCard(grid, id, () => store.getState().toggleTable(id));
  /** The plot under which the explanation shows: the chart whose marker was chosen, or null for above the charts. */
  let notePlot: HTMLElement | null = null;
  const callbacks = {
    onMarker: (indices: number[], month: number, plot: HTMLElement) => {
      notePlot = plot;
      const s = store.getState();
      s.setCursor(month, results.current?.meta.months ?? month + 1);
      s.explain(indices);
    },
    onScrub: (m: number) => store.getState().setCursor(m, results.current?.meta.months ?? 1),
  };
  const timeViews = {} as Record<TimeChartId, TimeChartView>;
  for (const id of Object.keys(TIME_CHARTS) as TimeChartId[]) {
    timeViews[id] = createTimeChartView(cards[id].plot, cards[id].titleId, callbacks);
  }
  const costView = createCostCurveView(cards['cost-curve'].plot, cards['cost-curve'].titleId);
  /** What the money figures sum: the whole run unless the reader chose "to the cursor". */
  let moneySpan: MoneySpan = 'horizon';
  const moneyView = createMoneyView(cards.money.plot, (span) => {
    moneySpan = span;
    const inp = input();
    if (inp) drawMoney(inp);
  });
  const timeVms = {} as Partial<Record<TimeChartId, TimeChartVm>>;
  const oneSeedVms = {} as Partial<Record<TimeChartId, TimeChartVm>>;
  const strips = {} as Record<TimeChartId, DiffStripView>;
  for (const id of Object.keys(TIME_CHARTS) as TimeChartId[]) strips[id] = createDiffStripView(cards[id].plot);
  const bands = createEnsembleCharts(ensemble, results);
  const legends = {} as Record<TimeChartId, string>;

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
    for (const v of Object.values(strips)) v.setCursor(inp.cursor);
    const cost = buildCostCurveVm(inp);
    cards['cost-curve'].setText(cost.title, cost.description);
    costView.update(cost);
    setTable('cost-curve', () => costCurveTable(cost));
    drawMoney(inp);
  };

  const drawMoney = (inp: ChartInput) => {
    const money = buildMoneyVm(inp, bands.money(), moneySpan);
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
      oneSeedVms[id] = TIME_CHARTS[id](timeInput);
      drawTimeChart(id);
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
    host.dataset.resultHash = inp.current.resultHash;
    host.dataset.baselineHash = inp.baseline?.resultHash ?? '';
    host.dataset.version = String(results.version);
  };

  const drawTimeChart = (id: TimeChartId) => {
    const s = store.getState();
    const vm = bands.attach(oneSeedVms[id]!, s.stage, s.selected);
    timeVms[id] = vm;
    cards[id].setText(vm.title, vm.description);
    const bandNote = vm.bandNote ? [{ label: vm.bandNote, color: PALETTE.world, shaded: true }] : [];
    const legend = [...vm.areas, ...vm.lines, ...bandNote];
    const key = legend
      .map((l) => `${l.label}|${l.color}|${'ghost' in l && l.ghost}|${'dashed' in l && l.dashed}`)
      .join(';');
    if (legends[id] !== key) cards[id].setLegend(legend);
    legends[id] = key;
    timeViews[id].update(vm);
    strips[id].update(vm.diff ?? null);
    setTable(id, () => timeTable(vm));
  };

  /**
   * Redraws what the ensemble changes (the holder changes at most once per animation frame) — bands, difference
   * strips, money figures — one chart per task, since a chart's bands cost more with every seed, so input is handled
   * in between; the money figures at most every MONEY_EVERY_MS while runs come in.
   * When every chart shows the latest runs, `data-ensemble` says "done/total" and `ensemble-drawn` is dispatched.
   */
  const stale = new Set<TimeChartId | 'money'>();
  let ensembleTask = 0;
  let moneyAt = -Infinity;
  const drawEnsembleStep = () => {
    ensembleTask = 0;
    const inp = input();
    if (!inp || !oneSeedVms.prices) return stale.clear();
    const settling = ensemble?.state.phase !== 'running';
    const next = [...stale].find((j) => j !== 'money' || settling || performance.now() - moneyAt > MONEY_EVERY_MS);
    if (next === 'money') {
      drawMoney(inp);
      moneyAt = performance.now();
    } else if (next) drawTimeChart(next);
    if (next) stale.delete(next);
    const wait = next ? 0 : MONEY_EVERY_MS - (performance.now() - moneyAt);
    if (stale.size) ensembleTask = setTimeout(drawEnsembleStep, Math.max(0, wait)) as unknown as number;
    else {
      host.dataset.ensemble = bands.progress();
      host.dispatchEvent(new CustomEvent('ensemble-drawn', { bubbles: true, detail: { progress: bands.progress() } }));
    }
  };
  const drawEnsemble = () => {
    for (const id of [...(Object.keys(TIME_CHARTS) as TimeChartId[]), 'money' as const]) stale.add(id);
    ensembleTask ||= setTimeout(drawEnsembleStep, 0) as unknown as number;
  };

  /**
   * Writes the explanation of the chosen events under the chart whose marker was chosen, where the eye is, and
   * scrolls it into view; with nothing chosen, the hint above the charts.
   */
  const drawNote = (scroll = false) => {
    const { explained } = store.getState();
    const r = results.current;
    if (!explained || !r) notePlot = null;
    const place = notePlot ?? grid;
    if (notePlot ? note.previousElementSibling !== notePlot : note.nextElementSibling !== grid) {
      if (notePlot) notePlot.after(note);
      else grid.before(note);
    }
    note.classList.toggle('in-card', notePlot !== null);
    note.textContent =
      explained && r
        ? explained.map((i) => explainEvent(r, i)).join(' ')
        : 'Event markers (▲) on the charts explain what happened and which rule fired: click one, or focus it and press Enter; the arrow keys move between a chart’s markers.';
    if (scroll && notePlot && place.isConnected) {
      const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
      note.scrollIntoView?.({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
    }
  };

  const unsubResults = results.subscribe(() => drawAll());
  const unsubEnsemble = ensemble?.subscribe(drawEnsemble);
  /** Presentation mode: the time charts zoom to the story step's months; the money card hides without a zone. */
  const present = () => {
    const s = store.getState();
    const zoom = s.presenting ? s.storyWindow : null;
    for (const v of Object.values(timeViews)) v.setWindow(zoom);
    const zone = results.current?.meta.countries.some((c) => c.role === 'member') ?? false;
    cards.money.root.classList.toggle('presenting-hidden', s.presenting && !zone);
  };
  const unsubPresent = results.subscribe(present);
  const unsubStore = store.subscribe((s, prev) => {
    if (s.presenting !== prev.presenting || s.storyWindow !== prev.storyWindow) present();
    if (s.selected !== prev.selected || s.stage !== prev.stage || s.tables !== prev.tables) drawAll();
    else if (s.cursor !== prev.cursor) {
      const inp = input();
      if (inp) drawCursorCharts(inp);
    }
    if (s.explained !== prev.explained) drawNote(true);
  });
  drawAll();
  drawNote();

  return {
    dispose() {
      unsubResults();
      unsubPresent();
      unsubEnsemble?.();
      clearTimeout(ensembleTask);
      unsubStore();
      for (const v of Object.values(timeViews)) v.dispose();
      for (const v of Object.values(strips)) v.dispose();
      costView.dispose();
      moneyView.dispose();
      host.replaceChildren();
    },
  };
}
