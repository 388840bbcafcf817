/**
 * Suppression comments: `// switchboard-disable-next-line <ids>` silences those rules on the next
 * line, `// switchboard-disable-file <ids>` in the whole file; other rules and other files still
 * report. Checked over several files and rules in one run (the rules share one pass over the texts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

const CALL = 'await axios.post(`${process.env.PAYMENTS_URL}/charges`, {});';

function system(orders: string, billing: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({
      payments: { port: 3002 },
      orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } },
      billing: { port: 3003, env: { PAYMENTS_URL: 'http://payments:3002' } },
    }),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));`),
    ...expressService('orders', 3001, orders),
    ...expressService('billing', 3003, billing),
  };
}

const handler = (before = ''): string => `app.post('/a', async (req, res) => {
  try {
    ${before}${CALL}
    res.end();
  } catch { res.status(502).end(); }
});`;

describe('suppression comments', () => {
  it('without comments both services report the call', () => {
    const files = system(handler(), handler());
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [
      `billing/src/main.ts:${lineOf(files, 'billing/src/main.ts', 'axios.post')}`,
      `orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'axios.post')}`,
    ]);
  });

  it('a next-line comment silences the named rules on the next line only, in its own file', () => {
    const files = system(handler('// switchboard-disable-next-line sync-cycle, missing-timeout\n    '), handler());
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [`billing/src/main.ts:${lineOf(files, 'billing/src/main.ts', 'axios.post')}`]);
    // a comment naming another rule silences nothing here
    const other = system(handler('// switchboard-disable-next-line sync-cycle\n    '), handler());
    assert.equal(findingsOf(other, 'missing-timeout').at.length, 2);
    // a comment two lines above is not on the next line
    const far = system(handler('// switchboard-disable-next-line missing-timeout\n    void 0;\n    '), handler());
    assert.equal(findingsOf(far, 'missing-timeout').at.length, 2);
  });

  it('a file comment silences the named rule in the whole file', () => {
    const files = system(handler(), `// switchboard-disable-file missing-timeout\n${handler()}`);
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'axios.post')}`]);
  });
});
