/**
 * Entry point of the extension-host test suite (`extensionTestsPath`): VS Code calls `run()`.
 * Shared by `npm run test:vscode` (@vscode/test-electron) and the code-server end-to-end tier.
 * When `SWITCHBOARD_SUITE_REPORT` names a file, the results are also written there as JSON,
 * which is how the code-server harness reads them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { defineExtensionSuite, type Tdd } from './extension.suite';

/** What the suite writes to `SWITCHBOARD_SUITE_REPORT`. */
export interface SuiteReport {
  vscodeVersion: string;
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed'; ms: number; error?: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // the tdd functions are handed to the suite module instead of being installed as globals
  const tdd = {} as Tdd;
  mocha.suite.emit('pre-require', tdd, 'switchboard-suite', mocha);
  defineExtensionSuite(tdd);

  const reportFile = process.env.SWITCHBOARD_SUITE_REPORT;
  const report: SuiteReport = { vscodeVersion: vscode.version, passed: 0, failed: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (reportFile) {
        fs.mkdirSync(path.dirname(reportFile), { recursive: true });
        // written whole and renamed, so a reader never sees half a report
        fs.writeFileSync(`${reportFile}.tmp`, JSON.stringify(report, null, 2));
        fs.renameSync(`${reportFile}.tmp`, reportFile);
      }
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      report.passed += 1;
      report.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 });
    });
    runner.on('fail', (t, error: Error) => {
      report.failed += 1;
      report.tests.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: error.stack ?? error.message });
    });
  });
}
