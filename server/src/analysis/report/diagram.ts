/**
 * What the diagram exports (Mermaid, DOT) draw: the graph's nodes and its links merged to one per
 * (source, target, style), with endpoints folded into their services.
 */
import type { StyleName } from '../../../../protocol/src';
import type { AnalysisResult } from '../model';
import { graphOf } from './graph';

/** A node of a diagram. */
export interface DiagramNode {
  id: string;
  label: string;
  kind: 'service' | 'channel' | 'store';
  /** For channels, the mechanism (kafka, nats, ...). */
  detail?: string;
}

/** An edge of a diagram: `count` interactions of one style. */
export interface DiagramEdge {
  source: string;
  target: string;
  style: StyleName;
  count: number;
}

/** The nodes and merged edges, in a stable order. */
export function diagramOf(model: AnalysisResult): { nodes: DiagramNode[]; edges: DiagramEdge[] } {
  const g = graphOf('', model);
  const nodes: DiagramNode[] = [
    ...g.services.map((s) => ({ id: s.id, label: s.name, kind: 'service' as const })),
    ...g.channels.map((c) => ({ id: c.id, label: c.name, kind: 'channel' as const, detail: c.mechanism })),
    ...g.stores.map((s) => ({ id: s.id, label: s.name, kind: 'store' as const })),
  ];
  const edges = new Map<string, DiagramEdge>();
  for (const l of g.links) {
    const key = `${l.source}\u0000${l.target}\u0000${l.style}`;
    const e = edges.get(key) ?? edges.set(key, { source: l.source, target: l.target, style: l.style, count: 0 }).get(key)!;
    e.count += Math.max(1, l.interactions.length);
  }
  const order = (a: DiagramEdge, b: DiagramEdge): number => a.source.localeCompare(b.source) || a.target.localeCompare(b.target) || a.style.localeCompare(b.style);
  return { nodes, edges: [...edges.values()].sort(order) };
}
