// The benchmark's baseline: TypeScript's own parser over the analysed files, one thread, reading
// included. `node baseline.cjs <root> <list.json>`; prints {"parseMillis":…,"files":…,"bytes":…}.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require(require.resolve('typescript', { paths: [path.resolve(__dirname, '..', '..')] }));
const [root, list] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(list, 'utf8'));
const started = performance.now();
let bytes = 0;
let statements = 0;
for (const rel of files) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  bytes += text.length;
  const kind = rel.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(rel) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, false, kind);
  statements += sf.statements.length;
}
process.stdout.write(JSON.stringify({ parseMillis: performance.now() - started, files: files.length, bytes, statements }) + '\n');
