#!/usr/bin/env node
// Packages the extension as a .vsix: `node scripts/package.mjs [--out <file>]` (default switchboard.vsix).
// The production bundles are built into a staging folder, not into dist/, so packaging never replaces
// the development bundles (with source maps) that the CLI, the LSP tests and other people's runs use.
// What goes into the vsix is decided by the allowlist in .vscodeignore; `npx vsce ls` shows it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(root, 'switchboard.vsix'));

// Files and folders the .vscodeignore allowlist may let in (besides the bundles); missing ones are skipped.
const COPY = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'docs', 'syntaxes', 'images'];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${path.basename(args[0] ?? cmd)} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-package-'));
try {
  run(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', `--outdir=${path.join(stage, 'dist')}`], root);
  for (const name of COPY) {
    const from = path.join(root, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, name), { recursive: true });
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // --no-dependencies: everything is bundled; --no-rewrite-relative-links: README images ship inside the vsix
  run(
    process.execPath,
    [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out],
    stage,
  );
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
