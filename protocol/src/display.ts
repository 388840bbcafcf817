/**
 * How a string from the analysed code is shown to the user (graph panel, reports): as plain text
 * that cannot pretend to be something else. Shared by the webview and the server's reports.
 */

/**
 * Characters that reorder or hide text (bidirectional overrides and isolates, directional marks,
 * zero-width joiners and the byte-order mark) and control characters. A name holding U+202E can
 * render as another name ("Trojan Source"), so they are shown as visible `⟨U+202E⟩` marks.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The ellipsis that ends a shortened string. */
export const ELLIPSIS = '…';

/**
 * A string from analysed code as text safe to show: invisible and reordering characters made
 * visible (`⟨U+202E⟩`, a null byte as `⟨U+0000⟩`), and, with `max`, cut to at most `max`
 * characters ending in an ellipsis. Markup needs no handling here: callers put the result into
 * text nodes or escape it for their format.
 */
export function visibleText(text: string, max?: number): string {
  // cut first (a 100k-character name is never scanned whole twice), then cut again after marks were added
  let s = max !== undefined && text.length > max ? text.slice(0, max) : text;
  s = s.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  if (max !== undefined && (s.length > max || text.length > max)) s = `${s.slice(0, Math.max(0, max - 1))}${ELLIPSIS}`;
  return s;
}
