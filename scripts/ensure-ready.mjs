// Makes a fresh clone runnable: installs the npm dependencies when they are missing and builds
// the bundles when they are missing. Used by `npm run demo` and `npm test`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Installs dependencies if node_modules is absent or older than the lockfile. */
export function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (!fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs - 1000) {
    console.log('Installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

/** Builds the bundles if the CLI bundle is absent. */
export function ensureBuilt() {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) run(process.execPath, ['esbuild.mjs']);
}
