/**
 * A workspace of 50,000 files (issue 10), generated here: the analysis completes, finds what the
 * generator put in, and reports its time and memory (printed; the benchmark, not this test,
 * measures speed, so the bound is generous).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';

const SERVICES = 50;
const FILES_PER_SERVICE = 1000;

describe('hardening: a workspace of 50,000 files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-50k-'));
  // removing 50,000 files takes minutes on a busy disk: a detached process does it after the run
  after(() => spawn('rm', ['-rf', root], { detached: true, stdio: 'ignore' }).unref());

  it('is analysed to the end', { timeout: 300_000 }, () => {
    const started = Date.now();
    let files = 0;
    for (let s = 0; s < SERVICES; s++) {
      const dir = path.join(root, `svc${s}`);
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `svc${s}`, dependencies: { express: '*', axios: '*' } }));
      fs.writeFileSync(path.join(dir, 'src', 'main.ts'), `import express from 'express';\nconst app = express();\napp.get('/api/items', (_q, r) => r.json([]));\napp.listen(3000);\n`);
      files += 2;
      for (let f = 0; files < (s + 1) * FILES_PER_SERVICE; f++) {
        const sub = path.join(dir, 'src', `m${f % 20}`);
        if (f < 20) fs.mkdirSync(sub);
        // one file in a hundred calls the next service
        const text =
          f % 100 === 0
            ? `import axios from 'axios';\nexport async function call${f}() {\n  return axios.get('http://svc${(s + 1) % SERVICES}:3000/api/items', { timeout: 500 });\n}\n`
            : `export const value${f} = ${f};\nexport function double${f}(x: number): number {\n  return x * 2 + value${f};\n}\n`;
        fs.writeFileSync(path.join(sub, `file${f}.ts`), text);
        files++;
      }
    }
    assert.equal(files, SERVICES * FILES_PER_SERVICE);
    const generated = Date.now() - started;
    const t0 = Date.now();
    const model = analyze(root, {});
    const millis = Date.now() - t0;
    const rssMb = Math.round(process.memoryUsage().rss / 1e6);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1e3);
    console.log(`# 50,000 files: generated in ${generated} ms, analysed in ${millis} ms, RSS ${rssMb} MB after, peak ${maxRssMb} MB`);
    assert.equal(model.stats.files, files - SERVICES);
    assert.equal(model.services.length, SERVICES);
    assert.equal(model.interactions.length, SERVICES * 10);
    assert.ok(model.interactions.every((i) => i.callees.length === 1 && i.style === 'sync-request-response'));
    assert.deepEqual(model.messages, []);
  });
});
