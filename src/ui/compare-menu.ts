/**
 * Compare, in the header: opens the choice of baseline — the preset as shipped, the same scenario without its zone
 * (what a scenario with a zone opens against), or the run on screen pinned — the
 * same choice as "Pin as baseline" above the charts, where the dotted ghost lines and the money differences come from.
 */
import type { AppStore } from '../state/store.ts';
import { h } from './kit/h.ts';
import { createMenu, type Menu } from './kit/menu.ts';

/** The baselines offered. */
const CHOICES = [
  {
    value: 'preset',
    pinned: false,
    name: 'The preset as shipped',
    hint: 'The scenario with none of your changes, on the same seed.',
  },
  {
    value: 'no-zone',
    pinned: false,
    name: 'Without the zone',
    hint: 'The same scenario with every zone instrument removed (floor, levy, tariffs, contract for difference, stockpile); members stay members.',
  },
  {
    value: 'pinned',
    pinned: true,
    name: 'The run on screen, pinned',
    hint: 'Keeps this run as the baseline while you move the controls.',
  },
] as const;

/** The Compare menu. */
export interface CompareMenu extends Menu {
  /** Offers "Without the zone" only when the scenario has a zone. */
  setHasZone(hasZone: boolean): void;
}

/** Creates the Compare menu (not yet in the page); the caller places `root`. */
export function createCompareMenu(store: AppStore): CompareMenu {
  const menu = createMenu({
    id: 'compare-menu',
    className: 'compare-menu',
    label: 'Compare',
    panelLabel: { labelledBy: 'compare-heading' },
    closeOnClickOutside: true,
  });
  const radios = CHOICES.map((c) => {
    const input = h('input', { type: 'radio', name: 'baseline-choice', value: c.value });
    input.addEventListener('change', () => {
      if (!input.checked) return;
      if (c.value === 'pinned') store.getState().setBaselinePinned(true);
      else store.getState().setBaselineKind(c.value);
    });
    const label = h(
      'label',
      { class: 'menu-choice' },
      input,
      h('span', { class: 'menu-item-name' }, c.name),
      h('span', { class: 'menu-item-hint' }, c.hint),
    );
    return { input, label, value: c.value };
  });
  menu.panel.append(
    h('h2', { id: 'compare-heading', class: 'menu-heading' }, 'Compare with'),
    h(
      'div',
      { class: 'menu-section', role: 'radiogroup', 'aria-labelledby': 'compare-heading' },
      ...radios.map((r) => r.label),
    ),
    h(
      'p',
      { class: 'menu-item-hint' },
      'The baseline draws as dotted lines on the charts and gives the money figures their differences.',
    ),
  );
  const sync = () => {
    const s = store.getState();
    const chosen = s.baselinePinned ? 'pinned' : s.baselineKind;
    for (const r of radios) r.input.checked = r.value === chosen;
  };
  const unsub = store.subscribe(
    (s, prev) => (s.baselinePinned !== prev.baselinePinned || s.baselineKind !== prev.baselineKind) && sync(),
  );
  sync();
  return {
    ...menu,
    setHasZone(hasZone) {
      const r = radios.find((x) => x.value === 'no-zone')!;
      r.input.disabled = !hasZone;
      r.label.classList.toggle('unavailable', !hasZone);
      r.label.title = hasZone ? '' : 'This scenario has no zone.';
    },
    dispose() {
      unsub();
      menu.dispose();
    },
  };
}
