/**
 * The architecture file over LSP, on a copy of the example system with a policy it breaks at its
 * root: diagnostics (divergences at the call site and on the statement, absences, the file's own
 * problems, live updates as the file is edited with errors), completion, hover, go to definition,
 * document symbols, formatting and `switchboard/generateArchitecture`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, TextEdit } from 'vscode-languageserver-protocol';
import { type LspSession, REPO, startSession } from './helpers/client';

const POLICY = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'architecture', 'shop-fail.switchboard'), 'utf8');
const SCORE = 'apps/fraud/src/score.route.ts';

describe('architecture file features', () => {
  let session: LspSession;
  let root: string;
  const uriOf = (rel: string): string => pathToFileURL(path.join(root, rel)).href;
  let ARCH: string;
  let version = 1;

  /** 0-based position of `needle` in the policy text (the `nth` occurrence). */
  const at = (text: string, needle: string, nth = 0, offset = 0): { line: number; character: number } => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} not found`);
    const before = text.slice(0, i + offset);
    return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
  };
  const diags = (uri: string): Diagnostic[] => session.diagnostics.get(uri) ?? [];
  const open = async (uri: string, text: string): Promise<void> =>
    session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'switchboard', version: version++, text } });
  const change = async (uri: string, text: string): Promise<void> =>
    session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: version++ }, contentChanges: [{ text }] });
  const completion = async (uri: string, position: { line: number; character: number }): Promise<string[]> => {
    const r = (await session.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as
      CompletionItem[] | CompletionList | null;
    return (Array.isArray(r) ? r : (r?.items ?? [])).map((i) => i.label);
  };

  before(async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-lsp-arch-'));
    root = path.join(tmp, 'shop');
    fs.cpSync(path.join(REPO, 'examples', 'shop'), root, { recursive: true });
    fs.writeFileSync(path.join(root, 'architecture.switchboard'), POLICY);
    ARCH = uriOf('architecture.switchboard');
    session = await startSession(root);
  });
  after(async () => {
    await session?.stop();
    if (root) fs.rmSync(path.dirname(root), { recursive: true, force: true });
  });

  it('registers its capabilities in initialize', () => {
    const caps = session.initialize.capabilities;
    assert.ok(caps.completionProvider, 'completion');
    assert.ok(caps.hoverProvider, 'hover');
    assert.ok(caps.definitionProvider, 'definition');
    assert.ok(caps.documentSymbolProvider, 'document symbols (static for a client without dynamic registration)');
    assert.ok(caps.documentFormattingProvider, 'formatting (static for a client without dynamic registration)');
  });

  it('reports a divergence at the call site and on the statement, and an absence on the statement', async () => {
    await session.waitForDiagnostics((all) => (all.get(ARCH) ?? []).some((d) => d.code === 'architecture-absence'));
    const onFile = diags(ARCH);
    const deny = onFile.find((d) => d.code === 'architecture-divergence' && d.range.start.line === at(POLICY, 'deny  fraud').line);
    assert.ok(deny, JSON.stringify(onFile));
    assert.equal(deny.source, 'switchboard');
    assert.match(String(deny.message), /The code does what this statement denies: fraud → payments sync-request-response/);
    assert.match(deny.codeDescription?.href ?? '', /docs\/rules\/architecture-divergence\.md$/);
    assert.ok(deny.relatedInformation?.some((r) => r.location.uri === uriOf(SCORE)));
    const absence = onFile.find((d) => d.code === 'architecture-absence');
    assert.equal(absence?.range.start.line, at(POLICY, 'allow payments -> notifications').line);
    await session.waitForDiagnostics((all) => (all.get(uriOf(SCORE)) ?? []).some((d) => d.code === 'architecture-divergence'));
    const site = diags(uriOf(SCORE)).find((d) => d.code === 'architecture-divergence')!;
    assert.match(String(site.message), /fraud → payments .* is denied by the architecture/);
    assert.equal(site.relatedInformation?.[0]?.location.uri, ARCH);
  });

  it('completes keywords, service names, styles, rule ids and severities by position', async () => {
    const text = `${POLICY}\nallow gateway -> \nallow gateway -> orders \nrule \nrule missing-timeout \n\nallow gateway -> orders event, `;
    await open(ARCH, text);
    const lines = text.split('\n');
    const end = (prefix: string, nth = 0): { line: number; character: number } => {
      const idx = lines.map((l, i) => (l === prefix ? i : -1)).filter((i) => i >= 0)[nth]!;
      return { line: idx, character: prefix.length };
    };
    const services = await completion(ARCH, end('allow gateway -> '));
    for (const s of ['orders', 'payments', 'notifications', '*']) assert.ok(services.includes(s), `${s} in ${services.join(', ')}`);
    assert.deepEqual(await completion(ARCH, end('allow gateway -> orders ')), [
      'sync-request-response',
      'async-request-response',
      'fire-and-forget',
      'event',
      'common-data',
    ]);
    assert.ok(!(await completion(ARCH, end('allow gateway -> orders event, '))).includes('event'), 'a style already listed is not offered again');
    assert.ok((await completion(ARCH, end('rule '))).includes('missing-timeout'));
    assert.deepEqual(await completion(ARCH, end('rule missing-timeout ')), ['error', 'warning', 'info', 'hint', 'off']);
    assert.deepEqual(await completion(ARCH, end('')), ['service', 'data', 'allow', 'deny', 'limit', 'rule']);
  });

  it('shows syntax errors as the file is edited, and the statements after them still count', async () => {
    const broken = POLICY.replace(
      'allow payments -> notifications event, fire-and-forget',
      'allow payments notifications event, fire-and-forget\nallow gateway ->',
    );
    await change(ARCH, broken);
    await session.waitForDiagnostics((all) => (all.get(ARCH) ?? []).some((d) => d.code === 'syntax'));
    const syntax = diags(ARCH).filter((d) => d.code === 'syntax');
    assert.ok(
      syntax.some((d) => d.message === "expected a service name or '*', found the end of the line"),
      JSON.stringify(syntax.map((d) => d.message)),
    );
    // the arrow is repaired on the first line; the deny below both lines still catches fraud → payments
    await session.waitForDiagnostics((all) =>
      (all.get(ARCH) ?? []).some((d) => d.code === 'architecture-divergence' && d.range.start.line === at(broken, 'deny  fraud').line),
    );
  });

  it('names unknown services and missing folders', async () => {
    const text = `${POLICY}\nservice ledger at "apps/ledger"\nallow gateway -> ordrs event\n`;
    await change(ARCH, text);
    await session.waitForDiagnostics((all) => (all.get(ARCH) ?? []).some((d) => d.code === 'unknown-service'));
    const d = diags(ARCH);
    assert.ok(
      d.some(
        (x) =>
          x.code === 'unknown-service' && /unknown service "ordrs" \(did you mean orders\?\)/.test(typeof x.message === 'string' ? x.message : x.message.value),
      ),
    );
    assert.ok(
      d.some(
        (x) =>
          x.code === 'missing-path' &&
          x.message === 'folder "apps/ledger" does not exist in the workspace' &&
          x.range.start.line === at(text, '"apps/ledger"').line,
      ),
    );
    await change(ARCH, POLICY);
  });

  it('hovers on a service with its folder and traffic, and on a style', async () => {
    await change(ARCH, POLICY);
    const h = (await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: ARCH },
      position: at(POLICY, 'fraud    -> payments', 0, 2),
    })) as Hover;
    const text = typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(text, /\*\*service fraud\*\*/);
    assert.match(text, /Folder: `apps\/fraud` \(declared\)/);
    assert.match(text, /sync-request-response: \*\*payments\*\*/);
    const s = (await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: ARCH },
      position: at(POLICY, 'fire-and-forget', 0, 3),
    })) as Hover;
    assert.match(typeof s.contents === 'object' && 'value' in s.contents ? s.contents.value : '', /fire-and-forget\*\* — a request whose result is ignored/);
  });

  it('goes from a service name to its declaration and its entry points', async () => {
    const locs = (await session.connection.sendRequest('textDocument/definition', {
      textDocument: { uri: ARCH },
      position: at(POLICY, 'fraud    -> payments', 0, 13),
    })) as Location[];
    assert.equal(locs[0]?.uri, ARCH);
    assert.equal(locs[0]?.range.start.line, at(POLICY, 'service payments').line);
    assert.ok(locs.some((l) => l.uri === uriOf('apps/payments/package.json')));
    assert.ok(
      locs.some((l) => l.uri.startsWith(uriOf('apps/payments/src/'))),
      JSON.stringify(locs),
    );
  });

  it('lists the statements as document symbols', async () => {
    const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: ARCH } })) as DocumentSymbol[];
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('gateway') && names.includes('shop.orders') && names.includes('deny fraud -> payments'), names.join(', '));
  });

  it('formats with aligned columns', async () => {
    await change(ARCH, 'service a   at "apps/gateway"\nservice longer at "apps/orders"\nallow a->longer event\n');
    const edits = (await session.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri: ARCH },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.newText, 'service a      at "apps/gateway"\nservice longer at "apps/orders"\nallow a -> longer event\n');
    await change(ARCH, POLICY);
  });

  it('generates the discovered architecture, pointing at the file that already exists', async () => {
    const r = (await session.connection.sendRequest('switchboard/generateArchitecture', {})) as { text: string; suggestedUri: string; existingUri?: string };
    assert.match(r.text, /^service gateway\s+at "apps\/gateway"$/m);
    assert.match(r.text, /^allow fraud\s+-> payments\s+sync-request-response$/m);
    assert.equal(r.suggestedUri, ARCH);
    assert.equal(r.existingUri, ARCH);
  });

  it('says when a .switchboard file is not the one the folder is checked against', async () => {
    const other = uriOf('apps/orders/notes.switchboard');
    await open(other, 'allow x -> y event\n');
    await session.waitForDiagnostics((all) => (all.get(other) ?? []).some((d) => d.code === 'not-checked'));
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: other } });
  });
});
