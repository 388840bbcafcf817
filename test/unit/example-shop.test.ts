/**
 * The bundled example system against its hand-written expected graph (examples/shop/expected.json):
 * every interaction found at its place with its caller, callees and style, nothing extra, and the
 * synchronous chains and cycles.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import type { AnalysisResult, Interaction, Style } from '../../server/src/analysis/model';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'shop');

interface Truth {
  id: string;
  file: string;
  line: number;
  caller: string | null;
  callees: string[];
  style: Style;
  call_sites?: { file: string; line: number }[];
  accesses?: { service: string; file: string; line: number }[];
}

const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8')) as { interactions: Truth[]; chains: string[][]; cycles: string[][] };

function places(t: Truth): { file: string; line: number; service?: string }[] {
  return [{ file: t.file, line: t.line }, ...(t.call_sites ?? []), ...(t.accesses ?? [])];
}

function matches(t: Truth, i: Interaction): boolean {
  const near = places(t).some((p) => p.file === i.file && Math.abs(p.line - i.line) <= 2) || (!!i.callSite && places(t).some((p) => p.file === i.callSite!.file && Math.abs(p.line - i.callSite!.line) <= 2));
  return near && (t.caller === null || t.caller === i.service);
}

const STYLE_GROUPS: { name: string; styles: Style[]; todo?: string }[] = [
  { name: 'request-response', styles: ['sync-request-response', 'async-request-response', 'fire-and-forget'] },
  // TODO(engine II): remove this todo mark when shared data lands
  { name: 'events', styles: ['event'] },
  { name: 'common data', styles: ['common-data'], todo: 'shared-data detectors are being built (issue 4)' },
];

describe('example system: shop', () => {
  let model: AnalysisResult;
  before(() => {
    model = analyze(EXAMPLE);
  });

  it('finds the eight services', () => {
    assert.deepEqual(model.services.map((s) => s.name).sort(), ['catalog', 'fraud', 'gateway', 'inventory', 'notifications', 'orders', 'payments', 'shipping']);
  });

  for (const group of STYLE_GROUPS) {
    it(`${group.name}: every expected interaction, with its callees and style, and nothing else`, group.todo ? { todo: group.todo } : {}, () => {
      const truths = expected.interactions.filter((t) => group.styles.includes(t.style));
      const predicted = model.interactions.filter((i) => group.styles.includes(i.style));
      const used = new Set<Interaction>();
      const problems: string[] = [];
      for (const t of truths) {
        const hit = predicted.find((i) => !used.has(i) && matches(t, i));
        if (!hit) {
          problems.push(`missing ${t.id} ${t.file}:${t.line} ${t.caller} -${t.style}-> ${t.callees.join(',')}`);
          continue;
        }
        used.add(hit);
        const callees = t.style === 'common-data' ? [...hit.callees, hit.service] : hit.callees;
        if (hit.style !== t.style) problems.push(`${t.id}: style ${hit.style}, expected ${t.style}`);
        if ([...new Set(callees)].sort().join(',') !== [...new Set(t.callees)].sort().join(',')) problems.push(`${t.id}: callees ${hit.callees.join(',')}, expected ${t.callees.join(',')}`);
      }
      for (const i of predicted) {
        if (!used.has(i) && !truths.some((t) => matches(t, i))) problems.push(`unexpected ${i.file}:${i.line} ${i.service} -${i.style}-> ${i.callees.join(',')} ${i.target}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('the synchronous chains and the cycle', () => {
    const got = [...new Set(model.chains.map((c) => c.services.join(' > ')))].sort();
    assert.deepEqual(got, expected.chains.map((c) => c.join(' > ')).sort());
    const cycles = model.chains.filter((c) => c.cycle).map((c) => c.services.slice(c.services.indexOf(c.services[c.services.length - 1]!)).join(' > '));
    for (const cycle of expected.cycles) assert.ok(cycles.some((c) => c.includes(cycle.join(' > '))), `cycle ${cycle.join(' > ')} not found in ${JSON.stringify(cycles)}`);
  });
});
