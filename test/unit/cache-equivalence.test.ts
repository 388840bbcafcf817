/**
 * The speed machinery never changes a result: on generated workspaces, an analysis is the same with
 * and without the persistent cache (cold, warm, after a change on disk), with and without worker
 * threads, and after incremental edits in a session versus a fresh analysis of the same files.
 * A corrupted, truncated or old-version cache is discarded and rebuilt; nothing is written into the
 * analysed folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate, type Generated } from '../../scripts/bench/generate';
import { analyze, type AnalysisOptions } from '../../server/src/analysis/analyze';
import { FactsStore } from '../../server/src/analysis/cache/facts-store';
import { CACHE_FORMAT_VERSION } from '../../server/src/analysis/cache/location';
import type { AnalysisResult } from '../../server/src/analysis/model';
import { AnalysisSession } from '../../server/src/analysis/session';

/** A result without its timing, as comparable text. */
function norm(r: AnalysisResult): string {
  return JSON.stringify({ ...r, stats: { ...r.stats, millis: 0 } });
}

/** Every file under a folder with its content, to prove the analysis wrote nothing there. */
function snapshot(root: string): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push(`${path.relative(root, abs)}:${fs.statSync(abs).size}`);
    }
  };
  walk(root);
  return out.join('\n');
}

/** First `n` lines of a diff between two results, for a readable failure. */
function firstDifference(a: AnalysisResult, b: AnalysisResult): string {
  for (const k of Object.keys(a) as (keyof AnalysisResult)[]) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (k !== 'stats' && x !== y) {
      if (Array.isArray(a[k]) && Array.isArray(b[k])) {
        const xs = (a[k] as unknown[]).map((v) => JSON.stringify(v));
        const ys = new Set((b[k] as unknown[]).map((v) => JSON.stringify(v)));
        const only = xs.filter((v) => !ys.has(v)).slice(0, 2);
        return `${k} differs (${xs.length} vs ${ys.size}); e.g. ${only.join(' | ').slice(0, 600)}`;
      }
      return `${k} differs`;
    }
  }
  return 'same';
}

function assertSame(actual: AnalysisResult, expected: AnalysisResult, what: string): void {
  assert.ok(norm(actual) === norm(expected), `${what}: ${firstDifference(actual, expected)} / ${firstDifference(expected, actual)}`);
}

