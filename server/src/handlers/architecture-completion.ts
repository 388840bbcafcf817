/**
 * Completion in architecture files, by the place in the statement: statement keywords at the start
 * of a line, then service names (declared and discovered), folders, `at`/`hosts`/`owned by`/`->`,
 * styles, limits, rule ids and severities.
 */
import { type CompletionItem, CompletionItemKind, InsertTextFormat, type Position } from 'vscode-languageserver';
import { STYLES } from '../analysis/model';
import { RULES } from '../analysis/rules';
import { LIMITS, RULE_LEVELS } from '../architecture/policy';
import { type ArchitectureDocument, serviceNames } from './architecture-document';
import { KEYWORD_DOCS, LEVEL_DOCS, STYLE_DOCS } from './architecture-hover';

const TOKEN = /"(?:[^"\\]|\\.)*"?|->|\*|,|[A-Za-z0-9_](?:[A-Za-z0-9_.]|-(?!>))*/g;

/** Snippets of whole statements, offered at the start of a line. */
const SNIPPETS: Record<string, string> = {
  service: 'service ${1:name} at "${2:folder}"',
  data: 'data ${1:name} owned by ${2:service}',
  allow: 'allow ${1:from} -> ${2:to} ${3:sync-request-response}',
  deny: 'deny ${1:from} -> ${2:to} ${3:sync-request-response}',
  limit: 'limit ${1|sync-chain,fan-out|} ${2:3}',
  rule: 'rule ${1:rule-id} ${2|error,warning,info,hint,off|}',
};

function keyword(label: string, detail: string): CompletionItem {
  return { label, kind: CompletionItemKind.Keyword, detail };
}

/** The completion items at `pos` (0-based) of the document. */
export function architectureCompletion(doc: ArchitectureDocument, pos: Position): CompletionItem[] {
  const line = doc.text.split(/\r?\n/)[pos.line] ?? '';
  const prefix = line.slice(0, pos.character);
  // inside a comment, or inside a string other than a folder or host: nothing to offer
  const beforeComment = prefix.replace(/"(?:[^"\\]|\\.)*"/g, (s) => 'x'.repeat(s.length));
  if (beforeComment.includes('//')) return [];
  // the word being typed does not count as context
  const context = prefix.replace(/(?:[A-Za-z0-9_.]|-(?!>))*$/, '');
  const tokens = context.match(TOKEN) ?? [];
  const openString = /"(?:[^"\\]|\\.)*$/.test(beforeComment.replace(/"[^"]*"/g, ''));
  if (!tokens.length) {
    return Object.entries(SNIPPETS).map(([k, snippet]) => ({
      label: k,
      kind: CompletionItemKind.Keyword,
      detail: KEYWORD_DOCS[k]!.split('\n')[0],
      documentation: { kind: 'markdown', value: KEYWORD_DOCS[k]! },
      insertText: snippet,
      insertTextFormat: InsertTextFormat.Snippet,
    }));
  }
  const services = (exclude: Set<string> = new Set()): CompletionItem[] =>
    serviceNames(doc)
      .filter((n) => !exclude.has(n))
      .map((n) => {
        const s = doc.model?.services.find((x) => x.name === n) ?? doc.policy.services.find((x) => x.name === n);
        return { label: n, kind: CompletionItemKind.Module, detail: s ? `service at ${s.root || '.'}` : 'service' };
      });
  const wildcard: CompletionItem = { label: '*', kind: CompletionItemKind.Operator, detail: 'any service', sortText: '~' };
  const [first, ...rest] = tokens;
  const n = rest.length;
  switch (first) {
    case 'service': {
      const declared = new Set(doc.policy.services.map((s) => s.name));
      if (n === 0) return services(declared);
      if (n === 1) return [keyword('at', "the service's folder")];
      if (n === 2 && rest[1] === 'at') {
        const s = doc.model?.services.find((x) => x.name === rest[0]);
        const roots = s ? [s.root || '.'] : (doc.model?.services ?? []).map((x) => x.root || '.');
        return roots.map((r) => ({ label: openString ? r : `"${r}"`, kind: CompletionItemKind.Folder, detail: 'discovered folder' }));
      }
      if (n === 3) return [keyword('hosts', 'host names other services use for it')];
      return [];
    }
    case 'data': {
      if (n === 0) {
        const stores = (doc.model?.endpoints ?? []).filter((e) => e.kind === 'data').map((e) => (e.path ?? e.id).split(/\s+/).pop()!);
        return [...new Set(stores)].map((s) => ({ label: s, kind: CompletionItemKind.Field, detail: 'shared data store' }));
      }
      if (n === 1) return [{ ...keyword('owned by', 'the owning service'), insertText: 'owned by ' }];
      if (n === 2 && rest[1] === 'owned') return [keyword('by', 'the owning service')];
      if (n === 3) return services();
      return [];
    }
    case 'allow':
    case 'deny': {
      if (n === 0) return [...services(), wildcard];
      if (n === 1) return [{ label: '->', kind: CompletionItemKind.Operator, detail: 'to' }];
      if (n === 2) return [...services(), wildcard];
      const last = rest[n - 1];
      if (n === 3 || last === ',') {
        const used = new Set(rest.slice(3));
        return STYLES.filter((s) => !used.has(s)).map((s, i) => ({
          label: s,
          kind: CompletionItemKind.EnumMember,
          detail: 'communication style',
          documentation: { kind: 'markdown', value: STYLE_DOCS[s] },
          sortText: String(i),
        }));
      }
      return [];
    }
    case 'limit': {
      if (n === 0)
        return Object.entries(LIMITS).map(([k, d]) => ({
          label: k,
          kind: CompletionItemKind.Property,
          detail: `${d.rule} ${d.option}`,
          documentation: { kind: 'markdown', value: d.description },
        }));
      if (n === 1) {
        const def = LIMITS[rest[0]!];
        const rule = def && RULES.find((r) => r.id === def.rule);
        const value = rule?.defaultOptions[def!.option];
        return typeof value === 'number' ? [{ label: String(value), kind: CompletionItemKind.Value, detail: 'the default' }] : [];
      }
      return [];
    }
    case 'rule': {
      if (n === 0)
        return RULES.map((r) => ({
          label: r.id,
          kind: CompletionItemKind.Property,
          detail: `default: ${r.defaultSeverity}`,
          documentation: { kind: 'markdown', value: r.description },
        }));
      if (n === 1) return RULE_LEVELS.map((l, i) => ({ label: l, kind: CompletionItemKind.EnumMember, detail: LEVEL_DOCS[l], sortText: String(i) }));
      return [];
    }
    default:
      return [];
  }
}
