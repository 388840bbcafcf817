/**
 * event-callback: a consumer that calls the event's producer back synchronously.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, findingsOf, lineOf, natsService } from './helpers/findings';

function system(consumerBody: string): Record<string, string> {
  const orders = natsService('orders', `  nc.publish('order.created', sc.encode(JSON.stringify({ orderId: 'o1' })));`, `import express from 'express';\nconst app = express();\napp.get('/orders/:id', (req, res) => res.json({ id: req.params.id }));\napp.listen(3001);`);
  return {
    'docker-compose.yml': compose({ orders: { port: 3001 }, catalog: { port: 3004 }, shipping: { port: 3005, env: { ORDERS_URL: 'http://orders:3001', CATALOG_URL: 'http://catalog:3004' } } }),
    ...orders,
    'catalog/src/main.ts': `import express from 'express';\nconst app = express();\napp.get('/products/:id', (req, res) => res.json({ id: req.params.id }));\napp.listen(3004);\n`,
    ...natsService('shipping', `  nc.subscribe('order.created', {\n    callback: async (err, msg) => {\n      const { orderId } = msg.json<{ orderId: string }>();\n      try {\n${consumerBody.trim()}\n      } catch { /* retried by the next event */ }\n    },\n  });`),
  };
}

const F = 'shipping/src/main.ts';

describe('event-callback', () => {
  it('reports the synchronous call back to the producer, naming what the event carries', () => {
    const files = system(`const { data: order } = await axios.get(\`\${process.env.ORDERS_URL}/orders/\${orderId}\`, { timeout: 500 });\nconsole.log(order);`);
    const { at, all } = findingsOf(files, 'event-callback');
    assert.deepEqual(at, [`${F}:${lineOf(files, F, 'ORDERS_URL')}`]);
    assert.match(all[0]!.message, /carries only orderId/);
    assert.deepEqual(all[0]!.related?.map((r) => r.file), ['orders/src/main.ts', F]);
  });

  it('reports it through an in-process helper too', () => {
    const files = system(`await loadOrder(orderId);`);
    files[F] = files[F]!.replace('void main();', `async function loadOrder(id: string) { return (await axios.get(\`\${process.env.ORDERS_URL}/orders/\${id}\`, { timeout: 500 })).data; }\nvoid main();`);
    assert.deepEqual(findingsOf(files, 'event-callback').at, [`${F}:${lineOf(files, F, 'async function loadOrder')}`]);
  });

  it('is quiet for calls to other services, and for calls back that do not wait', () => {
    assert.deepEqual(findingsOf(system(`await axios.get(\`\${process.env.CATALOG_URL}/products/\${orderId}\`, { timeout: 500 });`), 'event-callback').at, []);
    assert.deepEqual(findingsOf(system(`void axios.get(\`\${process.env.ORDERS_URL}/orders/\${orderId}\`, { timeout: 500 }).catch(() => undefined);`), 'event-callback').at, []);
  });

  it('is quiet for a command sent back to the producer (not a read of details)', () => {
    const files = system(`await axios.post(\`\${process.env.ORDERS_URL}/orders/\${orderId}/shipped\`, {}, { timeout: 500 });`);
    files['orders/src/main.ts'] = files['orders/src/main.ts']!.replace("app.listen(3001);", "app.post('/orders/:id/shipped', (req, res) => res.end());\napp.listen(3001);");
    assert.deepEqual(findingsOf(files, 'event-callback').at, []);
  });
});
