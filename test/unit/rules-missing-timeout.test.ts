/**
 * missing-timeout: a synchronous call with no timeout.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, expressService, findingsOf, lineOf } from './helpers/findings';
import { pkg } from './helpers/workspace';

function system(callerCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
    ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));`),
    ...expressService('orders', 3001, callerCode),
  };
}

describe('missing-timeout', () => {
  it('reports awaited axios and fetch calls without a timeout or signal', () => {
    const files = system(`app.post('/a', async (req, res) => {
  try {
    await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {});
    const r = await fetch(\`\${process.env.PAYMENTS_URL}/charges\`, { method: 'POST' });
    res.status(r.status).end();
  } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [`orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'axios.post')}`, `orders/src/main.ts:${lineOf(files, 'orders/src/main.ts', 'await fetch')}`]);
  });

  it('is quiet with a timeout, an abort signal, or a timeout on the axios instance', () => {
    const files = system(`const api = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 800 });
app.post('/a', async (req, res) => {
  try {
    await axios.post(\`\${process.env.PAYMENTS_URL}/charges\`, {}, { timeout: 500 });
    const r = await fetch(\`\${process.env.PAYMENTS_URL}/charges\`, { method: 'POST', signal: AbortSignal.timeout(500) });
    await api.post('/charges', {});
    res.status(r.status).end();
  } catch { res.status(502).end(); }
});`);
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, []);
  });

  it('takes a timeout from HttpModule.register and from an rxjs timeout operator (NestJS)', () => {
    const nest = (register: string, pipe: string): Record<string, string> => ({
      'docker-compose.yml': compose({ payments: { port: 3002 }, orders: { port: 3001, env: { PAYMENTS_URL: 'http://payments:3002' } } }),
      ...expressService('payments', 3002, `app.post('/charges', (req, res) => res.json({}));`),
      'orders/package.json': pkg('orders', ['@nestjs/core', '@nestjs/common', '@nestjs/axios', 'rxjs']),
      'orders/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function boot() { const app = await NestFactory.create(AppModule); await app.listen(3001); }\nvoid boot();\n`,
      'orders/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { HttpModule } from '@nestjs/axios';\nimport { OrdersService } from './orders.service';\n@Module({ imports: [${register}], providers: [OrdersService] })\nexport class AppModule {}\n`,
      'orders/src/orders.service.ts': `import { Injectable } from '@nestjs/common';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom, timeout } from 'rxjs';
@Injectable()
export class OrdersService {
  constructor(private readonly http: HttpService) {}
  async charge() {
    return firstValueFrom(this.http.post(\`\${process.env.PAYMENTS_URL}/charges\`, {})${pipe});
  }
}
`,
    });
    const F = 'orders/src/orders.service.ts';
    const bare = nest('HttpModule', '');
    assert.deepEqual(findingsOf(bare, 'missing-timeout').at, [`${F}:${lineOf(bare, F, 'this.http.post')}`]);
    assert.deepEqual(findingsOf(nest('HttpModule.register({ timeout: 5000 })', ''), 'missing-timeout').at, []);
    assert.deepEqual(findingsOf(nest('HttpModule.registerAsync({ useFactory: () => ({ timeout: 5000 }) })', ''), 'missing-timeout').at, []);
    assert.deepEqual(findingsOf(nest('HttpModule', '.pipe(timeout(2000))'), 'missing-timeout').at, []);
  });

  it('reports a NestJS ClientProxy.send awaited without a timeout', () => {
    const files: Record<string, string> = {
      'docker-compose.yml': compose({ orders: { port: 3001 }, inventory: { port: 4001 } }),
      'orders/package.json': pkg('orders', ['@nestjs/microservices', 'rxjs']),
      'orders/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function boot() { const app = await NestFactory.create(AppModule); await app.listen(3001); }\nvoid boot();\n`,
      'orders/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { ClientsModule, Transport } from '@nestjs/microservices';\nimport { OrdersService } from './orders.service';\n@Module({ imports: [ClientsModule.register([{ name: 'INVENTORY', transport: Transport.TCP, options: { host: 'inventory', port: 4001 } }])], providers: [OrdersService] })\nexport class AppModule {}\n`,
      'orders/src/orders.service.ts': `import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
@Injectable()
export class OrdersService {
  constructor(@Inject('INVENTORY') private readonly inventory: ClientProxy) {}
  reserve(sku: string) { return firstValueFrom(this.inventory.send('inventory.reserve', { sku })); }
  check(sku: string) { return firstValueFrom(this.inventory.send('inventory.check', { sku }).pipe(timeout(500))); }
}
`,
      'inventory/package.json': pkg('inventory', ['@nestjs/microservices']),
      'inventory/src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { Transport } from '@nestjs/microservices';\nimport { AppModule } from './app.module';\nasync function boot() { const app = await NestFactory.createMicroservice(AppModule, { transport: Transport.TCP, options: { port: 4001 } }); await app.listen(); }\nvoid boot();\n`,
      'inventory/src/inventory.controller.ts': `import { Controller, UsePipes, ValidationPipe } from '@nestjs/common';\nimport { MessagePattern, Payload } from '@nestjs/microservices';\n@Controller()\n@UsePipes(new ValidationPipe())\nexport class InventoryController {\n  @MessagePattern('inventory.reserve') reserve(@Payload() dto: { sku: string }) { return dto.sku; }\n  @MessagePattern('inventory.check') check(@Payload() dto: { sku: string }) { return dto.sku; }\n}\n`,
    };
    const F = 'orders/src/orders.service.ts';
    assert.deepEqual(findingsOf(files, 'missing-timeout').at, [`${F}:${lineOf(files, F, "'inventory.reserve'")}`]);
  });
});
