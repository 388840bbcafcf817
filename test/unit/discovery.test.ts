/**
 * Service discovery with no configuration: deployable packages, monorepo apps, docker-compose,
 * Kubernetes manifests; shared libraries attributed to the services that reach them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, edges, pkg } from './helpers/workspace';

const EXPRESS_SERVER = (port: number, route = '/x'): string => `import express from 'express';\nconst app = express();\napp.get('${route}', (_q, r) => r.json({}));\napp.listen(${port});\n`;

describe('service discovery', () => {
  it('a folder per service with package.json, names from folders, compose hosts and env', () => {
    const model = analyzeFiles({
      'docker-compose.yml': `services:\n  orders-svc:\n    build:\n      context: ./services/orders\n    environment:\n      - USERS_BASE=http://users-api:4000\n  users-api:\n    build: ./services/users\n    ports: ["4000:4000"]\n  postgres:\n    image: postgres:16\n`,
      'services/orders/package.json': pkg('@acme/orders'),
      'services/orders/src/index.ts': `import axios from 'axios';\nimport express from 'express';\nconst app = express();\napp.get('/orders/:id', async (req, res) => res.json(await axios.get(process.env.USERS_BASE + '/users/1')));\napp.listen(3000);\n`,
      'services/users/package.json': pkg('@acme/users'),
      'services/users/src/index.ts': EXPRESS_SERVER(4000, '/users/:id'),
      'packages/common/package.json': pkg('@acme/common'),
      'packages/common/src/index.ts': `export const x = 1;\n`,
    });
    assert.deepEqual(model.services.map((s) => `${s.name}@${s.root}`).sort(), ['orders@services/orders', 'users@services/users']);
    assert.ok(model.services.find((s) => s.name === 'users')!.hosts.includes('users-api'));
    assert.deepEqual(edges(model), ['orders -sync-request-response-> users']);
  });

  it('a compose file in a subfolder whose Dockerfile lives outside the build context: the context is the service', () => {
    const model = analyzeFiles({
      'deploy/docker-compose.yml': `services:\n  api:\n    build:\n      context: ../apps/api\n      dockerfile: ../../deploy/api.Dockerfile\n  worker:\n    build:\n      context: ../apps/worker\n      dockerfile: ../../deploy/worker.Dockerfile\n    environment:\n      QUEUE: thumbnails\n`,
      'apps/api/package.json': pkg('api', ['express', 'bullmq']),
      'apps/api/src/main.ts': `import express from 'express';\nimport { Queue } from 'bullmq';\nconst q = new Queue('thumbnails', { connection: {} });\nconst app = express();\napp.post('/img', async (req, res) => { await q.add('resize', {}); res.end(); });\napp.listen(3000);\n`,
      'apps/worker/package.json': pkg('worker', ['bullmq']),
      'apps/worker/src/main.ts': `import { Worker } from 'bullmq';\nnew Worker(process.env.QUEUE!, async () => undefined, { connection: {} });\n`,
    });
    assert.deepEqual(model.services.map((s) => `${s.name}@${s.root}`).sort(), ['api@apps/api', 'worker@apps/worker']);
    assert.deepEqual(edges(model), ['api -fire-and-forget-> worker']);
  });

  it('NestJS monorepo (nest-cli.json) with a shared lib behind a tsconfig path alias', () => {
    const model = analyzeFiles({
      'package.json': pkg('monorepo', ['@nestjs/core']),
      'nest-cli.json': JSON.stringify({ monorepo: true, projects: { gateway: { type: 'application', root: 'apps/gateway' }, billing: { type: 'application', root: 'apps/billing' }, common: { type: 'library', root: 'libs/common' } } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', paths: { '@app/common': ['libs/common/src'], '@app/common/*': ['libs/common/src/*'] } } }),
      'apps/gateway/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`,
      'apps/gateway/src/app.module.ts': `export class AppModule {}\n`,
      'apps/gateway/src/pay.controller.ts': `import { Controller, Post } from '@nestjs/common';\nimport { postJson } from '@app/common';\n@Controller('pay')\nexport class PayController {\n  @Post() async pay() { return postJson('http://billing:3001/invoices', {}); }\n}\n`,
      'apps/billing/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((a) => a.listen(3001));\n`,
      'apps/billing/src/app.module.ts': `export class AppModule {}\n`,
      'apps/billing/src/invoices.controller.ts': `import { Controller, Post } from '@nestjs/common';\n@Controller('invoices')\nexport class InvoicesController {\n  @Post() create() { return {}; }\n}\n`,
      'libs/common/src/index.ts': `export * from './http';\n`,
      'libs/common/src/http.ts': `import axios from 'axios';\nexport async function postJson(url: string, body: unknown) {\n  return (await axios.post(url, body, { timeout: 1000 })).data;\n}\n`,
    });
    assert.deepEqual(model.services.map((s) => s.name).sort(), ['billing', 'gateway']);
    const wrapper = model.interactions.filter((i) => i.file === 'libs/common/src/http.ts');
    assert.equal(wrapper.length, 1, JSON.stringify(model.interactions));
    assert.equal(wrapper[0]!.service, 'gateway');
    assert.deepEqual(wrapper[0]!.callees, ['billing']);
    assert.equal(wrapper[0]!.callSite?.file, 'apps/gateway/src/pay.controller.ts');
    assert.equal(wrapper[0]!.endpoints.length, 1);
  });

  it('Nx apps (project.json) and a pnpm workspace package used by two services', () => {
    const model = analyzeFiles({
      'package.json': pkg('root'),
      'pnpm-workspace.yaml': `packages:\n  - 'apps/*'\n  - 'packages/*'\n`,
      'apps/api/project.json': JSON.stringify({ projectType: 'application' }),
      'apps/api/src/main.ts': `import { notify } from '@acme/notify-client';\nimport express from 'express';\nconst app = express();\napp.post('/signup', async (_q, r) => { await notify('welcome'); r.end(); });\napp.listen(3000);\n`,
      'apps/worker/project.json': JSON.stringify({ projectType: 'application' }),
      'apps/worker/src/main.ts': `import { notify } from '@acme/notify-client';\nimport express from 'express';\nconst app = express();\napp.post('/jobs', async (_q, r) => { await notify('done'); r.end(); });\napp.listen(3001);\n`,
      'apps/notifier/project.json': JSON.stringify({ projectType: 'application' }),
      'apps/notifier/src/main.ts': EXPRESS_SERVER(3002, '/notifications'),
      'packages/notify-client/package.json': pkg('@acme/notify-client'),
      'packages/notify-client/src/index.ts': `export async function notify(kind: string) {\n  await fetch('http://notifier:3002/notifications', { method: 'GET', signal: AbortSignal.timeout(500) });\n  return kind;\n}\n`,
    });
    assert.deepEqual(model.services.map((s) => s.name).sort(), ['api', 'notifier', 'worker']);
    assert.deepEqual(edges(model), ['api -sync-request-response-> notifier', 'worker -sync-request-response-> notifier']);
  });

  it('test harnesses (Nx e2e projects, *-test / *-playground packages) are not services unless deployed', () => {
    const model = analyzeFiles({
      'package.json': pkg('root'),
      'docker-compose.yml': `services:\n  queue-playground:\n    build: ./queue-playground\n`,
      'apps/orders/project.json': JSON.stringify({ name: 'orders', projectType: 'application', targets: { serve: {} } }),
      'apps/orders/src/main.ts': EXPRESS_SERVER(3000, '/orders'),
      'apps/orders-e2e/project.json': JSON.stringify({ name: 'orders-e2e', projectType: 'application', implicitDependencies: ['orders'], targets: { e2e: {} } }),
      'apps/orders-e2e/src/support/setup.ts': `import axios from 'axios';\nexport async function warm() { await axios.get('http://orders:3000/orders'); }\n`,
      'apps/orders-e2e/src/main.ts': EXPRESS_SERVER(3999, '/ready'),
      'bus-test/package.json': pkg('bus-test', ['express']),
      'bus-test/src/listener.ts': EXPRESS_SERVER(4001, '/probe'),
      'queue-playground/package.json': pkg('queue-playground', ['express']),
      'queue-playground/src/index.ts': EXPRESS_SERVER(4002, '/play'),
    });
    assert.deepEqual(model.services.map((s) => s.name).sort(), ['orders', 'queue-playground']);
  });

  it('Kubernetes manifests give env and host names', () => {
    const model = analyzeFiles({
      'k8s/deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: acme/web:1\n          env:\n            - name: CART_ADDR\n              value: http://cart-service.shop.svc.cluster.local:8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: cart-service\nspec:\n  selector:\n    app: cart\n  ports:\n    - port: 8080\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    metadata:\n      labels:\n        app: cart\n    spec:\n      containers:\n        - name: cart\n          image: acme/cart:1\n`,
      'web/package.json': pkg('web'),
      'web/src/server.ts': `import express from 'express';\nimport axios from 'axios';\nconst app = express();\napp.get('/', async (_q, r) => r.json((await axios.get(process.env.CART_ADDR + '/cart/42')).data));\napp.listen(80);\n`,
      'cart/package.json': pkg('cart'),
      'cart/src/server.ts': EXPRESS_SERVER(8080, '/cart/:id'),
    });
    assert.ok(model.services.find((s) => s.name === 'cart')!.hosts.includes('cart-service'));
    assert.deepEqual(edges(model), ['web -sync-request-response-> cart']);
    assert.equal(model.interactions[0]!.endpoints.length, 1);
  });

  it('a repository that is one service', () => {
    const model = analyzeFiles({ 'package.json': pkg('solo'), 'src/index.ts': EXPRESS_SERVER(3000) });
    assert.equal(model.services.length, 1);
    assert.equal(model.services[0]!.root, '');
  });

  it('test code is left out unless asked for', () => {
    const files = {
      'a/package.json': pkg('a'),
      'a/src/main.ts': EXPRESS_SERVER(3000, '/a'),
      'a/src/main.spec.ts': `import axios from 'axios';\nit('x', async () => { await axios.get('http://b:3001/b'); });\n`,
      'a/test/e2e.ts': `export async function t() { await fetch('http://b:3001/b'); }\n`,
      'b/package.json': pkg('b'),
      'b/src/main.ts': EXPRESS_SERVER(3001, '/b'),
    };
    assert.equal(analyzeFiles(files).interactions.length, 0);
    assert.equal(analyzeFiles(files, { includeTests: true }).interactions.length, 2);
    assert.equal(analyzeFiles(files, { includeTests: true, exclude: ['**/test/**'] }).interactions.length, 1);
  });
});
