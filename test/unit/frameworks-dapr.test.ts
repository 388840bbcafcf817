/**
 * Dapr: service invocation by app id (to the app's route, sync when awaited), pub/sub publishes
 * matched to `DaprServer` subscriptions by topic, an app id no service answers to left unresolved,
 * and a state store two services use as common data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, summary, system } from './helpers/messaging';

const CHECKOUT = {
  'src/checkout.ts': `import { DaprClient, HttpMethod } from '@dapr/dapr';
const client = new DaprClient({ daprHost: '127.0.0.1', daprPort: '3500' });
export async function checkout(order: { id: string }) {
  const res = await client.invoker.invoke('orders', 'api/orders', HttpMethod.POST, order);
  await client.pubsub.publish('pubsub', 'order-placed', order);
  client.invoker.invoke('ledger', 'entries', HttpMethod.POST, order);
  return res;
}
`,
};

const ORDERS = {
  'src/main.ts': `import express from 'express';
const app = express();
app.post('/api/orders', (req, res) => res.json({ ok: true }));
app.listen(3001);
`,
};

const SHIPPING = {
  'src/main.ts': `import { DaprServer } from '@dapr/dapr';
const server = new DaprServer({ serverHost: '127.0.0.1', serverPort: '3002' });
async function onOrder(data: unknown) { console.log(data); }
await server.pubsub.subscribe('pubsub', 'order-placed', onOrder);
await server.invoker.listen('quote', async () => ({ price: 1 }));
await server.start();
`,
};

const BILLING = {
  'src/main.ts': `import { DaprServer, DaprClient } from '@dapr/dapr';
const server = new DaprServer();
server.pubsub.subscribe('pubsub', 'order-placed', async (data) => {
  const client = new DaprClient();
  const quote = await client.invoker.invoke('shipping', 'quote');
  console.log(data, quote);
});
server.start();
`,
};

describe('Dapr', () => {
  const model = system(service('checkout', CHECKOUT, ['@dapr/dapr']), service('orders', ORDERS), service('shipping', SHIPPING, ['@dapr/dapr']), service('billing', BILLING, ['@dapr/dapr']));

  it('links invocation by app id and pub/sub by topic', () => {
    assert.deepEqual(summary(messages(model, 'dapr')), [
      'billing -sync-request-response-> shipping [quote]',
      'checkout -sync-request-response-> orders [api/orders]',
      'checkout -event-> billing,shipping [order-placed]',
      'checkout -fire-and-forget-> (none) [entries]',
    ]);
  });

  it('reaches the app route the method names, and leaves an unknown app id unresolved', () => {
    const toOrders = model.interactions.find((i) => i.mechanism === 'dapr' && i.callees.includes('orders'));
    assert.equal(toOrders?.endpoints.length, 1);
    assert.ok(toOrders?.endpoints[0]?.includes('POST /api/orders'));
    const toShipping = model.interactions.find((i) => i.mechanism === 'dapr' && i.callees.includes('shipping') && i.style !== 'event');
    assert.equal(toShipping?.endpoints.length, 1);
    const ledger = model.interactions.find((i) => i.channel === 'entries');
    assert.match(ledger?.unresolved ?? '', /no service has Dapr app id ledger/);
  });

  it('reports a state store used by two services as common data', () => {
    const cart = system(
      service('cart', { 'src/cart.ts': `import { DaprClient } from '@dapr/dapr';\nconst client = new DaprClient();\nexport async function add(id: string) {\n  await client.state.save('statestore', [{ key: id, value: { items: [] } }]);\n}\n` }, ['@dapr/dapr']),
      service('checkout', { 'src/pay.ts': `import { DaprClient } from '@dapr/dapr';\nconst client = new DaprClient();\nexport async function pay(id: string) {\n  const cart = await client.state.get('statestore', id);\n  await client.state.get('sessions-store', id);\n  return cart;\n}\n` }, ['@dapr/dapr']),
    );
    // the store's label says which component it is (its backend is configured outside the code)
    const data = cart.interactions.filter((i) => i.style === 'common-data').map((i) => `${i.service} ${i.access} ${i.store?.split(' ').pop()} -> ${[...i.callees].sort().join(',')}`).sort();
    assert.deepEqual(data, ['cart write statestore -> cart,checkout', 'checkout read statestore -> cart,checkout']);
  });

  it('reports subscriptions as message endpoints', () => {
    const subs = model.endpoints.filter((e) => e.mechanism === 'dapr' && e.kind === 'message').map((e) => `${e.service} ${e.channel}`).sort();
    assert.deepEqual(subs, ['billing order-placed', 'shipping order-placed']);
  });
});
