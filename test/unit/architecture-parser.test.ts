/**
 * The architecture-file parser and the meaning of its statements: the issue's example parses and
 * means what it says; broken input yields positioned, readable errors and the statements after it
 * survive; the file's own problems (unknown names, duplicates, contradictions) are found.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/analysis/rules';
import type { AccessStatement, ServiceStatement } from '../../server/src/architecture/ast';
import { parseArchitecture } from '../../server/src/architecture/parser';
import { decide, loadPolicy, normaliseRoot, ruleSettingsOf } from '../../server/src/architecture/policy';

/** The example of the issue, verbatim. */
const ISSUE_EXAMPLE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'architecture', 'issue-example.switchboard'), 'utf8');

/** `line:column` of a range's start. */
const pos = (r: { start: { line: number; column: number } }): string => `${r.start.line}:${r.start.column}`;

describe('the issue example', () => {
  const ast = parseArchitecture(ISSUE_EXAMPLE);
  const policy = loadPolicy(ISSUE_EXAMPLE, RULES);

  it('parses without errors into 13 statements and 2 comments', () => {
    assert.deepEqual(ast.errors, []);
    assert.equal(ast.statements.length, 13);
    assert.deepEqual(
      ast.comments.map((c) => [pos(c.range), c.text]),
      [
        ['1:1', '// architecture.switchboard'],
        ['12:51', '// the ledger is reached through events only'],
      ],
    );
    assert.deepEqual(policy.problems, []);
  });

  it('declares services with their folders and hosts', () => {
    assert.deepEqual(
      policy.services.map((s) => [s.name, s.root, s.hosts]),
      [
        ['gateway', 'apps/gateway', []],
        ['orders', 'apps/orders', ['orders-srv', 'orders']],
        ['payments', 'apps/payments', []],
        ['ledger', 'apps/ledger', []],
      ],
    );
  });

  it('gives every node its range', () => {
    const orders = ast.statements[1] as ServiceStatement;
    assert.equal(pos(orders.range), '3:1');
    assert.equal(pos(orders.name!.range), '3:9');
    assert.equal(pos(orders.path!.range), '3:22');
    assert.deepEqual(
      orders.hosts.map((h) => pos(h.range)),
      ['3:45', '3:59'],
    );
    const deny = ast.statements[8] as AccessStatement;
    assert.equal(deny.kind, 'deny');
    assert.equal(pos(deny.to!.range), '12:18');
    assert.equal(deny.range.end.column, 48, 'the statement ends after its last style, before the comment');
  });

  it('declares data ownership', () => {
    assert.deepEqual(
      policy.data.map((d) => [d.name, d.owner]),
      [['orders_db', 'orders']],
    );
  });

  it('reads allow and deny with wildcards and style lists', () => {
    assert.deepEqual(
      policy.access.map((a) => [a.effect, a.from, a.to, a.styles.join(',')]),
      [
        ['allow', 'gateway', 'orders', 'sync-request-response'],
        ['allow', 'orders', 'payments', 'sync-request-response,fire-and-forget'],
        ['allow', '*', 'ledger', 'event'],
        ['deny', '*', 'ledger', 'sync-request-response'],
      ],
    );
  });

  it('decides: deny always wins, and with allows present only what an allow covers passes', () => {
    assert.equal(decide(policy, 'gateway', 'orders', 'sync-request-response').verdict, 'allowed');
    assert.equal(decide(policy, 'orders', 'payments', 'fire-and-forget').verdict, 'allowed');
    assert.equal(decide(policy, 'payments', 'ledger', 'event').verdict, 'allowed');
    assert.equal(decide(policy, 'orders', 'ledger', 'sync-request-response').verdict, 'denied');
    assert.equal(decide(policy, 'orders', 'ledger', 'sync-request-response').rule?.statement.range.start.line, 12);
    assert.equal(decide(policy, 'gateway', 'orders', 'event').verdict, 'not-allowed');
    assert.equal(decide(policy, 'gateway', 'payments', 'sync-request-response').verdict, 'not-allowed');
    // without any allow, only denies restrict
    const denyOnly = loadPolicy('deny * -> ledger sync-request-response\n');
    assert.equal(decide(denyOnly, 'a', 'b', 'event').verdict, 'unchecked');
    assert.equal(decide(denyOnly, 'a', 'ledger', 'sync-request-response').verdict, 'denied');
  });

  it('turns limits and rules into rule settings', () => {
    assert.deepEqual(ruleSettingsOf(policy), {
      'sync-chain-too-long': { options: { maxServices: 3 } },
      'domain-coupling': { options: { maxDependencies: 5 } },
      'missing-timeout': { severity: 'error' },
      'hard-coded-endpoint': { severity: 'off' },
    });
  });
});

