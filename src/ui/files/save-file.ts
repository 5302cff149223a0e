/** Saves bytes as a download through `<a download>` and a blob URL, revoked once the browser has taken the file. */

/** Offers `blob` as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  // The synthetic click is not the user's: it must not reach page handlers (a menu closing on outside clicks).
  a.addEventListener('click', (e) => e.stopPropagation());
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download starts from the click; the URL is kept a moment for browsers that read it asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
