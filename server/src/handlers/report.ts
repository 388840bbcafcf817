/**
 * `switchboard/report`: a report for a person (Markdown with links into the workspace) or an
 * export format, rendered by the analysis core's pure report functions.
 */
import type { ReportFormat, ReportParams, ReportResult } from '../../../protocol/src';
import type { AnalysisResult } from '../analysis/model';
import { outputFormat } from '../analysis/report/formats';
import { REPORTS } from '../analysis/report/markdown';
import { type CodeLink, relativeLink } from '../analysis/report/markdown-util';

/** The version SARIF names the tool with (the extension and the server ship together). */
const SERVER_VERSION = '0.1.0';

/** Answers `switchboard/report` for one analysed workspace folder (its analysis result). */
export function reportOf(model: AnalysisResult, params: ReportParams): ReportResult | null {
  if (params.format === 'markdown') {
    // the preview resolves a link that starts with `/` against the workspace folder and opens it
    // at the `#L` line; it leaves `file:` URIs as plain text, so they cannot be used here
    const link: CodeLink = (file, line) => `/${relativeLink(file, line).replace(/^\.\//, '')}`;
    if (params.kind) {
      const r = REPORTS[params.kind];
      return { title: r.title, format: 'markdown', language: 'markdown', extension: 'md', content: r.render(model, { link }) };
    }
    return { title: 'Switchboard report', format: 'markdown', language: 'markdown', extension: 'md', content: outputFormat('markdown')!.render(model, { version: SERVER_VERSION, link }) };
  }
  // text is the CLI's own format, not an export
  const e = params.format === ('text' as ReportFormat) ? undefined : outputFormat(params.format);
  if (!e) return null;
  return { title: `Switchboard ${params.format}`, format: params.format, language: e.language, extension: e.extension, content: e.render(model, { version: SERVER_VERSION }) };
}
