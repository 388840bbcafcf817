/**
 * The example system's events: each publish reaches exactly the subscriptions expected.json lists
 * (service, file and line of the subscribing call), and orphans reach none.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'shop');

interface Truth {
  id: string;
  file: string;
  line: number;
  caller: string;
  style: string;
  subscribers?: { service: string; file: string; line: number }[];
}

describe('example system: event subscribers', () => {
  const expected = (JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8')) as { interactions: Truth[] }).interactions.filter(
    (t) => t.style === 'event',
  );
  const model = analyze(EXAMPLE);
  const byId = new Map(model.endpoints.map((e) => [e.id, e]));
  for (const t of expected) {
    it(`${t.id} ${t.file}:${t.line}`, () => {
      const hit = model.interactions.find((i) => i.style === 'event' && i.service === t.caller && i.file === t.file && Math.abs(i.line - t.line) <= 2);
      assert.ok(hit, 'the publish is found');
      const got = hit.endpoints
        .map((id) => byId.get(id)!)
        .map((e) => `${e.service} ${e.file}`)
        .sort();
      const want = (t.subscribers ?? []).map((s) => `${s.service} ${s.file}`).sort();
      assert.deepEqual([...new Set(got)], want);
      for (const s of t.subscribers ?? []) {
        assert.ok(
          hit.endpoints.some((id) => byId.get(id)!.file === s.file && Math.abs(byId.get(id)!.line - s.line) <= 2),
          `an endpoint at ${s.file}:${s.line}`,
        );
      }
    });
  }
});
