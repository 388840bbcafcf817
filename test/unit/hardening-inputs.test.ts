/**
 * Hostile and broken input (issue 10): syntax errors, huge, minified and binary files, invalid
 * UTF-8, nesting deep enough to overflow a recursive walk, symbolic link loops, unreadable
 * folders, files deleted during the analysis, hostile names. Each workspace is generated here;
 * the analysis of everything else completes and each skipped file is reported exactly once.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { AnalysisResult } from '../../server/src/analysis/model';
import { toJson } from '../../server/src/analysis/report/json';
import { contractProblems } from './helpers/contract';
import { edges, pkg, writeWorkspace } from './helpers/workspace';

const REPO = path.join(__dirname, '..', '..');
const roots: string[] = [];
after(() => {
  for (const r of roots) {
    fs.chmodSync(r, 0o755);
    fs.rmSync(r, { recursive: true, force: true });
  }
});

/** Two services: gateway calls orders over HTTP, plus the hostile files given. */
function workspace(extra: Record<string, string> = {}): string {
  const root = writeWorkspace({
    'orders/package.json': pkg('orders', ['express']),
    'orders/src/main.ts': "import express from 'express';\nconst app = express();\napp.get('/api/orders', (_req, res) => res.json([]));\napp.listen(3000);\n",
    'gateway/package.json': pkg('gateway', ['axios', 'express']),
    'gateway/src/main.ts': "import express from 'express';\nconst app = express();\napp.listen(8080);\n",
    'gateway/src/client.ts': "import axios from 'axios';\nexport async function orders() {\n  return (await axios.get('http://orders:3000/api/orders', { timeout: 1000 })).data;\n}\n",
    ...extra,
  });
  roots.push(root);
  return root;
}

/** The messages about one file. */
function about(model: AnalysisResult, file: string): string[] {
  return model.messages.filter((m) => m.file === file).map((m) => m.message);
}

/** The analysis still found the one good interaction, and its JSON keeps the contract. */
function assertRestAnalysed(model: AnalysisResult): void {
  assert.ok(edges(model).includes('gateway -sync-request-response-> orders'), `the good files are analysed: ${edges(model).join(', ')}`);
  assert.deepEqual(contractProblems(JSON.parse(toJson(model))), []);
}

/** No file is named by more than one message. */
function assertReportedOnce(model: AnalysisResult): void {
  const count = new Map<string, number>();
  for (const m of model.messages) if (m.file) count.set(m.file, (count.get(m.file) ?? 0) + 1);
  for (const [file, n] of count) assert.equal(n, 1, `${file} is reported ${n} times: ${about(model, file).join(' | ')}`);
}

describe('hardening: broken code', () => {
  it('syntax errors everywhere and half-typed code: one message per file, the rest analysed', () => {
    const root = workspace({
      'gateway/src/half.ts': "import axios from 'axios';\nexport async function f() {\n  await axios.get(`http://orders:3000/api/${",
      'gateway/src/garbage.ts': ')))}}}]]] => => ?? ?. @@ # export import from from ;;; <<<>>> class class {',
      'gateway/src/unclosed.ts': "export class A {\n  async f() {\n    const x = { a: [1, 2, (3\n    if (",
      'orders/src/typing.ts': "import express from 'express';\nconst r = express.Router();\nr.post('/api/x', async (req, res) => { res.json(await fetch(",
      'orders/src/only-keywords.ts': 'async await yield function class extends new delete typeof void\n',
    });
    const model = analyze(root, { workers: 0 });
    assertRestAnalysed(model);
    for (const f of ['gateway/src/half.ts', 'gateway/src/garbage.ts', 'gateway/src/unclosed.ts', 'orders/src/typing.ts', 'orders/src/only-keywords.ts']) {
      const msgs = about(model, f);
      assert.equal(msgs.length, 1, `${f}: ${msgs.join(' | ')}`);
      assert.match(msgs[0]!, /^syntax error at \d+:\d+: .* \(analysed what could be parsed\)$/);
    }
  });
});

