/** Renders a TableVm as an accessible HTML table (caption, column headers, row headers). */
import type { TableVm } from './time-vm.ts';

/** Replaces `host`'s content with the table. */
export function renderTable(host: HTMLElement, vm: TableVm): void {
  const table = document.createElement('table');
  const caption = table.createCaption();
  caption.textContent = vm.caption;
  const head = table.createTHead().insertRow();
  for (const c of vm.columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of vm.rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const el = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) el.scope = 'row';
      el.textContent = cell;
      tr.appendChild(el);
    });
  }
  host.replaceChildren(table);
}
