/**
 * unchecked-response: a fetch response read without looking at ok/status.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.get('/charges/:id', (req, res) => res.json({ id: req.params.id }));`),
    ...expressService('orders', 3001, callerCode),
  };
}

describe('unchecked-response', () => {
  it('reports a body read without a status check', () => {
    const files = system(`app.get('/x', async (req, res) => {
  const response = await fetch(\`\${process.env.PAYMENTS_URL}/charges/1\`, { signal: AbortSignal.timeout(500) });
  res.json(await response.json());
});`);
    assert.deepEqual(findingsOf(files, 'unchecked-response').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'await fetch')}`]);
  });

  it('reports (await fetch()).json() and a response dropped after an awaited POST', () => {
    const files = system(`app.get('/x', async (req, res) => {
  const charge = await (await fetch('http://payments:3002/charges/1')).json();
  res.json(charge);
});`);
    assert.equal(findingsOf(files, 'unchecked-response').at.length, 1);
  });

  it('is quiet when ok or status is checked, also inside .then', () => {
    const files = system(`app.get('/x', async (req, res) => {
  const response = await fetch('http://payments:3002/charges/1');
  if (!response.ok) return res.status(502).end();
  res.json(await response.json());
});
app.get('/y', (req, res) => {
  fetch('http://payments:3002/charges/2').then((r) => { if (r.status !== 200) throw new Error('bad'); return r.json(); }).then((b) => res.json(b), () => res.status(502).end());
});`);
    assert.deepEqual(findingsOf(files, 'unchecked-response').at, []);
  });

  it('is quiet when the response is handed on (the check may be elsewhere)', () => {
    const files = system(`async function load(): Promise<Response> { return fetch('http://payments:3002/charges/1'); }
app.get('/x', async (req, res) => { res.json(await load()); });`);
    assert.deepEqual(findingsOf(files, 'unchecked-response').at, []);
  });
});
