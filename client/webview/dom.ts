/**
 * Tiny DOM helpers that only ever set text: element attributes and children are strings or nodes,
 * and strings become text nodes. Nothing here parses HTML. Every string passes through
 * `visibleText`: characters that reorder or hide text are shown as marks, and no string is longer
 * than TEXT_MAX (a 100k-character name must not make the sidebar or a tooltip lay out 100k characters).
 */
import { visibleText } from '../../protocol/src/display';

/** The longest string put into the page as text or an attribute. */
export const TEXT_MAX = 1000;

/** A text node. */
export function text(s: string): Text {
  return document.createTextNode(visibleText(s, TEXT_MAX));
}

/** Creates an element with attributes and children (strings become text nodes). */
export function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, visibleText(v, TEXT_MAX));
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
