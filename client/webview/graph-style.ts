/**
 * The Cytoscape stylesheet: node shapes by kind, edge lines by communication style, finding
 * badges on nodes (edges carry no labels: they collided with channel labels; an edge's findings
 * are in its tooltip), and the classes the view sets (faded, highlighted, matched, cycle).
 */
import type cytoscape from 'cytoscape';
import { STYLE_NAMES } from '../../protocol/src';
import { type Colors, CYCLE_LINE, LINE } from './theme';

const SEVERITY_MARK: Record<string, string> = { error: '✖', warning: '⚠', info: 'ℹ', hint: '·' };

/** A node's label: its name (as text; Cytoscape draws it on the canvas) and the findings badge. */
export function nodeLabel(ele: cytoscape.NodeSingular): string {
  const label = String(ele.data('label') ?? '');
  const findings = Number(ele.data('findings') ?? 0);
  return findings > 0 ? `${label}\n${SEVERITY_MARK[String(ele.data('severity'))] ?? '⚠'} ${findings}` : label;
}

let measure: CanvasRenderingContext2D | null | undefined;

/** The size of a node's box from its label (Cytoscape's `width: label` is deprecated). */
function labelSize(ele: cytoscape.NodeSingular, font: string, axis: 'w' | 'h'): number {
  const kind = String(ele.data('kind'));
  const size = kind === 'endpoint' ? 10 : kind === 'service' || kind === 'cluster' ? 12 : 11;
  const lines = nodeLabel(ele).split('\n');
  if (axis === 'h') return lines.length * size * 1.3 + (kind === 'endpoint' ? 8 : 16);
  measure ??= document.createElement('canvas').getContext('2d');
  let widest = 0;
  for (const l of lines) {
    if (measure) {
      measure.font = `${kind === 'service' ? 'bold ' : ''}${size}px ${font}`;
      widest = Math.max(widest, measure.measureText(l).width);
    } else widest = Math.max(widest, l.length * size * 0.6);
  }
  return Math.min(180, widest) + (kind === 'endpoint' ? 12 : kind === 'channel' ? 30 : 22);
}

/** Builds the stylesheet for the colours and the graph size. */
export function graphStylesheet(c: Colors, large: boolean): cytoscape.StylesheetJson {
  const font = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif';
  const sheet: cytoscape.StylesheetJson = [
    {
      selector: 'node',
      style: {
        label: nodeLabel,
        'font-family': font,
        'font-size': 12,
        color: c.fg,
        'text-valign': 'center',
        'text-halign': 'center',
        'text-wrap': 'wrap',
        'text-max-width': '180px',
        'background-color': c.node,
        'border-width': c.highContrast ? 2 : 1,
        'border-color': c.border,
        shape: 'round-rectangle',
        width: (n: cytoscape.NodeSingular) => labelSize(n, font, 'w'),
        height: (n: cytoscape.NodeSingular) => labelSize(n, font, 'h'),
        'min-zoomed-font-size': large ? 7 : 0,
      },
    },
    { selector: 'node[kind="service"]', style: { 'border-width': 2, 'font-weight': 'bold' } },
    { selector: 'node[notAnalysed]', style: { 'border-style': 'dashed', color: c.muted } },
    { selector: 'node[severity="error"][kind!="channel"]', style: { 'border-color': c.error, 'border-width': 3 } },
    { selector: 'node[severity="warning"][kind!="channel"]', style: { 'border-color': c.warning, 'border-width': 3 } },
    { selector: 'node[kind="endpoint"]', style: { 'font-size': 10, 'font-weight': 'normal', 'background-color': c.bg } },
    {
      selector: 'node[kind="channel"]',
      style: { shape: 'round-hexagon', 'background-color': c.style.event, 'background-opacity': 0.18, 'border-color': c.style.event, 'font-size': 11 },
    },
    { selector: 'node[kind="channel"][severity="info"]', style: { 'border-style': 'dashed' } },
    {
      selector: 'node[kind="store"]',
      style: { shape: 'barrel', 'background-color': c.style['common-data'], 'background-opacity': 0.18, 'border-color': c.style['common-data'], 'font-size': 11 },
    },
    { selector: 'node[kind="cluster"]', style: { 'border-style': 'dashed', 'font-weight': 'bold', 'background-opacity': 0.5 } },
    {
      selector: ':parent',
      style: { 'text-valign': 'top', 'text-halign': 'center', 'background-opacity': 0.06, 'background-color': c.fg, padding: '14px', 'text-margin-y': -4 },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'curve-style': large ? 'straight' : 'bezier',
        'line-color': c.muted,
        'target-arrow-color': c.muted,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        opacity: 0.9,
      },
    },
  ];
  for (const style of STYLE_NAMES) {
    const l = LINE[style];
    sheet.push({
      selector: `edge[style="${style}"]`,
      style: {
        width: l.width,
        'line-style': l.lineStyle,
        ...(l.lineStyle === 'dashed' ? { 'line-dash-pattern': [8, 5] } : {}),
        'line-color': c.style[style],
        'target-arrow-color': c.style[style],
        'target-arrow-shape': l.arrow ? 'triangle' : 'none',
      },
    });
  }
  sheet.push(
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: '.dim', style: { opacity: 0.3 } },
    { selector: 'node.match', style: { 'border-color': c.focus, 'border-width': 4, opacity: 1 } },
    { selector: 'node.hl', style: { 'border-color': c.focus, 'border-width': 4, opacity: 1 } },
    { selector: 'edge.hl', style: { opacity: 1, 'z-index': 10, 'underlay-color': c.focus, 'underlay-opacity': 0.35, 'underlay-padding': 4 } },
    // a cycle is told apart by shape as well as colour: the sync red and the error red are close in
    // most themes, and colour alone fails readers who cannot tell reds apart
    {
      selector: 'edge.cycle',
      style: {
        width: CYCLE_LINE.width,
        'line-style': 'dashed',
        'line-dash-pattern': CYCLE_LINE.dash,
        'line-color': c.error,
        'target-arrow-color': c.error,
        'target-arrow-shape': CYCLE_LINE.arrow,
        'mid-target-arrow-color': c.error,
        'mid-target-arrow-shape': CYCLE_LINE.arrow,
        'underlay-color': c.error,
      },
    },
    { selector: 'node.focus', style: { 'border-color': c.focus, 'border-width': 5 } },
    { selector: ':selected', style: { 'overlay-color': c.focus, 'overlay-opacity': 0.15 } },
  );
  return sheet;
}
