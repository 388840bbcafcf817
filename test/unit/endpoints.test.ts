/**
 * Server-side endpoint detection as a table: each case is a small service (files under svc/)
 * and the endpoints (method and full path, or channel) we expect it to offer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, pkg } from './helpers/workspace';

interface Case {
  name: string;
  files: Record<string, string>;
  expected: string[];
}

const CASES: Case[] = [
  {
    name: 'express routers mounted under prefixes across files',
    files: {
      'svc/src/main.ts': `import express from 'express';\nimport ordersRouter from './routes/orders';\nconst app = express();\nconst api = express.Router();\napi.use('/orders', ordersRouter);\napp.use('/api', api);\napp.get('/health', (_q, r) => r.send('ok'));\napp.listen(3000);\n`,
      'svc/src/routes/orders.ts': `import { Router } from 'express';\nconst router = Router();\nrouter.get('/:id', (req, res) => res.json({}));\nrouter.route('/').post((req, res) => res.json({}));\nexport default router;\n`,
    },
    expected: ['GET /api/orders/:id', 'POST /api/orders', 'GET /health'],
  },
  {
    name: 'express router factory function',
    files: {
      'svc/src/main.ts': `import express from 'express';\nimport { buildRouter } from './router';\nconst app = express();\napp.use('/v1', buildRouter());\napp.listen(3000);\n`,
      'svc/src/router.ts': `import express from 'express';\nexport function buildRouter() {\n  const r = express.Router();\n  r.delete('/items/:id', (req, res) => res.end());\n  return r;\n}\n`,
    },
    expected: ['DELETE /v1/items/:id'],
  },
  {
    name: 'koa router with prefix',
    files: {
      'svc/src/main.ts': `import Koa from 'koa';\nimport Router from '@koa/router';\nconst app = new Koa();\nconst router = new Router({ prefix: '/users' });\nrouter.get('/:id', async (ctx) => { ctx.body = {}; });\napp.use(router.routes());\napp.listen(3000);\n`,
    },
    expected: ['GET /users/:id'],
  },
  {
    name: 'hono sub-app routed under a path',
    files: {
      'svc/src/main.ts': `import { Hono } from 'hono';\nconst app = new Hono();\nconst books = new Hono();\nbooks.get('/:id', (c) => c.json({}));\napp.route('/books', books);\nexport default app;\n`,
    },
    expected: ['GET /books/:id'],
  },
  {
    name: 'fastify plugin registered with a prefix',
    files: {
      'svc/src/main.ts': `import Fastify from 'fastify';\nimport { routes } from './routes';\nconst app = Fastify();\napp.register(routes, { prefix: '/api' });\napp.listen({ port: 3000 });\n`,
      'svc/src/routes.ts': `import type { FastifyInstance } from 'fastify';\nexport async function routes(fastify: FastifyInstance) {\n  fastify.post('/charges', async () => ({}));\n  fastify.route({ method: 'GET', url: '/charges/:id', handler: async () => ({}) });\n}\n`,
    },
    expected: ['POST /api/charges', 'GET /api/charges/:id'],
  },
  {
    name: 'NestJS controller with global prefix',
    files: {
      'svc/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n  await app.listen(3000);\n}\nbootstrap();\n`,
      'svc/src/app.module.ts': `export class AppModule {}\n`,
      'svc/src/orders.controller.ts': `import { Controller, Get, Post, Param } from '@nestjs/common';\n@Controller('orders')\nexport class OrdersController {\n  @Get(':id') find(@Param('id') id: string) { return id; }\n  @Post() create() { return {}; }\n}\n`,
    },
    expected: ['GET /api/orders/:id', 'POST /api/orders'],
  },
  {
    name: 'NestJS message, event and gRPC handlers',
    files: {
      'svc/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { AppModule } from './app.module';\nNestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { port: 4000 } });\n`,
      'svc/src/app.module.ts': `export class AppModule {}\n`,
      'svc/src/c.controller.ts': `import { Controller } from '@nestjs/common';\nimport { MessagePattern, EventPattern, GrpcMethod } from '@nestjs/microservices';\n@Controller()\nexport class C {\n  @MessagePattern({ cmd: 'sum' }) sum() { return 1; }\n  @EventPattern('user.created') onUser() {}\n  @GrpcMethod('HeroService', 'FindOne') findOne() {}\n}\n`,
    },
    expected: ['message {"cmd":"sum"}', 'message user.created', 'grpc HeroService.FindOne'],
  },
  {
    name: 'tsoa controller',
    files: {
      'svc/src/main.ts': `import express from 'express';\nconst app = express();\napp.listen(3000);\n`,
      'svc/src/users.controller.ts': `import { Controller, Get, Route, Path } from 'tsoa';\n@Route('users')\nexport class UsersController extends Controller {\n  @Get('{userId}') public async getUser(@Path() userId: number) { return {}; }\n}\n`,
    },
    expected: ['GET /users/{userId}'],
  },
  {
    name: 'Next.js pages and app router API routes',
    files: {
      'svc/package.json': JSON.stringify({ name: 'web', dependencies: { next: '14' } }),
      'svc/pages/api/orders/[id].ts': `export default function handler(req: any, res: any) { res.json({}); }\n`,
      'svc/app/api/carts/[cartId]/route.ts': `export async function GET() { return Response.json({}); }\nexport async function POST() { return Response.json({}); }\n`,
    },
    expected: ['ANY /api/orders/:id', 'GET /api/carts/:cartId', 'POST /api/carts/:cartId'],
  },
  {
    name: 'grpc-js server addService',
    files: {
      'svc/src/main.ts': `import * as grpc from '@grpc/grpc-js';\nimport * as loader from '@grpc/proto-loader';\nconst proto: any = grpc.loadPackageDefinition(loader.loadSync('catalog.proto'));\nconst server = new grpc.Server();\nserver.addService(proto.catalog.CatalogService.service, { getProduct: (call: any, cb: any) => cb(null, {}), listProducts });\nfunction listProducts(call: any, cb: any) { cb(null, {}); }\nserver.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    },
    expected: ['grpc CatalogService.GetProduct', 'grpc CatalogService.ListProducts'],
  },
];

describe('endpoints', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const files = { 'svc/package.json': pkg('svc'), ...c.files };
      const model = analyzeFiles(files);
      const got = model.endpoints.map((e) => (e.kind === 'http' ? `${e.method} ${e.path}` : `${e.kind} ${e.channel}`));
      for (const want of c.expected) assert.ok(got.includes(want), `missing ${want}; got ${JSON.stringify(got)}`);
      assert.equal(got.length, c.expected.length, `unexpected endpoints: ${JSON.stringify(got)}`);
    });
  }
});
