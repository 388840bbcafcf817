/**
 * unvalidated-message: a handler using its payload without validating it — as a code table of
 * consumer bodies (NATS), and NestJS handlers with and without a ValidationPipe.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, findingsOf, lineOf, natsService } from './helpers/findings';
import { pkg } from './helpers/workspace';

const PUBLISHER = `  nc.publish('shipment.dispatched', sc.encode(JSON.stringify({ orderId: 'o1', carrier: 'dhl' })));`;

function system(handlerBody: string, extra = ''): Record<string, string> {
  return {
    'docker-compose.yml': compose({ shipping: { port: 3005 }, notifications: { port: 3006 } }),
    ...natsService('shipping', PUBLISHER),
    ...natsService('notifications', `  nc.subscribe('shipment.dispatched', {\n    callback: async (err, msg) => {\n      if (err) return;\n${handlerBody.trim()}\n    },\n  });`, extra),
  };
}

const F = 'notifications/src/main.ts';

interface Case {
  name: string;
  body: string;
  extra?: string;
  /** The text of the line where the finding is expected, or null for none. */
  at: string | null;
}

const CASES: Case[] = [
  { name: 'JSON.parse and a type cast', body: `const event = JSON.parse(sc.decode(msg.data)) as { orderId: string };\nconsole.log(event.orderId);`, at: 'JSON.parse' },
  { name: 'msg.json() then fields', body: `const { orderId } = msg.json<{ orderId: string }>();\nconsole.log(orderId);`, at: 'msg.json' },
  { name: 'zod safeParse', extra: `import { z } from 'zod';\nconst schema = z.object({ orderId: z.string() });`, body: `const parsed = schema.safeParse(JSON.parse(sc.decode(msg.data)));\nif (!parsed.success) return;\nconsole.log(parsed.data.orderId);`, at: null },
  { name: 'zod parse', extra: `import { z } from 'zod';\nconst schema = z.object({ orderId: z.string() });`, body: `const event = schema.parse(JSON.parse(sc.decode(msg.data)));\nconsole.log(event.orderId);`, at: null },
  { name: 'joi validate', extra: `import Joi from 'joi';\nconst schema = Joi.object({ orderId: Joi.string() });`, body: `const { value, error } = schema.validate(JSON.parse(sc.decode(msg.data)));\nif (error) return;\nconsole.log(value.orderId);`, at: null },
  { name: 'ajv compiled validator', extra: `import Ajv from 'ajv';\nconst validate = new Ajv().compile({ type: 'object' });`, body: `const event = JSON.parse(sc.decode(msg.data));\nif (!validate(event)) return;\nconsole.log(event.orderId);`, at: null },
  { name: 'class-validator on a class instance', extra: `import { plainToInstance } from 'class-transformer';\nimport { validateOrReject } from 'class-validator';\nclass Dto { orderId!: string }`, body: `const dto = plainToInstance(Dto, JSON.parse(sc.decode(msg.data)));\nawait validateOrReject(dto);\nconsole.log(dto.orderId);`, at: null },
  { name: 'manual typeof checks', body: `const event = JSON.parse(sc.decode(msg.data));\nif (typeof event.orderId !== 'string') return;\nconsole.log(event.orderId);`, at: null },
  { name: 'a type guard', extra: `function isShipment(x: unknown): x is { orderId: string } { return typeof x === 'object' && x !== null && 'orderId' in x; }`, body: `const event: unknown = JSON.parse(sc.decode(msg.data));\nif (!isShipment(event)) return;\nconsole.log(event.orderId);`, at: null },
  { name: 'a guard clause on the payload', body: `const event = JSON.parse(sc.decode(msg.data));\nif (event.orderId == null) return;\nconsole.log(event.orderId);`, at: null },
  { name: 'class-validator on an instance made from the payload', extra: `import { plainToInstance } from 'class-transformer';\nimport { validateOrReject } from 'class-validator';\nclass Dto { orderId!: string }`, body: `const event = JSON.parse(sc.decode(msg.data));\nconst dto = plainToInstance(Dto, event);\nawait validateOrReject(dto);\nconsole.log(event.orderId);`, at: null },
  { name: 'logged first, used later: reported where it is used', body: `const event = JSON.parse(sc.decode(msg.data));\nconsole.log('got', event);\nawait fetch('http://audit/' + event.orderId);`, at: 'JSON.parse' },
  { name: 'handed whole to other code (may validate there)', extra: `import { handleShipment } from './handler';`, body: `await handleShipment(JSON.parse(sc.decode(msg.data)));`, at: null },
  { name: 'payload never read', body: `console.log('shipment event on', msg.subject);`, at: null },
];

describe('unvalidated-message', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const files = system(c.body, c.extra);
      const want = c.at ? [`${F}:${lineOf(files, F, c.at)}`] : [];
      assert.deepEqual(findingsOf(files, 'unvalidated-message').at, want);
    });
  }

  const nest = (decorators: string, main = ''): Record<string, string> => ({
    'docker-compose.yml': compose({ orders: { port: 3001 }, inventory: { port: 4001 } }),
    'orders/package.json': pkg('orders', ['@nestjs/microservices']),
    'orders/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function boot() { const app = await NestFactory.create(AppModule); await app.listen(3001); }\nvoid boot();\n`,
    'orders/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\nimport { OrdersService } from './orders.service';\n@Module({ imports: [ClientsModule.register([{ name: 'INVENTORY', transport: Transport.TCP, options: { host: 'inventory', port: 4001 } }])], providers: [OrdersService] })\nexport class AppModule {}\n`,
    'orders/src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';\nimport { ClientProxy } from '@nestjs/microservices';\n@Injectable()\nexport class OrdersService {\n  constructor(@Inject('INVENTORY') private readonly inventory: ClientProxy) {}\n  release(reservationId: string) { this.inventory.emit('inventory.release', { reservationId }); }\n}\n`,
    'inventory/package.json': pkg('inventory', ['@nestjs/microservices']),
    'inventory/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { AppModule } from './app.module';\nasync function boot() {\n  const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { port: 4001 } });\n${main}\n  await app.listen();\n}\nvoid boot();\n`,
    'inventory/src/inventory.controller.ts': `import { Controller, UsePipes, ValidationPipe } from '@nestjs/common';\nimport { EventPattern, Payload } from '@nestjs/microservices';\nclass ReleaseDto { reservationId!: string }\n@Controller()\n${decorators}\nexport class InventoryController {\n  @EventPattern('inventory.release')\n  release(@Payload() dto: ReleaseDto) {\n    return dto.reservationId.length;\n  }\n}\n`,
  });
  const C = 'inventory/src/inventory.controller.ts';

  it('NestJS: a @Payload used without a ValidationPipe', () => {
    const files = nest('');
    assert.deepEqual(findingsOf(files, 'unvalidated-message').at, [`${C}:${lineOf(files, C, 'return dto.reservationId')}`]);
  });

  it('NestJS: a ValidationPipe on the class, or installed globally, validates', () => {
    assert.deepEqual(findingsOf(nest('@UsePipes(new ValidationPipe())'), 'unvalidated-message').at, []);
    assert.deepEqual(findingsOf(nest('', '  app.useGlobalPipes(new ValidationPipe());'), 'unvalidated-message').at, []);
  });
});
