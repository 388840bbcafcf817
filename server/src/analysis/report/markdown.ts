/**
 * The whole Markdown report (`switchboard analyze --format markdown`): a summary, the four reports
 * (coupling, synchronous chains, event catalog, service inventory) and the findings.
 */
import type { AnalysisResult } from '../model';
import { chainsReport } from './chains';
import { couplingReport } from './coupling';
import { eventsReport } from './events';
import { inventoryReport } from './inventory';
import { heading, type MarkdownOptions, mdText, mdWhere, table } from './markdown-util';

/** The reports a person reads, by kind. */
export const REPORTS = {
  coupling: { title: 'Coupling Report', render: couplingReport },
  chains: { title: 'Synchronous Chains', render: chainsReport },
  events: { title: 'Event Catalog', render: eventsReport },
  inventory: { title: 'Service Inventory', render: inventoryReport },
} as const;

/** Renders the findings table. */
export function findingsReport(model: AnalysisResult, options: MarkdownOptions = {}): string {
  return [
    heading(options, 0, 'Findings'),
    '',
    table(
      ['Severity', 'Rule', 'Message', 'Where'],
      model.findings.map((f) => [f.severity, mdText(f.rule), mdText(f.message), mdWhere(f.file, f.line, options)]),
    ),
    '',
  ].join('\n');
}

/** Renders every report in one Markdown document. */
export function toMarkdown(model: AnalysisResult, options: MarkdownOptions = {}): string {
  const analysed = model.services.filter((s) => !s.notAnalysed).length;
  const section = { ...options, level: (options.level ?? 1) + 1 };
  return [
    heading(options, 0, 'Switchboard report'),
    '',
    `${analysed} services, ${model.endpoints.length} endpoints, ${model.interactions.length} interactions, ${model.chains.length} synchronous chains, ${model.findings.length} findings.`,
    '',
    couplingReport(model, section),
    chainsReport(model, section),
    eventsReport(model, section),
    inventoryReport(model, section),
    findingsReport(model, section),
  ].join('\n');
}
