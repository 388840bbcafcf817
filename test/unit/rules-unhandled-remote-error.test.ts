/**
 * unhandled-remote-error: failures of remote calls that nothing handles.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';
import { pkg } from './helpers/workspace';

function system(callerCode: string, deps?: string[]): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));\napp.post('/track', (req, res) => res.end());`),
    ...expressService('orders', 3001, callerCode, deps),
  };
}

const M = 'orders/src/main.ts';

describe('unhandled-remote-error', () => {
  it('reports an awaited call in an Express 4 handler with no try/catch on the way', () => {
    const files = system(`async function charge() {
  return axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 });
}
app.post('/orders', async (req, res) => {
  const r = await charge();
  res.json(r.data);
});`);
    const { at, all } = findingsOf(files, 'unhandled-remote-error');
    assert.deepEqual(at, [`${M}:${lineOf(files, M, 'axios.post')}`]);
    assert.equal(all[0]!.related?.[0]?.line, lineOf(files, M, "app.post('/orders'"));
  });

  it('is quiet when a caller on the way catches, or the handler does', () => {
    const files = system(`async function charge() {
  return axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 });
}
app.post('/orders', async (req, res) => {
  try { res.json((await charge()).data); } catch { res.status(502).end(); }
});
app.post('/orders2', async (req, res) => {
  const r = await charge().catch(() => undefined);
  res.json(r?.data);
});`);
    assert.deepEqual(findingsOf(files, 'unhandled-remote-error').at, []);
  });

  it('is quiet when Express catches async errors (express-async-errors, Express 5, a wrapper)', () => {
    const handler = `app.post('/orders', async (req, res) => { res.json((await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 })).data); });`;
    assert.deepEqual(findingsOf(system(`import 'express-async-errors';\n${handler}`), 'unhandled-remote-error').at, []);
    const v5 = system(handler);
    v5['orders/package.json'] = JSON.stringify({ name: 'orders', dependencies: { express: '^5.1.0', axios: '^1.7.0' } });
    assert.deepEqual(findingsOf(v5, 'unhandled-remote-error').at, []);
    const wrapped = system(`const asyncHandler = (fn: any) => (req: any, res: any, next: any) => fn(req, res, next).catch(next);
app.post('/orders', asyncHandler(async (req: any, res: any) => { res.json((await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 })).data); }));`);
    assert.deepEqual(findingsOf(wrapped, 'unhandled-remote-error').at, []);
  });

  it('is quiet for frameworks that catch (Fastify)', () => {
    const files: Record<string, string> = {
      'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
      ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));`),
      'orders/package.json': pkg('orders', ['fastify', 'axios']),
      'orders/src/main.ts': `import Fastify from 'fastify';
import axios from 'axios';
const app = Fastify();
app.post('/orders', async () => (await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 })).data);
app.listen({ port: 3001 });
`,
    };
    assert.deepEqual(findingsOf(files, 'unhandled-remote-error').at, []);
  });

  it('reports an un-awaited call without .catch, and a .then without a rejection handler', () => {
    const files = system(`app.post('/orders', (req, res) => {
  axios.post(\`\${process.env.PAYMENTS_URL}/track\`, {}, { timeout: 500 });
  axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 }).then((r) => console.log(r.status));
  void axios.post(\`\${process.env.PAYMENTS_URL}/track\`, { ok: true }, { timeout: 500 }).catch(() => undefined);
  res.end();
});`);
    assert.deepEqual(findingsOf(files, 'unhandled-remote-error').at, [`${M}:${lineOf(files, M, '/track`, {}')}`, `${M}:${lineOf(files, M, '.then(')}`].sort());
  });
});
