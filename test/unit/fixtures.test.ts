/**
 * Multi-service fixture folders: each test/fixtures/systems/<name>/ is analysed and compared with
 * its expected.json (services, endpoints, interactions, chains; findings have their own tests). Run with UPDATE_EXPECTED=1 to
 * rewrite expected.json after a deliberate change — then read the diff before committing it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { AnalysisResult } from '../../server/src/analysis/model';

const ROOT = path.join(__dirname, '..', 'fixtures', 'systems');

/** The parts of a result a fixture pins down, in a stable, readable form. */
function projection(model: AnalysisResult): unknown {
  return {
    services: model.services.map((s) => `${s.name} @ ${s.root || '.'}`).sort(),
    endpoints: model.endpoints.map((e) => `${e.service}: ${e.kind === 'http' ? `${e.method} ${e.path}` : `${e.kind} ${e.channel}`} (${e.file}:${e.line})`).sort(),
    interactions: model.interactions
      .map((i) => `${i.file}:${i.line} ${i.service} -${i.style}-> ${i.callees.join(',') || '?'} [${i.mechanism}/${i.library}] ${i.target}${i.callSite ? ` via ${i.callSite.file}:${i.callSite.line}` : ''}${i.endpoints.length ? '' : ' (no endpoint)'}`)
      .sort(),
    chains: model.chains.map((c) => `${c.services.join(' -> ')}${c.cycle ? ' (cycle)' : ''}`).sort(),
  };
}

describe('fixture systems', () => {
  for (const name of fs.existsSync(ROOT) ? fs.readdirSync(ROOT).sort() : []) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const expectedFile = path.join(dir, 'expected.json');
      const actual = projection(analyze(dir));
      if (process.env.UPDATE_EXPECTED === '1') {
        fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
        return;
      }
      assert.ok(fs.existsSync(expectedFile), `${name} has no expected.json (run with UPDATE_EXPECTED=1 and review it)`);
      assert.deepEqual(actual, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
    });
  }
});
