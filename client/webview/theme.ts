/**
 * Colours from VS Code's theme (the CSS variables VS Code sets on the webview's body), so the graph
 * follows light, dark and high-contrast themes; fallbacks for a page outside VS Code.
 */
import type { StyleName } from '../../protocol/src';

/** The colours the graph uses. */
export interface Colors {
  fg: string;
  bg: string;
  node: string;
  border: string;
  focus: string;
  muted: string;
  error: string;
  warning: string;
  info: string;
  style: Record<StyleName, string>;
  highContrast: boolean;
}

function css(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The colour without its alpha channel. Some themes define chart colours half transparent (meant
 * for filled areas); a 1.5 px edge drawn in one shows as a faint brown or peach line that a reader
 * cannot tell from the background.
 */
export function opaque(color: string): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})[0-9a-f]$/i.exec(c) ?? /^#([0-9a-f]{6})[0-9a-f]{2}$/i.exec(c);
  if (m) return `#${m[1]}`;
  m = /^rgba\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*[,/][^)]*\)$/i.exec(c);
  if (m) return `rgb(${m[1]}, ${m[2]}, ${m[3]})`;
  return c;
}

/** Reads the theme's colours now. */
export function themeColors(): Colors {
  const s = getComputedStyle(document.body);
  const cls = document.body.classList;
  const dark = cls.contains('vscode-dark') || (cls.contains('vscode-high-contrast') && !cls.contains('vscode-high-contrast-light'));
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  return {
    fg: css(s, '--vscode-editor-foreground', dark ? '#cccccc' : '#333333'),
    bg: css(s, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    node: css(s, '--vscode-editorWidget-background', dark ? '#252526' : '#f3f3f3'),
    border: css(s, '--vscode-contrastBorder', css(s, '--vscode-editorWidget-border', dark ? '#5a5a5a' : '#c8c8c8')),
    focus: css(s, '--vscode-focusBorder', '#0078d4'),
    muted: css(s, '--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    error: css(s, '--vscode-editorError-foreground', '#e51400'),
    warning: css(s, '--vscode-editorWarning-foreground', '#bf8803'),
    info: css(s, '--vscode-editorInfo-foreground', '#1a85ff'),
    style: {
      'sync-request-response': opaque(css(s, '--vscode-charts-red', dark ? '#f14c4c' : '#e51400')),
      'async-request-response': opaque(css(s, '--vscode-charts-blue', dark ? '#3794ff' : '#1a85ff')),
      'fire-and-forget': opaque(css(s, '--vscode-charts-purple', dark ? '#b180d7' : '#652d90')),
      event: opaque(css(s, '--vscode-charts-orange', dark ? '#d18616' : '#d18616')),
      'common-data': opaque(css(s, '--vscode-charts-green', dark ? '#89d185' : '#388a34')),
    },
    highContrast,
  };
}

/** How each style's edges are drawn: the legend and the graph share this. */
export const LINE: Record<StyleName, { lineStyle: 'solid' | 'dashed' | 'dotted'; width: number; arrow: boolean; label: string; help: string }> = {
  'sync-request-response': { lineStyle: 'solid', width: 4, arrow: true, label: 'sync request-response', help: 'the caller blocks until the reply arrives (thick solid)' },
  'async-request-response': { lineStyle: 'dashed', width: 2, arrow: true, label: 'async request-response', help: 'the reply is handled later, off the caller’s flow (dashed)' },
  'fire-and-forget': { lineStyle: 'dotted', width: 2.5, arrow: true, label: 'fire-and-forget', help: 'the result is ignored and not awaited (dotted)' },
  event: { lineStyle: 'solid', width: 1.5, arrow: true, label: 'event', help: 'published to a channel; whoever listens consumes it (through channel nodes)' },
  'common-data': { lineStyle: 'solid', width: 2, arrow: false, label: 'common data', help: 'services share a table, collection, key space or bucket (through store nodes)' },
};

/** How an edge on a synchronous cycle is drawn (in the error colour): thicker than a sync edge, dash-dot, with a mid-line arrow. */
export const CYCLE_LINE = {
  width: 6,
  dash: [14, 4, 3, 4],
  arrow: 'triangle-backcurve' as const,
  label: 'cycle (when highlighted)',
  help: 'a hop of a synchronous cycle: thick dash-dot in the error colour with an arrow mid-line; shown when a chain or Cycles is highlighted',
};
