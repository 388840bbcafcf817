/**
 * Hover on a call site: its style, the remote endpoint it reaches, the synchronous chain it
 * starts and the services that must be up for it to succeed.
 */
import type { Hover, Position } from 'vscode-languageserver';
import type { Endpoint, Interaction } from '../analysis/model';
import type { ModelIndex } from './model-index';

const STYLE_TEXT: Record<string, string> = {
  'sync-request-response': 'synchronous request-response (the caller waits for the reply)',
  'async-request-response': 'asynchronous request-response (the reply is handled later)',
  'fire-and-forget': 'fire-and-forget (the result is ignored)',
  event: 'event (broadcast to whoever subscribes)',
  'common-data': 'common data (services share a data store)',
};

/** Escapes text from analysed code for Markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function endpointLine(e: Endpoint): string {
  const what = e.kind === 'http' ? `${e.method ?? ''} ${e.path ?? ''}` : `${e.kind} ${e.channel ?? ''}`;
  return `**${md(e.service)}** \`${what.replace(/`/g, "'")}\` — ${md(e.file)}:${e.line}`;
}

/** Markdown describing one interaction. */
export function describeInteraction(index: ModelIndex, i: Interaction): string {
  const lines: string[] = [];
  lines.push(`**Switchboard** · ${STYLE_TEXT[i.style] ?? i.style} · ${md(i.mechanism)} via ${md(i.library)}`);
  lines.push('');
  if (i.style === 'common-data') {
    lines.push(`Data store ${md(i.store ?? i.target)} (${i.access ?? 'access'}), shared with ${i.callees.filter((c) => c !== i.service).map((c) => `**${md(c)}**`).join(', ') || 'no other service'}`);
  } else if (i.callees.length) {
    const eps = i.endpoints.map((id) => index.endpoint(id)).filter((e): e is Endpoint => !!e);
    lines.push(`${i.style === 'event' ? 'Consumers' : 'Reaches'}: ${eps.length ? '' : i.callees.map((c) => `**${md(c)}**`).join(', ')}`);
    for (const e of eps) lines.push(`- ${endpointLine(e)}`);
  } else {
    lines.push(`Target \`${i.target.replace(/`/g, "'")}\`: ${md(i.unresolved ?? (i.style === 'event' ? 'no consumer in this workspace' : 'not resolved'))}`);
  }
  if (i.callSite) lines.push('', `Target supplied by the call at ${md(i.callSite.file)}:${i.callSite.line}`);
  const chains = index.chainsThrough(i.id);
  if (chains.length) {
    const longest = chains.reduce((a, b) => (b.services.length > a.services.length ? b : a));
    lines.push('', `Synchronous chain: ${longest.services.map(md).join(' → ')}${longest.cycle ? ' (cycle)' : ''}`);
  }
  const up = index.mustBeUp(i);
  if (up.length) {
    const availability = Math.pow(0.999, up.length + 1) * 100;
    lines.push('', `Must be up for this call to succeed: ${up.map((s) => `**${md(s)}**`).join(', ')} — at 99.9 % each, ${availability.toFixed(2)} % together with ${md(i.service)}`);
  }
  return lines.join('\n');
}

/** The hover at a position, if it is on an interaction or an endpoint. */
export function hover(index: ModelIndex, file: string, pos: Position): Hover | null {
  const at = index.interactionsAt(file, pos);
  if (at.length) {
    return { contents: { kind: 'markdown', value: at.map((i) => describeInteraction(index, i)).join('\n\n---\n\n') } };
  }
  const eps = index.endpointsAt(file, pos.line);
  if (eps.length) {
    const parts = eps.map((e) => {
      const callers = index.callersOf(e.id);
      const head = `**Switchboard** · ${endpointLine(e)}`;
      if (!callers.length) return `${head}\n\nNo caller or publisher in this workspace.`;
      return `${head}\n\n${callers.map((c) => `- **${md(c.service)}** (${c.style}) — ${md(c.file)}:${c.line}`).join('\n')}`;
    });
    return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } };
  }
  return null;
}
