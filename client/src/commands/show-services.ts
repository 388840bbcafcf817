import * as vscode from 'vscode';
import { type GraphResult, Methods } from '../../../protocol/src';
import type { CommandDefinition } from './index';

/** switchboard.showServices: lists the discovered services and their edges in a quick pick. */
export const showServices: CommandDefinition = {
  id: 'switchboard.showServices',
  create: (ctx) => async () => {
    const client = ctx.client();
    if (!client) return;
    const graph = await client.sendRequest<GraphResult | null>(Methods.graph, {});
    if (!graph) {
      void vscode.window.showInformationMessage('Switchboard: no workspace folder is analysed.');
      return;
    }
    const items = graph.services.map((s) => {
      const out = graph.edges.filter((e) => e.from === s.name);
      return {
        label: s.name,
        description: s.root || '.',
        detail: out.length ? out.map((e) => `→ ${e.to} (${e.style})`).join(', ') : 'no outgoing interactions',
      };
    });
    await vscode.window.showQuickPick(items, { title: `Switchboard: ${graph.services.length} services`, matchOnDetail: true });
  },
};
