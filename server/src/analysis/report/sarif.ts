/**
 * SARIF 2.1.0 output of the findings, in the shape GitHub code scanning accepts: the tool with
 * its rules (descriptions, default levels, help URIs), and one result per finding with its
 * location and related locations. Paths stay relative to the analysed root (%SRCROOT%).
 */
import { pathToFileURL } from 'node:url';
import type { AnalysisResult, Finding, Severity } from '../model';
import type { RegisteredRule } from '../rules/rule';

/** SARIF levels: SARIF has no "info" or "hint"; both are notes. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** What the SARIF log says about the tool. */
export interface SarifTool {
  version: string;
  rules: readonly RegisteredRule[];
}

function region(line: number, column?: number, endLine?: number, endColumn?: number): Record<string, number> {
  const r: Record<string, number> = { startLine: Math.max(1, line) };
  if (column && column > 0) r.startColumn = column;
  const last = endLine ?? r.startLine!;
  if (last < r.startLine!) return r;
  if (endLine) r.endLine = endLine;
  // an end column only where it lies after the start
  if (endColumn && (last > r.startLine! || endColumn > (column ?? 1))) r.endColumn = endColumn;
  return r;
}

function uri(file: string): string {
  // relative URI references: spaces and other specials escaped, slashes kept
  return file.split('/').map(encodeURIComponent).join('/');
}

function result(f: Finding, ruleIndex: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.rule,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.line, f.column, f.endLine, f.endColumn) } }],
    properties: { severity: f.severity },
  };
  if (ruleIndex >= 0) out.ruleIndex = ruleIndex;
  if (f.related?.length) {
    out.relatedLocations = f.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: { uri: uri(r.file), uriBaseId: '%SRCROOT%' }, region: region(r.line, r.column) },
    }));
  }
  return out;
}

/** Renders the findings as a SARIF 2.1.0 log. */
export function toSarif(model: AnalysisResult, tool: SarifTool): string {
  const rules = tool.rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.description },
    fullDescription: { text: r.description },
    helpUri: r.docsUrl,
    help: { text: `${r.description} See ${r.docsUrl}` },
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { tags: ['architecture', 'microservices'], defaultSeverity: r.defaultSeverity },
  }));
  const index = new Map(tool.rules.map((r, i) => [r.id, i]));
  const root = pathToFileURL(model.root.endsWith('/') ? model.root : model.root + '/').href;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Switchboard', semanticVersion: tool.version, version: tool.version, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: root } },
        columnKind: 'utf16CodeUnits',
        results: model.findings.map((f) => result(f, index.get(f.rule) ?? -1)),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
