/**
 * `switchboard analyze --format asyncapi`: the event catalog as an AsyncAPI 3.0 document that
 * `@asyncapi/parser` accepts without an error, for the example system and for a messaging fixture
 * with hostile channel names (markup, braces, slashes, parts read from the environment), with one
 * channel per catalog channel and the producers' send and consumers' receive operations.
 */
import { Parser } from '@asyncapi/parser';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyze } from '../../server/src/analysis/analyze';
import { addressOf } from '../../server/src/analysis/report/asyncapi';
import { brokersOf } from '../../server/src/analysis/workspace/brokers';
import { eventCatalog } from '../../server/src/analysis/report/events';
import { cli } from './helpers/cli';
import { compose, natsService } from './helpers/findings';
import { writeWorkspace } from './helpers/workspace';

const SHOP = path.join(__dirname, '..', '..', 'examples', 'shop');

interface Doc {
  asyncapi: string;
  servers?: Record<string, { host: string; protocol: string }>;
  channels: Record<
    string,
    {
      address: string | null;
      servers?: { $ref: string }[];
      'x-switchboard-channel': string;
      messages: Record<string, { payload: { properties: Record<string, unknown>; additionalProperties: boolean } }>;
    }
  >;
  operations: Record<
    string,
    {
      action: string;
      channel: { $ref: string };
      'x-switchboard-service': string;
      'x-switchboard-locations': { file: string; line: number }[];
      'x-switchboard-reads'?: string[];
    }
  >;
}

