/**
 * kafkajs producers and consumers: topics from literals, constants, batches, regular
 * expressions and environment variables; subscriber lists; handlers; wrappers per call site.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

const KAFKA = `import { Kafka } from 'kafkajs';\nexport const kafka = new Kafka({ clientId: 'x', brokers: ['kafka:9092'] });\n`;

/** A consumer service subscribed to `topics` (a kafkajs subscribe argument written as code). */
function consumer(name: string, subscribe: string): Record<string, string> {
  return service(name, {
    'src/kafka.ts': KAFKA,
    'src/consumer.ts': `import { kafka } from './kafka';\nconst consumer = kafka.consumer({ groupId: '${name}' });\nexport async function start() {\n  await consumer.connect();\n  await consumer.subscribe(${subscribe});\n  await consumer.run({ eachMessage: async ({ topic, message }) => handle(topic, message.value) });\n}\nfunction handle(t: string, v: unknown) { console.log(t, v); }\n`,
  });
}

describe('kafkajs', () => {
  const cases: { name: string; producer: string; consumers: Record<string, string>[]; expected: string[] }[] = [
    {
      name: 'send to a topic, one subscriber',
      producer: `export async function f() { await producer.send({ topic: 'order.created', messages: [{ value: '1' }] }); }`,
      consumers: [consumer('shipping', `{ topic: 'order.created', fromBeginning: true }`)],
      expected: ['orders -event-> shipping [order.created]'],
    },
    {
      name: 'every subscribing service is a callee; a topic nobody reads has none',
      producer: `const TOPICS = { created: 'order.created', cancelled: 'order.cancelled' } as const;\nexport async function f() {\n  await producer.send({ topic: TOPICS.created, messages: [] });\n  await producer.send({ topic: TOPICS.cancelled, messages: [] });\n}`,
      consumers: [consumer('shipping', `{ topic: 'order.created' }`), consumer('billing', `{ topics: ['order.created', 'invoice.paid'] }`)],
      expected: ['orders -event-> billing,shipping [order.created]', 'orders -event-> (none) [order.cancelled]'],
    },
    {
      name: 'sendBatch over topics built in a const',
      producer: `export async function f() {\n  const topicMessages = [\n    { topic: 'a.topic', messages: [{ key: 'k', value: 'v' }] },\n    { topic: 'b.topic', messages: [] },\n  ];\n  await producer.sendBatch({ topicMessages });\n}`,
      consumers: [consumer('alpha', `{ topic: 'a.topic' }`), consumer('beta', `{ topic: 'b.topic' }`)],
      expected: ['orders -event-> alpha,beta [a.topic, b.topic]'],
    },
    {
      name: 'a regular-expression subscription',
      producer: `export async function f() { await producer.send({ topic: 'order.shipped', messages: [] }); }`,
      consumers: [consumer('audit', `{ topic: /^order\\..*/ }`), consumer('other', `{ topic: /^invoice\\./ }`)],
      expected: ['orders -event-> audit [order.shipped]'],
    },
    {
      name: 'subscriptions over a loop, Object.values of an enum, and an array constant',
      producer: `export async function f() {\n  await producer.send({ topic: 'a.topic', messages: [] });\n  await producer.send({ topic: 'b.topic', messages: [] });\n  await producer.send({ topic: 'c.topic', messages: [] });\n}`,
      consumers: [
        service('loop', {
          'src/consumer.ts': `import { Kafka } from 'kafkajs';\nconst consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'l' });\nconst TOPICS = ['a.topic', 'b.topic'];\nexport async function start() {\n  for (const t of TOPICS) await consumer.subscribe({ topic: t });\n  await consumer.run({ eachMessage: async () => {} });\n}\n`,
        }),
        service('enum', {
          'src/consumer.ts': `import { Kafka } from 'kafkajs';\nenum Topics { C = 'c.topic' }\nconst consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'e' });\nexport async function start() { await consumer.subscribe({ topics: Object.values(Topics) }); }\n`,
        }),
      ],
      expected: ['orders -event-> loop [a.topic]', 'orders -event-> loop [b.topic]', 'orders -event-> enum [c.topic]'],
    },
    {
      name: 'topics read from the same unset environment variable',
      producer: `export async function f() { producer.send({ topic: process.env.ORDERS_TOPIC!, messages: [] }); }`,
      consumers: [consumer('shipping', `{ topic: process.env.ORDERS_TOPIC as string }`)],
      expected: ['orders -event-> shipping [{?}]'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const model = system(
        service('orders', {
          'src/kafka.ts': KAFKA + `export const producer = kafka.producer();\n`,
          'src/publish.ts': `import { producer } from './kafka';\n${c.producer}\n`,
        }),
        ...c.consumers,
      );
      assert.deepEqual(summary(messages(model, 'kafka')).sort(), [...c.expected].sort());
    });
  }

  it('the consumer endpoint is the subscribe call, handled by the run callback', () => {
    const model = system(consumer('shipping', `{ topic: 'order.created' }`));
    const [ep] = subscriptions(model, 'shipping');
    assert.equal(ep?.channel, 'order.created');
    assert.equal(ep?.mechanism, 'kafka');
    assert.equal(ep?.line, 5);
    assert.equal(ep?.handler, 'shipping/src/consumer.ts#eachMessage');
  });

  it('a producer wrapper with a topic parameter and a default: one interaction per call site', () => {
    const model = system(
      service('auth', {
        'src/kafka.ts': KAFKA + `export const producer = kafka.producer();\n`,
        'src/user-created.producer.ts': `import { producer } from './kafka';\nexport default async (data: unknown, topic?: string) => {\n  const target = topic || 'default-topic';\n  const messages = [{ topic: target, messages: [{ value: JSON.stringify(data) }] }, { topic: 'course-topic', messages: [] }];\n  await producer.sendBatch({ topicMessages: messages });\n};\n`,
        'src/signup.ts': `import userCreated from './user-created.producer';\nexport async function signup() { await userCreated({}, 'mail-topic'); }\nexport async function google() { await userCreated({}); }\n`,
      }),
      consumer('mail', `{ topic: 'mail-topic' }`),
      consumer('course', `{ topic: 'course-topic' }`),
    );
    const list = messages(model, 'kafka');
    assert.deepEqual(summary(list).sort(), ['auth -event-> course [default-topic, course-topic]', 'auth -event-> course,mail [mail-topic, course-topic]']);
    assert.deepEqual(list.map((i) => `${i.file}:${i.line} <- ${i.callSite?.file}:${i.callSite?.line}`).sort(), [
      'auth/src/user-created.producer.ts:5 <- auth/src/signup.ts:2',
      'auth/src/user-created.producer.ts:5 <- auth/src/signup.ts:3',
    ]);
  });

  it('messages a service only sends to itself are not part of the graph', () => {
    const model = system(
      service('orders', {
        'src/kafka.ts':
          KAFKA +
          `export const producer = kafka.producer();\nconst consumer = kafka.consumer({ groupId: 'o' });\nexport async function f() {\n  await consumer.subscribe({ topic: 'retry' });\n  await producer.send({ topic: 'retry', messages: [] });\n}\n`,
      }),
    );
    assert.deepEqual(messages(model, 'kafka'), []);
  });

  it('class-based producers and consumers with `this.topic` set in subclasses', () => {
    const base = `import { Kafka, Producer, Consumer } from 'kafkajs';\nexport abstract class BasePublisher {\n  abstract topic: string;\n  constructor(private readonly producer: Producer) {}\n  async publish(value: unknown) { await this.producer.send({ topic: this.topic, messages: [{ value: JSON.stringify(value) }] }); }\n}\nexport abstract class BaseListener {\n  abstract topic: string;\n  abstract onMessage(v: unknown): Promise<void>;\n  constructor(private readonly consumer: Consumer) {}\n  async listen() {\n    await this.consumer.subscribe({ topic: this.topic });\n    await this.consumer.run({ eachMessage: async ({ message }) => this.onMessage(message.value) });\n  }\n}\n`;
    const model = system(
      service('orders', { 'src/base.ts': base, 'src/pub.ts': `import { Producer } from 'kafkajs';\nimport { BasePublisher } from './base';\nclass OrderCreated extends BasePublisher { topic = 'order.created'; }\nexport async function f(p: Producer) { await new OrderCreated(p).publish({}); }\n` }),
      service('shipping', { 'src/base.ts': base, 'src/sub.ts': `import { Consumer } from 'kafkajs';\nimport { BaseListener } from './base';\nexport class OrderCreatedListener extends BaseListener {\n  topic = 'order.created';\n  async onMessage(v: unknown) { console.log(v); }\n}\nexport async function start(c: Consumer) { await new OrderCreatedListener(c).listen(); }\n` }),
    );
    assert.deepEqual(summary(messages(model, 'kafka')), ['orders -event-> shipping [order.created]']);
    assert.deepEqual(subscriptions(model, 'shipping').map((e) => `${e.channel} ${e.handler}`), ['order.created shipping/src/sub.ts#OrderCreatedListener.onMessage']);
  });
});


