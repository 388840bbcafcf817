/**
 * Hover in architecture files: what a keyword means, a service's folder, hosts and traffic, what a
 * style, limit, rule or severity is, and how many interactions of the code an allow/deny covers.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { type Interaction, STYLES, type Style } from '../analysis/model';
import { RULES } from '../analysis/rules';
import type { Name, Range, Statement } from '../architecture/ast';
import { ownerOfStore } from '../architecture/check';
import { type AccessRule, LIMITS } from '../architecture/policy';
import { type ArchitectureDocument, contains, lspRange } from './architecture-document';
import { md } from './hover';

/** What each keyword means (first line: a short summary). */
export const KEYWORD_DOCS: Record<string, string> = {
  service:
    'Declares a service and its folder.\n\n`service <name> at "<folder>" [hosts "<host>", ...]` — the folder is relative to the workspace root; the hosts are the names other services use to reach it. Declared services replace discovery.',
  data: 'Declares who owns a data store.\n\n`data <name> owned by <service>` — the owner may use its data; other services sharing it are common (or content) coupling.',
  allow:
    'Allows interactions.\n\n`allow <from> -> <to> [style, ...]` — `*` is any service, no style means every style. While any allow exists, an interaction no allow covers is a divergence.',
  deny: 'Forbids interactions.\n\n`deny <from> -> <to> [style, ...]` — deny always wins over allow.',
  limit:
    'Sets a threshold.\n\n`limit sync-chain <n>` (the most services a synchronous chain may cross) or `limit fan-out <n>` (the most services one service may depend on).',
  rule: 'Sets the severity of a rule.\n\n`rule <rule id> error|warning|info|hint|off`.',
  at: "The service's folder, relative to the workspace root.",
  hosts: 'Host names other services use to reach this service (besides those found in docker-compose and Kubernetes manifests).',
  owned: 'The service that owns the data.',
  by: 'The service that owns the data.',
};

/** What each style means. */
export const STYLE_DOCS: Record<Style, string> = {
  'sync-request-response': '**sync-request-response** — the caller blocks until the reply arrives (temporal coupling: both must be up at the same time).',
  'async-request-response': '**async-request-response** — a request whose reply is handled later, off the caller’s flow.',
  'fire-and-forget': '**fire-and-forget** — a request whose result is ignored and not awaited.',
  event: '**event** — a fact broadcast to whoever listens; the emitter does not know its consumers. From the publisher to each subscriber.',
  'common-data':
    '**common-data** — services collaborate through shared data (a table, collection, key space, bucket or file location). From the accessing service to each other sharer.',
};

/** What each severity means. */
export const LEVEL_DOCS: Record<string, string> = {
  error: 'reported as an error (fails `switchboard check`)',
  warning: 'reported as a warning (fails `switchboard check` at the default threshold)',
  info: 'reported as information',
  hint: 'reported as a hint',
  off: 'not reported',
};

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: 'markdown', value }, range: lspRange(range) };
}

function count(list: readonly Interaction[]): string {
  const sites = list.length;
  return `${sites} call site${sites === 1 ? '' : 's'}`;
}

