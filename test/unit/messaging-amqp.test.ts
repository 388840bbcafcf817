/**
 * RabbitMQ: amqplib publishes routed by exchange type (topic, direct, fanout) to the queues bound
 * to them, the default exchange (`sendToQueue`), RPC with `replyTo`, amqp-connection-manager and
 * @golevelup/nestjs-rabbitmq.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

/** An amqplib consumer: asserts the exchange (when a type is given), binds its queue with `pattern`, consumes it. */
function consumer(name: string, exchange: string, type: string | undefined, pattern: string): Record<string, string> {
  return service(name, {
    'src/consumer.ts': `import * as amqp from 'amqplib';\nconst QUEUE = '${name}.q';\nexport async function start() {\n  const conn = await amqp.connect('amqp://rabbitmq');\n  const ch = await conn.createChannel();\n${type ? `  await ch.assertExchange('${exchange}', '${type}');\n` : ''}  await ch.assertQueue(QUEUE);\n  await ch.bindQueue(QUEUE, '${exchange}', '${pattern}');\n  await ch.consume(QUEUE, (msg) => handle(msg));\n}\nfunction handle(m: unknown) { console.log(m); }\n`,
  });
}

/** An amqplib publisher of `key` to `exchange`, declaring its type when given. */
function publisher(exchange: string, type: string | undefined, key: string): Record<string, string> {
  return service('payments', {
    'src/events.ts': `import * as amqp from 'amqplib';\nlet channel: amqp.Channel | undefined;\nexport async function connect() {\n  const conn = await amqp.connect('amqp://rabbitmq');\n  channel = await conn.createChannel();\n${type ? `  await channel.assertExchange('${exchange}', '${type}');\n` : ''}}\nexport function emit(body: unknown) {\n  channel!.publish('${exchange}', '${key}', Buffer.from(JSON.stringify(body)));\n}\n`,
  });
}

describe('amqplib exchanges', () => {
  const cases: { name: string; parts: Record<string, string>[]; expected: string[] }[] = [
    {
      name: 'topic exchange: `*` matches one word, `#` any number',
      parts: [
        publisher('payments', 'topic', 'payment.card.completed'),
        consumer('audit', 'payments', 'topic', 'payment.#'),
        consumer('notify', 'payments', 'topic', 'payment.*'),
        consumer('cards', 'payments', 'topic', '*.card.*'),
      ],
      expected: ['payments -event-> audit,cards [payment.card.completed]'],
    },
    {
      name: 'direct exchange: only the exact binding key',
      parts: [
        publisher('billing', 'direct', 'invoice'),
        consumer('ledger', 'billing', 'direct', 'invoice'),
        consumer('mailer', 'billing', 'direct', 'receipt'),
      ],
      expected: ['payments -event-> ledger [invoice]'],
    },
    {
      name: 'fanout exchange: every bound queue, whatever the key',
      parts: [publisher('logs', 'fanout', 'anything'), consumer('alpha', 'logs', undefined, ''), consumer('beta', 'logs', undefined, 'ignored')],
      expected: ['payments -event-> alpha,beta [anything]'],
    },
    {
      name: 'the exchange type declared by the consumer only',
      parts: [publisher('logs', undefined, 'x'), consumer('alpha', 'logs', 'fanout', 'whatever')],
      expected: ['payments -event-> alpha [x]'],
    },
    {
      name: 'a publish to another exchange reaches nobody',
      parts: [publisher('orders', 'topic', 'payment.completed'), consumer('notify', 'payments', 'topic', 'payment.*')],
      expected: ['payments -event-> (none) [payment.completed]'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(summary(messages(system(...c.parts), 'rabbitmq')), c.expected);
    });
  }

  it('the binding is the consumer endpoint, with its exchange and queue, handled by the consume callback', () => {
    const model = system(consumer('notify', 'payments', 'topic', 'payment.*'));
    const bind = subscriptions(model, 'notify').find((e) => e.exchange === 'payments');
    assert.equal(bind?.channel, 'payment.*');
    assert.equal(bind?.queue, 'notify.q');
    assert.equal(bind?.line, 8);
    assert.equal(bind?.handler, 'notify/src/consumer.ts#<fn@9:27>');
  });
});

