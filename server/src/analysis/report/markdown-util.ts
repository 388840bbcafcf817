/**
 * Helpers every Markdown report shares: escaping text from the analysed code, links to code and
 * headings at a chosen depth.
 */
import { visibleText } from '../../../../protocol/src/display';
import type { Style } from '../model';

/** Makes the link to a place in the analysed code (relative to the root by default). */
export type CodeLink = (file: string, line: number) => string;

/** Options of the Markdown reports. */
export interface MarkdownOptions {
  /** Link target for code locations; default: the path relative to the analysed root, `#L<line>`. */
  link?: CodeLink;
  /** Depth of the report's title (1 = `#`); sections go one deeper. */
  level?: number;
}

/**
 * A link relative to the analysed root, as GitHub and VS Code's preview understand it. A first
 * segment with a colon (a file named `javascript:x.ts` or `command:x`) would read as a URL scheme,
 * so such paths start with `./`.
 */
export const relativeLink: CodeLink = (file, line) => {
  const encoded = encodeURI(file).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `${/^[^/]*:/.test(encoded) ? './' : ''}${encoded}#L${line}`;
};

/**
 * Text from the analysed code as Markdown text: nothing in it can become markup, HTML, a link or a
 * table cell break. Names like `<img src=x onerror=alert(1)>` come out literally.
 */
export function mdText(text: string): string {
  // characters that reorder or hide text are shown as marks, so a name cannot pass for another
  return visibleText(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** Text as inline code (for ids, routes, channels): backticks inside are kept by a longer fence. */
export function mdCode(text: string): string {
  const clean = visibleText(text.replace(/[\r\n]+/g, ' ')).replace(/\|/g, '\u2758');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** `[file:line](link)` for a code location. */
export function mdWhere(file: string, line: number, options: MarkdownOptions): string {
  const link = options.link ?? relativeLink;
  return `[${mdText(`${file}:${line}`)}](${link(file, line)})`;
}

/** A heading `depth` levels below the report's title level. */
export function heading(options: MarkdownOptions, depth: number, text: string): string {
  return `${'#'.repeat(Math.min(6, (options.level ?? 1) + depth))} ${text}`;
}

/** A Markdown table; cells are already Markdown. */
export function table(head: string[], rows: string[][]): string {
  if (!rows.length) return '_None._';
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Short labels of the styles for tables. */
export const STYLE_SHORT: Record<Style, string> = {
  'sync-request-response': 'sync',
  'async-request-response': 'async',
  'fire-and-forget': 'fire-and-forget',
  event: 'event',
  'common-data': 'common data',
};

/** A list of names as Markdown text, or an em dash when empty. */
export function names(list: Iterable<string>): string {
  const arr = [...list];
  return arr.length ? arr.map(mdText).join(', ') : '—';
}
