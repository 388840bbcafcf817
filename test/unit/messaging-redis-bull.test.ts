/**
 * Redis pub/sub (ioredis and node-redis: exact channels, PSUBSCRIBE globs, instances imported from
 * another file, cache commands left alone) and Bull/BullMQ job queues (producer in one service,
 * worker in another; fire-and-forget unless the job's result is awaited).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

describe('Redis pub/sub', () => {
  it('ioredis: subscribe with on("message"), psubscribe globs with on("pmessage")', () => {
    const model = system(
      service('gateway', {
        'src/notify.ts': `import Redis from 'ioredis';\nconst redis = new Redis(process.env.REDIS_URL!);\nexport async function f() {\n  await redis.publish('customer.notify', '{}');\n  await redis.publish('audit.login', '{}');\n  await redis.set('k', 'v');\n}\n`,
      }),
      service('notify', {
        'src/consumer.ts': `import Redis from 'ioredis';\nexport async function start() {\n  const sub = new Redis();\n  sub.on('message', (channel, raw) => console.log(channel, raw));\n  await sub.subscribe('customer.notify', 'customer.other');\n}\n`,
      }),
      service('audit', {
        'src/consumer.ts': `import Redis from 'ioredis';\nexport async function start() {\n  const sub = new Redis();\n  sub.on('pmessage', handle);\n  await sub.psubscribe('audit.*', 'cust?mer.[nx]otify');\n}\nfunction handle(p: string, c: string, m: string) { console.log(p, c, m); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'redis')), ['gateway -event-> audit,notify [customer.notify]', 'gateway -event-> audit [audit.login]']);
    assert.equal(subscriptions(model, 'notify')[0]?.handler, 'notify/src/consumer.ts#<fn@4:21>');
    assert.equal(subscriptions(model, 'audit')[0]?.handler, 'audit/src/consumer.ts#handle');
  });

  it('node-redis v4: createClient, subscribe with a listener', () => {
    const model = system(
      service('a', {
        'src/pub.ts': `import { createClient } from 'redis';\nconst client = createClient({ url: 'redis://redis' });\nexport async function f() { await client.publish('jobs.done', 'x'); }\n`,
      }),
      service('b', {
        'src/sub.ts': `import { createClient } from 'redis';\nexport async function start() {\n  const sub = createClient().duplicate();\n  await sub.connect();\n  await sub.subscribe('jobs.done', (message) => console.log(message));\n  await sub.pSubscribe('jobs.*', (m, ch) => console.log(m, ch));\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'redis')), ['a -event-> b [jobs.done]']);
    assert.deepEqual(
      subscriptions(model, 'b').map((e) => `${e.method} ${e.channel}`),
      ['subscribe jobs.done', 'psubscribe jobs.*'],
    );
  });

  it('a client instance exported by another file is recognised at link time', () => {
    const model = system(
      service('gateway', {
        'src/lib/redis.ts': `import Redis from 'ioredis';\nexport const redis = new Redis(process.env.REDIS_URL ?? 'redis://redis:6379');\n`,
        'src/lib/other.ts': `export const bus = { publish(ch: string, m: string) { console.log(ch, m); } };\n`,
        'src/routes.ts': `import { redis } from './lib/redis';\nimport { bus } from './lib/other';\nexport async function f() {\n  await redis.publish('customer.notify', '{}');\n  bus.publish('customer.notify', '{}');\n}\n`,
      }),
      service('notify', {
        'src/consumer.ts': `import Redis from 'ioredis';\nconst sub = new Redis();\nsub.subscribe('customer.notify');\nsub.on('message', (c, m) => console.log(c, m));\n`,
      }),
    );
    assert.deepEqual(summary(messages(model)), ['gateway -event-> notify [customer.notify]']);
    assert.equal(messages(model)[0]?.line, 4);
  });
});

describe('Redis Streams', () => {
  it('XADD reaches the services reading the stream with XREADGROUP (ioredis) or xReadGroup (node-redis)', () => {
    const model = system(
      service('orders', {
        'src/s.ts': `import Redis from 'ioredis';\nconst redis = new Redis();\nexport async function f() { await redis.xadd('orders-stream', '*', 'id', '1'); }\n`,
      }),
      service('billing', {
        'src/s.ts': `import Redis from 'ioredis';\nconst redis = new Redis();\nexport async function loop() { for (;;) await redis.xreadgroup('GROUP', 'billing', 'c1', 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 'orders-stream', '>'); }\n`,
      }),
      service('audit', {
        'src/s.ts': `import { createClient } from 'redis';\nconst client = createClient();\nexport async function loop() { await client.xReadGroup('audit', 'c1', [{ key: 'orders-stream', id: '>' }]); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'redis')), ['orders -event-> audit,billing [orders-stream]']);
  });
});

describe('Redis pub/sub: partly known channels', () => {
  it('a publish to `prefix${id}` reaches a `prefix*` pattern subscription (here its own service: intra-service)', () => {
    const model = system(
      service('match', {
        'src/m.ts': `import Redis from 'ioredis';\nconst pub = new Redis();\nconst sub = new Redis();\nconst PREFIX = 'match-event';\nexport async function start() { await sub.psubscribe(\`\${PREFIX}*\`); }\nexport async function notify(id: string) { await pub.publish(\`\${PREFIX}\${id}\`, '{}'); }\nexport function onMatch(u: { id: string }) { return notify(u.id); }\n`,
      }),
      service('other', { 'src/o.ts': `import Redis from 'ioredis';\nconst sub = new Redis();\nsub.psubscribe('match-event*');\n` }),
    );
    assert.deepEqual(summary(messages(model, 'redis')), ['match -event-> other [match-event{?}]']);
  });
});

describe('Bull and BullMQ', () => {
  it('a job handed to another service is fire-and-forget; awaiting its result makes it synchronous', () => {
    const model = system(
      service('api', {
        'src/jobs.ts': `import { Queue } from 'bullmq';\nconst emails = new Queue('emails', { connection: {} });\nexport async function signup() { await emails.add('welcome', { to: 'x' }); }\nexport async function report() {\n  const job = await emails.add('report', {});\n  return job.waitUntilFinished(events);\n}\ndeclare const events: any;\n`,
      }),
      service('mailer', {
        'src/worker.ts': `import { Worker } from 'bullmq';\nexport const worker = new Worker('emails', async (job) => send(job.data), { connection: {} });\nasync function send(d: unknown) { console.log(d); }\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'bullmq')), ['api -fire-and-forget-> mailer [emails]', 'api -sync-request-response-> mailer [emails]']);
    const [ep] = subscriptions(model, 'mailer');
    assert.equal(ep?.channel, 'emails');
    assert.equal(ep?.mechanism, 'bullmq');
  });

  it('bull: queue.process in another service; a queue its own service works is intra-service', () => {
    const model = system(
      service('api', {
        'src/q.ts': `import Queue from 'bull';\nexport const thumbnails = new Queue('thumbnails', 'redis://redis');\nconst local = new Queue('local');\nlocal.process(async () => {});\nexport function f() { thumbnails.add({ id: 1 }); local.add({}); }\n`,
      }),
      service('media', {
        'src/worker.ts': `import Queue from 'bull';\nconst q = new Queue('thumbnails');\nq.process(5, async (job) => console.log(job.id));\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'bullmq')), ['api -fire-and-forget-> media [thumbnails]']);
  });

  it('a queue imported from another file takes its name from there', () => {
    const model = system(
      service('api', {
        'src/queues.ts': `import { Queue } from 'bullmq';\nexport const exportQueue = new Queue('exports');\n`,
        'src/x.ts': `import { exportQueue } from './queues';\nexport async function f() { await exportQueue.add('csv', {}); }\n`,
      }),
      service('exporter', { 'src/worker.ts': `import { Worker } from 'bullmq';\nnew Worker('exports', async () => {});\n` }),
    );
    assert.deepEqual(summary(messages(model, 'bullmq')), ['api -fire-and-forget-> exporter [exports]']);
  });

  it('NestJS: @InjectQueue producer and @Processor worker', () => {
    const model = system(
      service('orders', {
        'src/orders.service.ts': `import { Injectable } from '@nestjs/common';\nimport { InjectQueue } from '@nestjs/bullmq';\nimport { Queue } from 'bullmq';\n@Injectable()\nexport class OrdersService {\n  constructor(@InjectQueue('expiration') private readonly queue: Queue) {}\n  async f() { await this.queue.add('expire', {}, { delay: 1000 }); }\n}\n`,
      }),
      service('expiration', {
        'src/expiration.processor.ts': `import { Processor, WorkerHost } from '@nestjs/bullmq';\n@Processor('expiration')\nexport class ExpirationProcessor extends WorkerHost {\n  async process(job: any) { console.log(job); }\n}\n`,
      }),
    );
    assert.deepEqual(summary(messages(model, 'bullmq')), ['orders -fire-and-forget-> expiration [expiration]']);
    assert.equal(subscriptions(model, 'expiration')[0]?.handler, 'expiration/src/expiration.processor.ts#ExpirationProcessor.process');
  });
});
