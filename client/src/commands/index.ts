/**
 * One table of command factories; each command lives in its own file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { openUrl } from './open-url';
import { restartServer } from './restart-server';
import { showOutput } from './show-output';
import { showLocations } from './show-locations';
import { showServices } from './show-services';

/** What commands may use. */
export interface CommandContext {
  output: vscode.OutputChannel;
  client: () => LanguageClient | undefined;
  restart: () => Promise<void>;
}

/** A command: its id and a factory of its handler. */
export interface CommandDefinition {
  id: string;
  create: (ctx: CommandContext) => (...args: unknown[]) => unknown;
}

export const COMMANDS: readonly CommandDefinition[] = [restartServer, showOutput, showServices, showLocations, openUrl];

/** Registers every command; the extension context owns the disposables. */
export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const c of COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(c.id, c.create(ctx)));
}
