#!/usr/bin/env node
// `npm run demo`: runs Switchboard on the bundled example system (installing and building first
// on a fresh clone). Extra arguments go to `switchboard analyze`, e.g. `npm run demo -- --format json`.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ensureBuilt, ensureDependencies } from './ensure-ready.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
ensureDependencies();
ensureBuilt();
const r = spawnSync(process.execPath, [path.join(root, 'bin', 'switchboard.js'), 'analyze', path.join(root, 'examples', 'shop'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
