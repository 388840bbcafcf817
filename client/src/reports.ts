/**
 * Opens the server's reports for a person: the Markdown in an untitled document shown as a
 * Markdown preview (links go to the code), and exports written where the user chooses.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Methods, type ReportFormat, type ReportKind, type ReportParams, type ReportResult } from '../../protocol/src';

async function request(client: LanguageClient | undefined, params: ReportParams): Promise<ReportResult | null> {
  if (!client) {
    void vscode.window.showWarningMessage('Switchboard: the language server is not running.');
    return null;
  }
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Switchboard: report' }, () =>
    client.sendRequest<ReportResult | null>(Methods.report, params),
  );
  if (!result) void vscode.window.showInformationMessage(`Switchboard: no ${params.format} report for this workspace.`);
  return result;
}

/** The scheme of report documents: read-only, so closing a report never asks to save it. */
export const REPORT_SCHEME = 'switchboard-report';

/** Serves the reports' text to VS Code as read-only documents (the latest text of each report). */
export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Shows one report as a Markdown preview of a read-only document named after it. */
  async show(client: LanguageClient | undefined, kind: ReportKind): Promise<void> {
    const result = await request(client, { kind, format: 'markdown' });
    if (!result) return;
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${result.title}.md` });
    this.texts.set(uri.toString(), result.content);
    this.changed.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The formats the export command offers. */
export const EXPORT_FORMATS: { format: ReportFormat; label: string; detail: string }[] = [
  { format: 'markdown', label: 'Markdown', detail: 'Every report (coupling, chains, event catalog, inventory) and the findings' },
  { format: 'json', label: 'JSON', detail: 'The analysis model (schema version 1)' },
  { format: 'sarif', label: 'SARIF', detail: 'Findings for code-scanning tools' },
  { format: 'mermaid', label: 'Mermaid', detail: 'The call graph as a Mermaid flowchart' },
  { format: 'dot', label: 'Graphviz DOT', detail: 'The call graph as a DOT digraph' },
  { format: 'asyncapi', label: 'AsyncAPI', detail: 'The event catalog as an AsyncAPI 3.0 document (YAML)' },
];

/** Asks for a format and a file, then writes the export there. */
export async function exportReport(client: LanguageClient | undefined): Promise<void> {
  const pick = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ ...f, description: f.format })),
    { title: 'Switchboard: Export Report…', placeHolder: 'Format' },
  );
  if (!pick) return;
  const result = await request(client, { format: pick.format });
  if (!result) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Save the ${pick.label} export`,
    filters: { [pick.label]: [result.extension] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `switchboard.${result.extension}`) } : {}),
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.content));
  const open = await vscode.window.showInformationMessage(`Switchboard: ${pick.label} saved to ${vscode.workspace.asRelativePath(target)}`, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}
