/**
 * The controls panel: one fieldset per group; each control shows its value, the rule it drives and where its default
 * came from, marks itself when moved, and says why when it is unavailable, or what binds instead when its value
 * changes nothing (a remark, also in `data-remark`, read from the controls and the run on screen). Moving one writes
 * the store; the run controller re-runs from there.
 */
import type { ResultsHolder } from '../state/results.ts';
import type { AppStore, ControlValue } from '../state/store.ts';
import type { ControlGroup, ControlSpec, ValueOf } from '../app/controls/control-types.ts';
import { makeWidget, type Widget } from './control-widgets.ts';

const GROUPS: { id: ControlGroup; label: string }[] = [
  { id: 'zone', label: 'Zone' },
  { id: 'dominant', label: 'Dominant supplier' },
  { id: 'market', label: 'Market' },
  { id: 'run', label: 'Run' },
];

/** The mounted panel. */
export interface ControlsView {
  /** Rebuilds the panel for a preset's controls. */
  setSpecs(specs: ControlSpec[]): void;
  dispose(): void;
}

interface Row {
  spec: ControlSpec;
  widget: Widget;
  out: HTMLOutputElement;
  hint: HTMLElement;
  row: HTMLElement;
}

/** Mounts the controls in `host`; `results` holds the run on screen, which some remarks read. */
export function createControlsView(host: HTMLElement, store: AppStore, results?: ResultsHolder): ControlsView {
  const heading = document.createElement('h2');
  heading.className = 'panel-title';
  heading.textContent = 'Controls';
  const body = document.createElement('div');
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.className = 'reset-all';
  reset.textContent = 'Reset all to the preset';
  reset.addEventListener('click', () => store.getState().resetControls());
  host.append(heading, body, reset);
  host.setAttribute('data-controls', '');
  let rows: Row[] = [];

  const sync = () => {
    const values = store.getState().controls;
    const valueOf: ValueOf = (id) => values[id] ?? rows.find((r) => r.spec.id === id)?.spec.defaultValue ?? 0;
    for (const { spec, widget, out, hint, row } of rows) {
      const v = values[spec.id] ?? spec.defaultValue;
      widget.set(v, spec.format(v));
      out.value = spec.format(v);
      const blocked = spec.disabled ?? spec.blockedBy?.(valueOf) ?? spec.idleIn?.(results?.current ?? null) ?? null;
      widget.setDisabled(blocked !== null);
      if (spec.range) widget.setRange(spec.range(valueOf));
      const remark = blocked === null ? (spec.remark?.(v, valueOf, results?.current ?? null) ?? null) : null;
      hint.textContent = blocked
        ? `Not in force: ${blocked}`
        : `${spec.rule}${remark ? ` ${remark}` : ''} Default — ${spec.origin}.`;
      row.dataset.controlId = spec.id;
      if (blocked) row.dataset.notInForce = blocked;
      else delete row.dataset.notInForce;
      if (remark) row.dataset.remark = remark;
      else delete row.dataset.remark;
      row.classList.toggle('moved', values[spec.id] !== undefined);
      row.classList.toggle('blocked', blocked !== null);
    }
    reset.disabled = Object.keys(values).length === 0;
  };

  const unsub = store.subscribe((s, prev) => {
    if (s.controls !== prev.controls) sync();
  });
  const unsubResults = results?.subscribe(() => sync());

  return {
    setSpecs(specs) {
      rows = [];
      body.replaceChildren(
        ...GROUPS.map((g) => {
          const fs = document.createElement('fieldset');
          fs.className = `control-group group-${g.id}`;
          const legend = document.createElement('legend');
          legend.textContent = g.label;
          fs.appendChild(legend);
          for (const spec of specs.filter((s) => s.group === g.id)) {
            const set = (value: ControlValue) =>
              store.getState().setControl(spec.id, value === spec.defaultValue ? undefined : value);
            const row = makeRow(spec, set);
            rows.push(row);
            fs.appendChild(row.row);
          }
          return fs;
        }),
      );
      sync();
    },
    dispose() {
      unsub();
      unsubResults?.();
      host.replaceChildren();
    },
  };
}

function makeRow(spec: ControlSpec, set: (value: ControlValue) => void): Row {
  const row = document.createElement('div');
  row.className = `control control-${spec.kind}`;
  const id = `control-${spec.id}`;
  const hint = document.createElement('p');
  hint.className = 'control-hint';
  hint.id = `${id}-hint`;
  const widget = makeWidget(spec, id, hint.id, set);
  const out = document.createElement('output');
  out.className = 'control-value';
  out.htmlFor.add(id);
  const head = document.createElement('div');
  head.className = 'control-head';
  head.append(widget.label, out);
  row.append(head, widget.element, hint);
  return { spec, widget, out, hint, row };
}
