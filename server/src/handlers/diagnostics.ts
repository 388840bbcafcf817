/**
 * Findings → LSP diagnostics, grouped by file.
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
      location: {
        uri: fileUri(root, r.file),
        range: { start: { line: r.line - 1, character: (r.column ?? 1) - 1 }, end: { line: r.line - 1, character: r.column ?? 1 } },
      },
    }));
  }
  if (f.severity === 'hint') d.tags = [] as DiagnosticTag[];
  return d;
}

/** The findings of each file (root-relative path), in the model's order. */
export function findingsByFile(model: AnalysisResult): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of model.findings) {
    const list = out.get(f.file);
    if (list) list.push(f);
    else out.set(f.file, [f]);
  }
  return out;
}

/**
 * A text that differs whenever the diagnostics of these findings would: everything `toDiagnostic`
 * reads, without building the diagnostics (an edit compares every file's findings with the last
 * ones sent, and converts only the files whose text changed).
 */
export function findingsKey(findings: readonly Finding[]): string {
  let out = '';
  for (const f of findings) {
    out += `${f.rule}\u0001${f.severity}\u0001${f.line}:${f.column ?? ''}-${f.endLine ?? ''}:${f.endColumn ?? ''}\u0001${f.message}`;
    for (const r of f.related ?? []) out += `\u0002${r.file}:${r.line}:${r.column ?? ''}\u0001${r.message}`;
    out += '\u0003';
  }
  return out;
}

/** The LSP diagnostics of one file's findings. */
export function toDiagnostics(root: string, findings: readonly Finding[]): Diagnostic[] {
  return findings.map((f) => toDiagnostic(root, f));
}
