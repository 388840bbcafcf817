/**
 * missing-timeout: a synchronous call with no timeout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));`),
    ...expressService('orders', 3001, callerCode),
  };
}

describe('missing-timeout', () => {
  it('reports awaited axios and fetch calls without a timeout or signal', () => {
    const files = system(`app.post('/a', async (req, res) => {
  try {
    await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {});
    const r = await fetch(\`\${process.env.PAYMENTS_URL}/charges\`, { method: 'POST' });
    res.status(r.status).end();
  } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'axios.post')}`, `orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'await fetch')}`]);
  });

  it('is quiet with a timeout, an abort signal, or a timeout on the axios instance', () => {
    const files = system(`const api = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 800 });
app.post('/a', async (req, res) => {
  try {
    await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 });
    const r = await fetch(\`\${process.env.PAYMENTS_URL}/charges\`, { method: 'POST', signal: AbortSignal.timeout(500) });
    await api.post('/charges', {});
    res.status(r.status).end();
  } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, []);
  });
});
