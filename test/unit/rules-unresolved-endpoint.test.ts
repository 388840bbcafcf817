/**
 * unresolved-endpoint: a request that no known service implements.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));\napp.get('/charges/:id', (req, res) => res.json({}));`),
    ...expressService('orders', 3001, callerCode),
  };
}

describe('unresolved-endpoint', () => {
  it('reports a route the target service does not have', () => {
    const files = system(`app.post('/pay', async (req, res) => {
  try { await axios.post(\`\${process.env.PAYMENTS_URL}/chargez\`, {}, { timeout: 500 }); res.end(); } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'unresolved-endpoint').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'chargez')}`]);
  });

  it('reports a local address no service listens on', () => {
    const files = system(`app.post('/pay', async (req, res) => {
  try { await axios.post('http://localhost:9999/ledger', {}, { timeout: 500 }); res.end(); } catch { res.status(502).end(); }
});`);
    assert.equal(findingsOf(files, 'unresolved-endpoint').at.length, 1);
  });

  it('is quiet for a proxy that forwards a whole prefix', () => {
    const files = system(`import { createProxyMiddleware } from 'http-proxy-middleware';\napp.use('/pay', createProxyMiddleware({ target: process.env.PAYMENTS_URL, proxyTimeout: 1000 }));`);
    assert.deepEqual(findingsOf(files, 'unresolved-endpoint').at, []);
  });

  it('is quiet for a matching route, and for targets it cannot read unless asked', () => {
    const files = system(`app.post('/pay', async (req, res) => {
  try {
    await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 });
    await axios.get(\`\${process.env.SOMEWHERE_URL}/thing\`, { timeout: 500 });
    res.end();
  } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'unresolved-endpoint').at, []);
    const asked = findingsOf(files, 'unresolved-endpoint', { 'unresolved-endpoint': { options: { reportUnknownTargets: true } } });
    assert.deepEqual(asked.at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'SOMEWHERE_URL')}`]);
    assert.equal(asked.all[0]!.severity, 'hint');
  });
});
