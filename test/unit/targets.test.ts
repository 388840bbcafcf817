import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNKNOWN } from '../../server/src/analysis/link/program';
import { channelMatches, normalizePath, parseUrl, pathMatches } from '../../server/src/analysis/link/targets';

describe('parseUrl', () => {
  const cases: [string, { host?: string; port?: string; path: string }][] = [
    ['http://payments:3002/charges', { host: 'payments', port: '3002', path: '/charges' }],
    ['https://api.example.com/v1/x?y=1', { host: 'api.example.com', port: undefined, path: '/v1/x' }],
    [`${UNKNOWN}/orders/${UNKNOWN}`, { path: `/orders/${UNKNOWN}` }],
    ['orders:50051', { host: 'orders', port: '50051', path: '' }],
    ['http://orders:3001/api\u0001/orders', { host: 'orders', port: '3001', path: '/api/orders' }],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => {
      const got = parseUrl(input);
      assert.equal(got.host, expected.host);
      assert.equal(got.port, expected.port);
      assert.equal(got.path, expected.path);
    });
  }
});

describe('pathMatches', () => {
  const cases: [string, string, boolean][] = [
    ['/orders/:id', '/orders/42', true],
    ['/orders/:id', `/orders/${UNKNOWN}`, true],
    ['/orders/:id', '/orders', false],
    ['/orders/{id}/items', '/orders/1/items', true],
    ['/api/orders', '/api/Orders', true],
    ['/api/orders', '/api/payments', false],
    ['/files/*', '/files/a/b', true],
  ];
  for (const [ep, call, want] of cases) it(`${ep} ~ ${call}`, () => assert.equal(pathMatches(ep, call), want));
});

describe('channelMatches', () => {
  it('NATS * and >', () => {
    assert.ok(channelMatches('shipment.*', 'shipment.dispatched', 'nats'));
    assert.ok(!channelMatches('shipment.*', 'shipment.a.b', 'nats'));
    assert.ok(channelMatches('orders.>', 'orders.a.b', 'nats'));
  });
  it('AMQP * and #', () => {
    assert.ok(channelMatches('payment.*', 'payment.completed', 'amqp'));
    assert.ok(channelMatches('payment.#', 'payment', 'amqp'));
    assert.ok(channelMatches('#', 'a.b.c', 'amqp'));
    assert.ok(!channelMatches('payment.*', 'order.created', 'amqp'));
  });
  it('exact by default', () => assert.ok(!channelMatches('a.*', 'a.b')));
});

describe('normalizePath', () => {
  it('collapses slashes and drops queries', () => assert.equal(normalizePath('/api//orders/?x=1'), '/api/orders'));
});
