/**
 * Common data through Prisma: schema models (`@@map`), the datasource URL per service, client calls
 * (`prisma.order.findMany`, transactions, a PrismaService subclass) and who owns the table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

const ORDER_MODEL = (extra = '') =>
  `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL") // from compose\n}\n\nmodel Order {\n  id     String @id @default(uuid())\n  status String\n${extra}  @@map("orders")\n}\n`;

const ORDERS_CODE = `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function place(status: string) {
  return prisma.order.create({ data: { status } });
}
export async function cancel(id: string) {
  await prisma.$transaction(async (tx) => {
    await tx.order.update({ where: { id }, data: { status: 'CANCELLED' } });
  });
}
`;

const SHIPPING_CODE = `import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';
@Injectable()
export class Backlog {
  constructor(private readonly prisma: PrismaService) {}
  list() {
    return this.prisma.order.findMany({ where: { status: 'PAID' } });
  }
}
`;

function twoServices(ordersUrl: string, shippingUrl: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { DATABASE_URL: ordersUrl }, shipping: { DATABASE_URL: shippingUrl } }),
    ...service('orders', 3001, ['@prisma/client']),
    ...service('shipping', 3002, ['@prisma/client', '@nestjs/common']),
    'orders/prisma/schema.prisma': ORDER_MODEL('  total  Int\n'),
    'orders/src/orders.ts': ORDERS_CODE,
    'shipping/prisma/schema.prisma': ORDER_MODEL(),
    'shipping/src/prisma.service.ts': `import { PrismaClient } from '@prisma/client';\nexport class PrismaService extends PrismaClient {}\n`,
    'shipping/src/backlog.ts': SHIPPING_CODE,
  };
}

describe('common data: Prisma', () => {
  it('one table in one database used by two services: every access site, both services, the owner', () => {
    const model = analyzeFiles(twoServices('postgresql://u:p@postgres:5432/shop?schema=public', 'postgresql://u:p@postgres:5432/shop'));
    assert.deepEqual(commonData(model), [
      'orders orders/src/orders.ts:4 write postgres shop.orders [orders,shipping] owner=orders',
      'orders orders/src/orders.ts:8 write postgres shop.orders [orders,shipping] owner=orders',
      'shipping shipping/src/backlog.ts:7 read postgres shop.orders [orders,shipping] owner=orders',
    ]);
    const store = model.endpoints.filter((e) => e.kind === 'data');
    assert.equal(store.length, 1);
    assert.equal(store[0]!.service, 'orders');
    assert.equal(store[0]!.file, 'orders/prisma/schema.prisma');
  });

  it('the same table name in per-service databases is not shared', () => {
    const model = analyzeFiles(twoServices('postgresql://u:p@orders-db:5432/orders', 'postgresql://u:p@shipping-db:5432/shipping'));
    assert.deepEqual(commonData(model), []);
  });

  it('the same host and database but different Postgres schemas is not shared', () => {
    const model = analyzeFiles(twoServices('postgresql://u:p@pg:5432/app?schema=orders', 'postgresql://u:p@pg:5432/app?schema=shipping'));
    assert.deepEqual(commonData(model), []);
  });

  it('unknown connections and separate schema files: not reported (equal names are not enough)', () => {
    const files = twoServices('x', 'y');
    files['docker-compose.yml'] = compose({ orders: {}, shipping: {} });
    const model = analyzeFiles(files);
    assert.deepEqual(commonData(model), []);
  });

  it('one schema in a shared library used by two services is one store even without connection settings', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ orders: {}, billing: {} }),
      ...service('orders', 3001),
      ...service('billing', 3002),
      'libs/db/package.json': JSON.stringify({ name: '@acme/db' }),
      'libs/db/prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel Invoice {\n  id Int @id\n}\nmodel Customer {\n  id Int @id\n}\n`,
      'libs/db/src/index.ts': `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n`,
      'orders/src/orders.ts': `import { prisma } from '@acme/db';\nexport const list = () => prisma.invoice.findMany();\nexport const who = () => prisma.customer.findFirst();\n`,
      'billing/src/billing.ts': `import { prisma } from '@acme/db';\nexport const bill = () => prisma.invoice.create({ data: {} });\n`,
    });
    assert.deepEqual(sharedStores(model), ['postgres table Invoice [billing,orders] owner=billing']);
  });

  it('the service whose migrations create the table owns it, even when another inserts', () => {
    const files = twoServices('postgresql://u:p@pg:5432/shop', 'postgresql://u:p@pg:5432/shop');
    files['shipping/prisma/migrations/20240101_init/migration.sql'] =
      `-- CreateTable\nCREATE TABLE "orders" (\n  "id" TEXT NOT NULL,\n  CONSTRAINT "orders_pkey" PRIMARY KEY ("id")\n);\n`;
    const model = analyzeFiles(files);
    assert.deepEqual(sharedStores(model), ['postgres shop.orders [orders,shipping] owner=shipping']);
  });

  it('raw queries through Prisma name their tables', () => {
    const files = twoServices('postgresql://u:p@pg:5432/shop', 'postgresql://u:p@pg:5432/shop');
    files['shipping/src/backlog.ts'] =
      `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const late = () => prisma.$queryRaw\`SELECT id FROM orders WHERE status = 'PAID'\`;\n`;
    const model = analyzeFiles(files);
    assert.ok(
      commonData(model).includes('shipping shipping/src/backlog.ts:3 read postgres shop.orders [orders,shipping] owner=orders'),
      commonData(model).join('\n'),
    );
  });
});

describe('common data: shared libraries', () => {
  it('a service that takes only a DTO from a library barrel does not reach the library repositories', () => {
    const model = analyzeFiles({
      'docker-compose.yml': compose({ gateway: {}, coupons: {}, products: {} }),
      ...service('gateway', 3000),
      ...service('coupons', 3001),
      ...service('products', 3002),
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@acme/coupons-lib': ['libs/coupons-lib/src/index.ts'] } } }),
      'libs/db/prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\nmodel Coupon {\n  id Int @id\n  @@map("coupons")\n}\n`,
      'libs/coupons-lib/src/index.ts': `export * from './coupon.dto';\nexport * from './coupon.repository';\n`,
      'libs/coupons-lib/src/coupon.dto.ts': `export class CouponDto {\n  code!: string;\n}\n`,
      'libs/coupons-lib/src/coupon.repository.ts': `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport class CouponRepository {\n  byCode(code: string) {\n    return prisma.coupon.findFirst({ where: { code } });\n  }\n}\n`,
      'gateway/src/routes.ts': `import { CouponDto } from '@acme/coupons-lib';\nexport const shape = (c: CouponDto) => c.code;\n`,
      'coupons/src/service.ts': `import { CouponRepository } from '@acme/coupons-lib';\nexport const find = (code: string) => new CouponRepository().byCode(code);\n`,
      'products/src/apply.ts': `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const use = (id: number) => prisma.coupon.update({ where: { id }, data: {} });\n`,
    });
    assert.deepEqual(sharedStores(model), ['postgres table coupons [coupons,products]']);
  });
});
