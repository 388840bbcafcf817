/**
 * Folders named like build output (`build`, `out`, `dist`, `tmp`) are skipped at the top of a
 * package, but under `src/` they hold code: `src/core/build/build.controller.ts` is analysed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, pkg } from './helpers/workspace';

describe('output-like folder names', () => {
  it('analyses src/**/build and skips the package build output', () => {
    const model = analyzeFiles({
      'orders/package.json': pkg('orders', ['express']),
      'orders/src/main.ts': `import express from 'express';\nimport { buildRouter } from './core/build/build.routes';\nconst app = express();\napp.use(buildRouter);\napp.listen(3001);\n`,
      'orders/src/core/build/build.routes.ts': `import { Router } from 'express';\nexport const buildRouter = Router();\nbuildRouter.post('/builds', (req, res) => res.end());\n`,
      'orders/build/main.js': `const express = require('express');\nconst app = express();\napp.get('/compiled', (req, res) => res.end());\napp.listen(3001);\n`,
    });
    const paths = model.endpoints.map((e) => `${e.method} ${e.path} ${e.file}`).sort();
    assert.deepEqual(paths, ['POST /builds orders/src/core/build/build.routes.ts']);
  });
});
