/**
 * The Synchronous Chains report: each maximal chain of synchronous request-response calls, hop by
 * hop with links to the call sites; cycles first among equals, longest first.
 */
import type { AnalysisResult } from '../model';
import { endpointLabel } from './graph';
import { heading, type MarkdownOptions, mdText, mdWhere, table } from './markdown-util';

/** Renders the Synchronous Chains report as Markdown. */
export function chainsReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const byId = new Map(model.interactions.map((i) => [i.id, i]));
  const endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
  const chains = model.chains;
  const parts: string[] = [heading(options, 0, 'Synchronous Chains'), ''];
  const longest = Math.max(0, ...chains.map((c) => c.services.length));
  const cycles = chains.filter((c) => c.cycle).length;
  parts.push(
    `${chains.length} chains, the longest holding ${longest} services; ${cycles === 1 ? '1 ends' : `${cycles} end`} in a cycle. ` +
      'In a chain every service waits for the next: the slowest hop sets the latency and any failing hop fails the whole request.',
    '',
  );
  parts.push(
    table(
      ['#', 'Chain', 'Length', 'Cycle', 'Entry point'],
      chains.map((c, n) => {
        const entry = c.entry ? endpointById.get(c.entry) : undefined;
        return [
          String(n + 1),
          c.services.map(mdText).join(' → '),
          String(c.services.length),
          c.cycle ? '**yes**' : 'no',
          entry ? `${mdText(entry.service)}: ${mdText(endpointLabel(entry))} (${mdWhere(entry.file, entry.line, options)})` : '—',
        ];
      }),
    ),
    '',
  );
  chains.forEach((c, n) => {
    parts.push(heading(options, 1, `${n + 1}. ${c.services.map(mdText).join(' → ')}${c.cycle ? ' (cycle)' : ''}`), '');
    c.interactions.forEach((id, k) => {
      const i = byId.get(id);
      if (!i) return;
      parts.push(`${k + 1}. ${mdText(c.services[k] ?? i.service)} → ${mdText(c.services[k + 1] ?? '?')}: ${mdText(i.target)} (${mdText(i.library)}) at ${mdWhere(i.file, i.line, options)}`);
    });
    parts.push('');
  });
  return parts.join('\n');
}
