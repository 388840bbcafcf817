/**
 * An untrusted workspace (issue 10): the analysis never runs the analysed code nor loads its
 * configuration as code, makes no network request, and leaves every file of the workspace
 * byte-for-byte unchanged (the cache lives outside it). The CLI and the language server run with
 * a preload that records and refuses every network API; the workspace is the example system plus
 * config files that write a marker when executed and hostile inputs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, startSession } from './helpers/client';

/** Records every network attempt (one line each) to $SWITCHBOARD_NET_LOG and throws. */
const PRELOAD = `
const fs = require('node:fs');
const log = process.env.SWITCHBOARD_NET_LOG;
function refuse(api) {
  return function () {
    fs.appendFileSync(log, api + '\\n');
    throw new Error('network refused by the test: ' + api);
  };
}
const patch = (mod, names, prefix) => { for (const n of names) if (typeof mod[n] === 'function') mod[n] = refuse(prefix + '.' + n); };
const net = require('node:net');
patch(net, ['connect', 'createConnection'], 'net');
net.Socket.prototype.connect = refuse('net.Socket.connect');
patch(require('node:http'), ['request', 'get'], 'http');
patch(require('node:https'), ['request', 'get'], 'https');
patch(require('node:http2'), ['connect'], 'http2');
patch(require('node:tls'), ['connect'], 'tls');
const dns = require('node:dns');
patch(dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveSrv', 'lookupService'], 'dns');
patch(dns.promises, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny'], 'dns.promises');
patch(require('node:dgram'), ['createSocket'], 'dgram');
globalThis.fetch = refuse('fetch');
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-untrusted-'));
const WS = path.join(tmp, 'ws');
const MARKER = path.join(tmp, 'executed-marker');
const NET_LOG = path.join(tmp, 'net.log');
const PRELOAD_FILE = path.join(tmp, 'no-network.cjs');
const CACHE_HOME = path.join(tmp, 'cache-home');

/** Code that leaves the marker (and throws) if anything ever runs it. */
const EXECUTE_ME = `require('node:fs').appendFileSync(${JSON.stringify(MARKER)}, __filename + '\\n');\nthrow new Error('executed');\nmodule.exports = {};\n`;

function buildWorkspace(): void {
  fs.cpSync(path.join(REPO, 'examples', 'shop'), WS, { recursive: true });
  const write = (rel: string, text: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(WS, rel)), { recursive: true });
    fs.writeFileSync(path.join(WS, rel), text);
  };
  for (const rel of ['switchboard.config.js', 'switchboard.config.ts', 'serverless.ts', '.eslintrc.js', 'jest.config.js', 'webpack.config.js', 'next.config.js', 'vite.config.ts', 'apps/gateway/tsconfig.base.js', 'apps/gateway/src/module-side-effect.ts', '.github/workflows/x.js']) {
    write(rel, EXECUTE_ME);
  }
  write('apps/evil/package.json', JSON.stringify({ name: 'evil', scripts: { preinstall: `node -e "require('fs').writeFileSync('${MARKER}','pre')"`, postinstall: `node -e "require('fs').writeFileSync('${MARKER}','post')"`, prepare: 'touch hacked' }, dependencies: { express: '*', axios: '*' } }));
  write('apps/evil/tsconfig.json', JSON.stringify({ extends: './base.js', compilerOptions: { plugins: [{ name: './plugin.js' }] } }));
  write('apps/evil/base.js', EXECUTE_ME);
  write('apps/evil/plugin.js', EXECUTE_ME);
  // URLs everywhere: literal, template, env-built, in strings and comments
  const urls = Array.from({ length: 40 }, (_, i) => `  await fetch('https://host${i}.example.com:${8000 + i}/api/${i}');\n  await axios.get(\`http://10.0.0.${i}/x\`);\n  // http://comment${i}.example.org\n`).join('');
  write('apps/evil/src/main.ts', `import express from 'express';\nimport axios from 'axios';\n${EXECUTE_ME}const app = express();\napp.get('/x', async () => {\n${urls}});\napp.listen(1234);\n`);
  write('apps/evil/.env', 'API_URL=http://evil.example.com\nDB=postgres://user:pw@db.example.com:5432/x\n');
  // hostile inputs too
  write('apps/evil/src/binary.ts', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe]));
  write('apps/evil/src/deep.ts', `export const x = ${'(\n'.repeat(5000)}1${')\n'.repeat(5000)};\n`);
  write('apps/evil/src/broken.ts', "export async function f() { await fetch('http://orders/api/");
  fs.symlinkSync('..', path.join(WS, 'apps/evil/src/loop'));
}

