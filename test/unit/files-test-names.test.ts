/**
 * Test code by name: `*.test.ts` and `*.spec.ts` always; `*-test.ts` and `*_spec.ts` only when the
 * file reads like a test, since ordinary code uses such names too (a `queue-test.ts` route).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, pkg } from './helpers/workspace';

describe('test-like file names', () => {
  it('analyses a route file named *-test.ts and skips real tests', () => {
    const model = analyzeFiles({
      'orders/package.json': pkg('orders', ['express']),
      'orders/src/main.ts': `import express from 'express';\nimport probe from './routes/queue-test';\nconst app = express();\napp.use(probe);\napp.listen(3001);\n`,
      'orders/src/routes/queue-test.ts': `import { Router } from 'express';\nconst r = Router();\nr.post('/probe', (req, res) => res.end());\nexport default r;\n`,
      'orders/src/routes/orders-test.ts': `import { describe, it } from 'mocha';\nimport { Router } from 'express';\ndescribe('orders', () => { it('posts', () => { Router().post('/from-mocha', () => undefined); }); });\n`,
      'orders/src/routes/orders_spec.js': `const r = require('express').Router();\ntest('x', () => r.get('/from-jest', () => undefined));\n`,
      'orders/src/routes/orders.test.ts': `import { Router } from 'express';\nRouter().get('/from-test', () => undefined);\n`,
    });
    const paths = model.endpoints.map((e) => `${e.method} ${e.path}`).sort();
    assert.deepEqual(paths, ['POST /probe']);
  });
});
