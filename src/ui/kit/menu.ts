/**
 * One disclosure menu for the header (Download, About this run): a `<details>` whose `<summary>` is the button and
 * whose panel is a labelled group. Escape closes it and puts focus back on the summary; a menu may also close on a
 * click anywhere else on the page, as menus do.
 */
import { h } from './h.ts';

/** How a menu is built. */
export interface MenuOptions {
  id: string;
  /** Classes of the `<details>` (`header-menu` is added). */
  className: string;
  /** The summary's text. */
  label: string;
  /** Names the panel: its accessible label, or (`labelledBy`) the id of a heading the caller puts in it. */
  panelLabel: { label: string } | { labelledBy: string };
  /** Closes the menu on a click outside it. */
  closeOnClickOutside?: boolean;
}

/** A mounted menu; the caller fills `panel` and places `root`. */
export interface Menu {
  root: HTMLDetailsElement;
  summary: HTMLElement;
  panel: HTMLDivElement;
  /** Removes the menu and its page listener. */
  dispose(): void;
}

/** Creates a closed menu (not yet in the page). */
export function createMenu(options: MenuOptions): Menu {
  const named = options.panelLabel;
  const summary = h('summary', null, options.label);
  const panel = h('div', {
    class: 'menu-panel',
    role: 'group',
    'aria-label': 'label' in named ? named.label : null,
    'aria-labelledby': 'labelledBy' in named ? named.labelledBy : null,
  });
  const root = h('details', { class: `${options.className} header-menu`, id: options.id }, summary, panel);
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && root.open) {
      root.open = false;
      summary.focus();
    }
  });
  const onDocClick = (e: MouseEvent) => {
    if (root.open && !root.contains(e.target as Node)) root.open = false;
  };
  if (options.closeOnClickOutside) document.addEventListener('click', onDocClick);
  return {
    root,
    summary,
    panel,
    dispose() {
      document.removeEventListener('click', onDocClick);
      root.remove();
    },
  };
}
