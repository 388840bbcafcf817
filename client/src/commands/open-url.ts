import * as vscode from 'vscode';
import { ClientCommands } from '../../../protocol/src/editor';
import type { CommandDefinition } from './index';

/** switchboard.openUrl: opens a documentation page (Markdown files in a preview). */
export const openUrl: CommandDefinition = {
  id: ClientCommands.openUrl,
  create: () => async (...args: unknown[]) => {
    const uri = vscode.Uri.parse(String(args[0]));
    if (uri.scheme === 'file' && uri.path.endsWith('.md')) await vscode.commands.executeCommand('markdown.showPreview', uri);
    else await vscode.env.openExternal(uri);
  },
};
