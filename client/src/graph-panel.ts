/**
 * The call-graph panel's host side: creates (or restores) the webview, feeds it the server's
 * `switchboard/graph` through typed messages, re-sends it when the analysis changes, opens code
 * and saves exported images where the user chooses.
 */
import * as vscode from 'vscode';
import { openableSegments } from './open-path';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type GraphResult,
  type GraphViewState,
  type HostToWebview,
  Methods,
  type StatusParams,
  type ThemeKind,
  type WebviewToHost,
} from '../../protocol/src';
import { graphPanelHtml, makeNonce } from './graph-panel-html';

/** The webview type; also the key of the panel serializer in package.json's activation events. */
export const GRAPH_VIEW_TYPE = 'switchboard.callGraph';
const STATE_KEY = 'switchboard.callGraph.state';

function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'dark';
  }
}

/** Owns the (single) call-graph panel. */
export class GraphPanels implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private lastGraph: GraphResult | null = null;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.OutputChannel,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          if (state && typeof state === 'object') await this.context.workspaceState.update(STATE_KEY, state);
          this.attach(panel);
        },
      }),
      vscode.window.onDidChangeActiveColorTheme((t) => this.send({ type: 'theme', kind: themeKind(t.kind) })),
    );
  }

  /** Shows the panel (creating it when needed), optionally focused on a service. */
  show(focus?: string): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Switchboard: Call Graph', vscode.ViewColumn.Active, this.webviewOptions());
      this.attach(panel);
    }
    if (focus) this.send({ type: 'focus', service: focus });
  }

  /** The analysis state changed: say so, and re-send the graph when it is ready. */
  statusChanged(status: StatusParams): void {
    if (!this.panel) return;
    this.send({ type: 'status', state: status.state, ...(status.message ? { message: status.message } : {}) });
    if (status.state === 'ready') void this.sendGraph();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      // scripts and styles only from the extension's bundles
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.webviewOptions();
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    panel.webview.html = graphPanelHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-style.css')).toString(),
      workerUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'elk-worker.js')).toString(),
    });
    const subs: vscode.Disposable[] = [];
    subs.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.receive(m)),
      panel.onDidDispose(() => {
        for (const s of subs) s.dispose();
        if (this.panel === panel) this.panel = undefined;
      }),
    );
  }

  private send(message: HostToWebview): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private async sendGraph(): Promise<void> {
    const client = this.client();
    let graph: GraphResult | null = null;
    try {
      graph = client ? await client.sendRequest<GraphResult | null>(Methods.graph, {}) : null;
    } catch (error) {
      this.output.appendLine(`call graph: ${error instanceof Error ? error.message : String(error)}`);
      graph = this.lastGraph;
    }
    this.lastGraph = graph;
    const state = this.context.workspaceState.get<GraphViewState>(STATE_KEY);
    this.send({ type: 'graph', graph, ...(state ? { state } : {}) });
  }

  private async receive(m: WebviewToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.send({ type: 'theme', kind: themeKind(vscode.window.activeColorTheme.kind) });
        await this.sendGraph();
        return;
      case 'openLocation':
        return this.open(m.location.file, m.location.line, m.location.column);
      case 'saveState':
        await this.context.workspaceState.update(STATE_KEY, m.state);
        return;
      case 'exportImage':
        return this.saveImage(m.format, m.data);
    }
  }

  /** The folder the graph's paths are relative to. */
  private folderUri(): vscode.Uri | undefined {
    if (this.lastGraph?.folder) return vscode.Uri.parse(this.lastGraph.folder);
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  private async open(file: string, line: number, column: number): Promise<void> {
    const folder = this.folderUri();
    // paths come from the analysis of this folder, through the webview: never let one climb out of it or name a scheme
    const segments = openableSegments(file);
    if (!folder || !segments || !Number.isFinite(line) || !Number.isFinite(column)) return;
    const uri = vscode.Uri.joinPath(folder, ...segments);
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
  }

  private async saveImage(format: 'svg' | 'png', data: string): Promise<void> {
    const folder = this.folderUri();
    const target = await vscode.window.showSaveDialog({
      title: `Save the call graph as ${format.toUpperCase()}`,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `call-graph.${format}`) } : {}),
    });
    if (!target) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data.replace(/^data:image\/png;base64,/, ''), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Switchboard: call graph saved to ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
