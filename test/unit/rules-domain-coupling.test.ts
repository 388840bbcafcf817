/**
 * domain-coupling: a service depending on more other services than allowed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(): Record<string, string> {
  const files: Record<string, string> = {
    'docker-compose.yml': compose({ bff: { port: 3000 }, users: { port: 3001 }, orders: { port: 3002 }, stock: { port: 3003 } }),
    ...expressService('bff', 3000, `app.get('/home', async (req, res) => {
  try {
    const [u, o, s] = await Promise.all([
      axios.get('http://users:3001/me', { timeout: 500 }),
      axios.get('http://orders:3002/recent', { timeout: 500 }),
      axios.get('http://stock:3003/deals', { timeout: 500 }),
    ]);
    res.json({ u: u.data, o: o.data, s: s.data });
  } catch { res.status(502).end(); }
});`),
  };
  Object.assign(files, expressService('users', 3001, `app.get('/me', (req, res) => res.json({}));`));
  Object.assign(files, expressService('orders', 3002, `app.get('/recent', (req, res) => res.json([]));`));
  Object.assign(files, expressService('stock', 3003, `app.get('/deals', (req, res) => res.json([]));`));
  return files;
}

describe('domain-coupling', () => {
  it('reports a service depending on more services than allowed, at its start, listing them', () => {
    const files = system();
    const { at, all } = findingsOf(files, 'domain-coupling', { 'domain-coupling': { options: { maxDependencies: 2 } } });
    assert.deepEqual(at, [`bff/src/main.ts:${lineOf(files, 'bff/src/main.ts', 'app.listen')}`]);
    assert.match(all[0]!.message, /3 other services \(orders, stock, users\)/);
    assert.equal(all[0]!.related?.length, 3);
  });

  it('is quiet within the limit', () => {
    assert.deepEqual(findingsOf(system(), 'domain-coupling', { 'domain-coupling': { options: { maxDependencies: 3 } } }).at, []);
  });
});
