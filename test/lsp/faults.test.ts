/**
 * Faults the language server must survive, on generated workspaces (scripts/bench/generate.ts):
 * - a `$/cancelRequest` for switchboard/graph ends the wait for an analysis at once;
 * - an edit that arrives while an analysis runs supersedes it: the stale diagnostics are never published;
 * - bursts of edits on several files (removing the cause of a diagnostic, deleting a file) end with
 *   exactly the diagnostics a fresh CLI analysis of the final contents gives;
 * - a server killed (SIGKILL) in the middle of an analysis leaves a cache the next server starts
 *   from: faster than cold, with the same diagnostics;
 * - the CLI interrupted (SIGINT) in a cold analysis stops at once and leaves a usable cache.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generate, type Generated } from '../../scripts/bench/generate';
import { analyze, type AnalysisOptions } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/model';
import { type LspSession, REPO, startSession } from './helpers/client';

/** `file:line:rule` for each finding of a fresh analysis. */
function findingKeys(findings: readonly Pick<Finding, 'file' | 'line' | 'rule'>[]): string[] {
  return [...new Set(findings.map((f) => `${f.file}:${f.line}:${f.rule}`))].sort();
}

/** The same keys for what the server published (non-empty diagnostics per URI). */
function diagnosticKeys(root: string, all: Map<string, Diagnostic[]>): string[] {
  const out = new Set<string>();
  for (const [uri, list] of all) {
    const rel = path.relative(root, fileURLToPath(uri)).split(path.sep).join('/');
    for (const d of list) out.add(`${rel}:${d.range.start.line + 1}:${String(d.code)}`);
  }
  return [...out].sort();
}

/** Log lines (window/logMessage) of a session, as they come. */
function captureLog(session: LspSession): string[] {
  const lines: string[] = [];
  session.connection.onNotification('window/logMessage', (p: { message: string }) => void lines.push(p.message));
  return lines;
}

/** Resolves when `predicate` holds, checked on every log line and status, or rejects at the deadline. */
function until(predicate: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      if (predicate()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`${what}: not within ${timeoutMs} ms`));
      // the conditions are on log lines, statuses and files the test cannot subscribe to one by one: a slow tick
      setTimeout(check, 50);
    };
    check();
  });
}

/** Waits until the published diagnostics are exactly `expected`; on failure says what is missing and what is stale. */
async function settlesTo(session: LspSession, root: string, expected: string[]): Promise<void> {
  let last = '[]';
  await session
    .waitForDiagnostics((all) => {
      last = JSON.stringify(diagnosticKeys(root, all));
      return last === JSON.stringify(expected);
    }, 120_000)
    .catch((e: unknown) => {
      const got = JSON.parse(last) as string[];
      const missing = expected.filter((k) => !got.includes(k));
      const extra = got.filter((k) => !expected.includes(k));
      throw new Error(
        `${String(e).slice(0, 200)}\nmissing (${missing.length}): ${missing.slice(0, 8).join(', ')}\nstale (${extra.length}): ${extra.slice(0, 8).join(', ')}`,
      );
    });
}

/** Milliseconds of the first analysis ("analysed … in N ms", or "superseded … after N ms"). */
function firstRunMillis(log: string[]): number {
  for (const l of log) {
    const m = / analysed .* in (\d+) ms$/.exec(l) ?? / superseded by a newer change after (\d+) ms/.exec(l);
    if (m) return Number(m[1]);
  }
  return NaN;
}

/**
 * A generated workspace and an empty cache folder for one describe block, removed after it; with
 * `serverCache`, the servers the block spawns inherit that cache (SWITCHBOARD_CACHE_DIR).
 */
function scratch(lines: number, seed: number, serverCache: boolean): { g: Generated; cache: string } {
  const w = {} as { g: Generated; cache: string };
  let saved: string | undefined;
  before(() => {
    w.g = generate({ lines, seed });
    w.cache = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-faults-cache-'));
    saved = process.env.SWITCHBOARD_CACHE_DIR;
    if (serverCache) process.env.SWITCHBOARD_CACHE_DIR = w.cache;
  });
  after(() => {
    if (saved === undefined) delete process.env.SWITCHBOARD_CACHE_DIR;
    else process.env.SWITCHBOARD_CACHE_DIR = saved;
    fs.rmSync(w.g.root, { recursive: true, force: true });
    fs.rmSync(w.cache, { recursive: true, force: true });
  });
  return w;
}

