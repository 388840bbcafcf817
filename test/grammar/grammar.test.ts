/**
 * The TextMate grammar: generated from its YAML source, and snapshot tests per construct — each
 * sample is tokenized as VS Code would and compared with test/grammar/snapshots/<construct>.snap.
 * `UPDATE_SNAPSHOTS=1` rewrites the snapshots (review the diff before committing).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { GRAMMAR_JSON, REPO, snapshot, tokenize } from './helpers/tokenize';

const SNAPSHOTS = path.join(__dirname, 'snapshots');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/** Sample lines per construct, the good and the broken. */
const CONSTRUCTS: Record<string, string> = {
  comment: ['// architecture.switchboard', '   // indented', 'allow a -> b event // after a statement'].join('\n'),
  service: [
    'service gateway   at "apps/gateway"',
    'service orders    at "apps/orders"    hosts "orders-srv", "orders"',
    'service root at "."',
    'service data at "svc/with \\"quote\\""',
    'service broken at "unterminated',
  ].join('\n'),
  data: ['data orders_db owned by orders', 'data shop.orders owned by orders // the owner', 'data half owned'].join('\n'),
  access: [
    'allow gateway -> orders   sync-request-response',
    'allow orders  -> payments sync-request-response, fire-and-forget',
    'allow *       -> ledger   event',
    'deny  *       -> ledger   sync-request-response   // the ledger is reached through events only',
    'allow a->b async-request-response,common-data',
    'deny order-service -> *',
    'allow a -> b sync-request-respons',
    'allow a ->',
  ].join('\n'),
  limit: ['limit sync-chain 3', 'limit fan-out 5', 'limit chains 3'].join('\n'),
  rule: ['rule missing-timeout error', 'rule hard-coded-endpoint off', 'rule sync-cycle warning // for now', 'rule x hint'].join('\n'),
  'unknown-statement': ['foo bar baz', 'services x at "y" // typo'].join('\n'),
};

describe('grammar', () => {
  it('the committed JSON is generated from the YAML source and says so', async () => {
    const { grammarJson } = (await import(path.join(REPO, 'scripts', 'build-grammar.mjs'))) as { grammarJson: () => string };
    const committed = fs.readFileSync(GRAMMAR_JSON, 'utf8');
    assert.equal(committed, grammarJson(), 'run `node scripts/build-grammar.mjs` (npm run build does)');
    assert.match(committed.split('\n')[1]!, /"\$comment": "Generated from switchboard\.tmLanguage\.yaml/);
  });

  it('package.json registers the grammar for the switchboard language and *.switchboard', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string; scopeName: string; path: string }[] };
    };
    assert.ok(pkg.contributes.languages.some((l) => l.id === 'switchboard' && l.extensions.includes('.switchboard')));
    const g = pkg.contributes.grammars.find((x) => x.language === 'switchboard');
    assert.equal(g?.scopeName, 'source.switchboard');
    assert.equal(path.resolve(REPO, g!.path), GRAMMAR_JSON);
  });

  it('the issue example has no invalid token and every word has a scope', async () => {
    const example = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'architecture', 'issue-example.switchboard'), 'utf8');
    const tokens = await tokenize(example);
    assert.deepEqual(
      tokens.filter((t) => t.scopes.some((s) => s.startsWith('invalid'))),
      [],
    );
    const bare = tokens.filter((t) => t.text.trim() && !t.scopes.some((s) => !s.startsWith('meta.')));
    assert.deepEqual(
      bare.map((t) => t.text),
      [],
    );
  });

  for (const [name, sample] of Object.entries(CONSTRUCTS)) {
    it(`snapshot: ${name}`, async () => {
      const actual = await snapshot(sample);
      const file = path.join(SNAPSHOTS, `${name}.snap`);
      if (UPDATE || !fs.existsSync(file)) {
        if (!UPDATE) assert.fail(`no snapshot ${path.relative(REPO, file)}; run with UPDATE_SNAPSHOTS=1 and review it`);
        fs.mkdirSync(SNAPSHOTS, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
      }
      assert.equal(actual, fs.readFileSync(file, 'utf8'), `tokens of ${name} changed; if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff`);
    });
  }
});
