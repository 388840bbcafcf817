/**
 * `switchboard diff --base <ref>`: a temporary git repository holds a base system; the working
 * tree then adds an interaction, removes an endpoint that is still called and an event field that
 * a consumer reads. The diff lists each with its dependents, exits 1 for the breaks, refuses a bad
 * ref or a folder outside git as bad usage, and leaves the repository exactly as it was.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT } from '../../cli/src/cli';
import { cli } from './helpers/cli';
import { compose, expressService, lineOf, natsService } from './helpers/findings';
import { writeWorkspace } from './helpers/workspace';

const ORDERS_BASE = `  await axios.post('http://payments:3002/refunds', { orderId: 'o1' }, { timeout: 1000 });\n  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o1', total: 12 })));`;
const ORDERS_NOW = `  await axios.post('http://payments:3002/refunds', { orderId: 'o1' }, { timeout: 1000 });\n  const { data } = await axios.get('http://payments:3002/charges', { timeout: 1000 });\n  console.log(data);\n  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o1' })));`;
const PAYMENTS_BASE = `app.post('/refunds', (_req, res) => res.json({}));\napp.get('/charges', (_req, res) => res.json([]));`;
const PAYMENTS_NOW = `app.get('/charges', (_req, res) => res.json([]));`;
const BILLING = `  nc.subscribe('order.created', {\n    callback: (err, msg) => {\n      const event = JSON.parse(sc.decode(msg.data)) as { orderId: string; total: number };\n      console.log(event.orderId, event.total);\n    },\n  });`;

function files(orders: string, payments: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { port: 3001 }, payments: { port: 3002 }, billing: { port: 3003 } }),
    ...natsService('orders', orders),
    ...expressService('payments', 3002, payments),
    ...natsService('billing', BILLING),
  };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** Everything diff could touch: the index, HEAD, refs, worktrees, stashes and every file of the work tree. */
function snapshot(root: string): string {
  const h = createHash('sha1');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git') walk(abs);
      else if (e.isFile()) h.update(`${path.relative(root, abs)}\u0000`).update(fs.readFileSync(abs));
    }
  };
  walk(root);
  h.update(fs.readFileSync(path.join(root, '.git', 'index')));
  h.update(fs.readFileSync(path.join(root, '.git', 'HEAD')));
  h.update(git(root, 'for-each-ref'));
  h.update(git(root, 'worktree', 'list', '--porcelain'));
  h.update(git(root, 'stash', 'list'));
  h.update(fs.readdirSync(path.join(root, '.git')).sort().join('\n'));
  return h.digest('hex');
}

