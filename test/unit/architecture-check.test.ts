/**
 * Checking the code against an architecture file: the example system with a policy it keeps and
 * one it breaks, the reflexion on small models (deny wins, allowlists, absences, data owners),
 * declared services replacing discovery, and the problems that need the workspace.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { AnalysisResult, Interaction, Style } from '../../server/src/analysis/model';
import { RULES } from '../../server/src/analysis/rules';
import { absences, divergences, ownerOfStore, workspaceProblems } from '../../server/src/architecture/check';
import { loadPolicy } from '../../server/src/architecture/policy';
import { analyzeFiles, pkg } from './helpers/workspace';

const REPO = path.resolve(__dirname, '..', '..');
const SHOP = path.join(REPO, 'examples', 'shop');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'architecture');

interface ExpectedInteraction {
  file: string;
  line: number;
  caller?: string;
  service?: string;
  callees: string[];
  style: Style;
}
const expected = JSON.parse(fs.readFileSync(path.join(SHOP, 'expected.json'), 'utf8')) as { interactions: ExpectedInteraction[] };
/** The example's truth for the interactions from one service to another in one style. */
const truth = (from: string, to: string, style: Style): ExpectedInteraction[] =>
  expected.interactions.filter((i) => (i.caller ?? i.service ?? serviceOfFile(i.file)) === from && i.callees.includes(to) && i.style === style);
function serviceOfFile(file: string): string | undefined {
  return /^apps\/([^/]+)\//.exec(file)?.[1];
}

/** Analyses the example against a fixture policy (the file is addressed relative to the example). */
function checkShop(fixture: string): AnalysisResult {
  const abs = path.join(FIXTURES, fixture);
  const policy = loadPolicy(fs.readFileSync(abs, 'utf8'), RULES);
  assert.deepEqual(
    policy.problems.map((p) => p.message),
    [],
    `${fixture} has no problems of its own`,
  );
  return analyze(SHOP, { architecture: { file: path.relative(SHOP, abs).split(path.sep).join('/'), policy } });
}

