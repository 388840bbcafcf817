/**
 * NATS: nats.js publish/subscribe with `*` and `>` wildcards, subscriptions handled by a callback
 * or a `for await` loop, requests styled by awaiting, JetStream; node-nats-streaming, including
 * the class-based Publisher/Listener pattern of a shared library whose subject is set per subclass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

const CONNECT = `import { connect, StringCodec } from 'nats';\nconst sc = StringCodec();\n`;

function subscriber(name: string, subject: string): Record<string, string> {
  return service(name, {
    'src/nats.ts': `${CONNECT}export async function start() {\n  const nc = await connect({ servers: 'nats://nats:4222' });\n  const sub = nc.subscribe('${subject}', { queue: '${name}' });\n  for await (const m of sub) console.log(sc.decode(m.data));\n}\n`,
  });
}

describe('nats.js', () => {
  const cases: { name: string; subject: string; subscribers: [string, string][]; expected: string }[] = [
    {
      name: 'exact subject',
      subject: 'shipment.dispatched',
      subscribers: [
        ['notify', 'shipment.dispatched'],
        ['other', 'shipment.created'],
      ],
      expected: 'shipping -event-> notify [shipment.dispatched]',
    },
    {
      name: '`*` matches exactly one token',
      subject: 'shipment.dispatched',
      subscribers: [
        ['notify', 'shipment.*'],
        ['deep', 'shipment.*.x'],
      ],
      expected: 'shipping -event-> notify [shipment.dispatched]',
    },
    {
      name: '`>` matches one or more tokens',
      subject: 'shipment.eu.dispatched',
      subscribers: [
        ['audit', 'shipment.>'],
        ['notify', 'shipment.*'],
        ['all', '>'],
      ],
      expected: 'shipping -event-> all,audit [shipment.eu.dispatched]',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const model = system(
        service('shipping', {
          'src/nats.ts': `${CONNECT}import type { NatsConnection } from 'nats';\nlet nc: NatsConnection | undefined;\nexport async function init() { nc = await connect({ servers: 'nats://nats:4222' }); }\nexport function dispatched() { nc!.publish('${c.subject}', sc.encode('{}')); }\n`,
        }),
        ...c.subscribers.map(([n, s]) => subscriber(n, s)),
      );
      assert.deepEqual(summary(messages(model, 'nats')), [c.expected]);
    });
  }

  it('a subscription is handled by its for-await loop or its callback', () => {
    const model = system(
      service('notify', {
        'src/nats.ts': `${CONNECT}export async function start() {\n  const nc = await connect();\n  const sub = nc.subscribe('a.b');\n  void (async () => {\n    for await (const m of sub) console.log(m);\n  })();\n  nc.subscribe('c.d', { callback: onLowStock });\n}\nfunction onLowStock(err: unknown, m: unknown) { console.log(err, m); }\n`,
      }),
    );
    const eps = subscriptions(model, 'notify');
    assert.deepEqual(
      eps.map((e) => `${e.channel} ${e.handler}`),
      ['a.b notify/src/nats.ts#<fn@6:9>', 'c.d notify/src/nats.ts#onLowStock'],
    );
  });

  it('requests take their style from awaiting; replies to a request are not messages of their own', () => {
    const model = system(
      service('orders', {
        'src/price.ts': `${CONNECT}export async function price() {\n  const nc = await connect();\n  const r = await nc.request('pricing.quote', sc.encode('{}'), { timeout: 1000 });\n  nc.request('pricing.quote', sc.encode('{}')).then((m) => console.log(m));\n  return r;\n}\n`,
      }),
      service('pricing', {
        'src/serve.ts': `${CONNECT}export async function serve() {\n  const nc = await connect();\n  for await (const m of nc.subscribe('pricing.*')) {\n    if (m.reply) nc.publish(m.reply, sc.encode('1'));\n    m.respond(sc.encode('1'));\n  }\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'nats')), [
      'orders -sync-request-response-> pricing [pricing.quote]',
      'orders -async-request-response-> pricing [pricing.quote]',
    ]);
    assert.equal(messages(model, 'nats')[0]?.traits?.hasTimeout, true);
  });

  it('JetStream publish and subscribe', () => {
    const model = system(
      service('orders', {
        'src/js.ts': `${CONNECT}export async function f() { const nc = await connect(); const js = nc.jetstream(); await js.publish('orders.created', sc.encode('{}')); }\n`,
      }),
      service('billing', {
        'src/js.ts': `${CONNECT}export async function f() { const nc = await connect(); const js = nc.jetstream(); await js.subscribe('orders.*', { callbackFn: (err, m) => console.log(m) } as any); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'nats')), ['orders -event-> billing [orders.created]']);
  });
});

describe('JetStream durable consumers', () => {
  it('a consumer receives the subjects its filter (or its stream) routes to it', () => {
    const model = system(
      service('orders', {
        'src/js.ts': `${CONNECT}export async function f() {\n  const nc = await connect();\n  const js = nc.jetstream();\n  await js.publish('orders.created', sc.encode('{}'));\n  await js.publish('orders.paid', sc.encode('{}'));\n}\n`,
      }),
      service('bootstrap', {
        'src/topology.ts': `${CONNECT}export async function setup() {\n  const nc = await connect();\n  const jsm = await nc.jetstreamManager();\n  await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.*'] });\n  await jsm.consumers.add('ORDERS', { durable_name: 'billing', filter_subject: 'orders.paid' });\n}\n`,
      }),
      service('billing', {
        'src/worker.ts': `${CONNECT}export async function run() {\n  const nc = await connect();\n  const c = await nc.jetstream().consumers.get('ORDERS', 'billing');\n  for await (const m of await c.consume()) m.ack();\n}\n`,
      }),
      service('audit', {
        'src/worker.ts': `${CONNECT}export async function run() {\n  const nc = await connect();\n  const c = await nc.jetstream().consumers.get('ORDERS', 'audit');\n  for await (const m of await c.consume()) m.ack();\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'nats')), ['orders -event-> audit [orders.created]', 'orders -event-> audit,billing [orders.paid]']);
  });
});

describe('node-nats-streaming class-based publishers and listeners', () => {
  const COMMON = {
    'common/package.json': JSON.stringify({ name: '@acme/common', main: 'src/index.ts' }),
    'common/src/index.ts': `export * from './subjects';\nexport * from './base-publisher';\nexport * from './base-listener';\n`,
    'common/src/subjects.ts': `export enum Subjects { TicketCreated = 'ticket:created', OrderCreated = 'order:created' }\nexport const PaymentSubjects = { Created: 'payment:created' } as const;\n`,
    'common/src/base-publisher.ts': `import { Stan } from 'node-nats-streaming';\ninterface Event { subject: string; data: unknown }\nexport abstract class Publisher<T extends Event> {\n  abstract subject: T['subject'];\n  constructor(protected client: Stan) {}\n  publish(data: T['data']): Promise<void> {\n    return new Promise((resolve, reject) => {\n      this.client.publish(this.subject, JSON.stringify(data), (err) => (err ? reject(err) : resolve()));\n    });\n  }\n}\n`,
    'common/src/base-listener.ts': `import { Message, Stan } from 'node-nats-streaming';\ninterface Event { subject: string; data: unknown }\nexport abstract class Listener<T extends Event> {\n  abstract subject: T['subject'];\n  abstract queueGroupName: string;\n  abstract onMessage(data: T['data'], msg: Message): void;\n  constructor(protected client: Stan) {}\n  listen() {\n    const sub = this.client.subscribe(this.subject, this.queueGroupName, this.client.subscriptionOptions());\n    sub.on('message', (msg: Message) => {\n      this.onMessage(JSON.parse(msg.getData() as string), msg);\n    });\n  }\n}\n`,
  };
  const wrapper = `import nats, { Stan } from 'node-nats-streaming';\nclass NatsWrapper {\n  private _client?: Stan;\n  get client() { return this._client!; }\n  connect() { this._client = nats.connect('c', 'id', { url: 'http://nats:4222' }); }\n}\nexport const natsWrapper = new NatsWrapper();\n`;

  it('publishes reach the listeners of the subclass subject, at the business call site; each listener is an endpoint', () => {
    const model = system(
      COMMON,
      service('tickets', {
        'src/nats-wrapper.ts': wrapper,
        'src/events/ticket-created-publisher.ts': `import { Publisher, Subjects } from '@acme/common';\nexport class TicketCreatedPublisher extends Publisher<{ subject: Subjects.TicketCreated; data: { id: string } }> {\n  readonly subject: Subjects.TicketCreated = Subjects.TicketCreated;\n}\n`,
        'src/routes/new.ts': `import { natsWrapper } from '../nats-wrapper';\nimport { TicketCreatedPublisher } from '../events/ticket-created-publisher';\nexport async function create() {\n  await new TicketCreatedPublisher(natsWrapper.client).publish({ id: '1' });\n}\nexport async function again() {\n  const p = new TicketCreatedPublisher(natsWrapper.client);\n  p.publish({ id: '2' });\n}\n`,
      }),
      service('orders', {
        'src/nats-wrapper.ts': wrapper,
        'src/events/ticket-created-listener.ts': `import { Message } from 'node-nats-streaming';\nimport { Listener, Subjects } from '@acme/common';\nexport class TicketCreatedListener extends Listener<{ subject: Subjects.TicketCreated; data: { id: string } }> {\n  subject = Subjects.TicketCreated as const;\n  queueGroupName = 'orders-service';\n  async onMessage(data: { id: string }, msg: Message) { console.log(data); msg.ack(); }\n}\n`,
        'src/events/order-publisher.ts': `import { Publisher, Subjects } from '@acme/common';\nexport class OrderCreatedPublisher extends Publisher<any> {\n  readonly subject = Subjects.OrderCreated;\n}\n`,
        'src/index.ts': `import { natsWrapper } from './nats-wrapper';\nimport { TicketCreatedListener } from './events/ticket-created-listener';\nimport { OrderCreatedPublisher } from './events/order-publisher';\nexport async function start() {\n  new TicketCreatedListener(natsWrapper.client).listen();\n  await new OrderCreatedPublisher(natsWrapper.client).publish({});\n}\n`,
      }),
      service('payments', {
        'src/nats-wrapper.ts': wrapper,
        'src/listeners.ts': `import { Listener, PaymentSubjects, Subjects } from '@acme/common';\nexport class OrderCreatedListener extends Listener<any> {\n  readonly subject = Subjects.OrderCreated;\n  queueGroupName = 'payments-service';\n  onMessage(data: unknown) { console.log(data); }\n}\nexport class PaymentListener extends Listener<any> {\n  readonly subject = PaymentSubjects.Created;\n  queueGroupName = 'payments-service';\n  onMessage() {}\n}\n`,
      }),
    );
    const list = messages(model, 'nats');
    assert.deepEqual(summary(list), [
      'orders -event-> payments [order:created]',
      'tickets -event-> orders [ticket:created]',
      'tickets -event-> orders [ticket:created]',
    ]);
    for (const i of list) assert.equal(`${i.file}:${i.line}`, 'common/src/base-publisher.ts:8');
    assert.deepEqual(
      list.map((i) => `${i.callSite?.file}:${i.callSite?.line}`),
      ['orders/src/index.ts:6', 'tickets/src/routes/new.ts:4', 'tickets/src/routes/new.ts:8'],
    );
    const eps = subscriptions(model)
      .map((e) => `${e.service} ${e.channel} ${e.file}:${e.line} ${e.handler}`)
      .sort();
    assert.deepEqual(eps, [
      'orders ticket:created orders/src/events/ticket-created-listener.ts:3 orders/src/events/ticket-created-listener.ts#TicketCreatedListener.onMessage',
      'payments order:created payments/src/listeners.ts:2 payments/src/listeners.ts#OrderCreatedListener.onMessage',
      'payments payment:created payments/src/listeners.ts:7 payments/src/listeners.ts#PaymentListener.onMessage',
    ]);
  });

  it('a service that only imports the shared library publishes nothing', () => {
    const model = system(COMMON, service('auth', { 'src/x.ts': `import { Subjects } from '@acme/common';\nexport const s = Subjects.TicketCreated;\n` }));
    assert.deepEqual(messages(model), []);
  });

  it('plain stan publish and subscribe with sub.on("message")', () => {
    const model = system(
      service('a', {
        'src/pub.ts': `import nats from 'node-nats-streaming';\nconst stan = nats.connect('c', 'a');\nexport function f() { stan.publish('thing:done', '{}', () => {}); }\n`,
      }),
      service('b', {
        'src/sub.ts': `import nats from 'node-nats-streaming';\nconst stan = nats.connect('c', 'b');\nstan.on('connect', () => {\n  const sub = stan.subscribe('thing:done', 'b-group');\n  sub.on('message', (m) => console.log(m));\n});\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'nats')), ['a -event-> b [thing:done]']);
    assert.equal(subscriptions(model, 'b')[0]?.handler, 'b/src/sub.ts#<fn@5:21>');
  });

  it('base classes from an npm package outside the workspace: publishes at the business call, listeners by subclass, subjects by name', () => {
    const model = system(
      service(
        'tickets',
        {
          'src/nats-wrapper.ts': wrapper,
          'src/events/ticket-created-publisher.ts': `import { Publisher, Subjects, TicketCreatedEvent } from '@gtickets/common';\nexport class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {\n  readonly subject = Subjects.TicketCreated;\n}\n`,
          'src/routes/new.ts': `import { natsWrapper } from '../nats-wrapper';\nimport { TicketCreatedPublisher } from '../events/ticket-created-publisher';\nexport async function create() {\n  await new TicketCreatedPublisher(natsWrapper.client).publish({ id: '1' });\n}\n`,
        },
        ['@gtickets/common', 'node-nats-streaming'],
      ),
      service(
        'orders',
        {
          'src/nats-wrapper.ts': wrapper,
          'src/events/ticket-created-listener.ts': `import { Message } from 'node-nats-streaming';\nimport { Listener, Subjects, TicketCreatedEvent } from '@gtickets/common';\nexport class TicketCreatedListener extends Listener<TicketCreatedEvent> {\n  subject: Subjects.TicketCreated = Subjects.TicketCreated;\n  queueGroupName = 'orders-service';\n  async onMessage(data: TicketCreatedEvent['data'], msg: Message) { msg.ack(); }\n}\n`,
          'src/events/other-listener.ts': `import { Listener, Subjects } from '@gtickets/common';\nexport class OtherListener extends Listener<any> {\n  subject: Subjects.OrderCreated = Subjects.OrderCreated;\n  queueGroupName = 'orders-service';\n  onMessage() {}\n}\n`,
        },
        ['@gtickets/common', 'node-nats-streaming'],
      ),
    );
    const list = messages(model, 'nats');
    assert.deepEqual(summary(list), ['tickets -event-> orders [Subjects.TicketCreated]']);
    assert.equal(`${list[0]?.file}:${list[0]?.line}`, 'tickets/src/routes/new.ts:4');
    assert.deepEqual(
      subscriptions(model, 'orders')
        .map((e) => `${e.channel} ${e.handler}`)
        .sort(),
      [
        'Subjects.OrderCreated orders/src/events/other-listener.ts#OtherListener.onMessage',
        'Subjects.TicketCreated orders/src/events/ticket-created-listener.ts#TicketCreatedListener.onMessage',
      ],
    );
  });
});

describe('subjects read through a wrapper parameter', () => {
  it('def.subject of an event definition made by a factory, with subjects spread from per-domain objects', () => {
    const lib = {
      'libs/events/package.json': JSON.stringify({ name: '@acme/events' }),
      'libs/events/src/subjects.ts': `export const OrderSubjects = { Created: 'orders.created', Paid: 'orders.paid' } as const;\nexport const UserSubjects = { Joined: 'users.joined' } as const;\n`,
      'libs/events/src/all.ts': `import { OrderSubjects, UserSubjects } from './subjects';\nexport const Subjects = { ...UserSubjects, ...OrderSubjects } as const;\n`,
      'libs/events/src/define.ts': `export function defineEvent<T>(def: { subject: string; version: number }) { return def; }\n`,
      'libs/events/src/order-created.ts': `import { defineEvent } from './define';\nimport { Subjects } from './all';\nexport const OrderCreated = defineEvent({ subject: Subjects.Created, version: 1 });\n`,
      'libs/events/src/publish.ts': `${CONNECT}let nc: any;\nexport async function publishEvent(def: { subject: string }, data: unknown) {\n  nc ??= await connect({ servers: 'nats://nats:4222' });\n  nc.publish(def.subject, sc.encode(JSON.stringify(data)));\n}\nexport async function send(opts: { topic: string; body: string }) {\n  nc.publish(opts.topic, sc.encode(opts.body));\n}\n`,
      'libs/events/src/index.ts': `export * from './publish';\nexport * from './order-created';\n`,
    };
    const model = system(
      lib,
      service('orders', {
        'src/orders.ts': `import { publishEvent, send, OrderCreated } from '@acme/events';\nexport async function place() {\n  await publishEvent(OrderCreated, { id: 1 });\n  await send({ topic: 'orders.audit', body: '{}' });\n}\n`,
      }),
      subscriber('shipping', 'orders.created'),
      subscriber('audit', 'orders.audit'),
      subscriber('crm', 'orders.paid'),
    );
    assert.deepEqual(summary(messages(model, 'nats')), ['orders -event-> shipping [orders.created]', 'orders -event-> audit [orders.audit]']);
    assert.deepEqual(
      messages(model, 'nats').map((i) => `${i.file}:${i.line} <- ${i.callSite?.file}:${i.callSite?.line}`),
      ['libs/events/src/publish.ts:6 <- orders/src/orders.ts:3', 'libs/events/src/publish.ts:9 <- orders/src/orders.ts:4'],
    );
  });
});

describe('pull consumers made by a shared helper from a wrapper parameter', () => {
  it('the filter subject read from opts.def.subject is bound per call site, so each subscribing service is known', () => {
    const lib = {
      'libs/bus/package.json': JSON.stringify({ name: '@acme/bus' }),
      'libs/bus/src/events.ts': `export const Topics = { Booked: 'rooms.booked', Freed: 'rooms.freed' } as const;\nexport const RoomBooked = { subject: Topics.Booked, version: 1 };\nexport const RoomFreed = { subject: Topics.Freed, version: 1 };\n`,
      'libs/bus/src/send.ts': `${CONNECT}export async function emitEvent(def: { subject: string }, data: unknown) {\n  const nc = await connect({ servers: 'nats://nats:4222' });\n  await nc.jetstream().publish(def.subject, sc.encode(JSON.stringify(data)));\n}\n`,
      'libs/bus/src/worker.ts': [
        `import { connect, type Consumer } from 'nats';`,
        `async function again<T>(fn: () => Promise<T>): Promise<T> { return fn(); }`,
        `async function prepare(jsm: any, cfg: { stream: string; durable_name: string; filter_subjects: string[] }) { return jsm.consumers.info(cfg.stream, cfg.durable_name); }`,
        `export async function startWorker(opts: { stream: string; durable: string; def?: { subject: string } }, onData: (d: unknown) => Promise<void>) {`,
        `  const nc = await connect({ servers: 'nats://nats:4222' });`,
        `  const wanted = opts.def?.subject ? [opts.def.subject] : [];`,
        `  await prepare(await nc.jetstreamManager(), { stream: opts.stream, durable_name: opts.durable, filter_subjects: wanted });`,
        `  const consumer: Consumer = await again(() => nc.jetstream().consumers.get(opts.stream, opts.durable));`,
        `  for await (const m of await consumer.consume()) await onData(m.json());`,
        `}`,
        ``,
      ].join('\n'),
      'libs/bus/src/index.ts': `export * from './send';\nexport * from './worker';\nexport * from './events';\n`,
    };
    const model = system(
      lib,
      service('booking', {
        'src/book.ts': `import { emitEvent, RoomBooked, RoomFreed } from '@acme/bus';\nexport async function book() {\n  await emitEvent(RoomBooked, { id: 1 });\n  await emitEvent(RoomFreed, { id: 2 });\n}\n`,
      }),
      service('billing', {
        'src/listen.ts': `import { startWorker, RoomBooked } from '@acme/bus';\nexport function listen() {\n  return startWorker({ stream: 'ROOMS', durable: 'billing-booked', def: RoomBooked }, async () => undefined);\n}\n`,
      }),
      service('cleaning', {
        'src/listen.ts': `import { startWorker, RoomFreed } from '@acme/bus';\nexport function listen() {\n  return startWorker({ stream: 'ROOMS', durable: 'cleaning-freed', def: RoomFreed }, async () => undefined);\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'nats')).sort(), ['booking -event-> billing [rooms.booked]', 'booking -event-> cleaning [rooms.freed]']);
  });
});
