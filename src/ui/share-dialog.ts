/**
 * Share (PRODUCT.md "Share"): a button that opens a small dialog with the link of the run on screen and Copy. The
 * clipboard API is tried first; where it is refused, the link is left selected in its text field to copy by hand.
 * A link longer than LINK_LIMITS.shareChars is still shown, with a plain warning and the scenario file offered instead.
 */
import { LINK_LIMITS } from '../scenario/link.ts';
import type { Result } from '../lib/result.ts';
import type { ShareLink } from '../app/share-link.ts';

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
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'share-button';
  button.textContent = 'Share';
  button.setAttribute('aria-haspopup', 'dialog');
  host.prepend(button);

  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog';
  dialog.id = 'share-dialog';
  const title = document.createElement('h2');
  title.id = 'share-title';
  title.textContent = 'Share this run';
  dialog.setAttribute('aria-labelledby', title.id);
  const intro = document.createElement('p');
  intro.className = 'share-intro';
  intro.textContent =
    'The link opens the same scenario, seed, month and country, and checks that the results are the same.';
  const label = document.createElement('label');
  label.htmlFor = 'share-url';
  label.className = 'visually-hidden';
  label.textContent = 'Link to this run';
  const field = document.createElement('input');
  field.id = 'share-url';
  field.type = 'text';
  field.readOnly = true;
  field.spellcheck = false;
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.id = 'share-copy';
  copy.textContent = 'Copy';
  const row = document.createElement('div');
  row.className = 'share-row';
  row.append(label, field, copy);
  const status = document.createElement('p');
  status.className = 'share-status';
  status.id = 'share-status';
  status.setAttribute('role', 'status');
  const warning = document.createElement('p');
  warning.className = 'share-warning';
  warning.id = 'share-warning';
  const fileButton = document.createElement('button');
  fileButton.type = 'button';
  fileButton.id = 'share-download-scenario';
  fileButton.textContent = 'Download scenario file';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'share-close';
  close.textContent = 'Close';
  const foot = document.createElement('div');
  foot.className = 'share-foot';
  foot.append(fileButton, close);
  dialog.append(title, intro, row, status, warning, foot);
  document.body.appendChild(dialog);

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
    dialog.showModal();
    if (link.ok) {
      field.focus();
      field.select();
    } else fileButton.focus();
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

  button.addEventListener('click', open);
  copy.addEventListener('click', () => void copyLink());
  fileButton.addEventListener('click', () => actions.downloadScenario());
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (e) => {
    // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
    const r = dialog.getBoundingClientRect();
    const inside = e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top && e.clientY <= r.bottom;
    if (e.target === dialog && !inside) dialog.close();
  });
  dialog.addEventListener('close', () => button.focus());

  return {
    setEnabled(enabled) {
      button.disabled = !enabled;
      button.title = enabled ? 'Link to this run' : 'Share is available once a run has finished';
    },
    dispose() {
      button.remove();
      dialog.remove();
    },
  };
}
