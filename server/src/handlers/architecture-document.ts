/**
 * What every architecture-file feature needs: is a document an architecture file, its parsed
 * policy, the analysis of its workspace folder, and conversions between the syntax tree's ranges
 * (1-based) and LSP's (0-based).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position as LspPosition, Range as LspRange } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis/model';
import { RULES } from '../analysis/rules';
import type { Position, Range } from '../architecture/ast';
import { isArchitectureFile } from '../architecture/locate';
import { loadPolicy, type Policy } from '../architecture/policy';

/** True for the URI of a `*.switchboard` document (saved or untitled). */
export function isArchitectureUri(uri: string): boolean {
  return isArchitectureFile(uri.split(/[?#]/)[0]!);
}

/** An architecture document with what its features need. */
export interface ArchitectureDocument {
  uri: string;
  text: string;
  policy: Policy;
  /** The analysed workspace folder the document belongs to (by its path, for untitled documents too). */
  root?: string;
  model?: AnalysisResult;
}

/** Parses a document's text and attaches its folder's analysis. */
export function architectureDocument(uri: string, text: string, folder?: { root: string; result?: AnalysisResult }): ArchitectureDocument {
  const doc: ArchitectureDocument = { uri, text, policy: loadPolicy(text, RULES) };
  if (folder) {
    doc.root = folder.root;
    if (folder.result) doc.model = folder.result;
  }
  return doc;
}

/** The local path a document stands for: its file, or the path an untitled document will be saved to. */
export function pathOfUri(uri: string): string | undefined {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  const m = /^untitled:(\/[^?#]*)/.exec(uri);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** LSP range of a syntax-tree range. */
export function lspRange(r: Range): LspRange {
  return { start: { line: r.start.line - 1, character: r.start.column - 1 }, end: { line: r.end.line - 1, character: r.end.column - 1 } };
}

/** True when the (0-based) LSP position is inside the range, its end included (a cursor right after a word is on it). */
export function contains(r: Range, p: LspPosition): boolean {
  const line = p.line + 1;
  const col = p.character + 1;
  const after = (a: Position): boolean => line > a.line || (line === a.line && col >= a.column);
  const before = (b: Position): boolean => line < b.line || (line === b.line && col <= b.column);
  return after(r.start) && before(r.end);
}

/** The URI of a path relative to a root. */
export function uriOf(root: string, rel: string): string {
  return pathToFileURL(path.join(root, rel)).href;
}

/** True when `rel` is a folder under `root`. */
export function isFolder(root: string, rel: string): boolean {
  try {
    return fs.statSync(path.join(root, rel)).isDirectory();
  } catch {
    return false;
  }
}

/** The files a service starts from, most telling first: its manifest and its main source files. */
export function entryPoints(root: string, serviceRoot: string): string[] {
  const candidates = [
    'package.json',
    'src/main.ts',
    'src/index.ts',
    'src/server.ts',
    'src/app.ts',
    'main.ts',
    'index.ts',
    'server.ts',
    'src/main.js',
    'src/index.js',
    'index.js',
  ];
  const out: string[] = [];
  for (const c of candidates) {
    const rel = serviceRoot ? `${serviceRoot}/${c}` : c;
    try {
      if (fs.statSync(path.join(root, rel)).isFile()) out.push(rel);
    } catch {
      // not there
    }
  }
  return out;
}

/** Every service name the document may use: declared ones, then the analysis's. */
export function serviceNames(doc: ArchitectureDocument): string[] {
  return [...new Set([...doc.policy.services.map((s) => s.name), ...(doc.model?.services ?? []).map((s) => s.name)])];
}
