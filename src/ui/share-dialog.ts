/**
 * Share (PRODUCT.md "Share"): a button that opens a small dialog with the link of the run on screen and Copy. The
 * clipboard API is tried first; where it is refused, the link is left selected in its text field to copy by hand.
 * A link longer than LINK_LIMITS.shareChars is still shown, with a plain warning and the scenario file offered instead.
 */
import { LINK_LIMITS } from '../scenario/link.ts';
import type { Result } from '../lib/result.ts';
import type { ShareLink } from '../app/share-link.ts';
import { createModalDialog } from './kit/dialog.ts';
import { button, h } from './kit/h.ts';

/** The mounted Share button and dialog. */
export interface ShareDialog {
  /** Enables Share when there is a run to share. */
  setEnabled(enabled: boolean): void;
  dispose(): void;
}

/** What the dialog asks of the page. */
export interface ShareActions {
  /** Builds the link of the run on screen, or a sentence saying why there is none. */
  buildLink(): Result<ShareLink, string>;
  /** Downloads the scenario file of the run on screen. */
  downloadScenario(): void;
}

/** Mounts the Share button at the start of `host` and its dialog in `document.body`. */
export function createShareDialog(host: HTMLElement, actions: ShareActions): ShareDialog {
  const share = button({ id: 'share-button', 'aria-haspopup': 'dialog' }, 'Share', () => open());
  host.prepend(share);

  const title = h('h2', { id: 'share-title' }, 'Share this run');
  const intro = h(
    'p',
    { class: 'share-intro' },
    'The link opens the same scenario, seed, month and country, and checks that the results are the same.',
  );
  const label = h('label', { for: 'share-url', class: 'visually-hidden' }, 'Link to this run');
  const field = h('input', { id: 'share-url', type: 'text', readonly: true, spellcheck: 'false' });
  const copy = button({ id: 'share-copy' }, 'Copy', () => void copyLink());
  const row = h('div', { class: 'share-row' }, label, field, copy);
  const status = h('p', { class: 'share-status', id: 'share-status', role: 'status' });
  const warning = h('p', { class: 'share-warning', id: 'share-warning' });
  const fileButton = button({ id: 'share-download-scenario' }, 'Download scenario file', () =>
    actions.downloadScenario(),
  );
  const close = button({ class: 'share-close' }, 'Close', () => dialog.close());
  const foot = h('div', { class: 'share-foot' }, fileButton, close);
  const dialog = createModalDialog(
    { class: 'share-dialog', id: 'share-dialog', 'aria-labelledby': title.id },
    share,
    title,
    intro,
    row,
    status,
    warning,
    foot,
  );

  const open = () => {
    const link = actions.buildLink();
    status.textContent = '';
    if (link.ok) {
      row.hidden = false;
      field.value = link.value.url;
      copy.disabled = false;
      warning.textContent = link.value.tooLong
        ? `This link is ${link.value.url.length.toLocaleString('en')} characters, longer than the ` +
          `${LINK_LIMITS.shareChars.toLocaleString('en')} that chat and mail reliably keep. ` +
          'Share the scenario file instead: anyone can open it here (Open file) or run it with the command line.'
        : '';
      warning.hidden = !link.value.tooLong;
      fileButton.hidden = !link.value.tooLong;
    } else {
      row.hidden = true;
      field.value = '';
      warning.textContent = link.error;
      warning.hidden = false;
      fileButton.hidden = false;
    }
    dialog.open(link.ok ? field : fileButton);
    if (link.ok) field.select();
  };
  const copyLink = async () => {
    field.focus();
    field.select();
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(field.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      status.textContent = 'The browser did not allow copying: the link is selected, press Ctrl+C (⌘C) to copy it.';
    }
  };

  return {
    setEnabled(enabled) {
      share.disabled = !enabled;
      share.title = enabled ? 'Link to this run' : 'Share is available once a run has finished';
    },
    dispose() {
      share.remove();
      dialog.dispose();
    },
  };
}
