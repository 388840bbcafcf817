/**
 * The language server: wiring only. Analysis lives in ./analysis, LSP shapes in ./handlers.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ClientCapabilities,
  CodeLensRefreshRequest,
  type Connection,
  type InitializeResult,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  TextDocuments,
  TextDocumentSyncKind,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type GraphParams, type GraphResult, Methods, type ReportParams, type ReportResult, type StatusParams } from '../../protocol/src';
import { ServicesMethod, type ServicesParams, type ServicesResult } from '../../protocol/src/editor';
import type { AnalysisResult, Finding } from './analysis/model';
import { AnalysisSession } from './analysis/session';
import { architectureCapabilities, architectureFeatures } from './architecture-wiring';
import { codeActions } from './handlers/code-actions';
import { codeLenses } from './handlers/code-lens';
import { fileUri, findingsByFile, findingsKey, toDiagnostics } from './handlers/diagnostics';
import { graphOf } from './handlers/graph';
import { hover } from './handlers/hover';
import { reportOf } from './handlers/report';
import { ModelIndex } from './handlers/model-index';
import { definition, references } from './handlers/navigation';
import { servicesOf } from './handlers/services';
import { analysisOptions, type SwitchboardSettings } from './settings';

/** One analysed workspace folder. */
interface FolderState {
  uri: string;
  name: string;
  root: string;
  /** The incremental analysis: edits re-extract only the files they touch. */
  session: AnalysisSession;
  result?: AnalysisResult;
  /** Built from `result` when an editor feature first asks after a run (see `indexOf`), not on every edit. */
  index?: ModelIndex;
  published: Set<string>;
  /** A key of what was last sent per URI (`findingsKey`), so an edit publishes only the diagnostics it changed. */
  sent: Map<string, string>;
  /** File URIs by root-relative path, made once per file rather than once per finding and edit. */
  uris: Map<string, string>;
  /** The result messages already logged: a message kept over an edit is the same object and is not logged again. */
  logged: WeakSet<object>;
  settings?: SwitchboardSettings;
  saveTimer?: NodeJS.Timeout;
}

/** Edits arriving this close together are analysed once; the analysis itself is incremental. */
const DEBOUNCE_MS = 15;
/** The facts cache is written once editing has paused this long (and 1 s after the first analysis, unless an edit comes first). */
const SAVE_AFTER_MS = 5000;

/**
 * Lets the messages that arrived while the (synchronous) analysis ran be read and handled: one
 * turn reads the pipe, the connection handles each message on a later turn.
 */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** Waits for `work` unless the request is cancelled first (then answers RequestCancelled). */
async function unlessCancelled<T>(work: Promise<T>, token: CancellationToken): Promise<T> {
  const cancelled = (): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
  if (token.isCancellationRequested) throw cancelled();
  let dispose: (() => void) | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        dispose = token.onCancellationRequested(() => reject(cancelled())).dispose;
      }),
    ]);
  } finally {
    dispose?.();
  }
}

