/**
 * The benchmark's LSP client: spawns the real language server (`dist/cli.js lsp --stdio`), speaks
 * JSON-RPC to it, and times edits from the notification that makes them to the
 * `textDocument/publishDiagnostics` that reflects them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** A diagnostic as the benchmark needs it. */
interface Diag {
  message: string;
  code?: string | number;
}

/** A running server. */
export class LspServer {
  private readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** Latest diagnostics per URI. */
  readonly diagnostics = new Map<string, Diag[]>();
  private readonly waiters = new Set<() => void>();
  private ready = false;
  private readonly readyWaiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  /** When the first `switchboard/status` ready arrived (ms since spawn). */
  firstReadyMillis?: number;
  private readonly spawned = performance.now();

  constructor(
    private readonly root: string,
    cli: string,
    env: NodeJS.ProcessEnv,
    nodeArgs: string[],
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, cli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stderr!.on('data', () => undefined);
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diag[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) w();
    });
    this.connection.onNotification('switchboard/status', (p: { state: string }) => {
      if (p.state !== 'ready') return;
      if (!this.ready) this.firstReadyMillis = performance.now() - this.spawned;
      this.ready = true;
      for (const w of [...this.readyWaiters]) w();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.listen();
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  /** Initializes and waits until the first analysis is ready. */
  async start(timeoutMs: number): Promise<void> {
    const uri = pathToFileURL(this.root).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(this.root) }],
      capabilities: {
        textDocument: { publishDiagnostics: { relatedInformation: true } },
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready within ${timeoutMs} ms`)), timeoutMs);
      this.readyWaiters.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async open(rel: string): Promise<string> {
    const text = fs.readFileSync(path.join(this.root, rel), 'utf8');
    this.versions.set(rel, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(rel), languageId: 'typescript', version: 1, text } });
    return text;
  }

  /** Replaces the whole text of an open document; resolves once the notification is written. */
  async change(rel: string, text: string): Promise<void> {
    const version = (this.versions.get(rel) ?? 1) + 1;
    this.versions.set(rel, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(rel), version }, contentChanges: [{ text }] });
  }

  async close(rel: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(rel) } });
  }

  /** `workspace/didChangeWatchedFiles`: 1 created, 2 changed, 3 deleted. */
  async watched(rel: string, type: 1 | 2 | 3): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: this.uri(rel), type }] });
  }

  /** Resolves when the diagnostics of `rel` satisfy `predicate` (checked now and on every publish). */
  waitFor(rel: string, predicate: (d: Diag[]) => boolean, timeoutMs: number): Promise<void> {
    const uri = this.uri(rel);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (predicate(this.diagnostics.get(uri) ?? [])) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `diagnostics of ${rel} did not reflect the edit within ${timeoutMs} ms: ${JSON.stringify((this.diagnostics.get(uri) ?? []).map((d) => d.message))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Shuts the server down and waits for the process to exit. */
  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 10_000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
  }
}