describe('amqplib queues and RPC', () => {
  it('sendToQueue reaches the consumer of that queue', () => {
    const model = system(
      service('api', {
        'src/jobs.ts': `import amqp from 'amqplib';\nexport async function f() { const c = await amqp.connect('x'); const ch = await c.createChannel(); ch.sendToQueue('emails', Buffer.from('{}')); }\n`,
      }),
      service('mailer', {
        'src/worker.ts': `import amqp from 'amqplib';\nexport async function start() { const c = await amqp.connect('x'); const ch = await c.createChannel(); await ch.consume('emails', (m) => console.log(m)); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), ['api -event-> mailer [emails]']);
  });

  it('a send with replyTo is a request; its reply is handled in a consumer unless awaited', () => {
    const model = system(
      service('api', {
        'src/rpc.ts': `import amqp from 'amqplib';\nexport async function ask(ch: amqp.Channel) {\n  ch.sendToQueue('rpc.price', Buffer.from('{}'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: '1' });\n}\nexport async function askAndWait(ch: amqp.Channel) {\n  return new Promise((resolve) => {\n    ch.sendToQueue('rpc.price', Buffer.from('{}'), { replyTo: 'replies', correlationId: '2' });\n    ch.consume('replies', (m) => resolve(m));\n  });\n}\nexport async function caller(ch: amqp.Channel) { await askAndWait(ch); }\n`,
      }),
      service('pricing', {
        'src/server.ts': `import amqp from 'amqplib';\nexport async function serve(ch: amqp.Channel) { await ch.consume('rpc.price', (m) => ch.sendToQueue(m!.properties.replyTo, Buffer.from('1'))); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), [
      'api -async-request-response-> pricing [rpc.price]',
      'api -sync-request-response-> pricing [rpc.price]',
    ]);
  });

  it('an untyped channel in a file that also uses a Redis client is still AMQP', () => {
    const model = system(
      service('api', {
        'src/jobs.ts': `import amqp from 'amqplib';\nimport Redis from 'ioredis';\nexport const redis = new Redis();\nlet channel: amqp.Channel;\nexport async function f() { channel.sendToQueue('emails', Buffer.from('{}')); }\n`,
      }),
      service('mailer', {
        'src/worker.ts': `import amqp from 'amqplib';\nimport Redis from 'ioredis';\nexport const cache = new Redis();\nlet channel: amqp.Channel;\nexport function start() { channel.consume('emails', (m) => console.log(m)); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), ['api -event-> mailer [emails]']);
  });

  it('amqp-connection-manager: channel wrapper publish, bindings in setup', () => {
    const model = system(
      service('orders', {
        'src/bus.ts': `import amqp from 'amqp-connection-manager';\nconst conn = amqp.connect(['amqp://rabbitmq']);\nconst wrapper = conn.createChannel({ json: true });\nexport async function publish() { await wrapper.publish('orders', 'order.created', { id: 1 }); }\n`,
      }),
      service('stock', {
        'src/bus.ts': `import amqp from 'amqp-connection-manager';\nconst conn = amqp.connect(['amqp://rabbitmq']);\nconn.createChannel({ setup: (channel: any) => Promise.all([\n  channel.assertExchange('orders', 'topic'),\n  channel.assertQueue('stock.orders'),\n  channel.bindQueue('stock.orders', 'orders', 'order.*'),\n  channel.consume('stock.orders', onOrder),\n]) });\nfunction onOrder(m: unknown) { console.log(m); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), ['orders -event-> stock [order.created]']);
    assert.equal(subscriptions(model, 'stock').find((e) => e.exchange === 'orders')?.handler, 'stock/src/bus.ts#onOrder');
  });
});

describe('messaging wrappers', () => {
  it('publish and subscription wrappers with the channel as a parameter resolve per call site; unused ones subscribe to nothing', () => {
    const wrapper = `import * as amqp from 'amqplib';\nexport class Rabbit {\n  private channel!: amqp.Channel;\n  async publishTo(exchange: string, key: string, body: unknown) {\n    await this.channel.assertExchange(exchange, 'direct');\n    this.channel.publish(exchange, key, Buffer.from(JSON.stringify(body)));\n  }\n  async consumeFrom(exchange: string, key: string, onMessage: (m: unknown) => void) {\n    const { queue } = await this.channel.assertQueue('', { exclusive: true });\n    await this.channel.bindQueue(queue, exchange, key);\n    this.channel.consume(queue, (m) => onMessage(m));\n  }\n  async consumeQueue(queue: string, onMessage: (m: unknown) => void) {\n    this.channel.consume(queue, (m) => onMessage(m));\n  }\n}\n`;
    const model = system(
      service('payments', {
        'src/rabbit.ts': wrapper,
        'src/events.ts': `import { Rabbit } from './rabbit';\nexport class Events {\n  constructor(private readonly rabbit: Rabbit) {}\n  failed() { return this.rabbit.publishTo('order-status', 'payment-failed', {}); }\n  succeeded() { return this.rabbit.publishTo('order-status', 'payment-succeeded', {}); }\n}\n`,
      }),
      service('orders', {
        'src/rabbit.ts': wrapper,
        'src/listeners.ts': `import { Rabbit } from './rabbit';\nexport class Listeners {\n  constructor(private readonly rabbit: Rabbit) {}\n  start() {\n    this.rabbit.consumeFrom('order-status', 'payment-failed', (m) => console.log(m));\n  }\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), ['payments -event-> orders [payment-failed]', 'payments -event-> (none) [payment-succeeded]']);
    assert.deepEqual(
      subscriptions(model).map((e) => `${e.service} ${e.exchange}/${e.channel} ${e.file}:${e.line}`),
      ['orders order-status/payment-failed orders/src/listeners.ts:5'],
    );
  });
});

describe('@golevelup/nestjs-rabbitmq', () => {
  const module = `import { Module } from '@nestjs/common';\nimport { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';\n@Module({ imports: [RabbitMQModule.forRoot(RabbitMQModule, { exchanges: [{ name: 'events', type: 'topic' }, { name: 'broadcast', type: 'fanout' }], uri: 'amqp://rabbitmq' })] })\nexport class AppModule {}\n`;
  it('publish and request through AmqpConnection; @RabbitSubscribe and @RabbitRPC handlers', () => {
    const model = system(
      service('orders', {
        'src/app.module.ts': module,
        'src/orders.service.ts': `import { Injectable } from '@nestjs/common';\nimport { AmqpConnection } from '@golevelup/nestjs-rabbitmq';\n@Injectable()\nexport class OrdersService {\n  constructor(private readonly amqp: AmqpConnection) {}\n  async create() {\n    await this.amqp.publish('events', 'order.created', { id: 1 });\n    this.amqp.publish('broadcast', 'x', {});\n    return this.amqp.request<{ ok: boolean }>({ exchange: 'events', routingKey: 'stock.reserve', payload: {}, timeout: 1000 });\n  }\n}\n`,
      }),
      service('stock', {
        'src/stock.handlers.ts': `import { Injectable } from '@nestjs/common';\nimport { RabbitRPC, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';\n@Injectable()\nexport class StockHandlers {\n  @RabbitSubscribe({ exchange: 'events', routingKey: ['order.*', 'invoice.*'], queue: 'stock-orders' })\n  onOrder(msg: unknown) { console.log(msg); }\n  @RabbitRPC({ exchange: 'events', routingKey: 'stock.reserve', queue: 'stock-rpc' })\n  reserve() { return { ok: true }; }\n  @RabbitSubscribe({ exchange: 'broadcast', routingKey: '', queue: 'stock-broadcast' })\n  onBroadcast() {}\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'rabbitmq')), [
      'orders -event-> stock [order.created]',
      'orders -event-> stock [x]',
      'orders -sync-request-response-> stock [stock.reserve]',
    ]);
    const onOrder = subscriptions(model, 'stock').filter((e) => e.handler?.endsWith('StockHandlers.onOrder'));
    assert.deepEqual(onOrder.map((e) => e.channel).sort(), ['invoice.*', 'order.*']);
  });
});

describe('helpers of a shared library that send a fixed message', () => {
  it('one interaction per business call of the helper in each service, also through a namespace export', () => {
    const model = system(
      {
        'libs/messaging/package.json': JSON.stringify({ name: '@acme/messaging' }),
        'libs/messaging/src/helpers.ts': `import type { Channel } from 'amqplib';\nexport async function sendReady(ch: Channel, id: string) {\n  ch.sendToQueue('ready', Buffer.from(id));\n}\nexport async function sendAudit(ch: Channel, text: string) {\n  ch.sendToQueue('audit', Buffer.from(text));\n}\n`,
        'libs/messaging/src/index.ts': `export * from './helpers';\nexport * as helpers from './helpers';\n`,
      },
      service('lobby', {
        'src/lobby.ts': `import type { Channel } from 'amqplib';\nimport { sendReady } from '@acme/messaging';\nexport async function join(ch: Channel, a: string, b: string) {\n  await sendReady(ch, a);\n  await sendReady(ch, b);\n}\n`,
      }),
      service('matcher', {
        'src/matcher.ts': `import * as amqp from 'amqplib';\nimport { helpers } from '@acme/messaging';\nexport async function start() {\n  const ch = await (await amqp.connect('amqp://rabbitmq')).createChannel();\n  await ch.consume('ready', () => undefined);\n  await helpers.sendAudit(ch, 'matched');\n}\n`,
      }),
      service('auditor', {
        'src/auditor.ts': `import * as amqp from 'amqplib';\nexport async function start() {\n  const ch = await (await amqp.connect('amqp://rabbitmq')).createChannel();\n  await ch.consume('audit', () => undefined);\n}\n`,
      }),
    );
    assert.deepEqual(
      messages(model, 'rabbitmq').map((i) => `${i.service} ${i.file}:${i.line} <- ${i.callSite?.file}:${i.callSite?.line} -> ${i.callees.join(',')}`),
      [
        'lobby libs/messaging/src/helpers.ts:3 <- lobby/src/lobby.ts:4 -> matcher',
        'lobby libs/messaging/src/helpers.ts:3 <- lobby/src/lobby.ts:5 -> matcher',
        'matcher libs/messaging/src/helpers.ts:6 <- matcher/src/matcher.ts:6 -> auditor',
      ],
    );
  });
});