describe('results with and without the cache', () => {
  let g: Generated;
  let cacheDir: string;
  before(() => {
    g = generate({ lines: 4000, seed: 11 });
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cache-test-'));
  });
  after(() => {
    fs.rmSync(g.root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('cold, warm and partly changed runs match a run without cache; nothing is written into the workspace', () => {
    const files = snapshot(g.root);
    const fresh = analyze(g.root, { workers: 0 });
    assert.ok(fresh.interactions.length > 10);
    const cold = analyze(g.root, { cache: cacheDir, workers: 0 });
    assertSame(cold, fresh, 'cold');
    assert.ok(fs.readdirSync(cacheDir).length > 0, 'the cache was written');
    const warm = analyze(g.root, { cache: cacheDir, workers: 0 });
    assertSame(warm, fresh, 'warm');
    // one file changed on disk: its facts are extracted again, the others come from the cache
    const site = g.edits.find((e) => e.kind === 'url' || e.kind === 'topic')!;
    const abs = path.join(g.root, site.file);
    const original = fs.readFileSync(abs, 'utf8');
    try {
      fs.writeFileSync(abs, original.replace(site.find, site.replace.replace('{n}', '1')));
      const partly = analyze(g.root, { cache: cacheDir, workers: 0 });
      const changedFresh = analyze(g.root, { workers: 0 });
      assert.ok(norm(changedFresh) !== norm(fresh), 'the edit changes the result');
      assertSame(partly, changedFresh, 'after a change on disk');
    } finally {
      fs.writeFileSync(abs, original);
    }
    assertSame(analyze(g.root, { cache: cacheDir, workers: 0 }), fresh, 'after the change was undone');
    assert.equal(snapshot(g.root), files, 'the workspace is unchanged');
  });

  it('worker threads give the same result as extraction on the main thread', () => {
    assertSame(analyze(g.root, { workers: 2 }), analyze(g.root, { workers: 0 }), 'workers');
  });

  it('a corrupted, truncated or old-version cache is discarded and rebuilt', () => {
    const fresh = analyze(g.root, { workers: 0 });
    analyze(g.root, { cache: cacheDir, workers: 0 });
    const factsFile = path.join(cacheDir, 'facts.ndjson');
    const resultFile = path.join(cacheDir, 'result.json');
    const damage: [string, (text: string) => string][] = [
      ['garbage', () => 'not a cache at all'],
      ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
      ['flipped byte', (t) => t.slice(0, t.length - 10) + (t[t.length - 10] === 'a' ? 'b' : 'a') + t.slice(t.length - 9)],
      ['old version', (t) => t.replace(`"format":${CACHE_FORMAT_VERSION}`, `"format":${CACHE_FORMAT_VERSION - 1}`)],
      ['another engine', (t) => t.replace(/"engine":"[0-9a-f]+"/, '"engine":"0000"')],
    ];
    for (const [what, hurt] of damage) {
      // a damaged result is recomputed; damaged facts (with no result to fall back on) are extracted again
      for (const file of [resultFile, factsFile]) {
        fs.writeFileSync(file, hurt(fs.readFileSync(file, 'utf8')));
        if (file === factsFile) fs.rmSync(resultFile);
        assertSame(analyze(g.root, { cache: cacheDir, workers: 0 }), fresh, `${what} ${path.basename(file)}`);
        for (const f of [resultFile, factsFile]) {
          const text = fs.readFileSync(f, 'utf8');
          const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { format: number };
          assert.equal(header.format, CACHE_FORMAT_VERSION, `${what}: ${path.basename(f)} rewritten`);
        }
      }
    }
  });

  it('a cache folder that is a file, cannot be written, or holds folders where its files go: same result, one message, rebuilt once usable', () => {
    const fresh = analyze(g.root, { workers: 0 });
    const withoutMessages = (r: AnalysisResult): string => norm({ ...r, messages: [] });
    const cacheMessages = (r: AnalysisResult): string[] => r.messages.filter((m) => /cache/.test(m.message)).map((m) => m.message);
    const spot = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cache-fault-'));
    try {
      const asFile = path.join(spot, 'a-file');
      fs.writeFileSync(asFile, 'not a folder');
      const blocked = path.join(spot, 'blocked');
      // the cache's own files are folders: reading them fails, and so does renaming a new file onto them
      fs.mkdirSync(path.join(blocked, 'facts.ndjson'), { recursive: true });
      fs.mkdirSync(path.join(blocked, 'result.json'), { recursive: true });
      const cases: [string, string][] = [
        ['the cache folder is a file', asFile],
        ['the cache files are folders', blocked],
      ];
      if (process.getuid?.() !== 0) {
        // root writes anywhere, so an unwritable folder can only be tried as another user
        const readOnly = path.join(spot, 'read-only');
        fs.mkdirSync(readOnly);
        fs.chmodSync(readOnly, 0o500);
        cases.push(['the cache folder cannot be written', readOnly]);
      }
      for (const [what, dir] of cases) {
        const r = analyze(g.root, { cache: dir, workers: 0 });
        assert.equal(withoutMessages(r), withoutMessages(fresh), `${what}: the result is the one without a cache`);
        const said = cacheMessages(r);
        assert.equal(said.length, 1, `${what}: exactly one message about the cache (got ${JSON.stringify(said)})`);
        assert.match(said[0]!, /^cache not used: /);
        assert.equal(r.messages.length, fresh.messages.length + 1, `${what}: no other message`);
      }
      // once the folder can be used, the cache is built and used again
      fs.rmSync(asFile);
      fs.rmSync(blocked, { recursive: true });
      for (const dir of [asFile, blocked]) {
        assertSame(analyze(g.root, { cache: dir, workers: 0 }), fresh, 'rebuilt');
        assert.ok(fs.statSync(path.join(dir, 'facts.ndjson')).isFile() && fs.statSync(path.join(dir, 'result.json')).isFile(), 'both cache files written');
        assertSame(analyze(g.root, { cache: dir, workers: 0 }), fresh, 'warm from the rebuilt cache');
      }
    } finally {
      fs.rmSync(spot, { recursive: true, force: true });
    }
  });

  it('the server session writes through a cache that cannot be written without failing, and says so once', () => {
    const spot = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cache-fault-'));
    const saved = process.env.SWITCHBOARD_CACHE_DIR;
    try {
      const asFile = path.join(spot, 'home-is-a-file');
      fs.writeFileSync(asFile, 'x');
      process.env.SWITCHBOARD_CACHE_DIR = asFile;
      const session = new AnalysisSession(g.root);
      assertSame(session.run({ workers: 0 }), analyze(g.root, { workers: 0 }), 'session result');
      assert.match(session.save() ?? '', /facts cache could not be written/);
      assert.equal(session.save(), undefined, 'told once');
    } finally {
      if (saved === undefined) delete process.env.SWITCHBOARD_CACHE_DIR;
      else process.env.SWITCHBOARD_CACHE_DIR = saved;
      fs.rmSync(spot, { recursive: true, force: true });
    }
  });

  it('the cache refuses a folder inside the analysed workspace', () => {
    const files = snapshot(g.root);
    assert.throws(() => FactsStore.open(g.root, path.join(g.root, '.switchboard-cache')), /inside the analysed folder/);
    const r = analyze(g.root, { cache: path.join(g.root, '.switchboard-cache'), workers: 0 });
    assert.ok(r.messages.some((m) => /cache not used/.test(m.message)));
    assert.equal(snapshot(g.root), files);
  });
});

describe('incremental edits versus a fresh analysis', () => {
  let g: Generated;
  before(() => {
    g = generate({ lines: 4000, seed: 5 });
  });
  after(() => {
    fs.rmSync(g.root, { recursive: true, force: true });
  });

  it('each edit kind (URL, topic, new handler, deleted and recreated file, new server start, manifest) gives the fresh result', () => {
    const session = new AnalysisSession(g.root, false);
    const base: AnalysisOptions = { workers: 0 };
    assertSame(session.run(base), analyze(g.root, base), 'first run');
    const overlays = new Map<string, string>();
    let previous = norm(session.result!);
    const check = (what: string, expectKind?: 'incremental' | 'full', changes = true): void => {
      const options = { ...base, overlays: new Map(overlays) };
      const got = session.run(options);
      assertSame(got, analyze(g.root, options), what);
      // every step changes the result, so agreeing with the fresh analysis is not agreeing on nothing
      if (changes) assert.ok(norm(got) !== previous, `${what} changed nothing`);
      previous = norm(got);
      if (expectKind) assert.equal(session.lastRun?.kind, expectKind, `${what}: ${session.lastRun?.reason ?? ''}`);
    };
    const read = (rel: string): string => fs.readFileSync(path.join(g.root, rel), 'utf8');
    const edit = (rel: string, text: string): void => {
      overlays.set(rel, text);
      session.note({ kind: 'changed', file: rel });
    };
    let n = 0;
    for (const site of g.edits.filter((e) => e.kind === 'url' || e.kind === 'topic' || e.kind === 'handler').slice(0, 6)) {
      const text = overlays.get(site.file) ?? read(site.file);
      edit(site.file, site.kind === 'handler' ? text.replace(site.find, site.replace) : text.replace(site.find, site.replace.replace('{n}', String(++n))));
      check(`${site.kind} edit in ${site.file}`, 'incremental');
      // a URL or topic changes inside a function body: the call graph is carried over, not rebuilt
      if (site.kind !== 'handler') assert.equal(session.lastRun?.carried, true, `${site.kind} edit carried the call graph`);
      overlays.delete(site.file);
      session.note({ kind: 'changed', file: site.file });
      check(`${site.kind} edit undone (buffer closed)`, 'incremental');
    }
    // edits whose effect crosses services: a call now aimed at another service, a route others call
    // removed, a consumed topic renamed on the consumer's side, a published subject renamed
    const crossService: [string, string, string, string][] = [
      ['a URL now points at another service', 'services/orders/src/clients/payments.client.ts', '${config.paymentsUrl}/api/profiles/9', '${config.billingUrl}/api/profiles/9'],
      ['an endpoint others call is deleted', 'services/payments/src/routes/profile.routes.ts', "router.delete('/profiles/:id'", "void ('/profiles/:id'"],
      ['a consumed topic is renamed by its consumer', 'services/customers/src/controllers/session.controller.ts', "@MessagePattern('session.get')", "@MessagePattern('session.fetch')"],
      ['a published subject is renamed', 'services/payments/src/events/nats-1.publisher.ts', "'payments.route.deleted-1'", "'payments.route.removed-1'"],
    ];
    for (const [what, file, find, replace] of crossService) {
      const text = read(file);
      assert.ok(text.includes(find), `${what}: the generated ${file} has ${find}`);
      edit(file, text.replace(find, replace));
      check(what, 'incremental');
      overlays.delete(file);
      session.note({ kind: 'changed', file });
      check(`${what}, undone`, 'incremental');
    }
    // shared code runs in the services whose code calls it: a call to a shared helper added inside
    // a function body (the call graph carried over) moves the helper's own call to that service alone
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(g.root, rel)), { recursive: true });
      fs.writeFileSync(path.join(g.root, rel), text);
    };
    const kitIndex = 'libs/http-kit/src/index.ts';
    const kitIndexText = read(kitIndex);
    write('libs/http-kit/src/ping.ts', `import axios from 'axios';\n\nexport async function ping(): Promise<void> {\n  await axios.get('http://payments:3000/api/ping', { timeout: 1000 });\n}\n`);
    write(kitIndex, `${kitIndexText}export { ping } from './ping';\n`);
    const users = ['services/orders/src/ping-use.ts', 'services/billing/src/ping-use.ts'];
    const idle = `import { ping } from '@bench/http-kit';\n\nexport async function usePing(): Promise<boolean> {\n  return typeof ping === 'function';\n}\n`;
    for (const u of users) write(u, idle);
    for (const f of ['libs/http-kit/src/ping.ts', ...users]) session.note({ kind: 'created', file: f });
    session.note({ kind: 'changed', file: kitIndex });
    check('a shared helper imported by two services', 'incremental');
    edit(users[0]!, idle.replace("return typeof ping === 'function';", 'await ping();\n  return true;'));
    check('one service calls the shared helper', 'incremental');
    assert.equal(session.lastRun?.carried, true, 'a call added inside a body carries the call graph');
    overlays.delete(users[0]!);
    session.note({ kind: 'changed', file: users[0]! });
    check('the call removed again', 'incremental');
    for (const u of users) fs.rmSync(path.join(g.root, u));
    fs.rmSync(path.join(g.root, 'libs/http-kit/src/ping.ts'));
    write(kitIndex, kitIndexText);
    for (const f of ['libs/http-kit/src/ping.ts', ...users]) session.note({ kind: 'deleted', file: f });
    session.note({ kind: 'changed', file: kitIndex });
    check('the shared helper removed', 'incremental');
    // a publish through a base class is bound per call site on a typed receiver: a site added and
    // removed inside a body (the call graph carried over) moves the binding
    const publisherFile = 'services/payments/src/events/paymentsRouteDeleted1.publisher.ts';
    const publisherClass = /export class (\w+) extends Publisher/.exec(read(publisherFile))?.[1];
    assert.ok(publisherClass, `${publisherFile} declares a publisher class`);
    const teller = 'services/payments/src/events/tell.ts';
    const quiet = `import { ${publisherClass} } from './paymentsRouteDeleted1.publisher';\n\nexport async function tell(p: ${publisherClass}): Promise<boolean> {\n  return p !== undefined;\n}\n`;
    write(teller, quiet);
    session.note({ kind: 'created', file: teller });
    check('a function taking a publisher', 'incremental', false);
    edit(teller, quiet.replace('return p !== undefined;', "await p.publish({ id: 'x' });\n  return true;"));
    check('it publishes', 'incremental');
    assert.equal(session.lastRun?.carried, true, 'a publish added inside a body carries the call graph');
    overlays.delete(teller);
    session.note({ kind: 'changed', file: teller });
    check('it publishes no more', 'incremental');
    fs.rmSync(path.join(g.root, teller));
    session.note({ kind: 'deleted', file: teller });
    check('the function removed', 'incremental', false);
    // a deleted file and its return
    const del = g.edits.find((e) => e.kind === 'delete')!;
    const abs = path.join(g.root, del.file);
    const saved = fs.readFileSync(abs, 'utf8');
    fs.rmSync(abs);
    session.note({ kind: 'deleted', file: del.file });
    check('file deleted', 'incremental');
    fs.writeFileSync(abs, saved);
    session.note({ kind: 'created', file: del.file });
    check('file recreated', 'incremental');
    // a source deleted or created beside other code: placed without listing, discovery kept
    const placed = (what: string, rediscovered: boolean): void => {
      assert.equal(session.lastRun?.listed, false, `${what}: not listed again`);
      assert.equal(session.lastRun?.rediscovered, rediscovered, `${what}: rediscovered`);
    };
    placed('file deleted and recreated', false);
    const probe = 'services/orders/src/clients/probe.client.ts';
    fs.writeFileSync(path.join(g.root, probe), `export async function probe(): Promise<Response> {\n  return fetch('http://payments:3000/api/no-such-route');\n}\n`);
    session.note({ kind: 'created', file: probe });
    check('a new source beside others', 'incremental');
    placed('a new source beside others', false);
    const probeTest = 'services/orders/src/clients/probe.client.test.ts';
    fs.writeFileSync(path.join(g.root, probeTest), `import { probe } from './probe.client';\ndescribe('probe', () => it('calls', () => probe()));\n`);
    session.note({ kind: 'created', file: probeTest });
    check('a new test file (not analysed)', 'incremental', false);
    placed('a new test file', false);
    fs.rmSync(path.join(g.root, probe));
    fs.rmSync(path.join(g.root, probeTest));
    session.note({ kind: 'deleted', file: probe });
    session.note({ kind: 'deleted', file: probeTest });
    check('the new source and its test deleted', 'incremental');
    placed('the new source and its test deleted', false);
    // a package with a Dockerfile is a service once it holds code: its first file rediscovers, as does its last
    const solo = 'services/solo';
    fs.mkdirSync(path.join(g.root, solo, 'src'), { recursive: true });
    fs.writeFileSync(path.join(g.root, solo, 'package.json'), JSON.stringify({ name: 'solo', version: '1.0.0' }));
    fs.writeFileSync(path.join(g.root, solo, 'Dockerfile'), 'FROM node:20\nCMD ["node", "dist/index.js"]\n');
    session.note({ kind: 'created', file: `${solo}/package.json` });
    session.note({ kind: 'created', file: `${solo}/Dockerfile` });
    check('a package with a Dockerfile and no code', 'full', false);
    const soloFile = `${solo}/src/index.ts`;
    fs.writeFileSync(path.join(g.root, soloFile), `export function tick(n: number): number {\n  return n + 1;\n}\n`);
    session.note({ kind: 'created', file: soloFile });
    check('its first source file', 'incremental');
    placed('its first source file', true);
    assert.ok(session.result!.services.some((x) => x.name === 'solo'), 'the package is a service now');
    fs.rmSync(path.join(g.root, soloFile));
    session.note({ kind: 'deleted', file: soloFile });
    check('its last source file deleted', 'incremental');
    placed('its last source file deleted', true);
    fs.rmSync(path.join(g.root, solo), { recursive: true, force: true });
    session.note({ kind: 'deleted', file: solo });
    check('the package deleted', 'full', false);
    // a new file that starts a server: discovery runs again
    const extra = 'services/new-one/src/main.ts';
    fs.mkdirSync(path.dirname(path.join(g.root, extra)), { recursive: true });
    fs.writeFileSync(
      path.join(g.root, extra),
      `import express from 'express';\nconst app = express();\napp.get('/x', (_q, r) => r.end());\napp.listen(3999);\n`,
    );
    session.note({ kind: 'created', file: extra });
    check('a server start in a new file');
    // a manifest: a full run
    const composeText = read('docker-compose.yml');
    // a callee's address moves to a host that is not a service: the gateway's calls to it no longer resolve
    edit('docker-compose.yml', composeText.replace(/_URL: "http:\/\//, '_URL: "http://nowhere.example.com/'));
    check('compose edited', 'full');
    overlays.delete('docker-compose.yml');
    session.note({ kind: 'changed', file: 'docker-compose.yml' });
    fs.rmSync(path.join(g.root, 'services/new-one'), { recursive: true, force: true });
    session.note({ kind: 'deleted', file: extra });
    check('back to the start');
    assertSame(session.result!, analyze(g.root, base), 'final');
  });
});
