/**
 * Editor features over LSP on the example system: hover on a call site, go to definition into
 * another service's handler, references from a handler to its callers, CodeLens, quick fixes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, Diagnostic, Hover, Location } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/analysis/fixes/add-timeout';
import { type LspSession, REPO, startSession } from './helpers/client';

const EXAMPLE = path.join(REPO, 'examples', 'shop');
const uriOf = (rel: string): string => pathToFileURL(path.join(EXAMPLE, rel)).href;
const CHARGES = 'apps/payments/src/routes/charges.ts';
const SCORE = 'apps/fraud/src/score.route.ts';

/** 0-based position of the first occurrence of `needle` in a file. */
function positionOf(rel: string, needle: string): { line: number; character: number } {
  const lines = fs.readFileSync(path.join(EXAMPLE, rel), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${rel}`);
  return { line, character: lines[line]!.indexOf(needle) };
}

describe('editor features on the example system', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession(EXAMPLE);
    await session.waitForDiagnostics((all) => all.size > 0);
  });
  after(async () => {
    await session.stop();
  });

  it('hover on a call site shows its style, the remote endpoint, the chain and who must be up', async () => {
    const h = (await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(CHARGES) }, position: positionOf(CHARGES, "fraudClient.post") })) as Hover;
    const text = typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(text, /synchronous request-response/);
    assert.match(text, /\*\*fraud\*\*/);
    assert.match(text, /POST \/score/);
    assert.match(text, /Must be up/);
  });

  it('go to definition lands in the fraud service handler', async () => {
    const locs = (await session.connection.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(CHARGES) }, position: positionOf(CHARGES, "'/score'") })) as Location[];
    assert.equal(locs.length, 1);
    assert.equal(locs[0]!.uri, uriOf(SCORE));
    assert.equal(locs[0]!.range.start.line, positionOf(SCORE, "'/score'").line);
  });

  it('references from the handler list its remote callers', async () => {
    const locs = (await session.connection.sendRequest('textDocument/references', { textDocument: { uri: uriOf(SCORE) }, position: positionOf(SCORE, "'/score'"), context: { includeDeclaration: false } })) as Location[];
    assert.ok(locs.some((l) => l.uri === uriOf(CHARGES) && l.range.start.line === positionOf(CHARGES, 'fraudClient.post').line), JSON.stringify(locs));
  });

  it('CodeLens on the handler counts callers by style', async () => {
    const lenses = (await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: uriOf(SCORE) } })) as CodeLens[];
    const lens = lenses.find((l) => l.range.start.line === positionOf(SCORE, "'/score'").line);
    assert.equal(lens?.command?.title, '1 caller: payments (sync)');
    assert.equal(lens?.command?.command, 'switchboard.showLocations');
  });

  it('quick fix adds a timeout to the axios call; silence and docs actions are offered', async () => {
    const uri = uriOf(CHARGES);
    const text = fs.readFileSync(path.join(EXAMPLE, CHARGES), 'utf8');
    await session.waitForDiagnostics((all) => (all.get(uri) ?? []).some((d) => d.code === 'missing-timeout'));
    const diag = session.diagnostics.get(uri)!.find((d) => d.code === 'missing-timeout') as Diagnostic;
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const actions = (await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Add a timeout to this call');
    assert.ok(fix?.edit?.changes?.[uri], JSON.stringify(actions.map((a) => a.title)));
    const edits = fix.edit.changes[uri]!.map((e) => ({ line: e.range.start.line + 1, column: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1, newText: e.newText }));
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /fraudClient\.post<FraudVerdict>\('\/score', \{[\s\S]*?\}, \{ timeout: 5000 \}\)/);
    assert.ok(actions.some((a) => a.title === 'Silence missing-timeout on this line'));
    assert.ok(actions.some((a) => a.title === 'Open documentation of missing-timeout'));
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
});
