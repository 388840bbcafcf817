/**
 * The CLI and the language server leave TypeScript to the parser bundle (dist/extract.js): a warm
 * start and a server that only relinks never load the compiler. One value import of a module that
 * touches ts-morph (even for a constant) pulls the whole compiler into a bundle again, costing start-up
 * time and memory; this test names the bundle it landed in.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
// a declaration only the TypeScript compiler itself contains
const COMPILER = 'function createSourceFile(';

test('the parser bundle holds the TypeScript compiler', () => {
  assert.ok(fs.readFileSync(path.join(dist, 'extract.js'), 'utf8').includes(COMPILER));
});

for (const bundle of ['cli.js', 'server.js']) {
  test(`dist/${bundle} does not bundle the TypeScript compiler`, () => {
    const text = fs.readFileSync(path.join(dist, bundle), 'utf8');
    assert.ok(!text.includes(COMPILER), `${bundle} (${(text.length / 1e6).toFixed(1)} MB) contains the TypeScript compiler: a module it imports imports ts-morph`);
  });
}