describe('hardening: large, minified, binary and non-UTF-8 files', () => {
  // about 3 MB of ordinary code with a request at the end
  const big = (): string => {
    const parts = ["import axios from 'axios';\n"];
    for (let i = 0; parts.length < 28_000; i++) parts.push(`export function f${i}(a: number, b: number): number {\n  return a * ${i} + b;\n}\n`);
    parts.push("export async function last() {\n  return axios.get('http://orders:3000/api/orders', { timeout: 1 });\n}\n");
    return parts.join('');
  };

  it('a file of several megabytes is skipped above switchboard.analysis.maxFileBytes, once, and analysed when the limit is raised', () => {
    const text = big();
    assert.ok(text.length > 2_000_000, `${text.length} bytes`);
    const root = workspace({ 'gateway/src/big.ts': text });
    const skipped = analyze(root, { workers: 0 });
    assertRestAnalysed(skipped);
    assertReportedOnce(skipped);
    assert.deepEqual(about(skipped, 'gateway/src/big.ts'), [
      `skipped: larger than 1000000 bytes (${text.length}); raise switchboard.analysis.maxFileBytes to include it`,
    ]);
    const started = Date.now();
    const raised = analyze(root, { workers: 0, maxFileBytes: 10_000_000 });
    const millis = Date.now() - started;
    assert.deepEqual(about(raised, 'gateway/src/big.ts'), []);
    assert.ok(raised.interactions.some((i) => i.file === 'gateway/src/big.ts'), 'the request at the end of the big file is found');
    console.log(`# ${(text.length / 1e6).toFixed(1)} MB file analysed in ${millis} ms`);
  });

  it('a minified bundle below the size limit is skipped as minified, once; one above it once, by size', () => {
    const line = 'var a=function(){return fetch("http://orders:3000/api/orders")};'.repeat(3000);
    const root = workspace({ 'gateway/src/bundle.js': line + '\n', 'gateway/src/huge-bundle.js': line.repeat(6) + '\n', 'gateway/src/vendor.min.js': line });
    const model = analyze(root, { workers: 0 });
    assertRestAnalysed(model);
    assertReportedOnce(model);
    assert.deepEqual(about(model, 'gateway/src/bundle.js'), ['skipped: minified or generated (very long lines)']);
    assert.match(about(model, 'gateway/src/huge-bundle.js').join(), /^skipped: larger than 1000000 bytes/);
    // *.min.js is left out by name, like declaration files
    assert.deepEqual(about(model, 'gateway/src/vendor.min.js'), []);
    assert.ok(!model.interactions.some((i) => /bundle|min\.js/.test(i.file)));
  });

  it('binary files named .ts and invalid UTF-8: binary skipped once, stray non-UTF-8 bytes in a comment tolerated', () => {
    const root = workspace();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151) % 256))]);
    fs.writeFileSync(path.join(root, 'gateway/src/image.ts'), png);
    // high bytes only, no NUL: not text either
    fs.writeFileSync(path.join(root, 'gateway/src/noise.ts'), Buffer.from(Array.from({ length: 4096 }, (_, i) => 0x80 + ((i * 37) % 128))));
    // a Latin-1 comment (invalid UTF-8) in otherwise good code
    const latin1 = Buffer.concat([
      Buffer.from("// r\xe9sum\xe9 caf\xe9 \xff\xfe\n", 'latin1'),
      Buffer.from("import axios from 'axios';\nexport async function g() {\n  await axios.get('http://orders:3000/api/orders', { timeout: 5 });\n}\n"),
    ]);
    fs.writeFileSync(path.join(root, 'gateway/src/latin1.ts'), latin1);
    const model = analyze(root, { workers: 0 });
    assertRestAnalysed(model);
    assertReportedOnce(model);
    assert.deepEqual(about(model, 'gateway/src/image.ts'), ['skipped: binary content']);
    assert.deepEqual(about(model, 'gateway/src/noise.ts'), ['skipped: binary content (not UTF-8 text)']);
    assert.deepEqual(about(model, 'gateway/src/latin1.ts'), []);
    assert.ok(model.interactions.some((i) => i.file === 'gateway/src/latin1.ts' && i.line === 4));
  });
});

