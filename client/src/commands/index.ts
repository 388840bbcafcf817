/**
 * One table of command factories; each command lives in its own file.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { GraphPanels } from '../graph-panel';
import type { ReportDocuments } from '../reports';
import { exportReport } from './export-report';
import { generateArchitectureFile } from './generate-architecture-file';
import { openUrl } from './open-url';
import { restartServer } from './restart-server';
import { showCallGraph } from './show-call-graph';
import { showCouplingReport } from './show-coupling-report';
import { showEventCatalog } from './show-event-catalog';
import { showOutput } from './show-output';
import { showLocations } from './show-locations';
import { showServiceInventory } from './show-service-inventory';
import { showServices } from './show-services';
import { showSyncChains } from './show-sync-chains';

/** What commands may use. */
export interface CommandContext {
  output: vscode.OutputChannel;
  client: () => LanguageClient | undefined;
  restart: () => Promise<void>;
  /** The call-graph panel. */
  graph: GraphPanels;
  /** The read-only documents the reports are shown from. */
  reports: ReportDocuments;
}

/** A command: its id and a factory of its handler. */
export interface CommandDefinition {
  id: string;
  create: (ctx: CommandContext) => (...args: unknown[]) => unknown;
}

export const COMMANDS: readonly CommandDefinition[] = [
  restartServer,
  showOutput,
  showServices,
  showLocations,
  openUrl,
  showCallGraph,
  showCouplingReport,
  showSyncChains,
  showEventCatalog,
  showServiceInventory,
  exportReport,
  generateArchitectureFile,
];

/** Registers every command; the extension context owns the disposables. */
export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  for (const c of COMMANDS) context.subscriptions.push(vscode.commands.registerCommand(c.id, c.create(ctx)));
}