describe('server faults on a large workspace: cancel, supersede, kill', () => {
  // large enough that the cold analysis takes seconds (edits and kills land inside it)
  const w = scratch(40_000, 21, true);

  it('cancels a graph request waiting for the analysis, and an edit during the analysis supersedes it; then a SIGKILL mid-analysis and a restart from the cache', async () => {
    const base: AnalysisOptions = { workers: 0 };
    const fresh = analyze(w.g.root, base);
    // the file with the most findings: the edit empties it while the first analysis runs
    const counts = new Map<string, number>();
    for (const f of fresh.findings) if (f.file.endsWith('.ts')) counts.set(f.file, (counts.get(f.file) ?? 0) + 1);
    const target = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const targetUri = pathToFileURL(path.join(w.g.root, target)).href;
    const emptied = 'export {};\n';

    const a = await startSession(w.g.root);
    let killed = false;
    let coldMs = NaN;
    try {
      const log = captureLog(a);
      const publishes: { uri: string; count: number; afterEdit: boolean }[] = [];
      let edited = false;
      a.onPublish((uri, diagnostics) => void publishes.push({ uri, count: diagnostics.length, afterEdit: edited }));
      let analysing = 0;
      let ready = 0;
      a.connection.onNotification('switchboard/status', (p: { state: string }) => {
        if (p.state === 'analysing') analysing++;
        if (p.state === 'ready') ready++;
      });

      // 1. cancellation: the graph request waits for the first analysis; cancelling it answers at once
      const source = new CancellationTokenSource();
      const asked = Date.now();
      const graph = a.connection.sendRequest('switchboard/graph', {}, source.token);
      source.cancel();
      const answer = await graph.then(
        () => 'answered',
        (e: unknown) => e,
      );
      assert.ok(answer instanceof ResponseError, `the cancelled request is answered with an error, not ${String(answer)}`);
      assert.equal(answer.code, -32800, 'RequestCancelled');
      assert.equal(ready, 0, `cancelled before the analysis finished (${Date.now() - asked} ms)`);

      // 2. supersede: once the analysis has started, the user empties the file with the most findings
      await until(() => analysing > 0, 'the first analysis starts');
      // fault injection: land the edit inside the (seconds-long) cold analysis, not before it
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(ready, 0, 'the edit is sent while the first analysis runs');
      edited = true;
      await a.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: targetUri, languageId: 'typescript', version: 1, text: emptied } });
      const expected = findingKeys(analyze(w.g.root, { ...base, overlays: new Map([[target, emptied]]) }).findings);
      await settlesTo(a, w.g.root, expected);
      const stale = publishes.filter((p) => p.uri === targetUri && p.count > 0);
      assert.deepEqual(stale, [], 'the emptied file never got the diagnostics of its old content');
      assert.ok(
        log.some((l) => /superseded by a newer change/.test(l)),
        `the first analysis was superseded (log: ${log.filter((l) => /analys/.test(l)).join(' | ')})`,
      );
      coldMs = firstRunMillis(log);

      // 3. kill: wait until the facts cache is written, start a full analysis (a manifest edit) and SIGKILL the server in it
      const cacheFiles = (): string[] =>
        fs.existsSync(w.cache)
          ? fs.readdirSync(w.cache).flatMap((d) => (fs.statSync(path.join(w.cache, d)).isDirectory() ? fs.readdirSync(path.join(w.cache, d)) : []))
          : [];
      await until(() => cacheFiles().includes('facts.ndjson'), 'the facts cache is written');
      const composeUri = pathToFileURL(path.join(w.g.root, 'docker-compose.yml')).href;
      const compose = fs.readFileSync(path.join(w.g.root, 'docker-compose.yml'), 'utf8');
      const before = analysing;
      await a.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: composeUri, languageId: 'yaml', version: 1, text: compose.replace(/_URL: "http:\/\//, '_URL: "http://nowhere.example.com/') },
      });
      await until(() => analysing > before, 'the manifest edit starts an analysis');
      const pid = a.process.pid!;
      const exited = new Promise<NodeJS.Signals | null>((resolve) => a.process.once('exit', (_code, signal) => resolve(signal)));
      process.kill(pid, 'SIGKILL');
      killed = true;
      assert.equal(await exited, 'SIGKILL');
    } finally {
      if (!killed) await a.stop();
      else a.connection.dispose();
    }

    // 4. a new server starts from the cache the killed one left: faster than cold, same diagnostics as a fresh analysis of the disk
    const b = await startSession(w.g.root);
    try {
      const log = captureLog(b);
      const expected = findingKeys(fresh.findings);
      await settlesTo(b, w.g.root, expected);
      await until(() => Number.isFinite(firstRunMillis(log)), 'the first analysis is logged');
      const warmMs = firstRunMillis(log);
      assert.ok(!log.some((l) => /cache not used|could not be read/.test(l)), `the cache was usable: ${log.filter((l) => /cache/.test(l)).join(' | ')}`);
      assert.ok(warmMs < coldMs, `the restarted server's first analysis (${warmMs} ms) is faster than the cold one (${coldMs} ms)`);
      console.log(`# cold first analysis ${coldMs} ms; after SIGKILL, restart from the cache ${warmMs} ms`);
    } finally {
      await b.stop();
    }
  });
});

