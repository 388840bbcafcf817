/**
 * The benchmark still runs end to end (not a measurement: the numbers are not checked): at 2k lines
 * with one pair of edits per kind it builds its bundles, generates a workspace, runs the baseline,
 * the CLI cold and warm and the language server, and writes a report where every edit was seen in
 * the diagnostics and the warm result equals the cold one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { SizeResult } from '../../scripts/bench/run';

const REPO = path.resolve(__dirname, '..', '..');

describe('npm run bench (smoke)', () => {
  it('runs at 2k lines and reports every figure', () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-smoke-')), 'bench.json');
    try {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(REPO, 'scripts', 'bench', 'run.ts'), '--sizes', '2k', '--pairs', '1', '--reps', '1', '--json', json, '--quiet'],
        {
          cwd: REPO,
          encoding: 'utf8',
          timeout: 600_000,
        },
      );
      assert.equal(r.status, 0, r.stderr || r.stdout);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as { results: SizeResult[]; targets: string[] };
      const [res] = report.results;
      assert.ok(res);
      assert.equal(res.size, '2k');
      for (const v of [res.baseline.wallMs, res.cold.wallMs, res.warm.wallMs, res.edit.p50, res.edit.p95, res.cold.rssMB, res.server.rssMB])
        assert.ok(Number.isFinite(v) && v > 0, JSON.stringify(res));
      assert.equal(res.edit.failed, 0);
      assert.equal(res.edit.count, 8, 'one forward and one backward edit of each of the four kinds');
      assert.ok(res.warm.identical, 'the warm result equals the cold one');
      assert.match(r.stdout, /\| size/);
    } finally {
      fs.rmSync(path.dirname(json), { recursive: true, force: true });
    }
  });
});