/** The CLI's AsyncAPI for a folder, its parser diagnostics at error severity, and the document as data. */
async function exported(dir: string): Promise<{ text: string; errors: string[]; doc: Doc }> {
  const r = await cli('analyze', dir, '--format', 'asyncapi', '--no-cache');
  assert.equal(r.code, 0, r.err);
  const { diagnostics } = await new Parser().parse(r.out);
  // spectral severities: 0 error, 1 warning, 2 info, 3 hint
  const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code}: ${d.message} at ${d.path.join('/')}`);
  return { text: r.out, errors, doc: parse(r.out) as Doc };
}

/** Operations as `service action channel-name`, sorted. */
function operations(doc: Doc): string[] {
  return Object.values(doc.operations)
    .map((o) => `${o['x-switchboard-service']} ${o.action} ${doc.channels[o.channel.$ref.replace('#/channels/', '')]!['x-switchboard-channel']}`)
    .sort();
}

describe('AsyncAPI export', () => {
  it('the example system: valid AsyncAPI 3.0.0, one channel per catalog channel, producers send and consumers receive', async () => {
    const { errors, doc } = await exported(SHOP);
    assert.deepEqual(errors, []);
    assert.equal(doc.asyncapi, '3.0.0');
    const catalog = eventCatalog(analyze(SHOP));
    assert.equal(Object.keys(doc.channels).length, catalog.length);
    assert.deepEqual(
      Object.values(doc.channels)
        .map((c) => c['x-switchboard-channel'])
        .sort(),
      catalog.map((c) => c.name).sort(),
    );
    const ops = operations(doc);
    assert.ok(ops.includes('orders send order.created'), ops.join('\n'));
    assert.ok(ops.includes('shipping receive order.created'), ops.join('\n'));
    assert.ok(ops.includes('payments send payment.completed'), ops.join('\n'));
    const completed = Object.values(doc.channels).find((c) => c['x-switchboard-channel'] === 'payment.completed')!;
    const message = Object.values(completed.messages)[0]!;
    assert.deepEqual(Object.keys(message.payload.properties).sort(), ['amountCents', 'chargeId', 'currency', 'customerId', 'orderId']);
    assert.equal(message.payload.additionalProperties, false);
    // servers: the brokers docker-compose names (credentials dropped), each channel on its mechanism's
    assert.deepEqual(
      Object.values(doc.servers ?? {}).map((s) => `${s.protocol} ${s.host}`),
      ['amqp rabbitmq:5672', 'kafka kafka:9092', 'nats nats:4222', 'redis redis:6379'],
    );
    assert.doesNotMatch(JSON.stringify(doc.servers), /shop:shop/);
    const created = Object.values(doc.channels).find((c) => c['x-switchboard-channel'] === 'order.created')!;
    assert.deepEqual(
      created.servers?.map((r) => doc.servers![r.$ref.replace('#/servers/', '')]!.host),
      ['kafka:9092'],
    );
    const send = Object.values(doc.operations).find((o) => o['x-switchboard-service'] === 'orders' && o.action === 'send')!;
    assert.match(send['x-switchboard-locations'][0]!.file, /^apps\/orders\/src\//);
  });

  it('finds brokers in the configuration: URLs of broker schemes without credentials, Kafka broker lists', () => {
    const brokers = brokersOf([
      { name: 'a', env: { AMQP_URL: 'amqp://user:secret@rabbit:5672/vhost', KAFKA_BROKERS: 'k1:9092,k2:9092', HOME_URL: 'http://site:80', PORT: '3000' } },
      { name: 'b', env: { NATS: 'nats://nats:4222', KAFKA_BOOTSTRAP_SERVERS: 'k1:9092', CACHE: 'rediss://:pw@cache:6380' } },
    ]);
    assert.deepEqual(
      brokers.map((b) => `${b.protocol} ${b.host} ${b.services.join('+')}`),
      ['amqp rabbit:5672 a', 'kafka k1:9092 a+b', 'kafka k2:9092 a', 'nats nats:4222 b', 'redis cache:6380 b'],
    );
  });

  describe('a messaging fixture with hostile channel names', () => {
    const HOSTILE = ['order.created', '<img src=x onerror=alert(1)>', 'tenant.{tenantId}.created', 'a/{b c}/d', 'weird{', 'x~1/y'];
    const publish = (name: string, body: string): string => `  nc.publish(${JSON.stringify(name)}, sc.encode(JSON.stringify(${body})));`;
    const subscribe = (name: string): string =>
      `  nc.subscribe(${JSON.stringify(name)}, {\n    callback: (err, msg) => {\n      const e = JSON.parse(sc.decode(msg.data)) as { orderId: string };\n      console.log(e.orderId);\n    },\n  });`;
    const root = writeWorkspace({
      'docker-compose.yml': compose({ orders: { port: 3001 }, billing: { port: 3002 } }),
      ...natsService(
        'orders',
        [...HOSTILE.map((n) => publish(n, `{ orderId: 'o1', total: 3 }`)), publish('${process.env.PREFIX}.dynamic', `{ orderId: 'o2' }`)]
          .join('\n')
          .replace("'${process.env.PREFIX}.dynamic'", '`${process.env.PREFIX}.dynamic`'),
      ),
      ...natsService('billing', HOSTILE.map(subscribe).join('\n')),
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('is valid, with safe keys, the names kept literally and every channel of the catalog', async () => {
      const { errors, doc, text } = await exported(root);
      assert.deepEqual(errors, []);
      for (const key of [...Object.keys(doc.channels), ...Object.keys(doc.operations)]) assert.match(key, /^[A-Za-z0-9_-]+$/);
      const names = Object.values(doc.channels).map((c) => c['x-switchboard-channel']);
      for (const n of HOSTILE) assert.ok(names.includes(n), `${n} in ${names.join(' | ')}`);
      assert.equal(names.length, eventCatalog(analyze(root)).length);
      assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'the name is kept as text');
      const ops = operations(doc);
      for (const n of HOSTILE) assert.ok(ops.includes(`orders send ${n}`) && ops.includes(`billing receive ${n}`), n);
      const receive = Object.values(doc.operations).find((o) => o.action === 'receive')!;
      assert.deepEqual(receive['x-switchboard-reads'], ['orderId']);
    });

    it('maps braces to declared parameters, and a name with a stray brace to no address', () => {
      assert.deepEqual(addressOf('tenant.{tenantId}.created'), {
        address: 'tenant.{tenantId}.created',
        parameters: { tenantId: { description: 'The part written {tenantId} in the code.' } },
      });
      assert.deepEqual(addressOf('a/{b c}/d').address, 'a/{p1}/d');
      assert.deepEqual(addressOf('orders.\u0000').address, 'orders.{p1}');
      assert.equal(addressOf('weird{').address, null);
      assert.equal(addressOf('<img src=x onerror=alert(1)>').address, '<img src=x onerror=alert(1)>');
    });
  });
});