describe('language details', () => {
  it('allows an allow with no style (every style), keyword-named services and names with dots', () => {
    const p = loadPolicy('service data at "svc/data"\nallow data -> rule\ndata shop.orders owned by data\n');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.access[0]!.styles, []);
    assert.equal(decide(p, 'data', 'rule', 'common-data').verdict, 'allowed');
    assert.equal(p.data[0]!.name, 'shop.orders');
  });

  it('reads `a->b` without spaces, CRLF line ends and a last line without a newline', () => {
    const p = loadPolicy('allow a->b event\r\ndeny b->a');
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.access.map((a) => `${a.effect} ${a.from}>${a.to}`),
      ['allow a>b', 'deny b>a'],
    );
    assert.equal(p.access[1]!.statement.range.start.line, 2);
  });

  it('normalises declared folders', () => {
    assert.equal(normaliseRoot('./apps/orders/'), 'apps/orders');
    assert.equal(normaliseRoot('.'), '');
    assert.equal(normaliseRoot('apps\\orders'), 'apps/orders');
  });
});

describe('broken input', () => {
  const BROKEN = [
    'service gateway at apps/gateway', // 1: path not quoted
    'service orders "apps/orders"', // 2: missing `at`
    'allow gateway ->', // 3: missing target
    'allow gateway orders sync-request-response', // 4: missing arrow
    'foo bar baz', // 5: not a statement
    'allow * -> ledger event,', // 6: dangling comma
    'deny * -> ledger sync-request-response extra', // 7: two styles without a comma
    'limit sync-chain', // 8: missing number
    'service x at "unterminated', // 9
    'data d owned orders', // 10: missing `by`
    'rule missing-timeout error', // 11: fine
  ].join('\n');
  const ast = parseArchitecture(BROKEN);
  const errorAt = (line: number): string[] => ast.errors.filter((e) => e.range.start.line === line).map((e) => `${pos(e.range)} ${e.message}`);

  it('reports each error with its position and a message that says what was expected', () => {
    assert.deepEqual(errorAt(1)[0], "1:20 expected the service's folder in quotes, like \"apps/orders\", found 'apps'");
    assert.deepEqual(errorAt(2), ["2:16 expected 'at', found '\"apps/orders\"'"]);
    assert.deepEqual(errorAt(3), ["3:17 expected a service name or '*', found the end of the line"]);
    assert.deepEqual(errorAt(4), ["4:15 expected '->', found 'orders'"]);
    assert.deepEqual(errorAt(5), ["5:1 unexpected 'foo': a statement starts with service, data, allow, deny, limit or rule"]);
    assert.deepEqual(errorAt(6), ['6:25 expected a communication style, found the end of the line']);
    assert.deepEqual(errorAt(7), ["7:40 unexpected 'extra': the statement ends before it (one statement per line)"]);
    assert.deepEqual(errorAt(8), ['8:17 expected a number, found the end of the line']);
    assert.deepEqual(errorAt(9), ['9:14 unterminated string: add the closing "']);
    assert.deepEqual(errorAt(10), ["10:14 expected 'by', found 'orders'"]);
    assert.deepEqual(errorAt(11), []);
  });

  it('keeps the statements after each error, and the parts of broken ones', () => {
    const kinds = ast.statements.map((s) => `${s.range.start.line}:${s.kind}`);
    assert.ok(kinds.includes('11:rule'), `the last statement survives: ${kinds.join(' ')}`);
    const missingArrow = ast.statements.find((s) => s.range.start.line === 4) as AccessStatement;
    assert.equal(missingArrow.from?.text, 'gateway');
    assert.equal(missingArrow.to?.text, 'orders', 'the missing arrow is repaired');
    assert.deepEqual(
      missingArrow.styles.map((s) => s.text),
      ['sync-request-response'],
    );
    const missingAt = ast.statements.find((s) => s.range.start.line === 2) as ServiceStatement;
    assert.equal(missingAt.path?.value, 'apps/orders', 'the missing `at` is repaired');
    const policy = loadPolicy(BROKEN, RULES);
    assert.equal(policy.rules[0]?.id, 'missing-timeout');
    assert.ok(policy.data.some((d) => d.name === 'd' && d.owner === 'orders'));
  });

  it('never throws, whatever the input', () => {
    const inputs = [
      '',
      '\n\n',
      '->',
      '"',
      '*',
      ',,,',
      'service',
      'allow * -> * ' + 'event, '.repeat(500),
      '\u0000\u0001 service',
      'rule\nrule\nrule',
      'limit x 99999999999999999999',
      '💥 allow a -> b',
    ];
    for (const text of inputs) {
      const p = loadPolicy(text, RULES);
      for (const e of p.problems) assert.ok(e.range.start.line >= 1 && e.range.start.column >= 1, `${JSON.stringify(text)}: ${e.message}`);
    }
  });

  it('flags unexpected characters', () => {
    const ast2 = parseArchitecture('allow a -> b event; deny b -> a\n');
    assert.ok(
      ast2.errors.some((e) => e.message === "unexpected character ';'" && pos(e.range) === '1:19'),
      JSON.stringify(ast2.errors),
    );
  });
});

