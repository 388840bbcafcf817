#!/usr/bin/env node
// Runs the test tiers with node's test runner: unit (pure, fast), grammar (TextMate snapshots),
// lsp (the built server over the protocol), e2e (a real VS Code: code-server driven by headless
// Chromium), meta.
// `node scripts/test.mjs [tier...]`; no tier runs them all. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDependencies } from './ensure-ready.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ALL = ['unit', 'grammar', 'meta', 'lsp', 'e2e'];
const args = process.argv.slice(2);
// the whole run (no tier named) lints first; `lint` can also be named like a tier
const lint = args.length === 0 || args.includes('lint');
const tiers = args.length ? args.filter((t) => t !== 'lint') : ALL;

function filesIn(dir) {
  const out = [];
  const abs = path.join(root, 'test', dir);
  if (!fs.existsSync(abs)) return out;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'fixtures') walk(p);
      else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(p);
    }
  };
  walk(abs);
  return out.sort();
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

// build once: the lsp and e2e tiers use the bundles, the meta tier checks them
// a fresh clone: install what is missing first
ensureDependencies();
if (run(process.execPath, ['esbuild.mjs']) !== 0) process.exit(1);
if (tiers.some((t) => t !== 'unit') && run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b']) !== 0) {
  console.error('type check failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;

if (lint) {
  // type-aware typescript-eslint (no-floating-promises); a lint failure counts as one failed test
  console.log('\n== lint (eslint) ==');
  const status = run(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  if (status === 0) console.log('lint: clean');
  else failed += 1;
}
for (const tier of tiers) {
  const files = filesIn(tier);
  if (!files.length) continue;
  console.log(`\n== ${tier} tests (${files.length} files) ==`);
  const reportFile = path.join(root, 'test-results', `${tier}.tap`);
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  const concurrency = tier === 'e2e' ? '1' : tier === 'lsp' ? '2' : String(Math.max(2, (await import('node:os')).cpus().length));
  const status = run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${reportFile}`,
    ...files,
  ]);
  const tap = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  const num = (k) => Number((new RegExp(`^# ${k} (\\d+)`, 'm').exec(tap) ?? [])[1] ?? 0);
  passed += num('pass');
  failed += num('fail') + num('cancelled');
  skipped += num('skipped') + num('todo');
  if (status !== 0 && num('fail') + num('cancelled') === 0) failed += 1; // a crash outside any test
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
