/**
 * Dialogs with their focus handling: a modal `<dialog>` (Share) and a non-modal panel beside the page (the story).
 * Each gives focus back to the button that opened it when it closes, and closes on Escape: the browser's own for the
 * modal one, a page-wide key for the panel (unless an open menu or dialog takes that Escape).
 */
import { type Attrs, type Child, h } from './h.ts';

/** A modal dialog in `document.body`. */
export interface ModalDialog {
  element: HTMLDialogElement;
  /** Shows the dialog over the page and focuses `focus` (else the browser's first focusable element). */
  open(focus?: HTMLElement): void;
  close(): void;
  /** Removes the dialog. */
  dispose(): void;
}

/**
 * Creates a modal dialog with `attrs` (give it `aria-labelledby`) and `children`, appended to `document.body`. A click
 * on the backdrop closes it, as Escape does; closing focuses `opener`.
 */
export function createModalDialog(attrs: Attrs, opener: HTMLElement, ...children: Child[]): ModalDialog {
  const dialog = h('dialog', attrs, ...children);
  document.body.appendChild(dialog);
  dialog.addEventListener('click', (e) => {
    // The backdrop is the dialog itself, outside its box.
    const r = dialog.getBoundingClientRect();
    const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    if (e.target === dialog && !inside) dialog.close();
  });
  dialog.addEventListener('close', () => opener.focus());
  return {
    element: dialog,
    open(focus) {
      dialog.showModal();
      focus?.focus();
    },
    close: () => dialog.close(),
    dispose: () => dialog.remove(),
  };
}

/** A non-modal panel opened by a toggle button. */
export interface NonModalPanel {
  readonly isOpen: boolean;
  /** Shows the panel, leaving focus where it is. */
  open(): void;
  /** Hides the panel; focus goes back to the opener if it was inside. */
  close(): void;
  /** Removes the page-wide key listener. */
  dispose(): void;
}

/**
 * Makes `panel` (hidden until opened) the panel of `opener`, which gets `aria-controls`, `aria-expanded` and the
 * class `active` while open. Escape anywhere on the page while it is open calls `onEscape` (the owner closes it).
 */
export function createNonModalPanel(panel: HTMLElement, opener: HTMLElement, onEscape: () => void): NonModalPanel {
  let isOpen = false;
  opener.setAttribute('aria-expanded', 'false');
  opener.setAttribute('aria-controls', panel.id);
  panel.hidden = true;
  const onKey = (e: KeyboardEvent) => {
    if (!isOpen || e.defaultPrevented || e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey) return;
    // A menu or dialog that is open takes its own Escape.
    if ((e.target as HTMLElement | null)?.closest?.('details[open], dialog[open], [role="dialog"]')) return;
    e.preventDefault();
    onEscape();
  };
  document.addEventListener('keydown', onKey);
  const show = (open: boolean) => {
    isOpen = open;
    panel.hidden = !open;
    opener.setAttribute('aria-expanded', String(open));
    opener.classList.toggle('active', open);
  };
  return {
    get isOpen() {
      return isOpen;
    },
    open: () => show(true),
    close() {
      const hadFocus = panel.contains(document.activeElement);
      show(false);
      if (hadFocus) opener.focus();
    },
    dispose: () => document.removeEventListener('keydown', onKey),
  };
}