describe('kafka-node', () => {
  it('Producer.send payload topics reach Consumer and ConsumerGroup subscribers; the message handler is the endpoint', () => {
    const model = system(
      service('orders', {
        'src/app.js': `const kafka = require('kafka-node');\nconst { Producer } = kafka;\nconst producer = new Producer(new kafka.KafkaClient({ kafkaHost: 'kafka:9092' }));\nfunction placed(order) {\n  const payloads = [{ topic: 'order.placed', messages: JSON.stringify(order) }];\n  producer.send(payloads, (err) => console.log(err));\n}\nmodule.exports = { placed };\n`,
      }),
      service('billing', {
        'src/main.js': `const kafka = require('kafka-node');\nconst consumer = new kafka.Consumer(new kafka.KafkaClient({ kafkaHost: 'kafka:9092' }), [{ topic: 'order.placed' }], { autoCommit: false });\nconsumer.on('message', (m) => console.log(m.value));\n`,
      }),
      service('audit', {
        'src/main.js': `const { ConsumerGroup } = require('kafka-node');\nconst group = new ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: 'audit' }, ['order.placed', 'order.paid']);\ngroup.on('message', function onMessage(m) { return m; });\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'kafka')), ['orders -event-> audit,billing [order.placed]']);
    assert.deepEqual(subscriptions(model).map((e) => `${e.service} ${e.channel}`).sort(), ['audit order.paid', 'audit order.placed', 'billing order.placed']);
  });
});
