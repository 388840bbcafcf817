/**
 * The built language server over stdio: handshake, diagnostics on the example system,
 * live update after an edit, and the `switchboard/graph` request.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type LspSession, REPO, startSession } from './helpers/client';

const EXAMPLE = path.join(REPO, 'examples', 'shop');
const CHECKOUT = path.join(EXAMPLE, 'apps/gateway/src/routes/checkout.routes.ts');
const CHECKOUT_URI = pathToFileURL(CHECKOUT).href;

describe('language server on the example system', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession(EXAMPLE);
  });
  after(async () => {
    await session.stop();
  });

  it('answers initialize with its capabilities', () => {
    assert.equal(session.initialize.serverInfo?.name, 'switchboard');
    assert.ok(session.initialize.capabilities.textDocumentSync, 'text document sync');
  });

  it('publishes a missing-timeout diagnostic with source, code and docs link', async () => {
    await session.waitForDiagnostics((all) => (all.get(CHECKOUT_URI) ?? []).some((d) => d.code === 'missing-timeout'));
    const d = session.diagnostics.get(CHECKOUT_URI)!.find((x) => x.code === 'missing-timeout')!;
    assert.equal(d.source, 'switchboard');
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\/missing-timeout\.md$/);
    assert.match(String(d.message), /orders/);
  });

  it('updates diagnostics when the user adds a timeout (unsaved buffer)', async () => {
    await session.waitForDiagnostics((all) => (all.get(CHECKOUT_URI) ?? []).some((d) => d.code === 'missing-timeout'));
    const text = fs.readFileSync(CHECKOUT, 'utf8');
    const line = session.diagnostics.get(CHECKOUT_URI)!.find((x) => x.code === 'missing-timeout')!.range.start.line;
    // `axios.post(url, body)` → `axios.post(url, body, { timeout: 2000 })` on the flagged call
    const withTimeout = addTimeout(text, line);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: CHECKOUT_URI, languageId: 'typescript', version: 1, text } });
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: CHECKOUT_URI, version: 2 }, contentChanges: [{ text: withTimeout }] });
    const started = Date.now();
    await session.waitForDiagnostics((all) => !(all.get(CHECKOUT_URI) ?? []).some((d) => d.code === 'missing-timeout' && d.range.start.line === line));
    assert.ok(Date.now() - started < 10_000);
    // and back: closing the buffer returns to the file on disk
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: CHECKOUT_URI } });
    await session.waitForDiagnostics((all) => (all.get(CHECKOUT_URI) ?? []).some((d) => d.code === 'missing-timeout'));
  });

  it('answers switchboard/graph with the services and edges', async () => {
    const graph = (await session.connection.sendRequest('switchboard/graph', {})) as { services: { name: string }[]; edges: { from: string; to: string; style: string }[] };
    assert.equal(graph.services.length, 8);
    assert.ok(graph.edges.some((e) => e.from === 'gateway' && e.to === 'orders' && e.style === 'sync-request-response'));
  });
});

/** Adds `{ timeout: 2000 }` as the config argument of the axios call that starts on `line`. */
function addTimeout(text: string, line: number): string {
  const lines = text.split('\n');
  const start = lines.slice(0, line).join('\n').length + (line ? 1 : 0);
  const open = text.indexOf('(', text.indexOf('axios.post', start)) + 1;
  let depth = 1;
  let i = open;
  for (; i < text.length && depth > 0; i++) {
    if ('([{'.includes(text[i]!)) depth++;
    else if (')]}'.includes(text[i]!)) depth--;
  }
  const close = i - 1;
  return `${text.slice(0, close)}, { timeout: 2000 }${text.slice(close)}`;
}