describe('hardening: nesting deep enough to overflow a recursive walk', () => {
  const N = 20_000;
  // one token a line, so the file does not look minified and really is parsed
  const lines = (s: string): string => s.replace(/([(){}[?,+]|=>) ?/g, '$1\n');
  const shapes: Record<string, string> = {
    parentheses: `export const x = ${'('.repeat(N)}1${')'.repeat(N)};\n`,
    arrows: `export const f = ${'() => '.repeat(N)}1;\n`,
    calls: `export const c = ${'f('.repeat(N)}${')'.repeat(N)};\n`,
    arrays: `export const a = ${'['.repeat(N)}${']'.repeat(N)};\n`,
    objects: `export const o = ${'{a:'.repeat(N)}1${'}'.repeat(N)};\n`,
    blocks: `export function b() ${'{'.repeat(N)}${'}'.repeat(N)}\n`,
    ternaries: `export const t = ${'a ? b : '.repeat(N)}c;\n`,
    templates: `export const s = \`${'${`'.repeat(N)}x${'`}'.repeat(N)}\`;\n`,
    functions: `${'function g() {'.repeat(N)}fetch('http://orders:3000/api/orders');${'}'.repeat(N)}\n`,
    awaits: `export async function h() { ${'await ('.repeat(N)}fetch('http://orders:3000/api/orders')${')'.repeat(N)}; }\n`,
  };

  it('code the parser cannot take is skipped once with a message, the rest analysed', () => {
    const files = Object.fromEntries(Object.entries(shapes).map(([name, text]) => [`gateway/src/deep-${name}.ts`, lines(text)]));
    const model = analyze(workspace(files), { workers: 0 });
    assertRestAnalysed(model);
    assertReportedOnce(model);
    for (const file of Object.keys(files)) {
      const msgs = about(model, file);
      // each is either analysed (a syntax message at most) or skipped with the reason
      assert.ok(msgs.length <= 1, `${file}: ${msgs.join(' | ')}`);
      if (msgs[0]?.startsWith('skipped')) assert.equal(msgs[0], 'skipped: nested too deeply to analyse (the parser ran out of stack)');
    }
    assert.ok(model.messages.some((m) => m.message.includes('nested too deeply')), 'at least one shape overflows the parser');
  });

  it('long flat chains the parser builds 20,000 levels deep go through extract, values, origin, flow and resolve', () => {
    const chain = (t: string): string => Array(N).fill(t).join(' +\n ');
    const model = analyze(
      workspace({
        // a request kept in a variable and used at the bottom of a deep `+` chain (flow.ts walks the function)
        'gateway/src/plus.ts': `import axios from 'axios';\nexport async function p(a: string) {\n  const r = axios.get('http://orders:3000/api/orders', { timeout: 1 });\n  const s = ${chain('a')} + r;\n  return s;\n}\n`,
        // a URL built from 20,000 parts (values.ts evalSym, link/program.ts resolve)
        'gateway/src/url.ts': `import axios from 'axios';\nconst base = ${chain("'h'")};\nexport async function u() {\n  await axios.get(base + '/api/orders', { timeout: 1 });\n}\n`,
        // this.x = <deep chain> (origin.ts findThisAssignment), then used as a receiver
        'gateway/src/member.ts': `import axios from 'axios';\nexport class C {\n  http: any;\n  constructor(a: string) {\n    this.http = axios;\n    const z = ${chain('a')};\n  }\n  async go() {\n    await this.http.get('http://orders:3000/api/orders', { timeout: 1 });\n  }\n}\n`,
        // a chain of 20,000 calls
        'gateway/src/then.ts': `import axios from 'axios';\nexport async function t() {\n  await axios.get('http://orders:3000/api/orders', { timeout: 1 })${'\n.then((x) => x)'.repeat(N)};\n}\n`,
      }),
      { workers: 0 },
    );
    assertRestAnalysed(model);
    assertReportedOnce(model);
    for (const f of ['plus', 'url', 'member', 'then']) assert.deepEqual(about(model, `gateway/src/${f}.ts`), [], f);
    for (const f of ['plus', 'member']) assert.ok(model.interactions.some((i) => i.file === `gateway/src/${f}.ts`), `${f}: the request is found`);
  });

  it('thousands of statements and request variables in one function take linear, not quadratic, time', { timeout: 120_000 }, () => {
    const n = 3000;
    const body = Array.from({ length: n }, (_, i) => `  const r${i} = axios.get(u${i % 10});\n  r${i}.then((x) => x.data);\n  await axios.get('http://orders:3000/api/orders');\n`).join('');
    const root = workspace({ 'gateway/src/long.ts': `import axios from 'axios';\ndeclare const ${Array.from({ length: 10 }, (_, i) => `u${i}: string`).join(', ')};\nexport async function long() {\n${body}}\n` });
    const started = Date.now();
    const model = analyze(root, { workers: 0 });
    const millis = Date.now() - started;
    assertRestAnalysed(model);
    assert.deepEqual(about(model, 'gateway/src/long.ts'), []);
    assert.equal(model.interactions.filter((i) => i.file === 'gateway/src/long.ts').length, 2 * n);
    // before: a scan of every statement for each identifier, of the whole function for each variable, of the
    // whole file for each finding (n²: 141 s for 12,000 statements on a loaded machine, against 25 s after)
    assert.ok(millis < 45_000, `${millis} ms`);
    console.log(`# ${n * 3} statements in one function: ${millis} ms`);
  });
});

describe('hardening: the file system', () => {
  it('symbolic link loops, self links and dangling links are not followed; nothing is listed twice', () => {
    const root = workspace();
    fs.symlinkSync('.', path.join(root, 'loop'));
    fs.symlinkSync('..', path.join(root, 'gateway/src/up'));
    fs.symlinkSync('self.ts', path.join(root, 'gateway/src/self.ts'));
    fs.symlinkSync('nowhere.ts', path.join(root, 'gateway/src/dangling.ts'));
    fs.symlinkSync('/', path.join(root, 'gateway/src/root'));
    fs.mkdirSync(path.join(root, 'gateway/src/a/b'), { recursive: true });
    fs.symlinkSync('../../a', path.join(root, 'gateway/src/a/b/c'));
    const model = analyze(root, { workers: 0 });
    assertRestAnalysed(model);
    assert.deepEqual(model.messages, []);
    const files = model.interactions.map((i) => `${i.file}:${i.line}`);
    assert.deepEqual(files, [...new Set(files)]);
    assert.equal(model.stats.files, 3);
  });

  it('a FIFO and a folder named like source files: never opened as files (a FIFO would block the read forever)', { timeout: 30_000 }, () => {
    const root = workspace();
    const fifo = spawnSync('mkfifo', [path.join(root, 'gateway/src/pipe.ts')]);
    if (fifo.status !== 0) return;
    fs.mkdirSync(path.join(root, 'gateway/src/folder.ts'));
    fs.writeFileSync(path.join(root, 'gateway/src/folder.ts/inside.ts'), "import axios from 'axios';\nexport const x = () => axios.get('http://orders:3000/api/orders', { timeout: 1 });\n");
    const model = analyze(root, { workers: 0 });
    assertRestAnalysed(model);
    assert.deepEqual(model.messages, []);
    assert.ok(model.interactions.some((i) => i.file === 'gateway/src/folder.ts/inside.ts'));
  });

  it('an unreadable folder and an unreadable file (EACCES, as a user who may not read them) are each reported once', (t) => {
    const root = workspace({ 'gateway/src/locked/secret.ts': 'export const s = 1;\n', 'gateway/src/closed.ts': 'export const c = 1;\n' });
    fs.chmodSync(path.join(root, 'gateway/src/locked'), 0o000);
    fs.chmodSync(path.join(root, 'gateway/src/closed.ts'), 0o000);
    let json: string;
    if (process.getuid?.() === 0) {
      // root reads everything: run the CLI as `nobody` instead
      for (let d = root; d !== path.dirname(d) && d.startsWith(os.tmpdir()) && d !== os.tmpdir(); d = path.dirname(d)) fs.chmodSync(d, 0o755);
      // from a copy of the bundles (the test runner builds them first) that `nobody` may read: the
      // checkout itself may sit in a folder only its owner can enter
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bin-'));
      t.after(() => fs.rmSync(bin, { recursive: true, force: true }));
      fs.chmodSync(bin, 0o755);
      for (const bundle of ['cli.js', 'extract.js']) fs.copyFileSync(path.join(REPO, 'dist', bundle), path.join(bin, bundle));
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, path.join(bin, 'cli.js'), 'analyze', root, '--format', 'json', '--no-cache', '--workers', '0'], {
        cwd: bin,
        encoding: 'utf8',
        env: { ...process.env, HOME: os.tmpdir() },
      });
      if (r.error || (r.status !== 0 && /setpriv/.test(r.stderr))) return t.skip(`cannot run as another user: ${r.error?.message ?? r.stderr}`);
      assert.equal(r.status, 0, r.stderr);
      json = r.stdout;
    } else {
      json = toJson(analyze(root, { workers: 0 }));
    }
    const model = JSON.parse(json) as AnalysisResult;
    assertRestAnalysed({ ...model, root });
    assertReportedOnce({ ...model, root });
    assert.deepEqual(about({ ...model, root }, 'gateway/src/locked'), ['skipped: folder could not be read (EACCES)']);
    assert.deepEqual(about({ ...model, root }, 'gateway/src/closed.ts'), ['skipped: could not be read (deleted or unreadable)']);
  });

  it('files deleted between listing and reading are reported once, the rest analysed', () => {
    const root = workspace({ 'gateway/src/gone.ts': 'export const g = 1;\n', 'gateway/src/lib/also-gone.ts': 'export const h = 1;\n' });
    const model = analyze(root, {
      workers: 0,
      onListed: (inv) => {
        assert.ok(inv.sources.includes('gateway/src/gone.ts'));
        fs.rmSync(path.join(root, 'gateway/src/gone.ts'));
        fs.rmSync(path.join(root, 'gateway/src/lib'), { recursive: true });
      },
    });
    assertRestAnalysed(model);
    assertReportedOnce(model);
    assert.deepEqual(about(model, 'gateway/src/gone.ts'), ['skipped: could not be read (deleted or unreadable)']);
    assert.deepEqual(about(model, 'gateway/src/lib/also-gone.ts'), ['skipped: could not be read (deleted or unreadable)']);
  });

  it('hostile file names (bidi controls, HTML, quotes, newlines) are carried as data', () => {
    const names = ['gateway/src/evil\u202egnp.ts', 'gateway/src/<script>alert(1)<\\script>.ts', 'gateway/src/"quote\'.ts', 'gateway/src/new\nline.ts'];
    const files: Record<string, string> = {};
    for (const n of names) files[n] = "import axios from 'axios';\nexport const x = () => axios.get('http://orders:3000/api/orders', { timeout: 1 });\n";
    const model = analyze(workspace(files), { workers: 0 });
    assertRestAnalysed(model);
    const doc = JSON.parse(toJson(model)) as AnalysisResult;
    for (const n of names) assert.ok(doc.interactions.some((i) => i.file === n), JSON.stringify(n));
  });
});
