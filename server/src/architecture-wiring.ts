/**
 * The language server's architecture-file features, wired to the connection: completion, document
 * symbols, formatting, hover and definition routing, diagnostics of files outside any analysed
 * folder, and `switchboard/generateArchitecture`. The features themselves are the pure functions
 * in ./handlers/architecture-*.ts; server.ts calls in here so its own wiring stays small.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  type Connection,
  type Definition,
  type Diagnostic,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  type Hover,
  type ServerCapabilities,
  type TextDocumentPositionParams,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GenerateArchitectureMethod, type GenerateArchitectureParams, type GenerateArchitectureResult } from '../../protocol/src/architecture';
import type { AnalysisResult } from './analysis/model';
import { architectureCompletion } from './handlers/architecture-completion';
import { addArchitectureDiagnostics, architectureDiagnostics } from './handlers/architecture-diagnostics';
import { type ArchitectureDocument, architectureDocument, isArchitectureUri, pathOfUri } from './handlers/architecture-document';
import { architectureFormatting } from './handlers/architecture-formatting';
import { generateArchitectureResult } from './handlers/architecture-generate';
import { architectureHover } from './handlers/architecture-hover';
import { architectureDefinition, architectureSymbols } from './handlers/architecture-navigation';

/** What the features need of a workspace folder. */
export interface ArchitectureFolderState {
  uri: string;
  name: string;
  root: string;
  result?: AnalysisResult;
}

/** What the features need of the server. */
export interface ArchitectureServer {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  folders: () => readonly ArchitectureFolderState[];
  /** The folder of a file URI. */
  folderOf: (uri: string) => ArchitectureFolderState | undefined;
  /** Runs (or waits for) the analysis of every folder. */
  analyse: () => Promise<void>;
}

const SELECTOR = [{ language: 'switchboard' }, { pattern: '**/*.switchboard' }];

function dynamic(caps: ClientCapabilities, feature: 'documentSymbol' | 'formatting'): boolean {
  return caps.textDocument?.[feature]?.dynamicRegistration === true;
}

/**
 * The capabilities to add to the initialize result. Document symbols and formatting are
 * registered dynamically for architecture files when the client can (see `registerDynamic`): as
 * static capabilities they would apply to every document the client sends — TypeScript too — and
 * VS Code would then ask the user to pick between two TypeScript formatters.
 */
export function architectureCapabilities(caps: ClientCapabilities): ServerCapabilities {
  return {
    completionProvider: { triggerCharacters: [' ', '"', ',', '>'] },
    ...(dynamic(caps, 'documentSymbol') ? {} : { documentSymbolProvider: true }),
    ...(dynamic(caps, 'formatting') ? {} : { documentFormattingProvider: true }),
  };
}

/** The architecture-file features of a server; call `registerDynamic` once the client is initialized. */
export function architectureFeatures(server: ArchitectureServer, caps: () => ClientCapabilities) {
  const { connection, documents } = server;

  /** The folder an architecture document belongs to, by its (future) path for untitled ones. */
  const folderFor = (uri: string): ArchitectureFolderState | undefined => {
    const abs = pathOfUri(uri);
    return abs ? server.folderOf(pathToFileURL(abs).href) : undefined;
  };
  const docOf = (uri: string): ArchitectureDocument | undefined => {
    const d = documents.get(uri);
    return d && isArchitectureUri(uri) ? architectureDocument(uri, d.getText(), folderFor(uri)) : undefined;
  };

  connection.onCompletion((p) => {
    const doc = docOf(p.textDocument.uri);
    return doc ? architectureCompletion(doc, p.position) : null;
  });
  connection.onDocumentSymbol((p) => {
    const doc = docOf(p.textDocument.uri);
    return doc ? architectureSymbols(doc) : null;
  });
  connection.onDocumentFormatting((p) => {
    const d = documents.get(p.textDocument.uri);
    return d && isArchitectureUri(p.textDocument.uri) ? architectureFormatting(d.getText()) : null;
  });
  // documents outside every analysed folder (and untitled ones) get their syntax diagnostics here
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    if (!isArchitectureUri(uri) || (uri.startsWith('file:') && server.folderOf(uri))) return;
    void connection.sendDiagnostics({ uri, diagnostics: architectureDiagnostics(architectureDocument(uri, e.document.getText(), folderFor(uri))) });
  });
  documents.onDidClose((e) => {
    if (isArchitectureUri(e.document.uri) && !(e.document.uri.startsWith('file:') && server.folderOf(e.document.uri)))
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onRequest(GenerateArchitectureMethod, async (params: GenerateArchitectureParams): Promise<GenerateArchitectureResult | null> => {
    const folder = params.folder ? server.folders().find((f) => f.uri === params.folder) : server.folders()[0];
    if (!folder) return null;
    if (!folder.result) await server.analyse();
    return folder.result ? generateArchitectureResult(folder, folder.result) : null;
  });

  return {
    /** Registers document symbols and formatting for architecture files only, when the client supports it. */
    registerDynamic(): void {
      const c = caps();
      if (dynamic(c, 'documentSymbol')) void connection.client.register(DocumentSymbolRequest.type, { documentSelector: SELECTOR });
      if (dynamic(c, 'formatting')) void connection.client.register(DocumentFormattingRequest.type, { documentSelector: SELECTOR });
    },
    /** Hover in an architecture document; undefined for other documents (the caller answers those). */
    hover(p: TextDocumentPositionParams): Hover | null | undefined {
      if (!isArchitectureUri(p.textDocument.uri)) return undefined;
      const doc = docOf(p.textDocument.uri);
      return doc ? architectureHover(doc, p.position) : null;
    },
    /** Definition in an architecture document; undefined for other documents. */
    definition(p: TextDocumentPositionParams): Definition | null | undefined {
      if (!isArchitectureUri(p.textDocument.uri)) return undefined;
      const doc = docOf(p.textDocument.uri);
      return doc ? architectureDefinition(doc, p.position) : null;
    },
    /** Adds the architecture documents' diagnostics of a folder to the ones about to be published. */
    addDiagnostics(byUri: Map<string, Diagnostic[]>, folder: ArchitectureFolderState): void {
      const open = documents.all().map((d) => ({ uri: d.uri, text: d.getText() }));
      addArchitectureDiagnostics(byUri, folder, open, (abs) => {
        try {
          return fs.readFileSync(abs, 'utf8');
        } catch {
          return undefined;
        }
      });
    },
  };
}
