/**
 * shared-data: a store touched by several services; content coupling when a service writes
 * another's data, common coupling (info) when it only reads it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compose, service } from './helpers/data';
import { findingsOf, lineOf } from './helpers/findings';

const MODEL = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Order {\n  id     String @id @default(uuid())\n  status String\n  total  Int\n  @@map("orders")\n}\n`;
const DB = 'postgresql://u:p@postgres:5432/shop';

function system(shippingCode: string): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { DATABASE_URL: DB }, shipping: { DATABASE_URL: DB } }),
    ...service('orders', 3001, ['@prisma/client']),
    ...service('shipping', 3005, ['@prisma/client']),
    'orders/prisma/schema.prisma': MODEL,
    'orders/src/orders.ts': `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport async function place() { return prisma.order.create({ data: { status: 'NEW', total: 1 } }); }\n`,
    'shipping/prisma/schema.prisma': MODEL,
    'shipping/src/backlog.ts': `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\n${shippingCode.trim()}\n`,
  };
}

const F = 'shipping/src/backlog.ts';

describe('shared-data', () => {
  it('reports a write to a table another service owns (content coupling), with its other accesses related', () => {
    const files = system(`export async function backlog() { return prisma.order.findMany({ where: { status: 'PAID' } }); }
export async function ship(id: string) { await prisma.order.update({ where: { id }, data: { status: 'SHIPPED' } }); }`);
    const { at, all } = findingsOf(files, 'shared-data');
    assert.deepEqual(at, [`${F}:${lineOf(files, F, 'prisma.order.update')}`]);
    assert.equal(all[0]!.severity, 'warning');
    assert.match(all[0]!.message, /orders owns \(content coupling\)/);
    assert.ok(all[0]!.related?.some((r) => r.file === F && r.line === lineOf(files, F, 'findMany')));
  });

  it('reports reading another service\'s table as common coupling, at info', () => {
    const files = system(`export async function backlog() { return prisma.order.findMany({ where: { status: 'PAID' } }); }`);
    const { at, all } = findingsOf(files, 'shared-data');
    assert.deepEqual(at, [`${F}:${lineOf(files, F, 'findMany')}`]);
    assert.equal(all[0]!.severity, 'info');
  });

  it('is quiet when each service keeps to its own tables', () => {
    const files = system(`export async function ping() { return 1; }`);
    files['shipping/prisma/schema.prisma'] = MODEL.replace('Order', 'Shipment').replace('"orders"', '"shipments"');
    files[F] = files[F]!.replace('ping() { return 1; }', "ship() { return prisma.shipment.create({ data: { status: 'NEW', total: 1 } }); }");
    assert.deepEqual(findingsOf(files, 'shared-data').at, []);
  });
});