describe('problems of the file itself', () => {
  const messages = (text: string): string[] => loadPolicy(text, RULES).problems.map((p) => `${p.range.start.line} ${p.code} ${p.severity}: ${p.message}`);

  it('names unknown styles, limits, rules and severities, with a suggestion', () => {
    assert.deepEqual(messages('allow a -> b sync-request-respons\nlimit sync-chains 3\nrule missing-timout error\nrule missing-timeout fatal\n'), [
      '1 unknown-style error: unknown style "sync-request-respons" (did you mean sync-request-response?); the styles are sync-request-response, async-request-response, fire-and-forget, event, common-data',
      '2 unknown-limit error: unknown limit "sync-chains" (did you mean sync-chain?); the limits are sync-chain, fan-out',
      '3 unknown-rule error: unknown rule "missing-timout" (did you mean missing-timeout?)',
      '4 unknown-severity error: unknown severity "fatal"; use error, warning, info, hint, off',
    ]);
  });

  it('finds duplicate services, folders and hosts', () => {
    assert.deepEqual(messages('service a at "x"\nservice a at "y"\nservice b at "./x/"\nservice c at "z" hosts "a-host"\nservice d at "w" hosts "a-host"\n'), [
      '2 duplicate error: service a is declared twice',
      '3 duplicate error: service b has the same folder as service a: each folder holds one service',
      '5 duplicate warning: host "a-host" is already a host of c: calls to it are attributed to c',
    ]);
  });

  it('finds folders outside the workspace', () => {
    assert.deepEqual(messages('service a at "../elsewhere"\n'), [
      '1 missing-path error: the folder of a must be relative to the workspace root and inside it, got "../elsewhere"',
    ]);
  });

  it('finds data with two owners, and repeated limits and rules', () => {
    assert.deepEqual(messages('data t owned by a\ndata t owned by b\nlimit fan-out 3\nlimit fan-out 4\nrule sync-cycle off\nrule sync-cycle error\n'), [
      '2 contradiction error: t is already owned by a: data has one owner',
      '4 duplicate warning: limit fan-out is declared twice; this one wins',
      '6 duplicate warning: rule sync-cycle is declared twice; this one wins',
    ]);
    const p = loadPolicy('limit fan-out 3\nlimit fan-out 4\n', RULES);
    assert.deepEqual(ruleSettingsOf(p), { 'domain-coupling': { options: { maxDependencies: 4 } } });
  });

  it('finds overlapping and contradicting allow/deny statements', () => {
    assert.deepEqual(
      messages(
        [
          'allow a -> b event',
          'allow * -> b event', // wider: line 1 is redundant
          'allow c -> d sync-request-response, event',
          'deny  c -> d sync-request-response', // contradicts part of line 3
          'allow e -> f fire-and-forget',
          'deny  * -> f', // line 5 never takes effect
          'allow g -> h',
          'deny  g -> h event', // a carve-out of an allow of every style: fine
          'deny  * -> f fire-and-forget', // already denied by line 6
        ].join('\n'),
      ),
      [
        '1 redundant hint: allow a -> b event is already covered by line 2 (allow * -> b event)',
        '3 contradiction warning: sync-request-response of this allow is denied by line 4 (deny c -> d sync-request-response); deny always wins',
        '5 contradiction warning: allow e -> f fire-and-forget never takes effect: line 6 (deny * -> f) denies it, and deny always wins',
        '9 redundant hint: deny * -> f fire-and-forget is already covered by line 6 (deny * -> f)',
      ],
    );
  });

  it('says when a limit has no rule to set', () => {
    const p = loadPolicy('limit sync-chain 4\n', [{ id: 'other', defaultOptions: {} }]);
    assert.deepEqual(
      p.problems.map((x) => x.code),
      ['ineffective'],
    );
  });
});
