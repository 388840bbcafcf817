/**
 * Tiny DOM helpers that only ever set text: element attributes and children are strings or nodes,
 * and strings become text nodes. Nothing here parses HTML.
 */

/** A text node. */
export function text(s: string): Text {
  return document.createTextNode(s);
}

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? text(c) : c);
  return e;
}

/** A button with a text label; `action` names it for tests and styles. */
export function button(label: string, action: string | undefined, onClick: () => void): HTMLButtonElement {
  const b = el('button', action ? { type: 'button', 'data-action': action } : { type: 'button' }, label) as HTMLButtonElement;
  b.addEventListener('click', onClick);
  return b;
}

/** Removes every child. */
export function clear(e: Element): void {
  e.replaceChildren();
}
