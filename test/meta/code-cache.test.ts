/**
 * The parser bundle starts from V8's code cache written by the build (dist/extract.js.v8cache):
 * V8 takes it, a cache of another build is not used, and loading through the cache gives the same
 * facts as a plain `require`. The worker threads load the bundle from the loader's source text, so
 * a run on worker threads from the built CLI must equal one on the main thread.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../../server/src/analysis/parallel/load-bundle';
import type { Extractor } from '../../server/src/analysis/parallel/extractor';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(repo, 'dist');
const sample = path.join(repo, 'examples', 'shop', 'apps', 'orders', 'src', 'orders.controller.ts');

test('the build writes a code cache that V8 takes, and the facts are those of a plain require', () => {
  const bundle = path.join(dist, 'extract.js');
  assert.ok(fs.existsSync(`${bundle}.v8cache`), 'dist/extract.js.v8cache is missing: the build did not write it');
  const cached = loadBundle(bundle, require);
  assert.equal(cached.codeCache, 'used');
  const text = fs.readFileSync(sample, 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle as Node loads it, for comparison
  const plain = require(bundle) as Extractor;
  assert.deepEqual((cached.exports as Extractor).extractSource('orders.controller.ts', text), plain.extractSource('orders.controller.ts', text));
});

test('a code cache of another build of the bundle is not used', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-code-cache-'));
  try {
    const copy = path.join(dir, 'extract.js');
    fs.copyFileSync(path.join(dist, 'extract.js'), copy);
    fs.copyFileSync(path.join(dist, 'extract.js.v8cache'), `${copy}.v8cache`);
    // same bytes, another modification time: the header no longer matches
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(copy, later, later);
    const loaded = loadBundle(copy, require);
    assert.equal(loaded.codeCache, 'none');
    assert.ok((loaded.exports as Extractor).extractSource('orders.controller.ts', fs.readFileSync(sample, 'utf8')).functions.length > 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the built CLI gives the same result on a worker thread as on the main thread alone', () => {
  const run = (workers: string): string => {
    const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'analyze', path.join(repo, 'examples', 'shop'), '--format', 'json', '--no-cache', '--workers', workers], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const model = JSON.parse(r.stdout) as { stats: { millis?: number }; messages: { message: string }[] };
    delete model.stats.millis;
    assert.ok(!model.messages.some((m) => /worker thread/.test(m.message)), `a worker problem was reported: ${JSON.stringify(model.messages)}`);
    return JSON.stringify(model);
  };
  assert.equal(run('1'), run('0'));
});
