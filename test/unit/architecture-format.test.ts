/**
 * Formatting architecture files (aligned columns per block of statements, comments kept, a fixed
 * point) and generating one from an analysis (the example's discovered architecture, which the
 * code then keeps to exactly).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { RULES } from '../../server/src/analysis/rules';
import { formatArchitecture } from '../../server/src/architecture/format';
import { generateArchitecture } from '../../server/src/architecture/generate';
import { loadPolicy } from '../../server/src/architecture/policy';

const REPO = path.join(__dirname, '..', '..');
const ISSUE = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'architecture', 'issue-example.switchboard'), 'utf8');

describe('formatting', () => {
  it('aligns the columns of each block, keeps comments, and is a fixed point', () => {
    const formatted = formatArchitecture(ISSUE)!;
    assert.equal(
      formatted,
      [
        '// architecture.switchboard',
        'service gateway  at "apps/gateway"',
        'service orders   at "apps/orders"   hosts "orders-srv", "orders"',
        'service payments at "apps/payments"',
        'service ledger   at "apps/ledger"',
        '',
        'data orders_db owned by orders',
        '',
        'allow gateway -> orders   sync-request-response',
        'allow orders  -> payments sync-request-response, fire-and-forget',
        'allow *       -> ledger   event',
        'deny  *       -> ledger   sync-request-response // the ledger is reached through events only',
        '',
        'limit sync-chain 3',
        'limit fan-out    5',
        'rule missing-timeout     error',
        'rule hard-coded-endpoint off',
        '',
      ].join('\n'),
    );
    assert.equal(formatArchitecture(formatted), formatted);
    // the meaning does not change
    const strip = (t: string) => loadPolicy(t).access.map((a) => [a.effect, a.from, a.to, a.styles]);
    assert.deepEqual(strip(formatted), strip(ISSUE));
  });

  it('normalises spacing, blank lines, indentation and commas; aligns trailing comments in a block', () => {
    const text = '\n\n   allow a->b event,fire-and-forget   //x\n\n\n\ndeny   longname ->   *\nallow c -> d // y\ndeny * -> longname event  // z\n';
    assert.equal(formatArchitecture(text), 'allow a -> b event, fire-and-forget //x\n\ndeny  longname -> *\nallow c        -> d              // y\ndeny  *        -> longname event // z\n');
  });

  it('keeps CRLF line ends and leaves a file with syntax errors alone', () => {
    assert.equal(formatArchitecture('allow a  ->  b\r\nlimit   fan-out 3\r\n'), 'allow a -> b\r\nlimit fan-out 3\r\n');
    assert.equal(formatArchitecture('allow a -> \nlimit fan-out 3\n'), undefined);
  });
});

describe('generating', () => {
  const shop = analyze(path.join(REPO, 'examples', 'shop'));
  const text = generateArchitecture(shop, { folderName: 'shop', limits: { 'sync-chain': 3 } });
  const policy = loadPolicy(text, RULES);

  it('writes the services, data ownership and every interaction as an allow, formatted', () => {
    assert.deepEqual(policy.problems, []);
    assert.deepEqual(
      policy.services.map((s) => [s.name, s.root]),
      shop.services.map((s) => [s.name, s.root]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    assert.ok(policy.data.some((d) => d.name === 'shop.orders' && d.owner === 'orders'));
    assert.ok(policy.access.every((a) => a.effect === 'allow' && a.from !== '*' && a.to !== '*'));
    assert.ok(policy.access.some((a) => a.from === 'gateway' && a.to === 'notifications' && a.styles.join() === 'fire-and-forget,event'));
    assert.match(text, /^\/\/ limit sync-chain 3$/m);
    assert.equal(formatArchitecture(text), text);
  });

  it('describes the code exactly: checking it reports no divergence and no absence', () => {
    const checked = analyze(path.join(REPO, 'examples', 'shop'), { architecture: { file: 'architecture.switchboard', policy } });
    assert.deepEqual(
      checked.findings.filter((f) => f.rule.startsWith('architecture-')),
      [],
    );
  });

  it('notes services whose names the language cannot write, and empty systems', () => {
    const t = generateArchitecture({ services: [{ name: 'has space', root: 'x', hosts: [], ports: [], discoveredBy: [] }], interactions: [], endpoints: [] });
    assert.match(t, /\/\/ service "has space": its name cannot be written/);
    assert.match(t, /no interaction between services was found/);
    assert.deepEqual(loadPolicy(t).problems, []);
  });
});
