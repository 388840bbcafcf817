#!/usr/bin/env node
// `npm run test:vscode`: the standard @vscode/test-electron runner, for machines that can download
// VS Code. It builds the extension and the extension-host suite (test/vscode/suite), opens a scratch
// copy of the bundled example and runs the suite in the downloaded VS Code. The same suite runs in
// code-server in the e2e tier (test/e2e/vscode-suite.test.ts), where VS Code cannot be downloaded.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './build-suite.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

if (spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const extensionTestsPath = await buildSuite();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-vscode-'));
const workspace = path.join(tmp, 'shop');
fs.cpSync(path.join(root, 'examples', 'shop'), workspace, { recursive: true });
const reportFile = path.join(root, 'test-results', 'vscode-suite.json');
fs.rmSync(reportFile, { force: true });

let status = 0;
try {
  await runTests({
    // VSCODE_TEST_VERSION picks another build (e.g. "insiders" or "1.91.0"); default: latest stable
    version: process.env.VSCODE_TEST_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath,
    extensionTestsEnv: { SWITCHBOARD_SUITE_REPORT: reportFile },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      path.join(tmp, 'user-data'),
    ],
  });
} catch (error) {
  status = 1;
  console.error(`\nextension-host tests failed: ${error instanceof Error ? error.message : String(error)}`);
  if (!fs.existsSync(reportFile)) {
    console.error(
      '(no report was written: VS Code could not be downloaded or started; where only the npm registry is reachable, `node scripts/test.mjs e2e` runs the same suite in code-server)',
    );
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (fs.existsSync(reportFile)) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  console.log(`\nVS Code ${report.vscodeVersion}: ${report.passed} passed, ${report.failed} failed`);
}
process.exit(status);
