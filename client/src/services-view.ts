/**
 * The Services view in the explorer: services → endpoints → callers/consumers, click to source.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type ServiceCaller, type ServiceEndpoint, type ServiceNode, ServicesMethod, type ServicesResult, type UriPosition } from '../../protocol/src/editor';

type Item = { kind: 'service'; node: ServiceNode } | { kind: 'endpoint'; node: ServiceEndpoint } | { kind: 'caller'; node: ServiceCaller };

const STYLE_ICON: Record<string, string> = {
  'sync-request-response': 'arrow-right',
  'async-request-response': 'arrow-swap',
  'fire-and-forget': 'debug-step-over',
  event: 'broadcast',
  'common-data': 'database',
};

function open(location: UriPosition): vscode.Command {
  const pos = new vscode.Position(location.line, location.character);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(location.uri), { selection: new vscode.Range(pos, pos) }] };
}

/** Tree data for the Services view; refreshes when the analysis is ready. */
export class ServicesView implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(item: Item): vscode.TreeItem {
    if (item.kind === 'service') {
      const s = item.node;
      const t = new vscode.TreeItem(s.name, s.endpoints.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      const out = Object.entries(s.outgoing).map(([style, n]) => `${n} ${style}`).join(', ');
      t.description = `${s.root || '.'}${s.notAnalysed ? ' · not analysed' : ''}`;
      t.tooltip = `${s.name} (${s.root || '.'})\n${s.endpoints.length} endpoints${out ? `\nOutgoing: ${out}` : ''}`;
      t.iconPath = new vscode.ThemeIcon('server-process');
      t.resourceUri = vscode.Uri.parse(s.uri);
      t.contextValue = 'service';
      return t;
    }
    if (item.kind === 'endpoint') {
      const e = item.node;
      const t = new vscode.TreeItem(e.label, e.callers.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      t.description = e.callers.length ? `${e.callers.length} ${e.kind === 'message' ? 'publishers' : 'callers'}` : 'no callers';
      t.iconPath = new vscode.ThemeIcon(e.kind === 'message' ? 'mail' : e.kind === 'grpc' ? 'symbol-interface' : 'symbol-method');
      t.command = open(e.location);
      t.contextValue = 'endpoint';
      return t;
    }
    const c = item.node;
    const t = new vscode.TreeItem(c.service, vscode.TreeItemCollapsibleState.None);
    t.description = `${c.style} · ${c.target}`;
    t.iconPath = new vscode.ThemeIcon(STYLE_ICON[c.style] ?? 'arrow-right');
    t.command = open(c.location);
    return t;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (!item) {
      const client = this.client();
      if (!client?.isRunning()) return [];
      const result = await client.sendRequest<ServicesResult>(ServicesMethod, {});
      return result.services.map((node) => ({ kind: 'service' as const, node }));
    }
    if (item.kind === 'service') return item.node.endpoints.map((node) => ({ kind: 'endpoint' as const, node }));
    if (item.kind === 'endpoint') return item.node.callers.map((node) => ({ kind: 'caller' as const, node }));
    return [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
