/**
 * Request-response over RPC: NestJS ClientProxy over TCP, NestJS ClientGrpc, grpc-js clients,
 * node's http module: callee, endpoint and style.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFiles, edges, pkg } from './helpers/workspace';

const NEST_INVENTORY = {
  'inventory/package.json': pkg('inventory', ['@nestjs/microservices']),
  'inventory/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { AppModule } from './app.module';\nNestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { host: '0.0.0.0', port: 4001 } });\n`,
  'inventory/src/app.module.ts': `export class AppModule {}\n`,
  'inventory/src/stock.controller.ts': `import { Controller } from '@nestjs/common';\nimport { MessagePattern } from '@nestjs/microservices';\nimport { Patterns } from './patterns';\n@Controller()\nexport class StockController {\n  @MessagePattern(Patterns.Reserve) reserve() { return true; }\n  @MessagePattern({ cmd: 'check' }) check() { return true; }\n}\n`,
  'inventory/src/patterns.ts': `export enum Patterns { Reserve = 'inventory.reserve' }\n`,
};

describe('NestJS ClientProxy over TCP', () => {
  it('token from ClientsModule, pattern from an enum in another service, style from awaiting', () => {
    const model = analyzeFiles({
      ...NEST_INVENTORY,
      'orders/package.json': pkg('orders', ['@nestjs/microservices']),
      'orders/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`,
      'orders/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\n@Module({ imports: [ClientsModule.register([{ name: 'INVENTORY', transport: Transport.TCP, options: { host: 'inventory', port: 4001 } }])] })\nexport class AppModule {}\n`,
      'orders/src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\nimport { firstValueFrom } from 'rxjs';\n@Injectable()\nexport class OrdersService {\n  constructor(@Inject('INVENTORY') private readonly inventory: ClientProxy) {}\n  async reserve() { return firstValueFrom(this.inventory.send('inventory.reserve', {})); }\n  check() { this.inventory.send({ cmd: 'check' }, {}).subscribe((ok) => console.log(ok)); }\n}\n`,
    });
    const calls = model.interactions.filter((i) => i.service === 'orders');
    assert.equal(calls.length, 2);
    const reserve = calls.find((i) => i.channel === 'inventory.reserve');
    const check = calls.find((i) => i.channel === '{"cmd":"check"}');
    assert.equal(reserve?.style, 'sync-request-response');
    assert.equal(check?.style, 'async-request-response');
    for (const c of calls) {
      assert.deepEqual(c.callees, ['inventory']);
      assert.equal(c.mechanism, 'nestjs-tcp');
      assert.equal(c.endpoints.length, 1);
    }
  });
});

describe('gRPC', () => {
  const CATALOG = {
    'catalog/package.json': pkg('catalog', ['@grpc/grpc-js']),
    'catalog/src/main.ts': `import * as grpc from '@grpc/grpc-js';\nimport * as loader from '@grpc/proto-loader';\nconst proto: any = grpc.loadPackageDefinition(loader.loadSync('catalog.proto'));\nconst server = new grpc.Server();\nserver.addService(proto.catalog.CatalogService.service, { getProduct: (call: any, cb: any) => cb(null, {}) });\nserver.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    'docker-compose.yml': `services:\n  catalog:\n    build: ./catalog\n  web:\n    build: ./web\n    environment:\n      CATALOG_ADDR: catalog:50051\n`,
  };
  it('grpc-js client wrapped in a promise is synchronous', () => {
    const model = analyzeFiles({
      ...CATALOG,
      'web/package.json': pkg('web', ['@grpc/grpc-js', 'express']),
      'web/src/main.ts': `import express from 'express';\nimport * as grpc from '@grpc/grpc-js';\nimport * as loader from '@grpc/proto-loader';\nconst proto: any = grpc.loadPackageDefinition(loader.loadSync('catalog.proto'));\nconst client = new proto.catalog.CatalogService(process.env.CATALOG_ADDR, grpc.credentials.createInsecure());\nconst app = express();\napp.get('/p/:id', async (req, res) => {\n  const product = await new Promise((resolve, reject) => {\n    client.getProduct({ id: req.params.id }, (err: Error, p: unknown) => (err ? reject(err) : resolve(p)));\n  });\n  res.json(product);\n});\napp.get('/later', (req, res) => {\n  client.getProduct({ id: 1 }, (err: Error, p: unknown) => console.log(p));\n  res.end();\n});\napp.listen(3000);\n`,
    });
    const calls = model.interactions.filter((i) => i.mechanism === 'grpc');
    assert.deepEqual(calls.map((c) => c.style).sort(), ['async-request-response', 'sync-request-response']);
    for (const c of calls) {
      assert.deepEqual(c.callees, ['catalog']);
      assert.equal(c.endpoints.length, 1);
    }
  });

  it('a generated client built by a factory in a shared package, called through a promisifying helper', () => {
    const model = analyzeFiles({
      'profiles/package.json': pkg('profiles', ['@grpc/grpc-js']),
      'profiles/src/main.ts': `import * as grpc from '@grpc/grpc-js';\nimport { ProfileServiceService } from '@acme/rpc';\nconst server = new grpc.Server();\nserver.addService(ProfileServiceService, { getProfile: (call: any, cb: any) => cb(null, {}), saveProfile: (call: any, cb: any) => cb(null, {}) });\nserver.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
      'docker-compose.yml': `services:\n  profiles:\n    build: ./profiles\n  web:\n    build: ./web\n`,
      'rpc/package.json': JSON.stringify({ name: '@acme/rpc' }),
      'rpc/src/gen/profile_grpc_pb.js': `exports.ProfileServiceClient = function () {};\nexports.ProfileServiceService = {};\n`,
      'rpc/src/index.ts': `import * as grpc from '@grpc/grpc-js';\nimport { ProfileServiceClient } from './gen/profile_grpc_pb';\nexport * from './gen/profile_grpc_pb';\nexport const createProfileClient = (address: string = process.env.PROFILE_ADDR || 'profiles:50051') => new ProfileServiceClient(address, grpc.credentials.createInsecure());\nexport function call<Req, Res>(client: any, method: (r: Req, cb: (e: any, r: Res) => void) => void, req: Req): Promise<Res> {\n  return new Promise((resolve, reject) => method.call(client, req, (e: any, r: Res) => (e ? reject(e) : resolve(r))));\n}\n`,
      'web/package.json': pkg('web', ['express', '@acme/rpc']),
      'web/src/main.ts': `import express from 'express';\nimport * as rpc from '@acme/rpc';\nimport { call, createProfileClient, ProfileServiceClient } from '@acme/rpc';\nconst client = createProfileClient();\nlet typed: ProfileServiceClient;\nconst app = express();\napp.get('/me', async (req, res) => {\n  res.json(await call(client, client.getProfile, {}));\n});\napp.post('/me', (req, res) => {\n  call(typed, typed.saveProfile, {}).then(() => undefined);\n  res.end();\n});\napp.listen(3000);\nexport const other = rpc.createProfileClient();\n`,
    });
    const calls = model.interactions.filter((i) => i.mechanism === 'grpc').map((i) => `${i.line} ${i.style} ${i.target} -> ${i.callees.join(',')}`);
    assert.deepEqual(calls, ['8 sync-request-response grpc ProfileService.GetProfile -> profiles', '11 async-request-response grpc ProfileService.SaveProfile -> profiles']);
  });

  it('a variable typed as a client class of no known gRPC service is not a gRPC client', () => {
    const model = analyzeFiles({
      'web/package.json': pkg('web', ['express']),
      'web/src/main.ts': `import express from 'express';\nimport { MailClient } from './mail';\nlet mail: MailClient;\nconst app = express();\napp.post('/x', async (req, res) => { await run(mail, mail.send, {}); res.end(); });\napp.listen(3000);\ndeclare function run(...a: unknown[]): Promise<void>;\n`,
      'web/src/mail.ts': `export class MailClient { send() {} }\n`,
    });
    assert.deepEqual(model.interactions.filter((i) => i.mechanism === 'grpc'), []);
  });

  it('NestJS ClientGrpc.getService stub', () => {
    const model = analyzeFiles({
      ...CATALOG,
      'web/package.json': pkg('web', ['@nestjs/microservices']),
      'web/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`,
      'web/src/app.module.ts': `export class AppModule {}\n`,
      'web/src/products.service.ts': `import { Inject, OnModuleInit } from '@nestjs/common';\nimport { ClientGrpc } from '@nestjs/microservices';\nimport { lastValueFrom } from 'rxjs';\ninterface CatalogService { getProduct(req: { id: string }): any }\nexport class ProductsService implements OnModuleInit {\n  private catalog!: CatalogService;\n  constructor(@Inject('CATALOG') private readonly client: ClientGrpc) {}\n  onModuleInit() { this.catalog = this.client.getService<CatalogService>('CatalogService'); }\n  async get(id: string) { return lastValueFrom(this.catalog.getProduct({ id })); }\n}\n`,
    });
    assert.deepEqual(edges(model), ['web -sync-request-response-> catalog']);
    assert.equal(model.interactions[0]?.endpoints.length, 1);
  });
});

describe('node http module', () => {
  it('http.request inside an awaited promise is synchronous; options object gives host and path', () => {
    const model = analyzeFiles({
      'docker-compose.yml': `services:\n  users:\n    build: ./users\n  web:\n    build: ./web\n`,
      'users/package.json': pkg('users', ['express']),
      'users/src/main.ts': `import express from 'express';\nconst app = express();\napp.get('/users/:id', (req, res) => res.json({}));\napp.listen(5000);\n`,
      'web/package.json': pkg('web', ['express']),
      'web/src/main.ts': `import express from 'express';\nimport http from 'node:http';\nconst app = express();\nfunction getUser(id: string) {\n  return new Promise((resolve) => {\n    http.request({ hostname: 'users', port: 5000, path: '/users/' + id, method: 'GET' }, (res) => resolve(res)).end();\n  });\n}\napp.get('/me', async (req, res) => res.json(await getUser('1')));\napp.listen(3000);\n`,
    });
    assert.deepEqual(edges(model), ['web -sync-request-response-> users']);
    assert.equal(model.interactions[0]?.endpoints.length, 1);
  });
});

describe('GraphQL between services', () => {
  it('graphql-request client reaches the Apollo resolvers of the service at its URL', () => {
    const model = analyzeFiles({
      'docker-compose.yml': `services:\n  accounts:\n    build: ./accounts\n  web:\n    build: ./web\n    environment:\n      ACCOUNTS_GRAPHQL: http://accounts:4000/graphql\n`,
      'accounts/package.json': pkg('accounts', ['@apollo/server']),
      'accounts/src/main.ts': `import { ApolloServer } from '@apollo/server';\nimport { startStandaloneServer } from '@apollo/server/standalone';\nconst typeDefs = 'type Query { me: User, user(id: ID!): User }';\nconst resolvers = { Query: { me: () => ({}), user: (_: unknown, a: { id: string }) => ({ id: a.id }) } };\nconst server = new ApolloServer({ typeDefs, resolvers });\nstartStandaloneServer(server, { listen: { port: 4000 } });\nimport express from 'express';\nexpress().listen(4001);\n`,
      'web/package.json': pkg('web', ['graphql-request', 'express']),
      'web/src/main.ts': `import express from 'express';\nimport { GraphQLClient, gql } from 'graphql-request';\nconst client = new GraphQLClient(process.env.ACCOUNTS_GRAPHQL!);\nconst USER = gql\`query User($id: ID!) { user(id: $id) { id name } }\`;\nconst app = express();\napp.get('/u/:id', async (req, res) => res.json(await client.request(USER, { id: req.params.id })));\napp.listen(3000);\n`,
    });
    assert.deepEqual(edges(model), ['web -sync-request-response-> accounts']);
    const call = model.interactions[0]!;
    assert.equal(call.mechanism, 'graphql');
    assert.equal(call.endpoints.length, 1);
    assert.match(call.endpoints[0]!, /graphql:user:/);
  });
});

describe('synchronous cycles', () => {
  it('are found even when no entry point leads into them', () => {
    const svc = (name: string, other: string, port: number): Record<string, string> => ({
      [`${name}/package.json`]: pkg(name, ['express', 'axios']),
      [`${name}/src/main.ts`]: `import express from 'express';\nimport axios from 'axios';\nconst app = express();\napp.get('/ping', async (_q, r) => r.json((await axios.get('http://${other}/ping', { timeout: 100 })).data));\napp.listen(${port});\n`,
    });
    const model = analyzeFiles({ 'docker-compose.yml': `services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n`, ...svc('a', 'b', 80), ...svc('b', 'a', 80) });
    assert.ok(model.chains.some((c) => c.cycle && c.services.includes('a') && c.services.includes('b')), JSON.stringify(model.chains));
  });
});
