/**
 * The form elements behind a control: a range, a number field, a select, or a checklist of countries (its value is the
 * checked codes joined by commas, in list order). A checklist sits in a disclosure, closed at first, so its dozens of
 * boxes are one tab stop until the reader opens it.
 */
import type { ControlValue } from '../state/store.ts';
import type { ControlSpec } from '../app/controls/control-types.ts';

/** A control's element with a uniform face. */
export interface Widget {
  label: HTMLElement;
  element: HTMLElement;
  set(value: ControlValue, text: string): void;
  setDisabled(disabled: boolean): void;
  /** Moves a slider's ends (a range that depends on other controls). */
  setRange(range: { min: number; max: number }): void;
}

/** Creates the widget for `spec`; `onValue` gets each new value the user makes. */
export function makeWidget(spec: ControlSpec, id: string, hintId: string, onValue: (v: ControlValue) => void): Widget {
  if (spec.kind === 'checklist') return checklist(spec, id, hintId, onValue);
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = spec.label;
  let input: HTMLInputElement | HTMLSelectElement;
  if (spec.kind === 'select') {
    const sel = document.createElement('select');
    for (const o of spec.options ?? []) sel.add(new Option(o.label, o.value));
    input = sel;
  } else {
    const inp = document.createElement('input');
    inp.type = spec.kind;
    const d = Number(spec.defaultValue);
    if (spec.min !== undefined) inp.min = String(Math.min(spec.min, d));
    if (spec.max !== undefined) inp.max = String(Math.max(spec.max, d));
    if (spec.step !== undefined) inp.step = String(spec.step);
    input = inp;
  }
  input.id = id;
  input.name = spec.id;
  input.setAttribute('aria-describedby', hintId);
  input.addEventListener(spec.kind === 'number' ? 'change' : 'input', () => {
    const raw = input.value;
    if (spec.kind === 'select') return onValue(raw);
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) return;
    onValue(spec.kind === 'number' ? Math.min(spec.max ?? v, Math.max(spec.min ?? v, Math.round(v))) : v);
  });
  return {
    label,
    element: input,
    set(value, text) {
      if (document.activeElement !== input || spec.kind === 'select') input.value = String(value);
      if (spec.kind === 'range') input.setAttribute('aria-valuetext', text);
    },
    setDisabled: (d) => (input.disabled = d),
    setRange({ min, max }) {
      if (!(input instanceof HTMLInputElement)) return;
      input.min = String(min);
      input.max = String(max);
    },
  };
}

function checklist(spec: ControlSpec, id: string, hintId: string, onValue: (v: ControlValue) => void): Widget {
  const group = document.createElement('div');
  group.className = 'checklist';
  group.id = id;
  group.setAttribute('role', 'group');
  group.setAttribute('aria-labelledby', `${id}-label`);
  group.setAttribute('aria-describedby', hintId);
  const label = document.createElement('span');
  label.id = `${id}-label`;
  label.className = 'control-label';
  label.textContent = spec.label;
  const summary = document.createElement('summary');
  const count = spec.options?.length ?? 0;
  summary.textContent = `Choose from ${count} countries`;
  summary.setAttribute('aria-describedby', hintId);
  const disclosure = document.createElement('details');
  disclosure.className = 'checklist-disclosure';
  disclosure.append(summary, group);
  const boxes = (spec.options ?? []).map((o) => {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = o.value;
    box.addEventListener('change', () =>
      onValue(
        boxes
          .filter((b) => b.checked)
          .map((b) => b.value)
          .join(','),
      ),
    );
    l.append(box, document.createTextNode(` ${o.label}`));
    group.appendChild(l);
    return box;
  });
  return {
    label,
    element: disclosure,
    set(value) {
      const on = new Set(String(value).split(','));
      for (const b of boxes) b.checked = on.has(b.value);
      const checked = boxes.filter((b) => b.checked).length;
      summary.textContent = `Choose from ${count} countries (${checked} ticked)`;
    },
    setDisabled: (d) => boxes.forEach((b) => (b.disabled = d)),
    setRange: () => undefined,
  };
}
