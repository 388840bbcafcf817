/**
 * hard-coded-endpoint: a literal host and port for another service.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.post('/refunds', (req, res) => res.json({}));`),
    ...expressService('orders', 3001, callerCode),
  };
}

describe('hard-coded-endpoint', () => {
  it('reports localhost:port and names the configured alternative', () => {
    const files = system(`app.post('/cancel', async (req, res) => {
  try { await axios.post('http://localhost:3002/refunds', {}, { timeout: 1000 }); res.end(); } catch { res.status(502).end(); }
});`);
    const { at, all } = findingsOf(files, 'hard-coded-endpoint');
    assert.deepEqual(at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'localhost:3002')}`]);
    assert.match(all[0]!.message, /PAYMENTS_URL/);
  });

  it('reports a literal service host with a port', () => {
    const files = system(`app.post('/cancel', async (req, res) => {
  try { await axios.post('http://payments:3002/refunds', {}, { timeout: 1000 }); res.end(); } catch { res.status(502).end(); }
});`);
    assert.equal(findingsOf(files, 'hard-coded-endpoint').at.length, 1);
  });

  it('is quiet when the address comes from configuration', () => {
    const files = system(`app.post('/cancel', async (req, res) => {
  try { await axios.post(\`\${process.env.PAYMENTS_URL}/refunds\`, {}, { timeout: 1000 }); res.end(); } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'hard-coded-endpoint').at, []);
  });
});
