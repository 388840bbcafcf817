/**
 * Graphviz DOT export (`--format dot`): services as boxes, channels as hexagons, data stores as
 * cylinders; synchronous calls solid and thick, asynchronous requests dashed, fire-and-forget
 * dotted, events through their channel, common data to its store.
 */
import type { StyleName } from '../../../../protocol/src';
import type { AnalysisResult } from '../model';
import { diagramOf } from './diagram';

/** A DOT quoted string: backslashes and quotes escaped, line breaks as spaces. */
export function dotString(text: string): string {
  return `"${text.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const EDGE: Record<StyleName, string> = {
  'sync-request-response': 'style=solid, penwidth=2.5, color="#d33682"',
  'async-request-response': 'style=dashed, color="#268bd2"',
  'fire-and-forget': 'style=dotted, color="#6c71c4"',
  event: 'style=solid, color="#b58900"',
  'common-data': 'style=solid, dir=none, color="#2aa198"',
};

/** Renders the graph as a Graphviz digraph. */
export function toDot(model: AnalysisResult): string {
  const { nodes, edges } = diagramOf(model);
  const lines = ['digraph switchboard {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of nodes) {
    const shape = n.kind === 'channel' ? ', shape=hexagon, fillcolor="#fff4d6"' : n.kind === 'store' ? ', shape=cylinder, fillcolor="#e8f0ff"' : '';
    const label = n.kind === 'channel' && n.detail ? `${n.detail} ${n.label}` : n.label;
    lines.push(`  ${dotString(n.id)} [label=${dotString(label)}${shape}];`);
  }
  for (const e of edges) {
    const label = e.count > 1 ? `, label=${dotString(`${e.count}×`)}` : '';
    lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)} [${EDGE[e.style]}${label}, tooltip=${dotString(e.style)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
