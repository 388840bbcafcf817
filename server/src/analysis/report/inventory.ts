/**
 * The Service Inventory: every service with its endpoints and, for each endpoint, who calls it,
 * how (style) and from where.
 */
import type { AnalysisResult, Interaction } from '../model';
import { endpointLabel } from './graph';
import { heading, type MarkdownOptions, mdCode, mdText, mdWhere, STYLE_SHORT, table } from './markdown-util';

/** Renders the Service Inventory as Markdown. */
export function inventoryReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const callers = new Map<string, Interaction[]>();
  for (const i of model.interactions) for (const e of i.endpoints) (callers.get(e) ?? callers.set(e, []).get(e)!).push(i);
  const services = [...model.services].sort((a, b) => a.name.localeCompare(b.name));
  const parts: string[] = [heading(options, 0, 'Service Inventory'), ''];
  parts.push(
    table(
      ['Service', 'Folder', 'Endpoints', 'Calls out', 'Called by'],
      services.map((s) => {
        const eps = model.endpoints.filter((e) => e.service === s.name);
        const out = model.interactions.filter((i) => i.service === s.name).length;
        const by = new Set(eps.flatMap((e) => (callers.get(e.id) ?? []).map((i) => i.service)).filter((x) => x !== s.name));
        return [`**${mdText(s.name)}**${s.notAnalysed ? ' (not analysed)' : ''}`, mdCode(s.root || '.'), String(eps.length), String(out), by.size ? [...by].sort().map(mdText).join(', ') : '—'];
      }),
    ),
    '',
  );
  for (const s of services) {
    const eps = model.endpoints.filter((e) => e.service === s.name).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    parts.push(heading(options, 1, mdText(s.name)), '');
    parts.push(
      table(
        ['Endpoint', 'Kind', 'Where', 'Callers'],
        eps.map((e) => {
          const list = callers.get(e.id) ?? [];
          return [
            mdCode(endpointLabel(e)),
            mdText(e.kind),
            mdWhere(e.file, e.line, options),
            list.length ? list.map((i) => `${mdText(i.service)} (${STYLE_SHORT[i.style]}, ${mdWhere(i.file, i.line, options)})`).join('<br>') : '—',
          ];
        }),
      ),
      '',
    );
  }
  return parts.join('\n');
}
