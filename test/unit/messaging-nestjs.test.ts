/**
 * NestJS microservice transports: the client's transport decides the mechanism; `emit` is an
 * event to every `@EventPattern` handler, `send` a request styled by awaiting; RabbitMQ clients
 * reach the service that serves their queue (also with custom strategies and option factories);
 * `sendEvent(pattern)` wrappers resolve per call site.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messages, service, subscriptions, summary, system } from './helpers/messaging';

const DEPS = ['@nestjs/common', '@nestjs/core', '@nestjs/microservices'];

/** A Nest microservice on `transport` (code of its options object) with one controller. */
function microservice(name: string, options: string, controller: string): Record<string, string> {
  return service(
    name,
    {
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.createMicroservice(AppModule, ${options});\n  await app.listen();\n}\nvoid bootstrap();\n`,
      'src/app.module.ts': `export class AppModule {}\n`,
      'src/handlers.controller.ts': `import { Controller } from '@nestjs/common';\nimport { EventPattern, MessagePattern } from '@nestjs/microservices';\n@Controller()\nexport class HandlersController {\n${controller}\n}\n`,
    },
    DEPS,
  );
}

/** The calling service: a module registering `clients` and a service using the `CLIENT` token. */
function caller(clients: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  return service(
    'orders',
    {
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\n@Module({ imports: [ClientsModule.register([${clients}])] })\nexport class AppModule {}\n`,
      'src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\nimport { firstValueFrom, lastValueFrom } from 'rxjs';\n@Injectable()\nexport class OrdersService {\n  constructor(@Inject('CLIENT') private readonly client: ClientProxy) {}\n${body}\n}\n`,
      ...extra,
    },
    DEPS,
  );
}

