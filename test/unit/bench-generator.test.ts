/**
 * The benchmark's workspace generator at 2k lines: reproducible from its seed, written under the
 * OS temp dir, and realistic enough that the analysis finds every communication style, skips the
 * test code, and sees the edit sites the editing benchmark relies on.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { generate } from '../../scripts/bench/generate';
import { analyze } from '../../server/src/analysis/analyze';

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(root, abs), fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(root);
  return out;
}

describe('bench workspace generator', () => {
  it('is reproducible from its seed and differs for another seed', () => {
    const a = generate({ lines: 2000, seed: 7 });
    const b = generate({ lines: 2000, seed: 7 });
    const c = generate({ lines: 2000, seed: 8 });
    try {
      assert.ok(a.root.startsWith(os.tmpdir()));
      assert.deepEqual(snapshot(a.root), snapshot(b.root));
      assert.notDeepEqual(snapshot(a.root), snapshot(c.root));
      assert.ok(a.lines >= 1800 && a.lines <= 4000, `lines: ${a.lines}`);
    } finally {
      for (const g of [a, b, c]) fs.rmSync(g.root, { recursive: true, force: true });
    }
  });

  it('yields every style, skips test code, and offers each kind of edit site', () => {
    const g = generate({ lines: 2000, seed: 1 });
    try {
      const model = analyze(g.root);
      const styles = new Set(model.interactions.map((i) => i.style));
      for (const s of ['sync-request-response', 'async-request-response', 'fire-and-forget', 'event', 'common-data'])
        assert.ok(styles.has(s as never), `no ${s} interaction`);
      assert.ok(g.tests.length > 0);
      assert.ok(!model.interactions.some((i) => g.tests.includes(i.file)), 'an interaction comes from test code');
      assert.ok(!model.interactions.some((i) => /stub-only|test-harness|mock-only/.test(i.target)), 'test-only targets leaked into the graph');
      assert.equal(model.stats.files, g.sources.filter((f) => f.startsWith('services/') || f.startsWith('libs/')).length);
      for (const kind of ['url', 'topic', 'handler', 'delete'])
        assert.ok(
          g.edits.some((e) => e.kind === kind),
          `no ${kind} edit site`,
        );
      // the handler and delete sites start as they should: the pending route is unresolved, the extra route resolves
      const unresolved = model.findings.filter((f) => f.rule === 'unresolved-endpoint');
      for (const e of g.edits.filter((x) => x.kind === 'handler'))
        assert.ok(
          unresolved.some((f) => f.file === e.watch && f.message.includes(e.marker)),
          `${e.watch} should call a missing route`,
        );
      for (const e of g.edits.filter((x) => x.kind === 'delete'))
        assert.ok(!unresolved.some((f) => f.file === e.watch), `${e.watch} should resolve before the delete`);
    } finally {
      fs.rmSync(g.root, { recursive: true, force: true });
    }
  });
});
