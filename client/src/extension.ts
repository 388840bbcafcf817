/**
 * The extension: starts the language server, owns the output channel and the commands.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { Methods, type StatusParams } from '../../protocol/src';
import { registerCommands } from './commands';
import { RestartPolicy } from './restart-policy';
import { GraphPanels } from './graph-panel';
import { REPORT_SCHEME, ReportDocuments } from './reports';
import { ServicesView } from './services-view';

let client: LanguageClient | undefined;
/** Restarts a crashed server a few times, then stops it and says so once (reset by a manual restart). */
const restarts = new RestartPolicy();

/** Creates the language client for the bundled server. */
function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'switchboard' },
      // the architecture file Generate Architecture File opens before it is saved
      { scheme: 'untitled', language: 'switchboard' },
    ],
    outputChannel: output,
    // a server that crashes or is killed comes back (its facts cache makes the restart quick), a few times at most
    errorHandler: {
      error: (_error, _message, count) => ({ action: restarts.error(count) === 'continue' ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
      closed: () => {
        const d = restarts.closed();
        if (d.restart) {
          output.warn(`the Switchboard server stopped unexpectedly; restarting it (${d.crashes} of ${restarts.max} in ${restarts.windowMs / 60_000} minutes)`);
          return { action: CloseAction.Restart, handled: true };
        }
        output.error(`the Switchboard server stopped unexpectedly ${d.crashes} times; not restarting it`);
        if (d.tellUser) {
          void vscode.window.showErrorMessage(d.tellUser, 'Restart Server', 'Show Output').then((pick) => {
            if (pick === 'Restart Server') void vscode.commands.executeCommand('switchboard.restartServer');
            else if (pick === 'Show Output') output.show();
          });
        }
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.ts,*.tsx,*.js,package.json,*.yml,*.yaml,.env*,*.proto,*.prisma,*.switchboard}') },
  };
  // the id `switchboard` makes the client honour the `switchboard.trace.server` setting
  return new LanguageClient('switchboard', 'Switchboard', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Switchboard', { log: true });
  context.subscriptions.push(output);
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.name = 'Switchboard';
  status.text = '$(sync~spin) Switchboard';
  status.tooltip = 'Switchboard is analysing the workspace';
  status.command = 'switchboard.showOutput';
  status.show();
  context.subscriptions.push(status);

  const servicesView = new ServicesView(() => client);
  context.subscriptions.push(servicesView, vscode.window.registerTreeDataProvider('switchboard.services', servicesView));

  const graph = new GraphPanels(context, () => client, output);
  context.subscriptions.push(graph);

  const reports = new ReportDocuments();
  context.subscriptions.push(reports, vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

  const start = async (): Promise<void> => {
    client = createClient(context, output);
    client.onDidChangeState((e) => {
      // between a crash and the restarted server's first analysis the status says so
      if (e.newState === State.Starting || (e.oldState === State.Running && e.newState === State.Stopped)) {
        status.text = e.newState === State.Starting ? '$(sync~spin) Switchboard' : '$(error) Switchboard: server stopped';
        status.tooltip = e.newState === State.Starting ? 'Switchboard is starting its language server' : 'The Switchboard language server stopped: Restart Language Server starts it again';
      }
    });
    client.onNotification(Methods.status, (p: StatusParams) => {
      graph.statusChanged(p);
      if (p.state === 'analysing') status.text = '$(sync~spin) Switchboard';
      else if (p.state === 'ready') {
        status.text = `$(type-hierarchy) ${p.services ?? 0} services · ${p.findings ?? 0} findings`;
        status.tooltip = `Switchboard: ${p.services ?? 0} services, ${p.interactions ?? 0} interactions, ${p.findings ?? 0} findings`;
        servicesView.refresh();
      } else {
        status.text = '$(error) Switchboard';
        status.tooltip = `Switchboard analysis failed: ${p.message ?? 'unknown error'}`;
      }
    });
    await client.start();
  };

  registerCommands(context, {
    output,
    client: () => client,
    graph,
    reports,
    restart: async () => {
      restarts.reset();
      if (client) await client.stop();
      await start();
    },
  });
  await start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
