/**
 * `switchboard/services`: services → endpoints → callers, for the Services view.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceNode } from '../../../protocol/src/editor';
import type { ModelIndex } from './model-index';

/** The Services view's data for one folder. */
export function servicesOf(index: ModelIndex, folderName: string): ServiceNode[] {
  const m = index.model;
  return m.services.map((s) => {
    const outgoing: Record<string, number> = {};
    for (const i of m.interactions) if (i.service === s.name) outgoing[i.style] = (outgoing[i.style] ?? 0) + 1;
    const node: ServiceNode = {
      name: s.name,
      root: s.root,
      folder: folderName,
      uri: pathToFileURL(path.join(m.root, s.root)).href,
      outgoing,
      endpoints: m.endpoints
        .filter((e) => e.service === s.name)
        .map((e) => ({
          label: e.kind === 'http' ? `${e.method ?? ''} ${e.path ?? ''}` : `${e.kind} ${e.channel ?? ''}`,
          kind: e.kind,
          location: { uri: index.uri(e.file), line: e.line - 1, character: e.column - 1 },
          callers: index.callersOf(e.id).map((c) => ({ service: c.service, style: c.style, target: c.target, location: { uri: index.uri(c.file), line: c.line - 1, character: c.column - 1 } })),
        })),
    };
    if (s.notAnalysed) node.notAnalysed = true;
    return node;
  });
}
