/**
 * orphan-event (published, never consumed) and unknown-channel (consumed, never published).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, findingsOf, lineOf, natsService } from './helpers/findings';
import { pkg } from './helpers/workspace';

function system(publish: string[], subscribe: string[]): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { port: 3001 }, shipping: { port: 3005 } }),
    ...natsService('orders', publish.map((c) => `  nc.publish('${c}', sc.encode(JSON.stringify({ orderId: '1' })));`).join('\n')),
    ...natsService('shipping', subscribe.map((c) => `  nc.subscribe('${c}', { callback: (err, msg) => console.log(err, msg.subject) });`).join('\n')),
  };
}

describe('orphan-event', () => {
  it('reports a publish nobody consumes, at the publish', () => {
    const files = system(['order.created', 'order.cancelled'], ['order.created']);
    assert.deepEqual(findingsOf(files, 'orphan-event').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'order.cancelled')}`]);
  });

  it('is quiet when a consumer (also through a wildcard) exists, or the channel is ignored', () => {
    assert.deepEqual(findingsOf(system(['order.created', 'order.cancelled'], ['order.*']), 'orphan-event').at, []);
    assert.deepEqual(findingsOf(system(['order.cancelled'], []), 'orphan-event', { 'orphan-event': { options: { ignoreChannels: ['order.cancelled'] } } }).at, []);
  });
});

describe('unknown-channel', () => {
  it('reports a subscription nobody publishes to, at the subscription', () => {
    const files = system(['order.created'], ['order.created', 'order.paid']);
    assert.deepEqual(findingsOf(files, 'unknown-channel').at, [`shipping/src/main.ts:${lineOf(files, 'shipping/src/main.ts', 'order.paid')}`]);
  });

  it('is quiet when the consuming service publishes to its own channel, or somewhere it cannot be read', () => {
    const own = system([], []);
    own['shipping/src/main.ts'] = own['shipping/src/main.ts']!.replace('void main();', "void main();\nexport async function later(nc: { publish(s: string, d: Uint8Array): void }) { nc.publish('order.paid', sc.encode('x')); }").replace('\n}\nvoid main', "\n  nc.subscribe('order.paid', { callback: (err, msg) => console.log(msg.subject) });\n}\nvoid main");
    assert.deepEqual(findingsOf(own, 'unknown-channel').at, []);
    const unread = system([], ['order.paid']);
    unread['shipping/src/main.ts'] = unread['shipping/src/main.ts']!.replace('void main();', "void main();\nexport async function relay(nc: { publish(s: string, d: Uint8Array): void }, subject: string) { nc.publish(subject, sc.encode('x')); }");
    assert.deepEqual(findingsOf(unread, 'unknown-channel').at, []);
  });

  it('only informs when services of the workspace are known but not analysed', () => {
    const files = system(['order.created'], ['order.created', 'order.paid']);
    files['docker-compose.yml'] += '  billing:\n    image: example/billing:1\n    build: ./billing\n';
    const { all } = findingsOf(files, 'unknown-channel');
    assert.equal(all.length, 1);
    assert.equal(all[0]!.severity, 'info');
    assert.match(all[0]!.message, /unless billing/);
  });

  it('is quiet when every subscription has a publisher', () => {
    assert.deepEqual(findingsOf(system(['order.created', 'order.paid'], ['order.created', 'order.paid']), 'unknown-channel').at, []);
  });

  it('does not report an AMQP queue consumer whose queue is bound to a published exchange', () => {
    const files: Record<string, string> = {
      'docker-compose.yml': compose({ payments: { port: 3002 }, notifications: { port: 3006 } }),
      'payments/package.json': pkg('payments', ['amqplib']),
      'payments/src/main.ts': `import * as amqp from 'amqplib';
async function main() {
  const ch = await (await amqp.connect('amqp://rabbitmq')).createChannel();
  await ch.assertExchange('payments', 'topic');
  ch.publish('payments', 'payment.completed', Buffer.from(JSON.stringify({ chargeId: 'c1' })));
}
void main();
`,
      'notifications/package.json': pkg('notifications', ['amqplib']),
      'notifications/src/main.ts': `import * as amqp from 'amqplib';
async function main() {
  const ch = await (await amqp.connect('amqp://rabbitmq')).createChannel();
  await ch.assertQueue('notifications.payments');
  await ch.bindQueue('notifications.payments', 'payments', 'payment.*');
  await ch.consume('notifications.payments', (msg) => { if (msg) ch.ack(msg); });
}
void main();
`,
    };
    assert.deepEqual(findingsOf(files, 'unknown-channel').at, []);
  });
});
