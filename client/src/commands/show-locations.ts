import * as vscode from 'vscode';
import { ClientCommands } from '../../../protocol/src/editor';
import type { CommandDefinition } from './index';

interface JsonLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** switchboard.showLocations: peeks a list of locations sent by the server (CodeLens). */
export const showLocations: CommandDefinition = {
  id: ClientCommands.showLocations,
  create: () => async (...args: unknown[]) => {
    const [uri, position, locations] = args as [string, { line: number; character: number }, JsonLocation[]];
    const toRange = (r: JsonLocation['range']): vscode.Range => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    await vscode.commands.executeCommand(
      'editor.action.showReferences',
      vscode.Uri.parse(uri),
      new vscode.Position(position.line, position.character),
      (locations ?? []).map((l) => new vscode.Location(vscode.Uri.parse(l.uri), toRange(l.range))),
    );
  },
};
