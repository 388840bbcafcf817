/**
 * The graph the call-graph panel draws (server side): nodes for services, channels and stores;
 * links by style; chains with entries; what an endpoint needs up; findings placed on the graph.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { graphOf, needsUpByEndpoint } from '../../server/src/analysis/report/graph';
import { endpoint, interaction, model } from './helpers/model';

const SHOP = path.resolve(import.meta.dirname, '..', '..', 'examples', 'shop');

const linkText = (g: ReturnType<typeof graphOf>): string[] => g.links.map((l) => `${l.source} -${l.style}-> ${l.target}${l.targetEndpoint ? ` @${l.targetEndpoint}` : ''} [${l.interactions.join(',')}]`).sort();

describe('graphOf', () => {
  it('draws requests service to service, with the endpoint reached', () => {
    const m = model(['a', 'b'], {
      endpoints: [endpoint('b:GET /x', 'b', 'http', { method: 'GET', path: '/x' })],
      interactions: [interaction('i1', 'a', 'sync-request-response', ['b'], ['b:GET /x']), interaction('i2', 'a', 'fire-and-forget', ['b'])],
    });
    const g = graphOf('file:///w', m);
    assert.deepEqual(linkText(g), ['service:a -fire-and-forget-> service:b [i2]', 'service:a -sync-request-response-> service:b @b:GET /x [i1]']);
    assert.deepEqual(
      g.services.map((s) => [s.id, s.endpoints]),
      [
        ['service:a', []],
        ['service:b', ['b:GET /x']],
      ],
    );
    assert.equal(g.endpoints[0]!.label, 'GET /x');
    assert.equal(g.folder, 'file:///w');
  });

  it('draws events through a channel node and keeps consumers nobody publishes to', () => {
    const m = model(['pub', 'sub', 'lonely'], {
      endpoints: [
        endpoint('sub:kafka:t', 'sub', 'message', { channel: 't', mechanism: 'kafka' }),
        endpoint('lonely:nats:x', 'lonely', 'message', { channel: 'x', mechanism: 'nats' }),
        endpoint('lonely:tcp:req', 'lonely', 'message', { channel: 'req', mechanism: 'nestjs-tcp', method: 'request' }),
      ],
      interactions: [interaction('e1', 'pub', 'event', ['sub'], ['sub:kafka:t'], { mechanism: 'kafka', channel: 't' })],
    });
    const g = graphOf('', m);
    assert.deepEqual(linkText(g), [
      'channel:kafka:t -event-> service:sub @sub:kafka:t [e1]',
      'channel:nats:x -event-> service:lonely @lonely:nats:x []',
      'service:pub -event-> channel:kafka:t [e1]',
    ]);
    assert.deepEqual(
      g.channels.map((c) => [c.id, c.publishers, c.subscribers]),
      [
        ['channel:kafka:t', ['pub'], ['sub']],
        ['channel:nats:x', [], ['lonely']],
      ],
    );
  });

  it('draws common data through a store node with its writers', () => {
    const m = model(['a', 'b'], {
      interactions: [
        interaction('d1', 'a', 'common-data', ['b'], [], { store: 'pg orders', access: 'write' }),
        interaction('d2', 'b', 'common-data', ['a'], [], { store: 'pg orders', access: 'read' }),
      ],
    });
    const g = graphOf('', m);
    assert.deepEqual(linkText(g), ['service:a -common-data-> store:pg orders [d1]', 'service:b -common-data-> store:pg orders [d2]']);
    assert.deepEqual(g.stores, [{ id: 'store:pg orders', name: 'pg orders', services: ['a', 'b'], writers: ['a'], location: { file: 'a/src/main.ts', line: 20, column: 3 } }]);
    // no direct service-to-service line for shared data in the drawing
    assert.ok(!g.links.some((l) => l.source === 'service:a' && l.target === 'service:b'));
  });

  it('places findings on the interactions at their line and counts them per service', () => {
    const m = model(['a', 'b'], {
      interactions: [interaction('i1', 'a', 'sync-request-response', ['b'])],
      findings: [
        { rule: 'missing-timeout', severity: 'warning', message: 'no timeout', file: 'a/src/main.ts', line: 20 },
        { rule: 'x', severity: 'error', message: 'in b', file: 'b/src/other.ts', line: 3 },
      ],
    });
    const g = graphOf('', m);
    assert.deepEqual(g.services.find((s) => s.name === 'a')!.findings, { error: 0, warning: 1, info: 0, hint: 0 });
    assert.deepEqual(g.services.find((s) => s.name === 'b')!.findings, { error: 1, warning: 0, info: 0, hint: 0 });
    assert.equal(g.links[0]!.findings, 1);
    assert.deepEqual(g.findings[0]!.interactions, ['i1']);
  });

  it('computes what an endpoint needs up from the chains through it', () => {
    const m = model(['a', 'b', 'c'], {
      endpoints: [endpoint('a:in', 'a', 'http'), endpoint('b:in', 'b', 'http'), endpoint('c:in', 'c', 'http')],
      interactions: [interaction('i1', 'a', 'sync-request-response', ['b'], ['b:in']), interaction('i2', 'b', 'sync-request-response', ['c'], ['c:in'])],
      chains: [{ services: ['a', 'b', 'c'], interactions: ['i1', 'i2'], entry: 'a:in' }],
    });
    const up = needsUpByEndpoint(m);
    assert.deepEqual([...(up.get('a:in') ?? [])].sort(), ['b', 'c']);
    assert.deepEqual([...(up.get('b:in') ?? [])], ['c']);
    assert.equal(up.get('c:in')?.size ?? 0, 0);
    assert.deepEqual(graphOf('', m).endpoints.find((e) => e.id === 'a:in')!.needsUp, ['b', 'c']);
  });

  it('on the example: every service, the Kafka channel, the shared table and the cycle with its entry', () => {
    const m = analyze(SHOP);
    const g = graphOf('file:///shop', m);
    assert.deepEqual(g.services.map((s) => s.name).sort(), ['catalog', 'fraud', 'gateway', 'inventory', 'notifications', 'orders', 'payments', 'shipping']);
    const created = g.channels.find((c) => c.name === 'order.created');
    assert.ok(created, 'order.created is a channel');
    assert.deepEqual(created.publishers, ['orders']);
    assert.ok(created.subscribers.includes('shipping'));
    // one store node per shared data store the engine found (the orders table, once data access is detected)
    assert.deepEqual(g.stores.map((s) => s.name).sort(), [...new Set(m.interactions.filter((i) => i.style === 'common-data').map((i) => i.store ?? i.target))].sort());
    const cycle = g.chains.find((c) => c.cycle);
    assert.deepEqual(cycle?.services, ['gateway', 'orders', 'payments', 'fraud', 'payments']);
    const entry = g.endpoints.find((e) => e.id === cycle?.entry);
    assert.equal(entry?.label, 'POST /api/checkout');
    assert.deepEqual(entry?.needsUp, ['catalog', 'fraud', 'inventory', 'orders', 'payments']);
    for (const style of ['sync-request-response', 'async-request-response', 'fire-and-forget', 'event']) assert.ok(g.links.some((l) => l.style === style), `a ${style} link`);
    // every link end is a node
    const nodes = new Set([...g.services.map((s) => s.id), ...g.channels.map((c) => c.id), ...g.stores.map((s) => s.id)]);
    for (const l of g.links) assert.ok(nodes.has(l.source) && nodes.has(l.target), `${l.source} → ${l.target}`);
  });
});
