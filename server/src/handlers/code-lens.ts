/**
 * CodeLens on handlers ("3 callers: orders (sync), billing (event)") and on publish sites
 * ("2 consumers: …"); each opens the list of locations.
 */
import type { CodeLens } from 'vscode-languageserver';
import { ClientCommands } from '../../../protocol/src/editor';
import type { Interaction } from '../analysis/model';
import type { ModelIndex } from './model-index';

const SHORT: Record<string, string> = {
  'sync-request-response': 'sync',
  'async-request-response': 'async',
  'fire-and-forget': 'fire-and-forget',
  event: 'event',
  'common-data': 'shared data',
};

function summary(callers: Interaction[]): string {
  const byService = new Map<string, Set<string>>();
  for (const c of callers) (byService.get(c.service) ?? byService.set(c.service, new Set()).get(c.service)!).add(SHORT[c.style] ?? c.style);
  return [...byService].map(([s, styles]) => `${s} (${[...styles].join(', ')})`).join(', ');
}

/** Lenses for a file. */
export function codeLenses(index: ModelIndex, file: string): CodeLens[] {
  const out: CodeLens[] = [];
  const uri = index.uri(file);
  const seenLines = new Set<number>();
  for (const e of index.endpointsIn(file)) {
    if (seenLines.has(e.line)) continue;
    seenLines.add(e.line);
    const callers = index.endpointsAt(file, e.line - 1).flatMap((x) => index.callersOf(x.id));
    const range = index.range(e.line, e.column);
    const noun = e.kind === 'message' ? (callers.length === 1 ? 'publisher' : 'publishers') : callers.length === 1 ? 'caller' : 'callers';
    const title = callers.length ? `${callers.length} ${noun}: ${summary(callers)}` : `no ${e.kind === 'message' ? 'publishers' : 'callers'} in this workspace`;
    out.push({
      range,
      command: { title, command: ClientCommands.showLocations, arguments: [uri, range.start, callers.map((c) => index.location(c.file, c.line, c.column))] },
    });
  }
  for (const i of index.interactionsIn(file)) {
    if (i.style !== 'event') continue;
    const eps = i.endpoints.map((id) => index.endpoint(id)).filter((x) => !!x);
    const range = index.range(i.line, i.column);
    const title = eps.length ? `${eps.length} ${eps.length === 1 ? 'consumer' : 'consumers'}: ${[...new Set(eps.map((x) => x!.service))].join(', ')}` : 'no consumers in this workspace';
    out.push({ range, command: { title, command: ClientCommands.showLocations, arguments: [uri, range.start, eps.map((x) => index.location(x!.file, x!.line, x!.column))] } });
  }
  return out;
}