describe('NestJS transports', () => {
  it('NATS: emit is an event to every @EventPattern handler; send is styled by awaiting', () => {
    const nats = `{ transport: Transport.NATS, options: { servers: ['nats://nats:4222'] } }`;
    const model = system(
      caller(
        `{ name: 'CLIENT', transport: Transport.NATS, options: { servers: ['nats://nats:4222'] } }`,
        `  created() { this.client.emit('order.created', {}); }\n  async price() { return firstValueFrom(this.client.send('price.get', {})); }\n  later() { this.client.send('price.get', {}).subscribe((p) => console.log(p)); }\n  dropped() { this.client.send('price.get', {}); }`,
      ),
      microservice('shipping', nats, `  @EventPattern('order.created') onCreated() {}`),
      microservice('billing', nats, `  @EventPattern('order.*') onOrder() {}\n  @MessagePattern('price.get') price() { return 1; }`),
    );
    assert.deepEqual(summary(messages(model)), [
      'orders -event-> billing,shipping [order.created]',
      'orders -sync-request-response-> billing [price.get]',
      'orders -async-request-response-> billing [price.get]',
      'orders -fire-and-forget-> billing [price.get]',
    ]);
    assert.ok(messages(model).every((i) => i.mechanism === 'nestjs-nats'));
    assert.ok(subscriptions(model).every((e) => e.mechanism === 'nestjs-nats'));
  });

  it('RabbitMQ: the client queue names the target service even when others handle the same pattern', () => {
    const rmq = (queue: string): string => `{ transport: Transport.RMQ, options: { urls: ['amqp://rabbitmq'], queue: '${queue}' } }`;
    const model = system(
      caller(
        `{ name: 'CLIENT', transport: Transport.RMQ, options: { urls: [process.env.RMQ_URL], queue: 'pricing_queue' } }`,
        `  async price() { return lastValueFrom(this.client.send('price.get', {})); }`,
      ),
      microservice('pricing', rmq('pricing_queue'), `  @MessagePattern('price.get') price() { return 1; }`),
      microservice('legacy', rmq('legacy_queue'), `  @MessagePattern('price.get') price() { return 2; }`),
    );
    assert.deepEqual(summary(messages(model)), ['orders -sync-request-response-> pricing [price.get]']);
    assert.equal(messages(model)[0]?.endpoints.length, 1);
  });

  it('custom strategies and client option factories: transport from the class, queue through spreads and parameters', () => {
    const server = (name: string): Record<string, string> =>
      service(
        name,
        {
          'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AmqpServer } from '@acme/amqp-transport';\nimport { Services } from './services';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const options = { queue: \`\${Services.${name.toUpperCase()}}_QUEUE\`, urls: [process.env.RMQ_URL] };\n  app.connectMicroservice({ strategy: new AmqpServer(options) });\n  await app.startAllMicroservices();\n  await app.listen(3000);\n}\nvoid bootstrap();\n`,
          'src/app.module.ts': `export class AppModule {}\n`,
          'src/services.ts': `export enum Services { TICKETS = 'tickets_service', PAYMENTS = 'payments_service' }\n`,
          'src/handlers.controller.ts': `import { Controller } from '@nestjs/common';\nimport { MessagePattern, Transport } from '@nestjs/microservices';\n@Controller()\nexport class HandlersController {\n  @MessagePattern('order.created', Transport.RMQ) onOrder() { return { ok: true }; }\n}\n`,
        },
        DEPS,
      );
    const model = system(
      server('tickets'),
      server('payments'),
      service(
        'orders',
        {
          'src/services.ts': `export enum Services { TICKETS = 'tickets_service', PAYMENTS = 'payments_service' }\nexport enum Patterns { OrderCreated = 'order.created' }\n`,
          'src/orders.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\nimport { AmqpClient } from '@acme/amqp-transport';\nimport { Services } from './services';\nconst clientFactory = (consumer: Services) => {\n  const options = { urls: [process.env.RMQ_URL], queue: \`\${consumer}_QUEUE\` };\n  return { customClass: AmqpClient, options };\n};\n@Module({ imports: [ClientsModule.registerAsync([\n  { name: 'TICKETS', useFactory: () => ({ ...clientFactory(Services.TICKETS), transport: Transport.RMQ }) },\n  { name: 'PAYMENTS', useFactory: () => ({ ...clientFactory(Services.PAYMENTS), transport: Transport.RMQ }) },\n])] })\nexport class OrdersModule {}\n`,
          'src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\nimport { lastValueFrom, timeout, zip } from 'rxjs';\nimport { Patterns } from './services';\n@Injectable()\nexport class OrdersService {\n  constructor(@Inject('TICKETS') private tickets: ClientProxy, @Inject('PAYMENTS') private payments: ClientProxy) {}\n  private sendEvent(pattern: Patterns, event: unknown) {\n    return zip(this.tickets.send(pattern, event).pipe(timeout(5000)), this.payments.send(pattern, event).pipe(timeout(5000)));\n  }\n  async create() {\n    return [1].map(async () => lastValueFrom(this.sendEvent(Patterns.OrderCreated, {})));\n  }\n}\n`,
        },
        DEPS,
      ),
    );
    const list = messages(model);
    assert.deepEqual(summary(list), ['orders -sync-request-response-> tickets [order.created]', 'orders -sync-request-response-> payments [order.created]']);
    assert.ok(list.every((i) => i.mechanism === 'nestjs-rmq' && i.callSite?.line === 12));
    assert.ok(subscriptions(model).every((e) => e.mechanism === 'nestjs-rmq'));
  });

  it('a shared guard whose client names the calling service itself is not an interaction of that service', () => {
    const guard = `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\nimport { firstValueFrom } from 'rxjs';\n@Injectable()\nexport class AuthGuard {\n  constructor(@Inject('AUTH') private readonly auth: ClientProxy) {}\n  async canActivate() { return firstValueFrom(this.auth.send('authenticate', {})); }\n}\n`;
    const module = `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\nexport { AuthGuard } from './auth.guard';\n@Module({ imports: [ClientsModule.register([{ name: 'AUTH', transport: Transport.TCP, options: { host: 'auth', port: 4000 } }])] })\nexport class CommonModule {}\n`;
    const model = system(
      { 'libs/common/package.json': JSON.stringify({ name: '@acme/common' }), 'libs/common/src/index.ts': module, 'libs/common/src/auth.guard.ts': guard },
      microservice('auth', `{ transport: Transport.TCP, options: { port: 4000 } }`, `  @MessagePattern('authenticate') authenticate() { return true; }`),
      { 'auth/src/uses-guard.ts': `import { AuthGuard } from '@acme/common';\nexport const g = AuthGuard;\n` },
      service('billing', { 'src/uses-guard.ts': `import { AuthGuard } from '@acme/common';\nexport const g = AuthGuard;\n` }, DEPS),
    );
    const names = messages(model).map((i) => i.service);
    assert.ok(!names.includes('auth'), names.join(','));
    assert.deepEqual(summary(messages(model).filter((i) => i.service === 'billing')), ['billing -sync-request-response-> auth [authenticate]']);
  });

  it('a shared guard is run by the services that use its class, not by every importer of its package', () => {
    const guard = `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\n@Injectable()\nexport class AuthGuard {\n  constructor(@Inject('AUTH') private readonly auth: ClientProxy) {}\n  canActivate() { return this.auth.send('authenticate', {}); }\n}\n`;
    const module = `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\nexport { AuthGuard } from './auth.guard';\nexport const LOG_LEVEL = 'info';\n@Module({ imports: [ClientsModule.register([{ name: 'AUTH', transport: Transport.TCP, options: { host: 'auth', port: 4000 } }])] })\nexport class CommonModule {}\n`;
    const model = system(
      { 'libs/common/package.json': JSON.stringify({ name: '@acme/common' }), 'libs/common/src/index.ts': module, 'libs/common/src/auth.guard.ts': guard },
      microservice('auth', `{ transport: Transport.TCP, options: { port: 4000 } }`, `  @MessagePattern('authenticate') authenticate() { return true; }`),
      service('billing', { 'src/billing.controller.ts': `import { Controller, Get, UseGuards } from '@nestjs/common';\nimport { AuthGuard } from '@acme/common';\n@Controller('bills')\nexport class BillingController {\n  @UseGuards(AuthGuard) @Get() list() { return []; }\n}\n` }, DEPS),
      service('mailer', { 'src/log.ts': `import { LOG_LEVEL } from '@acme/common';\nexport const level = LOG_LEVEL;\n` }, DEPS),
    );
    assert.deepEqual(summary(messages(model)), ['billing -sync-request-response-> auth [authenticate]']);
  });

  it('Kafka: a @Client property configures the transport; emit reaches every consumer group handling the topic', () => {
    const kafka = `{ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] }, consumer: { groupId: 'g' } } }`;
    const model = system(
      service(
        'orders',
        {
          'src/orders.service.ts': `import { Injectable } from '@nestjs/common';\nimport { Client, ClientProxy, Transport } from '@nestjs/microservices';\n@Injectable()\nexport class OrdersService {\n  @Client({ transport: Transport.KAFKA, options: { client: { brokers: ['kafka:9092'] } } })\n  private readonly kafka!: ClientProxy;\n  created() { this.kafka.emit('order.created', { id: 1 }); }\n}\n`,
        },
        DEPS,
      ),
      microservice('shipping', kafka, `  @EventPattern('order.created') onCreated() {}`),
      microservice('billing', kafka, `  @EventPattern('order.created') onCreated() {}`),
    );
    assert.deepEqual(summary(messages(model)), ['orders -event-> billing,shipping [order.created]']);
    assert.equal(messages(model)[0]?.mechanism, 'nestjs-kafka');
  });

  it('a config built by a function elsewhere: its name tells the transport', () => {
    const model = system(
      service(
        'orders',
        {
          'src/kafka.config.ts': `import { Transport } from '@nestjs/microservices';\nexport function createNestjsKafkaConfig() { return { transport: Transport.KAFKA, options: {} }; }\n`,
          'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule } from '@nestjs/microservices';\nimport { createNestjsKafkaConfig } from './kafka.config';\n@Module({ imports: [ClientsModule.registerAsync([{ name: 'KAFKA', useFactory: createNestjsKafkaConfig }])] })\nexport class AppModule {}\n`,
          'src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\n@Injectable()\nexport class OrdersService {\n  constructor(@Inject('KAFKA') private readonly kafka: ClientProxy) {}\n  created() { this.kafka.emit('order.created', {}); }\n}\n`,
        },
        DEPS,
      ),
      service(
        'shipping',
        {
          'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { createNestjsKafkaConfig } from './kafka.config';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice(createNestjsKafkaConfig());\n  await app.startAllMicroservices();\n}\nvoid bootstrap();\n`,
          'src/kafka.config.ts': `import { Transport } from '@nestjs/microservices';\nexport function createNestjsKafkaConfig() { return { transport: Transport.KAFKA, options: {} }; }\n`,
          'src/app.module.ts': `export class AppModule {}\n`,
          'src/c.controller.ts': `import { Controller } from '@nestjs/common';\nimport { EventPattern } from '@nestjs/microservices';\n@Controller()\nexport class C {\n  @EventPattern('order.created') on() {}\n}\n`,
        },
        DEPS,
      ),
    );
    assert.deepEqual(summary(messages(model)), ['orders -event-> shipping [order.created]']);
    assert.equal(messages(model)[0]?.mechanism, 'nestjs-kafka');
    assert.equal(subscriptions(model, 'shipping')[0]?.mechanism, 'nestjs-kafka');
  });
});
