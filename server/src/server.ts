/**
 * The language server: wiring only. Analysis lives in ./analysis, LSP shapes in ./handlers.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Connection,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type GraphParams, type GraphResult, Methods, type StatusParams } from '../../protocol/src';
import { analyze, FactsCache } from './analysis/analyze';
import type { AnalysisResult } from './analysis/model';
import { diagnosticsByUri } from './handlers/diagnostics';
import { graphOf } from './handlers/graph';

/** One analysed workspace folder. */
interface FolderState {
  uri: string;
  root: string;
  cache: FactsCache;
  result?: AnalysisResult;
  published: Set<string>;
}

const DEBOUNCE_MS = 250;

/** Starts the server on a connection (IPC from VS Code, or stdio from `switchboard lsp --stdio`). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const folders: FolderState[] = [];
  let timer: NodeJS.Timeout | undefined;

  const log = (message: string): void => connection.console.log(`[${new Date().toISOString()}] ${message}`);

  connection.onInitialize((params): InitializeResult => {
    const list: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    for (const f of list) {
      if (!f.uri.startsWith('file:')) continue;
      folders.push({ uri: f.uri, root: fileURLToPath(f.uri), cache: new FactsCache(), published: new Set() });
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'switchboard', version: '0.1.0' },
    };
  });

  const overlaysFor = (folder: FolderState): Map<string, string> => {
    const out = new Map<string, string>();
    for (const doc of documents.all()) {
      if (!doc.uri.startsWith('file:')) continue;
      const abs = fileURLToPath(doc.uri);
      const rel = path.relative(folder.root, abs);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) out.set(rel.split(path.sep).join('/'), doc.getText());
    }
    return out;
  };

  const runFolder = (folder: FolderState): void => {
    const started = Date.now();
    void connection.sendNotification(Methods.status, { state: 'analysing' } satisfies StatusParams);
    try {
      const result = analyze(folder.root, { overlays: overlaysFor(folder) }, folder.cache);
      folder.result = result;
      const byUri = diagnosticsByUri(result);
      for (const uri of folder.published) if (!byUri.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
      for (const [uri, diagnostics] of byUri) void connection.sendDiagnostics({ uri, diagnostics });
      folder.published = new Set(byUri.keys());
      for (const m of result.messages) log(`${m.file ?? ''}: ${m.message}`);
      log(`analysed ${folder.root}: ${result.services.length} services, ${result.interactions.length} interactions, ${result.findings.length} findings in ${Date.now() - started} ms`);
      void connection.sendNotification(Methods.status, {
        state: 'ready',
        services: result.services.length,
        interactions: result.interactions.length,
        findings: result.findings.length,
      } satisfies StatusParams);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`analysis of ${folder.root} failed: ${message}`);
      void connection.sendNotification(Methods.status, { state: 'failed', message } satisfies StatusParams);
    }
  };

  const runAll = (): void => {
    for (const f of folders) runFolder(f);
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      runAll();
    }, DEBOUNCE_MS);
  };

  connection.onInitialized(() => {
    log(`Switchboard server started for ${folders.map((f) => f.root).join(', ') || 'no folder'}`);
    // let the initialize handshake finish before the first (possibly long) analysis
    setImmediate(runAll);
  });

  documents.onDidChangeContent(schedule);
  documents.onDidClose(schedule);
  connection.onDidChangeWatchedFiles(schedule);

  connection.onRequest(Methods.graph, (params: GraphParams): GraphResult | null => {
    const folder = params.folder ? folders.find((f) => f.uri === params.folder) : folders[0];
    if (!folder) return null;
    if (!folder.result) runFolder(folder);
    return folder.result ? graphOf(folder.uri, folder.result) : null;
  });

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
  });

  documents.listen(connection);
  connection.listen();
}
