/**
 * Lookups over one folder's analysis result that the editor features share: what is at a
 * position, who calls an endpoint, which chains pass through a call.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Location, Position, Range } from 'vscode-languageserver';
import type { AnalysisResult, Chain, Endpoint, Interaction } from '../analysis/model';

/** Indexes a result by file for position lookups. */
export class ModelIndex {
  private readonly byFile = new Map<string, Interaction[]>();
  private readonly endpointsByFile = new Map<string, Endpoint[]>();
  private readonly endpointById = new Map<string, Endpoint>();
  private readonly callers = new Map<string, Interaction[]>();

  constructor(readonly model: AnalysisResult) {
    for (const i of model.interactions) {
      (this.byFile.get(i.file) ?? this.byFile.set(i.file, []).get(i.file)!).push(i);
      for (const e of i.endpoints) (this.callers.get(e) ?? this.callers.set(e, []).get(e)!).push(i);
    }
    for (const e of model.endpoints) {
      (this.endpointsByFile.get(e.file) ?? this.endpointsByFile.set(e.file, []).get(e.file)!).push(e);
      this.endpointById.set(e.id, e);
    }
  }

  /** The path of a document relative to the analysed root, or undefined outside it. */
  relative(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const rel = path.relative(this.model.root, fileURLToPath(uri));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.model.root, file)).href;
  }

  /** Interactions whose call expression contains the (0-based) position. */
  interactionsAt(file: string, pos: Position): Interaction[] {
    const line = pos.line + 1;
    const col = pos.character + 1;
    return (this.byFile.get(file) ?? []).filter((i) => {
      const endLine = i.endLine ?? i.line;
      if (line < i.line || line > endLine) return false;
      if (line === i.line && col < i.column) return false;
      if (line === endLine && i.endColumn !== undefined && col > i.endColumn) return false;
      return true;
    });
  }

  /** Endpoints declared on the (0-based) line. */
  endpointsAt(file: string, line0: number): Endpoint[] {
    return (this.endpointsByFile.get(file) ?? []).filter((e) => e.line === line0 + 1);
  }

  endpointsIn(file: string): Endpoint[] {
    return this.endpointsByFile.get(file) ?? [];
  }

  interactionsIn(file: string): Interaction[] {
    return this.byFile.get(file) ?? [];
  }

  endpoint(id: string): Endpoint | undefined {
    return this.endpointById.get(id);
  }

  /** Interactions that reach an endpoint. */
  callersOf(endpointId: string): Interaction[] {
    return this.callers.get(endpointId) ?? [];
  }

  /** Chains that include the interaction. */
  chainsThrough(id: string): Chain[] {
    return this.model.chains.filter((c) => c.interactions.includes(id));
  }

  /** Services that must all be up for this synchronous call to succeed (its callees and their sync callees). */
  mustBeUp(i: Interaction): string[] {
    if (i.style !== 'sync-request-response') return [];
    const out = new Set<string>(i.callees);
    for (const c of this.chainsThrough(i.id)) {
      const at = c.interactions.indexOf(i.id);
      for (const s of c.services.slice(at + 1)) out.add(s);
    }
    out.delete(i.service);
    return [...out].sort();
  }

  /** A zero-width-safe LSP range for a 1-based line/column span. */
  range(line: number, column = 1, endLine?: number, endColumn?: number): Range {
    const start = { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
    const end = endLine !== undefined ? { line: Math.max(0, endLine - 1), character: Math.max(0, (endColumn ?? column + 1) - 1) } : { line: start.line, character: start.character + 1 };
    return { start, end };
  }

  location(file: string, line: number, column = 1): Location {
    return { uri: this.uri(file), range: this.range(line, column) };
  }
}
