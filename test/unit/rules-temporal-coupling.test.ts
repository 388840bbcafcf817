/**
 * temporal-coupling: hints at each synchronous call with the services it needs up; a warning at an
 * entry point needing more services than allowed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(): Record<string, string> {
  return {
    'docker-compose.yml': compose({
      gateway: { port: 3000, env: { ORDERS_URL: 'http://orders:3001' } },
      orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } },
      payments: { port: 3002 },
    }),
    ...expressService('gateway', 3000, `app.post('/checkout', async (req, res) => {
  try { res.json((await axios.post(\`\${process.env.ORDERS_URL}/orders\`, req.body, { timeout: 900 })).data); } catch { res.status(502).end(); }
});
app.post('/track', (req, res) => {
  void axios.post(\`\${process.env.ORDERS_URL}/seen\`, {}, { timeout: 100 }).catch(() => undefined);
  res.end();
});`),
    ...expressService('orders', 3001, `app.post('/orders', async (req, res) => {
  try { res.json((await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, req.body, { timeout: 500 })).data); } catch { res.status(502).end(); }
});
app.post('/seen', (req, res) => res.end());`),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({ ok: true }));`),
  };
}

describe('temporal-coupling', () => {
  it('hints at each synchronous call with the transitive set of services it needs up', () => {
    const files = system();
    const { all } = findingsOf(files, 'temporal-coupling');
    const hints = all.filter((f) => f.severity === 'hint');
    assert.deepEqual(hints.map((f) => `${f.file}:${f.line}`).sort(), [
      `gateway/src/main.ts:${lineOf(files, 'gateway/src/main.ts', 'ORDERS_URL}/orders')}`,
      `orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'PAYMENTS_URL')}`,
    ]);
    const gw = hints.find((f) => f.file.startsWith('gateway'))!;
    assert.match(gw.message, /orders, payments/);
    assert.match(gw.message, /3 services; at 99\.9% each, 99\.7% at best/);
    assert.equal(all.filter((f) => f.severity !== 'hint').length, 0, 'two services needed: below the default threshold');
  });

  it('warns at the entry point past the threshold, with its calls as related information', () => {
    const files = system();
    const { all } = findingsOf(files, 'temporal-coupling', { 'temporal-coupling': { options: { maxServices: 1, hintEachCall: false } } });
    assert.deepEqual(all.map((f) => `${f.severity} ${f.file}:${f.line}`), [`warning gateway/src/main.ts:${lineOf(files, 'gateway/src/main.ts', "app.post('/checkout'")}`]);
    assert.match(all[0]!.message, /needs 3 services up/);
    assert.equal(all[0]!.related?.[0]?.line, lineOf(files, 'gateway/src/main.ts', 'ORDERS_URL}/orders'));
  });

  it('keeps hints as hints when the rule is raised to error, and goes quiet when off', () => {
    const raised = findingsOf(system(), 'temporal-coupling', { 'temporal-coupling': { severity: 'error' } });
    assert.ok(raised.all.length > 0 && raised.all.every((f) => f.severity === 'hint'));
    assert.deepEqual(findingsOf(system(), 'temporal-coupling', { 'temporal-coupling': { severity: 'off' } }).at, []);
  });
});