const architectureFindings = (m: AnalysisResult) => m.findings.filter((f) => f.rule.startsWith('architecture-'));
const strip = (m: AnalysisResult) =>
  m.findings.filter((f) => !f.rule.startsWith('architecture-')).map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line} ${f.message}`);

describe('the example system', () => {
  const plain = analyze(SHOP);

  it('keeps the policy it was built to: no divergence, no absence, the same services and the same other findings', () => {
    const m = checkShop('shop-pass.switchboard');
    assert.deepEqual(architectureFindings(m), []);
    assert.deepEqual(
      m.services.map((s) => [s.name, s.root]),
      plain.services.map((s) => [s.name, s.root]),
    );
    assert.equal(m.interactions.length, plain.interactions.length);
    // declaring the services must not turn the planted problems into something else
    assert.deepEqual(strip(m), strip(plain));
  });

  describe('breaks the stricter policy', () => {
    const m = checkShop('shop-fail.switchboard');
    const file = 'test/fixtures/architecture/shop-fail.switchboard';
    const rel = path.relative(SHOP, path.join(REPO, file)).split(path.sep).join('/');
    const found = architectureFindings(m);

    it('reports the denied call at its call site, pointing at the deny', () => {
      const sites = truth('fraud', 'payments', 'sync-request-response');
      assert.ok(sites.length > 0);
      for (const site of sites) {
        const f = found.find((x) => x.rule === 'architecture-divergence' && x.file === site.file && x.line === site.line);
        assert.ok(f, `a divergence at ${site.file}:${site.line}; got ${found.map((x) => `${x.file}:${x.line}`).join(', ')}`);
        assert.equal(f.severity, 'error');
        assert.match(f.message, /fraud → payments \(sync-request-response.*\) is denied by the architecture/);
        assert.equal(f.related?.[0]?.file, rel);
        assert.equal(f.related?.[0]?.line, 20);
      }
    });

    it('reports the deny statement, listing what breaks it', () => {
      const f = found.find((x) => x.file === rel && x.line === 20);
      assert.ok(f);
      assert.equal(f.rule, 'architecture-divergence');
      assert.match(f.message, /The code does what this statement denies: fraud → payments sync-request-response \(1 call site\)/);
      assert.ok(f.related?.some((r) => r.file === 'apps/fraud/src/score.route.ts'));
    });

    it('reports interactions no allow covers at their call sites and on the caller’s declaration', () => {
      for (const site of truth('shipping', 'orders', 'sync-request-response')) {
        const f = found.find((x) => x.file === site.file && x.line === site.line);
        assert.ok(f, `${site.file}:${site.line}`);
        assert.match(f.message, /is not allowed by the architecture: no allow in .*shop-fail\.switchboard covers it/);
      }
      const decl = found.find((x) => x.file === rel && x.line === 9);
      assert.ok(decl, 'on `service shipping`');
      assert.match(decl.message, /^shipping makes interactions no allow covers: shipping → orders sync-request-response \(1 call site\)/);
      assert.match(decl.message, /shipping → orders common-data/);
    });

    it('reports the allow the code never uses, for the unused style only', () => {
      const absent = found.filter((x) => x.rule === 'architecture-absence');
      assert.deepEqual(
        absent.map((x) => `${x.file}:${x.line} ${x.severity}`),
        [`${rel}:17 warning`],
      );
      assert.match(absent[0]!.message, /never does payments → notifications fire-and-forget/);
    });

    it('does not report what the policy admits', () => {
      // gateway's calls are all allowed; orders may do anything; payments → fraud is allowed
      assert.ok(
        !found.some((x) => x.file.startsWith('apps/gateway/') || x.file.startsWith('apps/orders/') || x.file.startsWith('apps/payments/')),
        found.map((x) => x.file).join(', '),
      );
    });
  });

  it('honours the file’s rule and limit statements, below explicit settings', () => {
    const policy = loadPolicy('limit sync-chain 9\nrule missing-timeout off\nrule sync-cycle info\n', RULES);
    const m = analyze(SHOP, { architecture: { file: 'architecture.switchboard', policy }, rules: { 'sync-cycle': { severity: 'hint' } } });
    assert.ok(!m.findings.some((f) => f.rule === 'missing-timeout'), 'rule missing-timeout off');
    assert.ok(!m.findings.some((f) => f.rule === 'sync-chain-too-long'), 'limit sync-chain 9');
    assert.ok(plain.findings.some((f) => f.rule === 'sync-chain-too-long') && plain.findings.some((f) => f.rule === 'missing-timeout'));
    const cycles = m.findings.filter((f) => f.rule === 'sync-cycle');
    assert.ok(cycles.length > 0 && cycles.every((f) => f.severity === 'hint'), 'the explicit setting wins over the file');
  });
});

describe('data ownership', () => {
  it('the owner a data statement declares is the one the shared-data rule uses', () => {
    const owners = (m: AnalysisResult) => m.findings.filter((f) => f.rule === 'shared-data').map((f) => /which (\w+) owns/.exec(f.message)?.[1]);
    const plain = analyze(SHOP);
    assert.ok(owners(plain).includes('orders'), 'without a declaration the schema tells: orders');
    const policy = loadPolicy('data shop.orders owned by shipping\n', RULES);
    const declared = analyze(SHOP, { architecture: { file: 'architecture.switchboard', policy } });
    assert.deepEqual([...new Set(owners(declared))], ['shipping']);
  });
});

describe('declared services replace discovery', () => {
  it('names the service, adds its hosts, and attributes calls to those hosts', () => {
    const files = {
      'svc/a/package.json': pkg('a', ['axios', 'express']),
      'svc/a/src/main.ts':
        "import axios from 'axios';\nimport express from 'express';\nconst app = express();\napp.get('/x', async () => { await axios.get('http://legacy-billing:8080/charges'); });\napp.listen(3000);\n",
      'svc/b/package.json': pkg('b', ['express']),
      'svc/b/src/main.ts': "import express from 'express';\nconst app = express();\napp.get('/charges', (req, res) => res.json([]));\napp.listen(8080);\n",
    };
    const without = analyzeFiles(files);
    assert.ok(
      without.interactions.every((i) => i.callees.length === 0 || !i.callees.includes('billing')),
      'discovery alone cannot know the host',
    );
    const policy = loadPolicy('service front at "svc/a"\nservice billing at "svc/b" hosts "legacy-billing"\ndeny front -> billing\n', RULES);
    const m = analyzeFiles(files, { architecture: { file: 'architecture.switchboard', policy } });
    assert.deepEqual(
      m.services.map((s) => [s.name, s.root, s.discoveredBy.join(',')]),
      [
        ['front', 'svc/a', 'declared'],
        ['billing', 'svc/b', 'declared'],
      ],
    );
    const call = m.interactions.find((i) => i.service === 'front');
    assert.deepEqual(call?.callees, ['billing']);
    assert.ok(m.findings.some((f) => f.rule === 'architecture-divergence' && f.file === 'svc/a/src/main.ts' && f.line === 4));
  });
});

describe('the architecture file of a workspace', () => {
  const files = {
    'svc/a/package.json': pkg('a', ['express']),
    'svc/a/src/main.ts': "import express from 'express';\nconst app = express();\napp.listen(3000);\n",
    'other.switchboard': 'service ignored at "svc/a"\n',
    'architecture.switchboard': 'service alpha at "svc/a"\nservice beta at "svc/missing"\nallow alpha -> beta event\nallow alpha -> gamma\n',
  };

  it('is found at the root (architecture.switchboard before other names) and used', () => {
    const m = analyzeFiles(files);
    assert.deepEqual(
      m.services.map((s) => s.name),
      ['alpha', 'beta'],
    );
    // the allow alpha -> beta is never used: an absence on the statement of the file found
    assert.ok(m.findings.some((f) => f.rule === 'architecture-absence' && f.file === 'architecture.switchboard' && f.line === 3));
  });

  it('is read from an open editor buffer before the disk', () => {
    const m = analyzeFiles(files, { overlays: new Map([['architecture.switchboard', 'service edited at "svc/a"\n']]) });
    assert.deepEqual(
      m.services.map((s) => s.name),
      ['edited'],
    );
  });

  it('can be turned off', () => {
    const m = analyzeFiles(files, { architecture: null });
    assert.deepEqual(
      m.services.map((s) => s.name),
      ['a'],
    );
  });

  it('leaves a message for each error in it', () => {
    const m = analyzeFiles({ ...files, 'architecture.switchboard': 'service alpha at svc/a\nservice alpha at "svc/a"\n' });
    assert.ok(
      m.messages.some((x) => x.file === 'architecture.switchboard' && /^1:18: expected the service's folder/.test(x.message)),
      JSON.stringify(m.messages),
    );
  });
});

/** A small interaction for reflexion tests. */
function interaction(service: string, callees: string[], style: Style, extra: Partial<Interaction> = {}): Interaction {
  return {
    id: `${service}-${callees.join('+')}-${style}`,
    service,
    file: `${service}.ts`,
    line: 1,
    column: 1,
    mechanism: 'http',
    library: 'test',
    target: 't',
    style,
    callees,
    endpoints: [],
    ...extra,
  };
}
const services = (...names: string[]) => names.map((name) => ({ name, root: name, hosts: [name], ports: [], discoveredBy: ['test'] }));

describe('reflexion', () => {
  it('checks every callee of an event and skips self-calls and unknown targets', () => {
    const p = loadPolicy('allow * -> b event\n');
    const d = divergences(p, [interaction('a', ['a', 'b', 'c'], 'event'), interaction('a', [], 'sync-request-response')]);
    assert.deepEqual(
      d.map((x) => `${x.from}>${x.to} ${x.verdict}`),
      ['a>c not-allowed'],
    );
  });

  it('lets a data owner use its own data, and checks the others', () => {
    const p = loadPolicy('data shop.orders owned by orders\nallow shipping -> orders event\n');
    assert.equal(ownerOfStore(p, 'postgres shop.orders'), 'orders');
    assert.equal(ownerOfStore(p, 'postgres orders'), undefined);
    const d = divergences(p, [
      interaction('orders', ['orders', 'shipping'], 'common-data', { store: 'postgres shop.orders' }),
      interaction('shipping', ['orders', 'shipping'], 'common-data', { store: 'postgres shop.orders' }),
    ]);
    assert.deepEqual(
      d.map((x) => `${x.from}>${x.to}`),
      ['shipping>orders'],
    );
  });

  it('finds absences only between named, analysed services', () => {
    const p = loadPolicy('allow a -> b\nallow a -> c event, sync-request-response\nallow * -> b event\nallow a -> x\nallow ext -> a\n');
    const model = {
      interactions: [interaction('a', ['c'], 'event')],
      services: [...services('a', 'b', 'c'), { name: 'ext', root: 'ext', hosts: [], ports: [], discoveredBy: ['docker-compose'], notAnalysed: true }],
    };
    assert.deepEqual(
      absences(p, model).map((x) => `${x.rule.statement.range.start.line}:${x.styles.join(',')}`),
      ['1:', '2:sync-request-response'],
    );
  });

  it('finds unknown services and missing folders', () => {
    const p = loadPolicy('service a at "apps/a"\nservice b at "apps/nope"\nallow a -> bb\ndata t owned by zz\ndeny * -> a\n');
    const problems = workspaceProblems(p, { services: services('a', 'b'), isFolder: (rel) => rel === 'apps/a' });
    assert.deepEqual(
      problems.map((x) => `${x.range.start.line}:${x.range.start.column} ${x.code}: ${x.message}`),
      [
        '2:14 missing-path: folder "apps/nope" does not exist in the workspace',
        '3:12 unknown-service: unknown service "bb" (did you mean b?): declare it with a service statement',
        '4:17 unknown-service: unknown service "zz": declare it with a service statement',
      ],
    );
  });
});

describe('editor settings and the architecture file', () => {
  it('the schema defaults VS Code fills in do not override the file; settings that differ do', async () => {
    const { analysisOptions } = await import('../../server/src/settings');
    const defaults = Object.fromEntries(RULES.map((r) => [r.id, { severity: r.defaultSeverity, ...r.defaultOptions }]));
    assert.equal(analysisOptions({ rules: defaults }).rules, undefined);
    const chosen = analysisOptions({
      rules: { ...defaults, 'missing-timeout': { severity: 'error' }, 'sync-chain-too-long': { severity: 'warning', maxServices: 5 } },
    }).rules;
    assert.deepEqual(chosen, { 'missing-timeout': { severity: 'error' }, 'sync-chain-too-long': { options: { maxServices: 5 } } });
  });
});
