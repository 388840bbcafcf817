/**
 * The example system's findings: every problem planted in examples/shop (expected.json
 * `planted_problems`) is found at its file and line, with its related locations — and nothing
 * else is reported. Hints are not problems: temporal-coupling's hint sits at every synchronous
 * call, and no rule gives other hints.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/model';

const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');

interface Planted {
  rule: string;
  alt_rules?: string[];
  file: string;
  line: number;
  note: string;
  related?: { file: string; line: number }[];
}

const expected = JSON.parse(fs.readFileSync(path.join(SHOP, 'expected.json'), 'utf8')) as { planted_problems: Planted[] };
const model = analyze(SHOP);

function matches(p: Planted, f: Finding): boolean {
  return [p.rule, ...(p.alt_rules ?? [])].includes(f.rule) && f.file === p.file && f.line === p.line;
}

describe('example system findings', () => {
  for (const p of expected.planted_problems) {
    it(`finds ${p.rule} at ${p.file}:${p.line}`, () => {
      const hits = model.findings.filter((f) => matches(p, f));
      assert.ok(hits.length > 0, `${p.note}\nfindings there: ${model.findings.filter((f) => f.file === p.file).map((f) => `${f.line} ${f.rule}`).join('; ') || 'none'}`);
      for (const r of p.related ?? []) {
        assert.ok(
          hits.some((h) => h.related?.some((x) => x.file === r.file && x.line === r.line)),
          `related location ${r.file}:${r.line} missing (has: ${hits.flatMap((h) => h.related ?? []).map((x) => `${x.file}:${x.line}`).join(', ')})`,
        );
      }
    });
  }

  it('reports nothing that was not planted', () => {
    const extra = model.findings.filter((f) => f.severity !== 'hint' && !expected.planted_problems.some((p) => matches(p, f)));
    assert.deepEqual(extra.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`), []);
  });

  it('hints only at synchronous calls, one temporal-coupling hint at each', () => {
    const hints = model.findings.filter((f) => f.severity === 'hint');
    assert.deepEqual([...new Set(hints.map((h) => h.rule))], ['temporal-coupling']);
    const syncCalls = new Set(model.interactions.filter((i) => i.style === 'sync-request-response' && i.callees.length).map((i) => `${i.file}:${i.line}`));
    assert.deepEqual(new Set(hints.map((h) => `${h.file}:${h.line}`)), syncCalls);
    const checkout = hints.find((h) => h.file === 'apps/gateway/src/routes/checkout.routes.ts' && h.line === 24);
    assert.match(checkout?.message ?? '', /catalog, fraud, inventory, orders, payments up at the same time as gateway \(6 services; at 99\.9% each, 99\.4% at best\)/);
  });
});
