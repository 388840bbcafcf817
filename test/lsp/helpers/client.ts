/**
 * A minimal LSP client for tests: spawns the built server (`switchboard lsp --stdio`) and
 * speaks JSON-RPC to it. Waits are event-driven with a deadline, never fixed sleeps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const REPO = path.resolve(__dirname, '..', '..', '..');

/** A running server and the connection to it. */
export interface LspSession {
  connection: MessageConnection;
  process: ChildProcess;
  initialize: InitializeResult;
  /** Latest diagnostics per URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Resolves when `predicate` holds for the diagnostics (checked on every publish), or rejects at the deadline. */
  waitForDiagnostics(predicate: (all: Map<string, Diagnostic[]>) => boolean, timeoutMs?: number): Promise<void>;
  /** Calls `listener` on every publishDiagnostics (after the map above is updated). */
  onPublish(listener: (uri: string, diagnostics: Diagnostic[]) => void): void;
  /** Resolves on the next `switchboard/status` notification with state `ready`. */
  nextReady(timeoutMs?: number): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts the server on a folder and completes the initialize handshake; `spawnWith` adds node flags (a preload) and environment. */
export async function startSession(folder: string, initializationOptions: unknown = {}, spawnWith: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<LspSession> {
  const child = spawn(process.execPath, [...(spawnWith.execArgv ?? []), path.join(REPO, 'dist', 'cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: spawnWith.env ?? process.env });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const listeners = new Set<() => void>();
  const readyListeners = new Set<(p: unknown) => void>();
  const publishListeners: ((uri: string, diagnostics: Diagnostic[]) => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const l of publishListeners) l(p.uri, p.diagnostics);
    for (const l of [...listeners]) l();
  });
  connection.onNotification('switchboard/status', (p: { state: string }) => {
    if (p.state === 'ready') for (const l of [...readyListeners]) l(p);
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const uri = pathToFileURL(folder).href;
  const initialize = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: path.basename(folder) }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } }, workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions,
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});
  const waitForDiagnostics = (predicate: (all: Map<string, Diagnostic[]>) => boolean, timeoutMs = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate(diagnostics)) {
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`diagnostics condition not met within ${timeoutMs} ms; have ${JSON.stringify([...diagnostics.keys()])}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  const nextReady = (timeoutMs = 30_000): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const on = (p: unknown): void => {
        clearTimeout(timer);
        readyListeners.delete(on);
        resolve(p);
      };
      const timer = setTimeout(() => {
        readyListeners.delete(on);
        reject(new Error(`no switchboard/status ready within ${timeoutMs} ms`));
      }, timeoutMs);
      readyListeners.add(on);
    });
  const stop = async (): Promise<void> => {
    try {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    connection.dispose();
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      await exited;
    }
  };
  const onPublish = (listener: (uri: string, diagnostics: Diagnostic[]) => void): void => void publishListeners.push(listener);
  return { connection, process: child, initialize, diagnostics, waitForDiagnostics, onPublish, nextReady, stop };
}