describe('concurrent edits never leave stale diagnostics', () => {
  const w = scratch(6000, 33, true);

  it('bursts of didChange on several files, a removed cause and a deleted file end with the CLI result of the final files', async () => {
    const s = await startSession(w.g.root);
    try {
      await s.nextReady(120_000);
      const initial = analyze(w.g.root, { workers: 0 });
      const withFindings = [...new Set(initial.findings.map((f) => f.file))].filter((f) => f.endsWith('.ts'));
      assert.ok(withFindings.length >= 3, 'the workspace has findings in several files');
      await s.waitForDiagnostics((all) => JSON.stringify(diagnosticKeys(w.g.root, all)) === JSON.stringify(findingKeys(initial.findings)), 120_000);

      const texts = new Map<string, string>();
      const versions = new Map<string, number>();
      const read = (rel: string): string => texts.get(rel) ?? fs.readFileSync(path.join(w.g.root, rel), 'utf8');
      const uri = (rel: string): string => pathToFileURL(path.join(w.g.root, rel)).href;
      const change = (rel: string, text: string): void => {
        const v = (versions.get(rel) ?? 0) + 1;
        versions.set(rel, v);
        texts.set(rel, text);
        if (v === 1)
          void s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'typescript', version: 1, text } });
        else void s.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version: v }, contentChanges: [{ text }] });
      };
      // the edits the generator offers (URLs and topics that change what resolves), each file several times, no waiting
      const sites = w.g.edits.filter((e) => e.kind === 'url' || e.kind === 'topic').slice(0, 5);
      let n = 0;
      for (let round = 0; round < 3; round++) {
        for (const site of sites) {
          const text = read(site.file);
          const next = text.includes(site.find) ? text.replace(site.find, site.replace.replace('{n}', String(++n))) : text + `\n// round ${round}\n`;
          change(site.file, next);
        }
      }
      // the cause of a diagnostic removed: a file with findings becomes an empty module
      const removed = withFindings.find((f) => !sites.some((x) => x.file === f))!;
      change(removed, read(removed).replace(/[^]*/, 'export {};\n'));
      // a file with findings deleted on disk while the analysis goes on
      const deleted = withFindings.find((f) => f !== removed && !sites.some((x) => x.file === f))!;
      fs.rmSync(path.join(w.g.root, deleted));
      void s.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(deleted), type: 3 }] });
      // one more burst right after
      for (const site of sites.slice(0, 2)) change(site.file, read(site.file) + '\n// last\n');

      // the final contents on disk, analysed by the CLI
      for (const [rel, text] of texts) fs.writeFileSync(path.join(w.g.root, rel), text);
      const cli = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'analyze', w.g.root, '--format', 'json', '--no-cache'], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      assert.equal(cli.status, 0, cli.stderr);
      const expected = findingKeys((JSON.parse(cli.stdout) as { findings: Finding[] }).findings);
      assert.ok(
        !expected.some((k) => k.startsWith(`${removed}:`) || k.startsWith(`${deleted}:`)),
        'the final files have no findings in the emptied and deleted files',
      );
      await settlesTo(s, w.g.root, expected);
      assert.deepEqual(s.diagnostics.get(uri(deleted)) ?? [], [], 'the deleted file has no diagnostics left');
      assert.deepEqual(s.diagnostics.get(uri(removed)) ?? [], [], 'the emptied file has no diagnostics left');
    } finally {
      await s.stop();
    }
  });
});

describe('the CLI interrupted', () => {
  const w = scratch(40_000, 8, false);

  it('SIGINT in the middle of a cold analysis ends it promptly, by the signal (130 in a shell), and leaves a usable cache', async () => {
    const cli = path.join(REPO, 'dist', 'cli.js');
    const child = spawn(process.execPath, [cli, 'analyze', w.g.root, '--format', 'json', '--cache-dir', w.cache], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    // fault injection: interrupt well inside the cold analysis (it takes seconds at this size)
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(child.exitCode, null, 'still analysing when interrupted');
    const sent = Date.now();
    child.kill('SIGINT');
    const { code, signal, at } = await exited;
    assert.ok(signal === 'SIGINT' || code === 130, `ended by the interrupt (code ${code}, signal ${signal})`);
    assert.ok(at - sent < 2000, `promptly (${at - sent} ms)`);
    assert.equal(out, '', 'no half-written output');
    // the next run (same cache folder) gives the result of a run without a cache
    const again = spawnSync(process.execPath, [cli, 'analyze', w.g.root, '--format', 'json', '--cache-dir', w.cache], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const plain = spawnSync(process.execPath, [cli, 'analyze', w.g.root, '--format', 'json', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(again.status, 0, again.stderr);
    const strip = (text: string): string => {
      const r = JSON.parse(text) as { stats?: unknown; messages?: unknown };
      delete r.stats;
      return JSON.stringify(r);
    };
    assert.equal(strip(again.stdout), strip(plain.stdout), 'the run after the interrupt is correct');
  });
});
