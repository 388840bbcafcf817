/**
 * The diff of two models (server/src/analysis/diff/compare.ts) on hand-built models: a channel
 * nobody publishes any more breaks its consumers; a field is only removed when the new payload is
 * known completely; moved code is no change; names from the code are shown safely in the text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffModels } from '../../server/src/analysis/diff/compare';
import { diffMarkdown, diffText } from '../../server/src/analysis/diff/render';
import type { Interaction } from '../../server/src/analysis/model';
import { endpoint, interaction, model } from './helpers/model';

const consumer = endpoint('billing:msg', 'billing', 'message', { mechanism: 'kafka', channel: 'order.created', reads: { fields: ['id', 'total'], line: 14 } });
const publish = (extra: Partial<Interaction> = {}): Interaction =>
  interaction('p', 'orders', 'event', ['billing'], ['billing:msg'], {
    mechanism: 'kafka',
    library: 'kafkajs',
    channel: 'order.created',
    target: 'kafka order.created',
    payload: { fields: ['id', 'total'] },
    ...extra,
  });
const BASE = { ref: 'main', commit: 'a'.repeat(40) };

describe('diffModels', () => {
  it('finds no change when only places moved', () => {
    const before = model(['orders', 'billing'], { endpoints: [consumer], interactions: [publish()] });
    const after = model(['orders', 'billing'], { endpoints: [{ ...consumer, line: 99 }], interactions: [publish({ line: 77 })] });
    const d = diffModels(before, after);
    assert.equal(d.breaking, 0);
    for (const k of ['interactions', 'endpoints', 'channels', 'fields'] as const) assert.deepEqual([d[k].added, d[k].removed], [[], []], k);
  });

  it('a channel no longer published breaks the consumers still subscribed', () => {
    const before = model(['orders', 'billing'], { endpoints: [consumer], interactions: [publish()] });
    const after = model(['orders', 'billing'], { endpoints: [consumer] });
    const d = diffModels(before, after);
    assert.deepEqual(
      d.channels.removed.map((c) => [c.name, c.dependents?.map((x) => `${x.service} ${x.file}:${x.line} ${x.how}`)]),
      [['order.created', ['billing billing/src/main.ts:14 consumes it']]],
    );
    assert.equal(d.breaking, 1);
    assert.match(diffText(d, BASE), /`order\.created` \(kafka\) no longer published; was published by orders — its consumers wait in vain: billing/);
  });

  it('reports a removed field only when the new payload is complete, and an added one only when the old was', () => {
    const before = model(['orders', 'billing'], { endpoints: [consumer], interactions: [publish()] });
    const open = model(['orders', 'billing'], { endpoints: [consumer], interactions: [publish({ payload: { fields: ['id', 'currency'], open: true } })] });
    assert.deepEqual(diffModels(before, open).fields, {
      added: [{ mechanism: 'kafka', channel: 'order.created', field: 'currency', producers: [{ service: 'orders', file: 'orders/src/main.ts', line: 20 }] }],
      removed: [],
    });
    const closed = model(['orders', 'billing'], { endpoints: [consumer], interactions: [publish({ payload: { fields: ['id'] } })] });
    const d = diffModels(before, closed);
    assert.deepEqual(
      d.fields.removed.map((f) => `${f.field}: ${f.dependents?.map((x) => x.service).join()}`),
      ['total: billing'],
    );
    assert.deepEqual(diffModels(open, closed).fields.added, [], 'the open base may have sent anything');
  });

  it('shows hostile names as text: no line breaks or reordering characters in text, escaped in Markdown', () => {
    const evil = 'x\n\u202Eevil<img src=x onerror=alert(1)>';
    const before = model(['orders', evil], {
      endpoints: [endpoint('e', evil, 'http', { method: 'GET', path: '/a' })],
      interactions: [interaction('i', 'orders', 'sync-request-response', [evil], ['e'], { target: 'GET http://evil/a' })],
    });
    const after = model(['orders', evil], { interactions: [interaction('i', 'orders', 'sync-request-response', [evil], [], { target: 'GET http://evil/a' })] });
    const d = diffModels(before, after);
    assert.equal(d.breaking, 1);
    const text = diffText(d, BASE);
    assert.ok(!text.includes('\u202E') && text.includes('x ⟨U+202E⟩evil<img'), text);
    const md = diffMarkdown(d, BASE);
    assert.ok(!md.includes('<img'), md);
  });
});
