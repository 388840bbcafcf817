// Entry point of the language server bundle: the connection comes from the process (IPC or stdio).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
