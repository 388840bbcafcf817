import * as vscode from 'vscode';
import { GenerateArchitectureMethod, type GenerateArchitectureParams, type GenerateArchitectureResult } from '../../../protocol/src/architecture';
import type { CommandDefinition } from './index';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * switchboard.generateArchitectureFile: writes the discovered architecture (services, folders,
 * hosts, data ownership, every current interaction as an allow) into an unsaved editor. Saving it
 * creates `architecture.switchboard` at the folder's root; when the folder already has an
 * architecture file, the text opens in an untitled editor of its own and nothing is overwritten.
 */
export const generateArchitectureFile: CommandDefinition = {
  id: 'switchboard.generateArchitectureFile',
  create: (ctx) => async () => {
    const client = ctx.client();
    if (!client) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    let folder: vscode.WorkspaceFolder | undefined = folders[0];
    if (folders.length > 1) {
      folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Generate the architecture file of which folder?' });
      if (!folder) return;
    }
    const params: GenerateArchitectureParams = folder ? { folder: folder.uri.toString() } : {};
    const result = await client.sendRequest<GenerateArchitectureResult | null>(GenerateArchitectureMethod, params);
    if (!result) {
      void vscode.window.showInformationMessage('Switchboard: no workspace folder is analysed.');
      return;
    }
    const target = vscode.Uri.parse(result.suggestedUri);
    let document: vscode.TextDocument;
    if (result.existingUri || (await exists(target))) {
      document = await vscode.workspace.openTextDocument({ language: 'switchboard', content: result.text });
      const existing = vscode.Uri.parse(result.existingUri ?? result.suggestedUri);
      void vscode.window.showInformationMessage(
        `Switchboard: ${vscode.workspace.asRelativePath(existing)} already exists, so the discovered architecture opens in a new, unsaved editor; nothing was overwritten.`,
      );
    } else {
      // an untitled document with the file's path: Save writes architecture.switchboard, and the text is one undoable edit
      const untitled = target.with({ scheme: 'untitled' });
      document = await vscode.workspace.openTextDocument(untitled);
      const edit = new vscode.WorkspaceEdit();
      const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      edit.replace(untitled, all, result.text);
      await vscode.workspace.applyEdit(edit);
    }
    await vscode.window.showTextDocument(document);
  },
};
