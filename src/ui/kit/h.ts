/**
 * One way to build DOM in the views: `h(tag, attributes, ...children)`. Children that are strings become text nodes,
 * never markup, so data from a scenario, a file or a link cannot inject elements.
 */

/** Attributes by name: strings and numbers set as text, `true` as present; false, null and undefined left out. */
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** A child: an element or text; empty strings, null, undefined and false add nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates an element with `attrs` (set as attributes, `class` included) and `children` appended in order. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false && c !== '') el.append(c);
  return el;
}

/** Creates a `type="button"` button with `attrs` and `content` (text or children) that calls `onClick` when pressed. */
export function button(attrs: Attrs, content: Child | readonly Child[], onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, ...(Array.isArray(content) ? content : [content]));
  b.addEventListener('click', onClick);
  return b;
}
