/**
 * Runs the extension-host suite of `npm run test:vscode` (test/vscode/suite) inside code-server's
 * real extension host: the workbench receives the same `extensionDevelopmentPath` /
 * `extensionTestsPath` pair that @vscode/test-electron passes to a downloaded VS Code, and the
 * suite writes its results to a file this test waits for.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildSuite } from '../vscode/build-suite.mjs';
import type { SuiteReport } from '../vscode/suite/index';
import { copyWorkspace, note, ROOT, startSession, until } from './harness/code-server';
import { waitForWorkbench } from './harness/workbench';

test('the extension-host suite passes in code-server (VS Code with the extension under development)', async (t) => {
  const suite = await buildSuite();
  // the development bundles in dist/ are what extensionDevelopmentPath loads
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'extension.js')), 'dist/extension.js exists (run `npm run build`)');
  const report = path.join(ROOT, 'test-results', 'e2e', 'vscode-suite.json');
  fs.rmSync(report, { force: true });
  const session = await startSession({ testDriver: true, env: { SWITCHBOARD_SUITE_REPORT: report } });
  t.after(() => session.close());
  const workspace = copyWorkspace(path.join(ROOT, 'examples', 'shop'), session.tmp);
  await session.page.goto(
    session.url(workspace, [
      ['extensionDevelopmentPath', session.remoteUri(ROOT)],
      ['extensionTestsPath', session.remoteUri(suite)],
    ]),
  );
  await waitForWorkbench(session.page, 'shop');
  const result = await until(`the suite's report ${report} (code-server log: ${session.logFile})`, 120_000, () =>
    fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as SuiteReport) : undefined,
  );
  for (const r of result.tests) note(`${r.state === 'passed' ? 'ok' : 'FAILED'} ${r.title} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  assert.match(result.vscodeVersion, /^1\.\d+\.\d+/);
  assert.equal(
    result.failed,
    0,
    result.tests
      .filter((r) => r.state === 'failed')
      .map((r) => `${r.title}: ${r.error}`)
      .join('\n'),
  );
  assert.ok(result.passed >= 4, `the whole suite ran (${result.passed} passed)`);
});
