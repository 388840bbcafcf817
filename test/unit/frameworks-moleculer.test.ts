/**
 * Moleculer: service schemas (name, version, actions, events) as endpoints, `broker.call` /
 * `ctx.call` as request-response styled by awaiting, `emit` and `broadcast` as events delivered to
 * every subscribing service, and calls to actions no service defines reported unresolved.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, summary } from './helpers/messaging';
import { analyzeFiles, pkg } from './helpers/workspace';

/** A Moleculer service folder: a package.json and one schema file, no other entry point. */
function svc(name: string, schema: string): Record<string, string> {
  return { [`${name}/package.json`]: pkg(name, ['moleculer']), [`${name}/src/${name}.service.ts`]: schema };
}

const ORDERS = `import type { ServiceSchema, Context } from 'moleculer';
const OrdersService: ServiceSchema = {
  name: 'orders',
  version: 2,
  actions: {
    async create(ctx: Context<{ sku: string }>) {
      const stock = await ctx.call('inventory.reserve', { sku: ctx.params.sku }, { timeout: 500 });
      ctx.emit('order.created', { id: 1, stock });
      return stock;
    },
    cancel: {
      params: { id: 'string' },
      async handler(ctx: Context<{ id: string }>) {
        await this.broker.broadcast('order.cancelled', { id: ctx.params.id });
        ctx.call('billing.refund', { id: ctx.params.id });
        await ctx.call('ghost.missing', {});
        await ctx.call('v2.orders.internal', {});
      },
    },
    internal() { return 1; },
  },
};
export default OrdersService;
`;

const INVENTORY = `module.exports = {
  name: 'inventory',
  actions: {
    reserve(ctx) { return { ok: true }; },
  },
  events: {
    'order.created'(ctx) { console.log(ctx.params); },
    'order.*': { handler(ctx) { console.log('any order event'); } },
  },
};
`;

const MAILER = `import { ServiceBroker } from 'moleculer';
const broker = new ServiceBroker({ transporter: 'nats://nats:4222' });
broker.createService({
  name: 'mailer',
  events: {
    'order.cancelled': (ctx) => console.log(ctx.params),
    '$node.connected'() {},
  },
});
broker.start();
`;

const GATEWAY = `import { ServiceBroker } from 'moleculer';
const broker = new ServiceBroker({ transporter: 'nats://nats:4222' });
export async function placeOrder(sku: string) {
  return broker.call('v2.orders.create', { sku });
}
export async function placeAndWait(sku: string) {
  const order = await broker.call('v2.orders.create', { sku });
  return order;
}
broker.createService({ name: 'gateway', actions: { hello() { return 'hi'; } } });
`;

describe('Moleculer', () => {
  const model = analyzeFiles({ ...svc('orders', ORDERS), ...svc('inventory', INVENTORY), ...svc('mailer', MAILER), ...svc('gateway', GATEWAY) });

  it('finds each schema as a service, even with no other entry point', () => {
    assert.deepEqual(model.services.map((s) => s.name).sort(), ['gateway', 'inventory', 'mailer', 'orders']);
  });

  it('reports actions as <version>.<service>.<action> and events as subscriptions (not $ lifecycle events)', () => {
    const eps = model.endpoints.filter((e) => e.mechanism === 'moleculer').map((e) => `${e.service} ${e.method} ${e.channel}`).sort();
    assert.deepEqual(eps, [
      'gateway action gateway.hello',
      'inventory action inventory.reserve',
      'inventory event order.*',
      'inventory event order.created',
      'mailer event order.cancelled',
      'orders action v2.orders.cancel',
      'orders action v2.orders.create',
      'orders action v2.orders.internal',
    ]);
  });

  it('links calls, emits and broadcasts with their styles and subscribers', () => {
    assert.deepEqual(summary(messages(model, 'moleculer')), [
      'gateway -sync-request-response-> orders [v2.orders.create]',
      'gateway -sync-request-response-> orders [v2.orders.create]',
      'orders -sync-request-response-> inventory [inventory.reserve]',
      'orders -event-> inventory [order.created]',
      'orders -event-> inventory,mailer [order.cancelled]',
      'orders -fire-and-forget-> (none) [billing.refund]',
      'orders -sync-request-response-> (none) [ghost.missing]',
    ]);
  });

  it('reports a call to an action no service defines as unresolved, and keeps the timeout', () => {
    const ghost = model.interactions.find((i) => i.channel === 'ghost.missing');
    assert.match(ghost?.unresolved ?? '', /no service defines action ghost\.missing/);
    const reserve = model.interactions.find((i) => i.channel === 'inventory.reserve');
    assert.equal(reserve?.traits?.hasTimeout, true);
    assert.ok(reserve?.endpoints.some((e) => e.startsWith('inventory:message:inventory.reserve')));
  });

  it('merges the actions and events of mixins: local objects, and a database mixin\'s standard actions', () => {
    const withMixins = analyzeFiles({
      ...svc('products', `import DbService from 'moleculer-db';\nconst Audit = { events: { 'audit.flush'() {} }, actions: { ping() { return 1; } } };\nexport default { name: 'products', mixins: [DbService, Audit], actions: { get() { return null; } } };\n`),
      ...svc('web', `import { ServiceBroker } from 'moleculer';\nconst broker = new ServiceBroker();\nexport const list = () => broker.call('products.list');\nexport const ping = async () => { await broker.call('products.ping'); broker.emit('audit.flush'); };\nexport const nope = async () => broker.call('products.frobnicate');\nbroker.start();\n`),
    });
    const eps = withMixins.endpoints.filter((e) => e.service === 'products' && e.mechanism === 'moleculer').map((e) => e.channel).sort();
    assert.deepEqual(eps, ['audit.flush', 'products.count', 'products.create', 'products.find', 'products.get', 'products.insert', 'products.list', 'products.ping', 'products.remove', 'products.update']);
    assert.deepEqual(summary(messages(withMixins, 'moleculer')), [
      'web -sync-request-response-> products [products.list]',
      'web -sync-request-response-> products [products.ping]',
      'web -event-> products [audit.flush]',
      'web -sync-request-response-> (none) [products.frobnicate]',
    ]);
  });

  it('reads moleculer-decorators classes: @Service with @Action and @Event methods', () => {
    const decorated = analyzeFiles({
      [`stock/package.json`]: pkg('stock', ['moleculer', 'moleculer-decorators']),
      [`stock/src/stock.ts`]: `import { Service as MoleculerService } from 'moleculer';\nimport { Service, Action, Event } from 'moleculer-decorators';\n@Service({ name: 'stock', version: 1 })\nexport class StockService extends MoleculerService {\n  @Action()\n  reserve() { return true; }\n  @Event({ name: 'order.created' })\n  onOrder() {}\n}\n`,
      ...svc('shop', `import { ServiceBroker } from 'moleculer';\nconst broker = new ServiceBroker();\nexport async function buy() { await broker.call('v1.stock.reserve'); broker.emit('order.created', {}); }\n`),
    });
    assert.deepEqual(summary(messages(decorated, 'moleculer')), ['shop -sync-request-response-> stock [v1.stock.reserve]', 'shop -event-> stock [order.created]']);
  });
});
