/**
 * Presentation mode, for projectors (PRODUCT.md "Layout"): a "Present" toggle in the header (and `?present=1`) that
 * sets the `presenting` class on the root element — larger text, the header's long description folded away — while
 * the charts zoom their time axis to the open story step's months and hide the money card when the scenario has no
 * zone (charts-panel.ts reads the store).
 */
import type { AppStore } from '../state/store.ts';
import { button } from './kit/h.ts';

/** Tells whether a page URL's query asks for presentation mode (`present=1`). */
export function wantsPresentation(search: string): boolean {
  return new URLSearchParams(search).get('present') === '1';
}

/** Mounts the toggle in `actions`; returns the unmount function. */
export function installPresentation(actions: HTMLElement, store: AppStore, root: HTMLElement): () => void {
  const toggle = button(
    { id: 'present-button', class: 'present-button', 'aria-pressed': 'false', title: 'Larger text for a projector' },
    'Present',
    () => store.getState().setPresenting(!store.getState().presenting),
  );
  actions.appendChild(toggle);
  const sync = () => {
    const on = store.getState().presenting;
    toggle.setAttribute('aria-pressed', String(on));
    root.classList.toggle('presenting', on);
  };
  const unsub = store.subscribe((s, prev) => s.presenting !== prev.presenting && sync());
  sync();
  return () => {
    unsub();
    toggle.remove();
    root.classList.remove('presenting');
  };
}
