/**
 * Mermaid flowchart export (`--format mermaid`): services as boxes, channels as hexagons, data
 * stores as cylinders; synchronous calls thick, asynchronous requests dashed, fire-and-forget
 * dotted, events through their channel, common data to its store.
 */
import type { StyleName } from '../../../../protocol/src';
import type { AnalysisResult } from '../model';
import { diagramOf } from './diagram';

/** A label as a Mermaid quoted string: quotes, angle brackets and `#` become Mermaid entity codes. */
export function mermaidLabel(text: string): string {
  const body = text
    .replace(/[\r\n]+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
  return `"${body}"`;
}

const ARROW: Record<StyleName, string> = {
  'sync-request-response': '==>',
  'async-request-response': '-->',
  'fire-and-forget': '-.->',
  event: '-->',
  'common-data': '---',
};

/** Renders the graph as a Mermaid flowchart. */
export function toMermaid(model: AnalysisResult): string {
  const { nodes, edges } = diagramOf(model);
  const ids = new Map(nodes.map((n, k) => [n.id, `n${k}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const id = ids.get(n.id)!;
    if (n.kind === 'service') lines.push(`  ${id}[${mermaidLabel(n.label)}]`);
    else if (n.kind === 'channel') lines.push(`  ${id}{{${mermaidLabel(`${n.detail ?? ''} ${n.label}`.trim())}}}`);
    else lines.push(`  ${id}[(${mermaidLabel(n.label)})]`);
  }
  const dashed: number[] = [];
  edges.forEach((e, k) => {
    const label = e.count > 1 ? `|${mermaidLabel(`${e.count}×`)}|` : '';
    lines.push(`  ${ids.get(e.source)} ${ARROW[e.style]}${label} ${ids.get(e.target)}`);
    if (e.style === 'async-request-response') dashed.push(k);
  });
  if (dashed.length) lines.push(`  linkStyle ${dashed.join(',')} stroke-dasharray: 6 4`);
  lines.push('  classDef channel fill:#fff4d6,stroke:#b58900');
  lines.push('  classDef store fill:#e8f0ff,stroke:#268bd2');
  const of = (kind: string): string[] => nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id)!);
  if (of('channel').length) lines.push(`  class ${of('channel').join(',')} channel`);
  if (of('store').length) lines.push(`  class ${of('store').join(',')} store`);
  return lines.join('\n') + '\n';
}