interface Entry {
  type: string;
  mode: number;
  mtimeMs: number;
  size: number;
  content: string;
}

/** Every entry under the root (not following links): type, mode, mtime and the bytes of regular files. */
function snapshot(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const abs = path.join(dir, name);
      const st = fs.lstatSync(abs);
      const type = st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
      const content = type === 'file' ? fs.readFileSync(abs).toString('base64') : type === 'link' ? fs.readlinkSync(abs) : '';
      out.set(path.relative(root, abs), { type, mode: st.mode, mtimeMs: type === 'dir' ? 0 : st.mtimeMs, size: type === 'dir' ? 0 : st.size, content });
      if (type === 'dir') walk(abs);
    }
  };
  walk(root);
  return out;
}

function assertUnchanged(before: Map<string, Entry>, after: Map<string, Entry>): void {
  assert.deepEqual([...after.keys()].filter((k) => !before.has(k)), [], 'no new files in the workspace');
  assert.deepEqual([...before.keys()].filter((k) => !after.has(k)), [], 'no file removed');
  for (const [k, b] of before) assert.deepEqual(after.get(k), b, `${k} unchanged`);
}

describe('hardening: an untrusted workspace', () => {
  let before0: Map<string, Entry>;
  const env = { ...process.env, SWITCHBOARD_NET_LOG: NET_LOG, XDG_CACHE_HOME: CACHE_HOME, HOME: tmp };

  before(() => {
    buildWorkspace();
    fs.writeFileSync(PRELOAD_FILE, PRELOAD);
    before0 = snapshot(WS);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the preload really catches network use (so an empty log means something)', () => {
    const r = spawnSync(process.execPath, ['--require', PRELOAD_FILE, '-e', "try { require('http').get('http://example.invalid/') } catch {}; try { require('dns').lookup('example.invalid', () => {}) } catch {}; try { fetch('http://x') } catch {}"], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fs.readFileSync(NET_LOG, 'utf8').trim().split('\n'), ['http.get', 'dns.lookup', 'fetch']);
    fs.rmSync(NET_LOG);
  });

  it('CLI analyze (cache on, twice: cold and warm): runs nothing, connects nowhere, changes nothing in the workspace', () => {
    for (const round of ['cold', 'warm']) {
      const r = spawnSync(process.execPath, ['--require', PRELOAD_FILE, path.join(REPO, 'dist', 'cli.js'), 'analyze', WS, '--format', 'json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(r.status, 0, `${round}: ${r.stderr}`);
      const doc = JSON.parse(r.stdout) as { services: { name: string }[]; messages: { file?: string; message: string }[] };
      assert.ok(doc.services.some((s) => s.name === 'evil'), `${round}: the evil service is analysed`);
      assert.ok(doc.messages.some((m) => m.file === 'apps/evil/src/binary.ts'), `${round}: hostile input reported`);
    }
    assert.equal(fs.existsSync(MARKER), false, 'nothing was executed');
    assert.equal(fs.existsSync(NET_LOG), false, `no network: ${fs.existsSync(NET_LOG) ? fs.readFileSync(NET_LOG, 'utf8') : ''}`);
    assert.ok(fs.readdirSync(CACHE_HOME).length > 0, 'the cache was written, outside the workspace');
    assertUnchanged(before0, snapshot(WS));
  });

  it('CLI check with every format and the language server session: runs nothing, connects nowhere, changes nothing', async () => {
    for (const format of ['text', 'sarif', 'markdown', 'mermaid', 'dot']) {
      const r = spawnSync(process.execPath, ['--require', PRELOAD_FILE, path.join(REPO, 'dist', 'cli.js'), 'analyze', WS, '--format', format], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(r.status, 0, `${format}: ${r.stderr}`);
    }
    const check = spawnSync(process.execPath, ['--require', PRELOAD_FILE, path.join(REPO, 'dist', 'cli.js'), 'check', WS], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(check.status, 1, check.stderr);
    const session = await startSession(WS, {}, { execArgv: ['--require', PRELOAD_FILE], env });
    try {
      await session.waitForDiagnostics((all) => [...all.keys()].some((uri) => uri.includes('/apps/evil/src/')), 60_000);
    } finally {
      await session.stop();
    }
    assert.equal(fs.existsSync(MARKER), false, 'nothing was executed');
    assert.equal(fs.existsSync(NET_LOG), false, `no network: ${fs.existsSync(NET_LOG) ? fs.readFileSync(NET_LOG, 'utf8') : ''}`);
    assertUnchanged(before0, snapshot(WS));
  });
});
