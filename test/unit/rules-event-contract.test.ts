/**
 * event-contract: a consumer reads a field that no producer of the message sends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, findingsOf, lineOf, natsService } from './helpers/findings';

function system(publishers: string[], consumerBody: string, publisherExtra = ''): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { port: 3001 }, billing: { port: 3002 }, shipping: { port: 3005 } }),
    ...natsService('orders', publishers[0]!, publisherExtra),
    ...(publishers[1] ? natsService('billing', publishers[1]) : {}),
    ...natsService('shipping', `  nc.subscribe('order.created', {\n    callback: (err, msg) => {\n${consumerBody.trim()}\n    },\n  });`),
  };
}

const F = 'shipping/src/main.ts';
const READS_CUSTOMER = `const event = JSON.parse(sc.decode(msg.data)) as { orderId: string; customerId: string };\nif (typeof event.orderId !== 'string') return;\nconsole.log(event.orderId, event.customerId);`;

describe('event-contract', () => {
  it('reports a field the consumer reads and no producer sends, with the producers related', () => {
    const files = system([`  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o1' })));`], READS_CUSTOMER);
    const { at, all } = findingsOf(files, 'event-contract');
    assert.deepEqual(at, [`${F}:${lineOf(files, F, 'JSON.parse')}`]);
    assert.match(all[0]!.message, /`customerId`/);
    assert.doesNotMatch(all[0]!.message, /`orderId`/);
    assert.equal(all[0]!.related?.[0]?.file, 'orders/src/main.ts');
  });

  it('reads the published shape from a typed parameter and an interface in the same file', () => {
    const files = system(
      [`  publishCreated(nc, { orderId: 'o1', customerId: 'c1' });`],
      READS_CUSTOMER,
      `interface OrderCreated { orderId: string; customerId: string }\nfunction publishCreated(nc: { publish(s: string, d: Uint8Array): void }, event: OrderCreated): void { nc.publish('order.created', sc.encode(JSON.stringify(event))); }`,
    );
    assert.deepEqual(findingsOf(files, 'event-contract').at, []);
  });

  it('takes the union of every producer of the channel', () => {
    const files = system([`  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o1' })));`, `  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o2', customerId: 'c2' })));`], READS_CUSTOMER);
    assert.deepEqual(findingsOf(files, 'event-contract').at, []);
  });

  it('is quiet when a producer may send more than it shows (a spread of an unknown value)', () => {
    const files = system([`  const base = await load();\n  nc.publish('order.created', sc.encode(JSON.stringify({ ...base, orderId: 'o1' })));`], READS_CUSTOMER, `declare function load(): Promise<Record<string, unknown>>;`);
    assert.deepEqual(findingsOf(files, 'event-contract').at, []);
  });
});
