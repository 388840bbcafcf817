/**
 * Go to definition and document symbols in architecture files. A service name leads to its
 * `service` statement (from a reference) and to its folder's entry points — its package.json and
 * main source files; the folder string of a declaration leads to the entry points too.
 */
import { type DocumentSymbol, type Location, type Position, SymbolKind } from 'vscode-languageserver';
import { describeAccess } from '../architecture/policy';
import type { Statement } from '../architecture/ast';
import { type ArchitectureDocument, contains, entryPoints, lspRange, uriOf } from './architecture-document';

const FILE_START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The definition locations of the service name or folder at `pos` (0-based). */
export function architectureDefinition(doc: ArchitectureDocument, pos: Position): Location[] | null {
  const s = doc.policy.ast.statements.find((x) => contains(x.range, pos));
  if (!s) return null;
  let name: string | undefined;
  let isDeclaration = false;
  if (s.kind === 'service' && ((s.name && contains(s.name.range, pos)) || (s.path && contains(s.path.range, pos)))) {
    name = s.name?.text;
    isDeclaration = true;
  } else if (s.kind === 'data' && s.owner && contains(s.owner.range, pos)) name = s.owner.text;
  else if ((s.kind === 'allow' || s.kind === 'deny') && !s.from?.wildcard && s.from && contains(s.from.range, pos)) name = s.from.text;
  else if ((s.kind === 'allow' || s.kind === 'deny') && !s.to?.wildcard && s.to && contains(s.to.range, pos)) name = s.to.text;
  if (!name) return null;
  const out: Location[] = [];
  const declared = doc.policy.services.find((d) => d.name === name);
  if (declared && !isDeclaration) out.push({ uri: doc.uri, range: lspRange(declared.statement.name!.range) });
  const root = declared?.root ?? doc.model?.services.find((x) => x.name === name)?.root;
  if (doc.root && root !== undefined) for (const f of entryPoints(doc.root, root)) out.push({ uri: uriOf(doc.root, f), range: FILE_START });
  return out.length ? out : null;
}

function symbolOf(s: Statement): DocumentSymbol | undefined {
  const range = lspRange(s.range);
  const at = (r: { range: Parameters<typeof lspRange>[0] } | undefined) => (r ? lspRange(r.range) : lspRange({ start: s.keyword.start, end: s.keyword.end }));
  switch (s.kind) {
    case 'service':
      return s.name ? { name: s.name.text, detail: s.path ? `at ${s.path.value}` : '', kind: SymbolKind.Module, range, selectionRange: at(s.name) } : undefined;
    case 'data':
      return s.name
        ? { name: s.name.text, detail: s.owner ? `owned by ${s.owner.text}` : '', kind: SymbolKind.Field, range, selectionRange: at(s.name) }
        : undefined;
    case 'allow':
    case 'deny': {
      if (!s.from || !s.to) return undefined;
      const name = describeAccess({ effect: s.kind, from: s.from.text, to: s.to.text, styles: [] });
      return { name, detail: s.styles.map((x) => x.text).join(', ') || 'every style', kind: SymbolKind.Event, range, selectionRange: lspRange(s.keyword) };
    }
    case 'limit':
      return s.name
        ? { name: `limit ${s.name.text}`, detail: s.value ? String(s.value.value) : '', kind: SymbolKind.Constant, range, selectionRange: at(s.name) }
        : undefined;
    case 'rule':
      return s.id ? { name: `rule ${s.id.text}`, detail: s.level?.text ?? '', kind: SymbolKind.Property, range, selectionRange: at(s.id) } : undefined;
  }
}

/** The outline: one symbol per statement that has a name, in file order. */
export function architectureSymbols(doc: ArchitectureDocument): DocumentSymbol[] {
  return doc.policy.ast.statements.map(symbolOf).filter((x): x is DocumentSymbol => !!x);
}