function serviceHover(doc: ArchitectureDocument, name: string): string {
  const declared = doc.policy.services.find((s) => s.name === name);
  const found = doc.model?.services.find((s) => s.name === name);
  const lines = [`**service ${md(name)}**`, ''];
  if (!declared && !found) return `${lines.join('\n')}Unknown: neither declared in this file nor discovered in the workspace.`;
  const root = declared?.root ?? found?.root ?? '';
  lines.push(`Folder: \`${root || '.'}\`${declared ? ' (declared)' : ' (discovered)'}`);
  const hosts = found?.hosts ?? declared?.hosts ?? [];
  if (hosts.length) lines.push(`\nHosts: ${hosts.map((h) => `\`${h}\``).join(', ')}`);
  if (found?.notAnalysed) lines.push('\nIts code is not in the workspace.');
  if (doc.model) {
    const out = doc.model.interactions.filter((i) => i.service === name && i.callees.some((c) => c !== name));
    const inbound = doc.model.interactions.filter((i) => i.service !== name && i.callees.includes(name));
    const byStyle = (list: readonly Interaction[], other: (i: Interaction) => string[]): string =>
      STYLES.map((st) => {
        const l = list.filter((i) => i.style === st);
        return l.length ? `- ${st}: ${[...new Set(l.flatMap(other))].map((s) => `**${md(s)}**`).join(', ')} (${count(l)})` : '';
      })
        .filter(Boolean)
        .join('\n');
    lines.push('', out.length ? `Talks to:\n${byStyle(out, (i) => i.callees.filter((c) => c !== name))}` : 'Talks to no other service.');
    lines.push('', inbound.length ? `Reached by:\n${byStyle(inbound, (i) => [i.service])}` : 'No other service reaches it.');
  }
  return lines.join('\n');
}

/** The interactions of the code an allow/deny covers. */
function covered(doc: ArchitectureDocument, r: AccessRule): Interaction[] {
  const styles = r.styles.length ? r.styles : STYLES;
  return (doc.model?.interactions ?? []).filter(
    (i) => styles.includes(i.style) && (r.from === '*' || r.from === i.service) && i.callees.some((c) => c !== i.service && (r.to === '*' || r.to === c)),
  );
}

/** The hover at `pos` (0-based), or null. */
export function architectureHover(doc: ArchitectureDocument, pos: Position): Hover | null {
  const s: Statement | undefined = doc.policy.ast.statements.find((x) => contains(x.range, pos));
  if (!s) return null;
  const on = (n: { range: Range } | undefined): boolean => !!n && contains(n.range, pos);
  const service = (n: Name | { text: string; range: Range } | undefined): Hover | null =>
    n && on(n) && n.text !== '*' ? markdown(serviceHover(doc, n.text), n.range) : null;
  if (on({ range: s.keyword })) {
    let text = KEYWORD_DOCS[s.kind] ?? '';
    if (s.kind === 'allow' || s.kind === 'deny') {
      const r = doc.policy.access.find((a) => a.statement === s);
      if (r && doc.model) {
        const list = covered(doc, r);
        text += `\n\n---\n\nIn the code: ${list.length ? `${count(list)} ${s.kind === 'deny' ? 'break this deny' : 'are covered'}` : 'nothing matches it'}.`;
      }
    }
    return markdown(text, s.keyword);
  }
  switch (s.kind) {
    case 'service': {
      const h = service(s.name);
      if (h) return h;
      if (on(s.path)) return markdown(`Folder \`${s.path!.value}\`, relative to the workspace root.`, s.path!.range);
      return null;
    }
    case 'data': {
      const h = service(s.owner);
      if (h) return h;
      if (s.name && on(s.name)) {
        const stores = (doc.model?.endpoints ?? []).filter(
          (e) => e.kind === 'data' && ownerOfStore({ data: [{ name: s.name!.text, owner: '', statement: s }] }, e.path) !== undefined,
        );
        return markdown(
          `**data ${md(s.name.text)}**${s.owner ? ` owned by **${md(s.owner.text)}**` : ''}${stores.length ? `\n\nMatches the store${stores.length > 1 ? 's' : ''} ${stores.map((e) => `\`${e.path}\``).join(', ')}.` : ''}`,
          s.name.range,
        );
      }
      return null;
    }
    case 'allow':
    case 'deny': {
      const h = service(s.from) ?? service(s.to);
      if (h) return h;
      for (const t of [s.from, s.to]) if (t?.wildcard && on(t)) return markdown('`*` — any service.', t.range);
      const st = s.styles.find(on);
      if (st) return markdown(STYLE_DOCS[st.text as Style] ?? `Unknown style \`${st.text}\`.`, st.range);
      return null;
    }
    case 'limit': {
      if (s.name && on(s.name)) {
        const def = LIMITS[s.name.text];
        return markdown(def ? `**limit ${s.name.text}** — ${def.description}` : `Unknown limit \`${s.name.text}\`.`, s.name.range);
      }
      return null;
    }
    case 'rule': {
      if (s.id && on(s.id)) {
        const rule = RULES.find((r) => r.id === s.id!.text);
        return markdown(
          rule
            ? `**${rule.id}** — ${rule.description}\n\nDefault severity: ${rule.defaultSeverity}. [Documentation](${rule.docsUrl})`
            : `Unknown rule \`${s.id.text}\`.`,
          s.id.range,
        );
      }
      if (s.level && on(s.level)) return markdown(`**${s.level.text}** — ${LEVEL_DOCS[s.level.text] ?? 'unknown severity'}`, s.level.range);
      return null;
    }
  }
}
