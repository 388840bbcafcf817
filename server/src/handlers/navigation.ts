/**
 * Go to definition from a call site to the remote handler(s); find references from a handler
 * to all its remote callers and publishers.
 */
import type { Location, Position } from 'vscode-languageserver';
import type { ModelIndex } from './model-index';

/** The remote handlers a call site at `pos` reaches. */
export function definition(index: ModelIndex, file: string, pos: Position): Location[] {
  const out: Location[] = [];
  for (const i of index.interactionsAt(file, pos)) {
    for (const id of i.endpoints) {
      const e = index.endpoint(id);
      if (e) out.push(index.location(e.file, e.line, e.column));
    }
  }
  return dedupe(out);
}

/** The remote callers of the endpoint(s) declared on the line of `pos`. */
export function references(index: ModelIndex, file: string, pos: Position): Location[] {
  const out: Location[] = [];
  for (const e of index.endpointsAt(file, pos.line)) for (const c of index.callersOf(e.id)) out.push(index.location(c.file, c.line, c.column));
  return dedupe(out);
}

function dedupe(list: Location[]): Location[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
