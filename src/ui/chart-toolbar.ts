/**
 * Above the charts: the stage they show, the country filter (with a button to clear it), and the baseline — the
 * preset as shipped, or a pinned run — with "Pin as baseline" and a way back.
 */
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore } from '../state/store.ts';

/** Mounts the toolbar in `host`; returns the remover. */
export function createChartToolbar(host: HTMLElement, store: AppStore, results: ResultsHolder): () => void {
  const stage = document.createElement('fieldset');
  stage.className = 'stage-toggle';
  const legend = document.createElement('legend');
  legend.textContent = 'Stage';
  stage.appendChild(legend);
  const radios = (['refine', 'mine'] as const).map((value) => {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'chart-stage';
    input.value = value;
    input.addEventListener('change', () => input.checked && store.getState().setStage(value));
    label.append(input, document.createTextNode(value === 'refine' ? 'Refined' : 'Concentrate'));
    stage.appendChild(label);
    return input;
  });
  const filter = document.createElement('p');
  filter.className = 'filter-note';
  const filterText = document.createElement('span');
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'Show all';
  clear.addEventListener('click', () => store.getState().select(null));
  filter.append(filterText, clear);
  const baseline = document.createElement('p');
  baseline.className = 'baseline-note';
  const baselineText = document.createElement('span');
  const pin = document.createElement('button');
  pin.type = 'button';
  pin.textContent = 'Pin as baseline';
  pin.addEventListener('click', () => store.getState().setBaselinePinned(true));
  const unpin = document.createElement('button');
  unpin.type = 'button';
  unpin.textContent = 'Back to the preset';
  unpin.addEventListener('click', () => store.getState().setBaselinePinned(false));
  baseline.append(baselineText, pin, unpin);
  host.append(stage, filter, baseline);

  const sync = () => {
    const s = store.getState();
    for (const r of radios) r.checked = r.value === s.stage;
    const name = s.selected
      ? (results.current?.meta.countries.find((c) => c.code === s.selected)?.name ?? s.selected)
      : null;
    filterText.textContent = name ? `Filtered to ${name}. ` : 'All countries — click one on the globe to filter. ';
    clear.hidden = !name;
    const same = results.baseline !== null && results.baseline === results.current;
    baselineText.textContent = s.baselinePinned
      ? 'Baseline: a pinned run. '
      : s.baselineKind === 'no-zone'
        ? 'Baseline (dotted): the same scenario without the zone. '
        : same
          ? 'Baseline: the preset as shipped (this run). '
          : 'Baseline (dotted): the preset as shipped. ';
    pin.disabled = !results.current || results.current === results.baseline;
    unpin.hidden = !s.baselinePinned;
  };
  const unsubStore = store.subscribe(sync);
  const unsubResults = results.subscribe(sync);
  sync();
  return () => {
    unsubStore();
    unsubResults();
    host.replaceChildren();
  };
}
