/**
 * remote-call-in-loop: one remote request per item (N+1), directly or through a helper.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ catalog: { port: 3004 }, shipping: { port: 3005, env: { CATALOG_URL: 'http://catalog:3004' } } }),
    ...expressService('catalog', 3004, `app.get('/products/:id', (req, res) => res.json({ id: req.params.id }));`),
    ...expressService('shipping', 3005, callerCode),
  };
}

describe('remote-call-in-loop', () => {
  it('reports an awaited call in a for...of body', () => {
    const files = system(`app.post('/weigh', async (req, res) => {
  let grams = 0;
  for (const line of req.body.items) {
    const { data } = await axios.get(\`\${process.env.CATALOG_URL}/products/\${line.productId}\`, { timeout: 500 });
    grams += data.weightGrams;
  }
  res.json({ grams });
});`);
    assert.deepEqual(findingsOf(files, 'remote-call-in-loop').at, [`shipping/src/main.ts:${lineOf(files, 'shipping/src/main.ts', 'axios.get')}`]);
  });

  it('reports Promise.all over items.map', () => {
    const files = system(`app.post('/weigh', async (req, res) => {
  const products = await Promise.all(req.body.items.map((line: { productId: string }) => axios.get(\`\${process.env.CATALOG_URL}/products/\${line.productId}\`)));
  res.json(products.length);
});`);
    assert.equal(findingsOf(files, 'remote-call-in-loop').at.length, 1);
  });

  it('reports the loop that calls an in-process helper making the request', () => {
    const files = system(`async function product(id: string) {
  const { data } = await axios.get(\`\${process.env.CATALOG_URL}/products/\${id}\`);
  return data;
}
app.post('/weigh', async (req, res) => {
  const out = [];
  for (const line of req.body.items) out.push(await product(line.productId));
  res.json(out);
});`);
    const { at, all } = findingsOf(files, 'remote-call-in-loop');
    assert.deepEqual(at, [`shipping/src/main.ts:${lineOf(files, 'shipping/src/main.ts', 'for (const line')}`]);
    assert.equal(all[0]!.related?.[0]?.line, lineOf(files, 'shipping/src/main.ts', 'axios.get'));
  });

  it('is quiet for a retry loop, a call in the loop header and a single call', () => {
    const files = system(`app.get('/one/:id', async (req, res) => {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { return res.json((await axios.get(\`\${process.env.CATALOG_URL}/products/\${req.params.id}\`)).data); } catch { /* retry */ }
  }
  res.status(502).end();
});
app.get('/two', async (req, res) => {
  for (const p of (await axios.get(\`\${process.env.CATALOG_URL}/products/all\`)).data) console.log(p);
  res.end();
});`);
    assert.deepEqual(findingsOf(files, 'remote-call-in-loop').at, []);
  });
});