/** Starts the server on a connection (IPC from VS Code, or stdio from `switchboard lsp --stdio`). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const folders: FolderState[] = [];
  let capabilities: ClientCapabilities = {};
  let timer: NodeJS.Timeout | undefined;
  let firstRun = true;
  /** Counts the changes seen (edits, files, settings, folders): an analysis that started before the latest is superseded. */
  let generation = 0;

  const log = (message: string): void => connection.console.log(`[${new Date().toISOString()}] ${message}`);

  const addFolder = (f: WorkspaceFolder): void => {
    if (!f.uri.startsWith('file:') || folders.some((x) => x.uri === f.uri)) return;
    const root = fileURLToPath(f.uri);
    folders.push({
      uri: f.uri,
      name: f.name,
      root,
      session: new AnalysisSession(root),
      published: new Set(),
      sent: new Map(),
      uris: new Map(),
      logged: new WeakSet(),
    });
  };

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    const list: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    list.forEach(addFolder);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        ...architectureCapabilities(params.capabilities),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'switchboard', version: '0.1.0' },
    };
  });

  /** The deepest workspace folder containing a document. */
  const folderOf = (uri: string): FolderState | undefined => {
    if (!uri.startsWith('file:')) return undefined;
    const abs = fileURLToPath(uri);
    return folders
      .filter((f) => {
        const rel = path.relative(f.root, abs);
        return !rel.startsWith('..') && !path.isAbsolute(rel);
      })
      .sort((a, b) => b.root.length - a.root.length)[0];
  };

  const overlaysFor = (folder: FolderState): Map<string, string> => {
    const out = new Map<string, string>();
    for (const doc of documents.all()) {
      if (folderOf(doc.uri) !== folder) continue;
      out.set(path.relative(folder.root, fileURLToPath(doc.uri)).split(path.sep).join('/'), doc.getText());
    }
    return out;
  };

  const settingsFor = async (folder: FolderState): Promise<SwitchboardSettings> => {
    if (!capabilities.workspace?.configuration) return {};
    // asked once per folder, and again after didChangeConfiguration: not a round trip per keystroke
    if (folder.settings) return folder.settings;
    try {
      folder.settings = ((await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'switchboard' })) as SwitchboardSettings | null) ?? {};
    } catch {
      folder.settings = {};
    }
    return folder.settings;
  };

  /** Tells the folder's session which file changed (a buffer edit, open or close, or a file on disk). */
  const noteChange = (uri: string, kind: 'changed' | 'created' | 'deleted'): void => {
    generation++;
    const folder = folderOf(uri);
    if (!folder) return;
    folder.session.note({ kind, file: path.relative(folder.root, fileURLToPath(uri)).split(path.sep).join('/') });
    // a pending write of the cache waits for editing to pause: written between a change and its
    // analysis, it would delay that change's diagnostics by the whole write
    if (folder.saveTimer) scheduleSave(folder, SAVE_AFTER_MS);
  };

  /** (Re)arms the write of a folder's facts cache. */
  const scheduleSave = (folder: FolderState, ms: number): void => {
    if (folder.saveTimer) clearTimeout(folder.saveTimer);
    folder.saveTimer = setTimeout(() => {
      folder.saveTimer = undefined;
      saveCache(folder);
    }, ms);
    folder.saveTimer.unref();
  };

  /** Writes a folder's facts cache; a cache that cannot be written is said once in the log, never fatal. */
  const saveCache = (folder: FolderState): void => {
    const problem = folder.session.save();
    if (problem) log(`cache not used: ${problem}`);
  };

  /**
   * Sends the diagnostics that changed since the last run: on a large workspace most files keep
   * their findings, so each file's findings are compared by a key and only the changed files'
   * findings are converted and sent.
   */
  const publish = (folder: FolderState, result: AnalysisResult): void => {
    const uriOf = (file: string): string => folder.uris.get(file) ?? folder.uris.set(file, fileUri(result.root, file)).get(file)!;
    const findings = new Map<string, Finding[]>();
    const keys = new Map<string, string>();
    for (const [file, list] of findingsByFile(result)) {
      const uri = uriOf(file);
      findings.set(uri, list);
      keys.set(uri, findingsKey(list));
    }
    // the architecture documents' own diagnostics follow the findings on them
    const extra = new Map<string, Diagnostic[]>();
    architecture.addDiagnostics(extra, folder);
    for (const [uri, list] of extra) keys.set(uri, `${keys.get(uri) ?? ''}\u0004${JSON.stringify(list)}`);
    for (const uri of folder.published) {
      if (keys.has(uri)) continue;
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      folder.sent.delete(uri);
    }
    for (const [uri, key] of keys) {
      if (folder.sent.get(uri) === key) continue;
      folder.sent.set(uri, key);
      void connection.sendDiagnostics({ uri, diagnostics: [...toDiagnostics(result.root, findings.get(uri) ?? []), ...(extra.get(uri) ?? [])] });
    }
    folder.published = new Set(keys.keys());
  };

  /** The folder's model index, built on the first request after a run. */
  const indexOf = (folder: FolderState | undefined): ModelIndex | undefined => {
    if (!folder?.result) return undefined;
    folder.index ??= new ModelIndex(folder.result);
    return folder.index;
  };

  const runFolder = async (folder: FolderState): Promise<void> => {
    const started = Date.now();
    void connection.sendNotification(Methods.status, { state: 'analysing' } satisfies StatusParams);
    try {
      const settings = await settingsFor(folder);
      // edits already received join this run rather than superseding it
      await settle();
      const first = !folder.result;
      const seen = generation;
      const result = folder.session.run({ ...analysisOptions(settings), overlays: overlaysFor(folder) });
      folder.result = result;
      folder.index = undefined;
      // an edit that arrived while this ran makes its diagnostics stale: the run it scheduled publishes instead
      await settle();
      if (generation !== seen) {
        log(`analysis of ${folder.root} superseded by a newer change after ${Date.now() - started} ms; not published`);
        return;
      }
      publish(folder, result);
      // the facts cache on disk serves the next start: written when editing pauses, so the write
      // (a second or two on a million lines) never sits between a keystroke and its diagnostics
      scheduleSave(folder, first ? 1000 : SAVE_AFTER_MS);
      for (const m of result.messages) {
        if (folder.logged.has(m)) continue;
        folder.logged.add(m);
        log(`${m.file ?? ''}: ${m.message}`);
      }
      const run = folder.session.lastRun;
      log(
        `analysed ${folder.root}${run ? ` (${run.kind}${run.reason ? `: ${run.reason}` : ''})` : ''}: ${result.services.length} services, ${result.interactions.length} interactions, ${result.findings.length} findings in ${Date.now() - started} ms`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`analysis of ${folder.root} failed: ${message}`);
      void connection.sendNotification(Methods.status, { state: 'failed', message } satisfies StatusParams);
      return;
    }
    const all = folders.map((f) => f.result).filter((r): r is AnalysisResult => !!r);
    void connection.sendNotification(Methods.status, {
      state: 'ready',
      services: all.reduce((n, r) => n + r.services.length, 0),
      interactions: all.reduce((n, r) => n + r.interactions.length, 0),
      findings: all.reduce((n, r) => n + r.findings.length, 0),
    } satisfies StatusParams);
  };

  let running: Promise<void> = Promise.resolve();
  /** Runs analyses one after another; an edit that arrives meanwhile schedules a fresh run. */
  const runAll = (): Promise<void> => {
    running = running.then(async () => {
      const progress = firstRun && capabilities.window?.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
      progress?.begin('Switchboard', 0, 'Analysing services…', false);
      for (const [n, f] of folders.entries()) {
        progress?.report(Math.round((n / Math.max(1, folders.length)) * 100), `Analysing ${f.name}…`);
        await runFolder(f);
      }
      progress?.done();
      firstRun = false;
      if (capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
    });
    return running;
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void runAll();
    }, DEBOUNCE_MS);
  };

  /** The index and relative path for a document, once its folder was analysed. */
  const lookup = (uri: string): { index: ModelIndex; file: string } | undefined => {
    const index = indexOf(folderOf(uri));
    const file = index?.relative(uri);
    return index && file !== undefined ? { index, file } : undefined;
  };

  // *.switchboard documents: completion, symbols, formatting, generate; hover and definition below route to them
  const architecture = architectureFeatures({ connection, documents, folders: () => folders, folderOf, analyse: () => runAll() }, () => capabilities);

  connection.onInitialized(() => {
    architecture.registerDynamic();
    log(`Switchboard server started for ${folders.map((f) => f.root).join(', ') || 'no folder'}`);
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const r of e.removed) {
          const i = folders.findIndex((f) => f.uri === r.uri);
          if (i >= 0) {
            for (const uri of folders[i]!.published) void connection.sendDiagnostics({ uri, diagnostics: [] });
            folders.splice(i, 1);
          }
        }
        e.added.forEach(addFolder);
        generation++;
        schedule();
      });
    }
    // let the initialize handshake finish before the first (possibly long) analysis
    setImmediate(() => void runAll());
  });

  documents.onDidChangeContent((e) => {
    noteChange(e.document.uri, 'changed');
    schedule();
  });
  documents.onDidClose((e) => {
    noteChange(e.document.uri, 'changed');
    schedule();
  });
  connection.onDidChangeWatchedFiles((p) => {
    for (const c of p.changes) noteChange(c.uri, c.type === 1 ? 'created' : c.type === 3 ? 'deleted' : 'changed');
    schedule();
  });
  connection.onDidChangeConfiguration(() => {
    generation++;
    for (const f of folders) delete f.settings;
    schedule();
  });

  connection.onHover((p) => {
    const a = architecture.hover(p);
    if (a !== undefined) return a;
    const l = lookup(p.textDocument.uri);
    return l ? hover(l.index, l.file, p.position) : null;
  });
  connection.onDefinition((p) => {
    const a = architecture.definition(p);
    if (a !== undefined) return a;
    const l = lookup(p.textDocument.uri);
    return l ? definition(l.index, l.file, p.position) : null;
  });
  connection.onReferences((p) => {
    const l = lookup(p.textDocument.uri);
    return l ? references(l.index, l.file, p.position) : null;
  });
  connection.onCodeLens((p) => {
    const l = lookup(p.textDocument.uri);
    return l ? codeLenses(l.index, l.file) : [];
  });
  connection.onCodeAction((p) => {
    const l = lookup(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    if (!l || !doc) return [];
    return codeActions(l.index, l.file, p.textDocument.uri, doc.getText(), p.context.diagnostics);
  });

  // the long requests wait for an analysis; a `$/cancelRequest` ends the wait (the analysis goes on for the diagnostics)
  connection.onRequest(Methods.graph, async (params: GraphParams, token): Promise<GraphResult | null> => {
    const folder = params.folder ? folders.find((f) => f.uri === params.folder) : folders[0];
    if (!folder) return null;
    if (!folder.result) await unlessCancelled(runAll(), token);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    return folder.result ? graphOf(folder.uri, folder.result) : null;
  });

  connection.onRequest(Methods.report, async (params: ReportParams, token): Promise<ReportResult | null> => {
    const folder = params.folder ? folders.find((f) => f.uri === params.folder) : folders[0];
    if (!folder) return null;
    if (!folder.result) await unlessCancelled(runAll(), token);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
    return folder.result ? reportOf(folder.result, params) : null;
  });

  connection.onRequest(ServicesMethod, async (params: ServicesParams, token): Promise<ServicesResult> => {
    if (folders.some((f) => !f.result)) await unlessCancelled(running, token);
    const list = params.folder ? folders.filter((f) => f.uri === params.folder) : folders;
    return {
      services: list.flatMap((f) => {
        const index = indexOf(f);
        return index ? servicesOf(index, f.name) : [];
      }),
    };
  });

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
    for (const f of folders) {
      if (f.saveTimer) clearTimeout(f.saveTimer);
      saveCache(f);
    }
  });

  documents.listen(connection);
  connection.listen();
}
