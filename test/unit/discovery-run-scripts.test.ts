/**
 * Service discovery: a package of a monorepo's `apps/` or `services/` folder that serves routes or
 * procedures and that its own script runs is a service even before its entry point exists; a
 * library with routes, or a package whose scripts only build, is not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles } from './helpers/workspace';

const ROUTER = `import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const appRouter = t.router({ ping: t.procedure.query(() => 'pong') });\n`;

function withScripts(name: string, scripts: Record<string, string>): string {
  return JSON.stringify({ name, version: '1.0.0', scripts, dependencies: { '@trpc/server': '*' } });
}

describe('service discovery by run scripts', () => {
  const model = analyzeFiles({
    'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['services/*', 'packages/*'] }),
    'services/api/package.json': withScripts('@mono/api', { dev: 'dotenv -e .env.local -- tsx watch server' }),
    'services/api/src/router.ts': ROUTER,
    'services/built/package.json': withScripts('@mono/built', { build: 'tsc -p .', dev: 'tsc --watch' }),
    'services/built/src/router.ts': ROUTER,
    'packages/api-lib/package.json': withScripts('@mono/api-lib', { dev: 'tsx watch src' }),
    'packages/api-lib/src/router.ts': ROUTER,
  });

  it('finds a package that serves procedures and is run by its dev script', () => {
    assert.ok(model.services.some((s) => s.root === 'services/api'));
  });

  it('leaves out a package whose scripts only build, and a library outside apps/services', () => {
    assert.ok(!model.services.some((s) => s.root === 'services/built'));
    assert.ok(!model.services.some((s) => s.root === 'packages/api-lib'));
  });
});
