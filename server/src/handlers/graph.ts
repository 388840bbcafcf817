/**
 * `switchboard/graph`: the service graph the webview and reports draw.
 */
import type { GraphEdge, GraphResult } from '../../../protocol/src';
import type { AnalysisResult } from '../analysis/model';

/** Aggregates interactions into service-to-service edges by style. */
export function graphOf(folder: string, model: AnalysisResult): GraphResult {
  const edges = new Map<string, GraphEdge>();
  for (const i of model.interactions) {
    for (const c of i.callees) {
      if (c === i.service) continue;
      const key = `${i.service}\u0000${c}\u0000${i.style}`;
      const e = edges.get(key) ?? { from: i.service, to: c, style: i.style, interactions: [] };
      e.interactions.push(i.id);
      edges.set(key, e);
    }
  }
  return {
    folder,
    services: model.services.map((s) => ({ name: s.name, root: s.root, ...(s.notAnalysed ? { notAnalysed: true } : {}) })),
    edges: [...edges.values()],
    chains: model.chains,
  };
}
