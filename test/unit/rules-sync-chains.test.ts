/**
 * sync-chain-too-long and sync-cycle: synchronous request-response chains across services.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function call(url: string): string {
  return `try { res.json((await axios.get('${url}', { timeout: 500 })).data); } catch { res.status(502).end(); }`;
}

function chain(lastCallsFirst: boolean): Record<string, string> {
  return {
    'docker-compose.yml': compose({ a: { port: 3001 }, b: { port: 3002 }, c: { port: 3003 }, d: { port: 3004 } }),
    ...expressService('a', 3001, `app.get('/a', async (req, res) => { ${call('http://b:3002/b')} });`),
    ...expressService('b', 3002, `app.get('/b', async (req, res) => { ${call('http://c:3003/c')} });`),
    ...expressService('c', 3003, `app.get('/c', async (req, res) => { ${call(lastCallsFirst ? 'http://a:3001/a' : 'http://d:3004/d')} });`),
    ...expressService('d', 3004, `app.get('/d', (req, res) => res.json({}));`),
  };
}

describe('sync-chain-too-long', () => {
  it('reports a chain across more services than allowed at its first call, with each hop related', () => {
    const files = chain(false);
    const { at, all } = findingsOf(files, 'sync-chain-too-long');
    assert.deepEqual(at, [`a/src/main.ts:${lineOf(files, 'a/src/main.ts', 'axios.get')}`]);
    assert.match(all[0]!.message, /a → b → c → d/);
    assert.equal(all[0]!.related?.length, 2);
  });

  it('is quiet when the limit allows the chain', () => {
    assert.deepEqual(findingsOf(chain(false), 'sync-chain-too-long', { 'sync-chain-too-long': { options: { maxServices: 4 } } }).at, []);
  });
});

describe('sync-cycle', () => {
  it('reports a synchronous cycle once, at its first call, with the other calls related', () => {
    const files = chain(true);
    const { at, all } = findingsOf(files, 'sync-cycle');
    assert.deepEqual(at, [`a/src/main.ts:${lineOf(files, 'a/src/main.ts', 'axios.get')}`]);
    assert.match(all[0]!.message, /a → b → c → a/);
    assert.deepEqual(all[0]!.related?.map((r) => r.file), ['b/src/main.ts', 'c/src/main.ts']);
  });

  it('is quiet without a cycle', () => {
    assert.deepEqual(findingsOf(chain(false), 'sync-cycle').at, []);
  });
});
