// Run by the build: loads <outdir>/extract.js, extracts the bundled example system's sources to warm
// it up (so V8 has compiled the functions a run uses), and stores V8's code cache next to it as
// extract.js.v8cache (see server/src/analysis/parallel/load-bundle.ts). `node --import tsx scripts/code-cache.ts [outdir]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBundle } from '../server/src/analysis/parallel/load-bundle';
import type { Extractor } from '../server/src/analysis/parallel/extractor';

const root = path.resolve(__dirname, '..');
const bundle = path.resolve(process.argv[2] ?? path.join(root, 'dist'), 'extract.js');
const target = `${bundle}.v8cache`;
fs.rmSync(target, { force: true });
const loaded = loadBundle(bundle, require);
const extractor = loaded.exports as Extractor;
const example = path.join(root, 'examples');
let files = 0;
for (const entry of fs.readdirSync(example, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
  const full = path.join(entry.parentPath, entry.name);
  extractor.extractSource(path.relative(example, full), fs.readFileSync(full, 'utf8'));
  files++;
}
const temporary = `${target}.${process.pid}.tmp`;
fs.writeFileSync(temporary, loaded.createCodeCache());
fs.renameSync(temporary, target);
process.stdout.write(`code cache of ${path.basename(bundle)} written after ${files} files: ${(fs.statSync(target).size / 1e6).toFixed(1)} MB\n`);
