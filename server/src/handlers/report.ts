/**
 * `switchboard/report`: a report for a person (Markdown with links into the workspace) or an
 * export format, rendered by the analysis core's pure report functions.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReportFormat, ReportParams, ReportResult } from '../../../protocol/src';
import type { AnalysisResult } from '../analysis/model';
import { toDot } from '../analysis/report/dot';
import { toJson } from '../analysis/report/json';
import { REPORTS, toMarkdown } from '../analysis/report/markdown';
import type { CodeLink } from '../analysis/report/markdown-util';
import { toMermaid } from '../analysis/report/mermaid';
import { toSarif } from '../analysis/report/sarif';
import { RULES } from '../analysis/rules';

/** The export formats the server renders; a format missing here answers null. */
const EXPORTS: Partial<Record<ReportFormat, { language: string; extension: string; render: (model: AnalysisResult) => string }>> = {
  json: { language: 'json', extension: 'json', render: (m) => toJson(m) + '\n' },
  mermaid: { language: 'mermaid', extension: 'mmd', render: toMermaid },
  dot: { language: 'dot', extension: 'dot', render: toDot },
  sarif: { language: 'json', extension: 'sarif', render: (m) => toSarif(m, { version: SERVER_VERSION, rules: RULES }) + '\n' },
};

/** The version SARIF names the tool with (the extension and the server ship together). */
const SERVER_VERSION = '0.1.0';

/** Answers `switchboard/report` for one analysed folder (its root on disk and its result). */
export function reportOf(root: string, model: AnalysisResult, params: ReportParams): ReportResult | null {
  if (params.format === 'markdown') {
    // file URIs with a line fragment: VS Code's Markdown preview opens them at that line
    const link: CodeLink = (file, line) => `${pathToFileURL(path.join(root, file)).href}#L${line}`;
    if (params.kind) {
      const r = REPORTS[params.kind];
      return { title: r.title, format: 'markdown', language: 'markdown', extension: 'md', content: r.render(model, { link }) };
    }
    return { title: 'Switchboard report', format: 'markdown', language: 'markdown', extension: 'md', content: toMarkdown(model, { link }) };
  }
  const e = EXPORTS[params.format];
  if (!e) return null;
  return { title: `Switchboard ${params.format}`, format: params.format, language: e.language, extension: e.extension, content: e.render(model) };
}
