/**
 * Compare, in the header: opens the choice of baseline — the preset as shipped, or the run on screen pinned — the
 * same choice as "Pin as baseline" above the charts, where the dotted ghost lines and the money differences come from.
 */
import type { AppStore } from '../state/store.ts';
import { h } from './kit/h.ts';
import { createMenu, type Menu } from './kit/menu.ts';

/** The baselines offered, by whether the baseline is pinned. */
const CHOICES = [
  {
    pinned: false,
    name: 'The preset as shipped',
    hint: 'The scenario with none of your changes, on the same seed.',
  },
  {
    pinned: true,
    name: 'The run on screen, pinned',
    hint: 'Keeps this run as the baseline while you move the controls.',
  },
] as const;

/** Creates the Compare menu (not yet in the page); the caller places `root`. */
export function createCompareMenu(store: AppStore): Menu {
  const menu = createMenu({
    id: 'compare-menu',
    className: 'compare-menu',
    label: 'Compare',
    panelLabel: { labelledBy: 'compare-heading' },
    closeOnClickOutside: true,
  });
  const radios = CHOICES.map((c) => {
    const input = h('input', { type: 'radio', name: 'baseline-choice', value: c.pinned ? 'pinned' : 'preset' });
    input.addEventListener('change', () => input.checked && store.getState().setBaselinePinned(c.pinned));
    const label = h(
      'label',
      { class: 'menu-choice' },
      input,
      h('span', { class: 'menu-item-name' }, c.name),
      h('span', { class: 'menu-item-hint' }, c.hint),
    );
    return { input, label, pinned: c.pinned };
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
    const pinned = store.getState().baselinePinned;
    for (const r of radios) r.input.checked = r.pinned === pinned;
  };
  const unsub = store.subscribe((s, prev) => s.baselinePinned !== prev.baselinePinned && sync());
  sync();
  return {
    ...menu,
    dispose() {
      unsub();
      menu.dispose();
    },
  };
}
