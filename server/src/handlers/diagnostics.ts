/**
 * Findings → LSP diagnostics, grouped by file URI.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { AnalysisResult, Finding, Severity } from '../analysis/model';
import { RULES } from '../analysis/rules';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The file URI of a path relative to the analysed root. */
export function fileUri(root: string, rel: string): string {
  return pathToFileURL(path.join(root, rel)).href;
}

function toDiagnostic(root: string, f: Finding): Diagnostic {
  const rule = RULES.find((r) => r.id === f.rule);
  const line = Math.max(0, f.line - 1);
  const col = Math.max(0, (f.column ?? 1) - 1);
  const d: Diagnostic = {
    range: { start: { line, character: col }, end: { line: Math.max(0, (f.endLine ?? f.line) - 1), character: f.endColumn ? f.endColumn - 1 : col + 1 } },
    severity: SEVERITY[f.severity],
    source: 'switchboard',
    code: f.rule,
    message: f.message,
  };
  if (rule) d.codeDescription = { href: rule.docsUrl };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({
      message: r.message,
      location: { uri: fileUri(root, r.file), range: { start: { line: r.line - 1, character: (r.column ?? 1) - 1 }, end: { line: r.line - 1, character: (r.column ?? 1) } } },
    }));
  }
  if (f.severity === 'hint') d.tags = [] as DiagnosticTag[];
  return d;
}

/** Diagnostics for every file that has findings. */
export function diagnosticsByUri(model: AnalysisResult): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const f of model.findings) {
    const uri = fileUri(model.root, f.file);
    const list = out.get(uri) ?? [];
    list.push(toDiagnostic(model.root, f));
    out.set(uri, list);
  }
  return out;
}
