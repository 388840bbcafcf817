/**
 * Diagnostics of architecture files: syntax errors and the file's own problems (unknown names,
 * duplicates, contradictions), the problems that need the workspace (unknown services, missing
 * folders), merged with the divergence and absence findings the analysis reports on statements.
 */
import * as path from 'node:path';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/model';
import { workspaceProblems } from '../architecture/check';
import { architectureFilesAt, pickArchitectureFile } from '../architecture/locate';
import type { ArchitectureProblem } from '../architecture/policy';
import { type ArchitectureDocument, architectureDocument, isArchitectureUri, isFolder, lspRange, pathOfUri, uriOf } from './architecture-document';

const SEVERITY: Record<ArchitectureProblem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(uri: string, p: ArchitectureProblem): Diagnostic {
  const d: Diagnostic = { range: lspRange(p.range), severity: SEVERITY[p.severity], source: 'switchboard', code: p.code, message: p.message };
  if (p.related?.length) d.relatedInformation = p.related.map((r) => ({ message: r.message, location: { uri, range: lspRange(r.range) } }));
  return d;
}

/**
 * The diagnostics of one architecture document (not the analysis findings on it). `activeFile` is
 * the root-relative name of the file its folder is checked against, when the folder has one.
 */
export function architectureDiagnostics(doc: ArchitectureDocument, activeFile?: string): Diagnostic[] {
  const out = doc.policy.problems.map((p) => toDiagnostic(doc.uri, p));
  const abs = pathOfUri(doc.uri);
  const rel = doc.root && abs ? path.relative(doc.root, abs).split(path.sep).join('/') : undefined;
  const checked = rel !== undefined && rel === activeFile;
  if (doc.root) {
    const root = doc.root;
    out.push(
      ...workspaceProblems(doc.policy, { ...(doc.model ? { services: doc.model.services } : {}), isFolder: (r) => isFolder(root, r) }).map((p) =>
        toDiagnostic(doc.uri, p),
      ),
    );
  }
  if (!checked && doc.uri.startsWith('file:')) {
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: 'switchboard',
      code: 'not-checked',
      message:
        rel !== undefined && !rel.includes('/') && activeFile
          ? `The code is not checked against this file: ${activeFile} is the architecture file of this folder.`
          : 'The code is not checked against this file: only a *.switchboard file at the root of a workspace folder is.',
    });
  }
  return out;
}

/** A workspace folder as the server keeps it. */
export interface ArchitectureFolder {
  root: string;
  result?: AnalysisResult;
}

/**
 * Adds the diagnostics of the folder's architecture file and of the open architecture documents in
 * it to `byUri` (which holds the analysis findings, divergences and absences included).
 */
export function addArchitectureDiagnostics(
  byUri: Map<string, Diagnostic[]>,
  folder: ArchitectureFolder,
  open: readonly { uri: string; text: string }[],
  readFile: (abs: string) => string | undefined,
): void {
  const inside = (abs: string | undefined): boolean => {
    if (!abs) return false;
    const rel = path.relative(folder.root, abs);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const docs = open.filter((d) => isArchitectureUri(d.uri) && inside(pathOfUri(d.uri)));
  const rootNames = docs
    .map((d) => pathOfUri(d.uri))
    .filter((p): p is string => !!p && path.dirname(p) === folder.root)
    .map((p) => path.basename(p));
  const activeFile = pickArchitectureFile(architectureFilesAt(folder.root, rootNames));
  const seen = new Set<string>();
  const add = (uri: string, text: string): void => {
    if (seen.has(uri)) return;
    seen.add(uri);
    const diags = architectureDiagnostics(architectureDocument(uri, text, folder), activeFile);
    byUri.set(uri, [...(byUri.get(uri) ?? []), ...diags]);
  };
  for (const d of docs) add(d.uri, d.text);
  if (activeFile) {
    const uri = uriOf(folder.root, activeFile);
    if (!seen.has(uri)) {
      const text = readFile(path.join(folder.root, activeFile));
      if (text !== undefined) add(uri, text);
    }
  }
}