describe('switchboard diff', () => {
  let repo: string;
  let tmp: string;
  let savedTmp: string | undefined;
  const now = files(ORDERS_NOW, PAYMENTS_NOW);

  before(() => {
    repo = writeWorkspace(files(ORDERS_BASE, PAYMENTS_BASE));
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'base');
    git(repo, 'tag', 'base');
    for (const [rel, text] of Object.entries(now)) fs.writeFileSync(path.join(repo, rel), text);
    // diff's temporary copies go here, so the test can see that none is left behind
    savedTmp = process.env.TMPDIR;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-diff-test-'));
    process.env.TMPDIR = tmp;
  });

  after(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the added interaction, the removed endpoint still called and the removed field still read; exits 1', async () => {
    const r = await cli('diff', repo, '--base', 'base', '--format', 'json', '--no-cache');
    assert.equal(r.code, EXIT.findings, r.err);
    const d = JSON.parse(r.out) as {
      base: { ref: string; commit: string };
      interactions: { added: { service: string; target: string }[]; removed: unknown[] };
      endpoints: { removed: { service: string; label: string; dependents?: { service: string; file: string; line: number }[] }[] };
      fields: { removed: { channel: string; field: string; dependents?: { service: string; file: string; line: number }[] }[]; added: unknown[] };
      breaking: number;
    };
    assert.equal(d.base.ref, 'base');
    assert.match(d.base.commit, /^[0-9a-f]{40}$/);
    assert.deepEqual(
      d.interactions.added.map((i) => `${i.service} ${i.target}`),
      ['orders GET http://payments:3002/charges'],
    );
    assert.deepEqual(d.interactions.removed, []);
    const refunds = d.endpoints.removed.find((e) => e.label === 'POST /refunds');
    assert.ok(refunds, JSON.stringify(d.endpoints));
    assert.deepEqual(refunds.dependents, [
      { service: 'orders', how: 'calls it', file: 'orders/src/main.ts', line: lineOf(now, 'orders/src/main.ts', "'http://payments:3002/refunds'") },
    ]);
    assert.deepEqual(
      d.fields.removed.map((f) => `${f.channel}.${f.field}`),
      ['order.created.total'],
    );
    assert.deepEqual(
      d.fields.removed[0]!.dependents?.map((x) => `${x.service} ${x.file}`),
      ['billing billing/src/main.ts'],
    );
    assert.deepEqual(d.fields.added, []);
    assert.equal(d.breaking, 2);
  });

  it('says it in words in the text format', async () => {
    const r = await cli('diff', repo, '--base', 'base', '--no-cache');
    assert.equal(r.code, EXIT.findings, r.err);
    assert.match(r.out, /^Switchboard diff: base \([0-9a-f]{12}\) → working tree$/m);
    assert.match(r.out, /removing field `total` from event `order\.created` \(nats\) may break its consumers: billing \(billing\/src\/main\.ts:\d+ reads it\)/);
    assert.match(
      r.out,
      /- payments `POST \/refunds` \(payments\/src\/main\.ts:\d+ in the base\) — still called by: orders \(orders\/src\/main\.ts:\d+ calls it\)/,
    );
    assert.match(r.out, /\+ orders → payments {2}[a-z-]+ {2}`http GET http:\/\/payments:3002\/charges`/);
  });

  it('exits 0 with no changes against the working tree itself', async () => {
    const clean = writeWorkspace(files(ORDERS_BASE, PAYMENTS_BASE));
    try {
      git(clean, 'init', '-q');
      git(clean, 'add', '-A');
      git(clean, 'commit', '-q', '-m', 'base');
      const before = git(clean, 'status', '--porcelain');
      const r = await cli('diff', clean, '--base', 'HEAD', '--no-cache');
      assert.equal(r.code, EXIT.ok, r.err + r.out);
      assert.match(r.out, /No changes to interactions, endpoints, channels or event fields\./);
      assert.equal(before, '');
      assert.equal(git(clean, 'status', '--porcelain'), '', 'the repository is still clean');
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });

  it('refuses an unknown ref, a ref that looks like an option, a missing --base and a folder outside git: exit 2', async () => {
    const bad = await cli('diff', repo, '--base', 'no-such-branch');
    assert.equal(bad.code, EXIT.usage);
    assert.equal(bad.err, 'switchboard: unknown git ref: no-such-branch\n');
    const option = await cli('diff', repo, '--base=--output=x');
    assert.equal(option.code, EXIT.usage);
    assert.match(option.err, /not a git ref/);
    const missing = await cli('diff', repo);
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.err, /--base/);
    const outside = fs.mkdtempSync(path.join(tmp, 'plain-'));
    try {
      const r = await cli('diff', outside, '--base', 'HEAD');
      assert.equal(r.code, EXIT.usage);
      assert.equal(r.err, `switchboard: not a git repository: ${outside}\n`);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('leaves the repository untouched: index, HEAD, refs, worktrees, stashes, files; no temporary copy left', async () => {
    const status = git(repo, 'status', '--porcelain');
    const before = snapshot(repo);
    const r = await cli('diff', repo, '--base', 'base', '--format', 'markdown', '--no-cache');
    assert.equal(r.code, EXIT.findings, r.err);
    assert.match(r.out, /^# Switchboard diff against `base`/);
    assert.equal(snapshot(repo), before);
    assert.equal(git(repo, 'status', '--porcelain'), status);
    assert.deepEqual(fs.readdirSync(tmp), [], 'the base copy is deleted');
  });
});
