/**
 * The layering rules (.dependency-cruiser.cjs) hold on the real code, and each rule really fires
 * when its violation is introduced (checked on a scratch copy, so the rules cannot silently rot).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const SOURCES = ['protocol/src', 'server/src', 'client', 'cli/src'];

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Runs dependency-cruiser in `cwd` and returns its violations. */
function cruise(cwd: string, config: string, sources: string[]): Violation[] {
  const r = spawnSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...sources.filter((s) => fs.existsSync(path.join(cwd, s)))], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // depcruise exits with the number of errors; anything it cannot report as JSON is a crash
  let report: { summary: { violations: Violation[] } };
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`dependency-cruiser failed (exit ${r.status}):\n${r.stderr}`);
  }
  return report.summary.violations;
}

const show = (vs: Violation[]): string => vs.map((v) => `  ${v.rule.name}: ${v.from} → ${v.to}`).join('\n');

test('the code follows the layering rules of .dependency-cruiser.cjs', () => {
  const violations = cruise(root, path.join(root, '.dependency-cruiser.cjs'), SOURCES);
  assert.equal(violations.length, 0, `dependency rule violations:\n${show(violations)}`);
});

test('each layering rule fires on a violation', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-depcruise-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // the same resolution as in the repository: its node_modules and a tsconfig of the same kind
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(tmp, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }));
  const files: Record<string, string> = {
    'protocol/src/index.ts':
      "import * as path from 'node:path';\nimport type { Finding } from './types';\nexport const sep = path.sep;\nexport type F = Finding;\n",
    'protocol/src/types.ts': 'export interface Finding { id: string }\n',
    'server/src/server.ts': 'export const wiring = 1;\n',
    'server/src/handlers/diagnostics.ts': 'export const handler = 1;\n',
    'server/src/analysis/analyze.ts':
      "import * as vscode from 'vscode';\nimport type { Diagnostic } from 'vscode-languageserver';\nimport { handler } from '../handlers/diagnostics';\nimport { wiring } from '../server';\nimport { ext } from '../../../client/src/extension';\nexport const all: unknown[] = [vscode, handler, wiring, ext];\nexport type D = Diagnostic;\n",
    'client/src/extension.ts': "import { all } from '../../server/src/analysis/analyze';\nexport const ext = all;\n",
    'client/webview/main.ts': "import { ext } from '../src/extension';\nexport const w = ext;\n",
    'cli/src/cli.ts': "import { ext } from '../../client/src/extension';\nexport const c = ext;\n",
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
    fs.writeFileSync(path.join(tmp, file), text);
  }
  const violations = cruise(tmp, path.join(root, '.dependency-cruiser.cjs'), SOURCES);
  const fired = (rule: string, from: string, to: RegExp): boolean => violations.some((v) => v.rule.name === rule && v.from === from && to.test(v.to));
  const expected: [string, string, RegExp][] = [
    ['analysis-not-to-editor', 'server/src/analysis/analyze.ts', /vscode/],
    ['analysis-not-to-editor', 'server/src/analysis/analyze.ts', /vscode-languageserver/],
    ['analysis-not-to-server-wiring', 'server/src/analysis/analyze.ts', /^server\/src\/handlers\//],
    ['analysis-not-to-server-wiring', 'server/src/analysis/analyze.ts', /^server\/src\/server\.ts$/],
    ['analysis-not-to-other-layers', 'server/src/analysis/analyze.ts', /^client\//],
    ['client-only-through-protocol', 'client/src/extension.ts', /^server\//],
    ['webview-only-protocol', 'client/webview/main.ts', /^client\/src\//],
    ['server-not-to-client', 'cli/src/cli.ts', /^client\//],
    ['protocol-no-runtime-imports', 'protocol/src/index.ts', /path/],
  ];
  const missing = expected.filter(([rule, from, to]) => !fired(rule, from, to));
  assert.deepEqual(
    missing.map(([rule, from, to]) => `${rule}: ${from} → ${to}`),
    [],
    `rules that did not fire; dependency-cruiser reported:\n${show(violations)}`,
  );
  // a type-only import inside protocol/ is allowed
  assert.ok(!violations.some((v) => v.from === 'protocol/src/index.ts' && v.to.includes('types')), show(violations));
});
