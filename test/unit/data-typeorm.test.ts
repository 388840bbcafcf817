/**
 * Common data through TypeORM: `@Entity` tables (named or snake_cased), repositories injected or
 * taken from a DataSource, the entity manager, query builders, custom repositories, and the
 * connection from `TypeOrmModule.forRoot` / `new DataSource` options.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

const ENTITY = `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
@Entity('orders')
export class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column() status!: string;
}
`;

function workspace(billingDb: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'docker-compose.yml': compose({ orders: { DB_HOST: 'pg', DB_NAME: 'shop' }, billing: { DATABASE_URL: billingDb } }),
    ...service('orders', 3001, ['typeorm', '@nestjs/typeorm']),
    ...service('billing', 3002, ['typeorm']),
    'orders/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { TypeOrmModule } from '@nestjs/typeorm';\n@Module({ imports: [TypeOrmModule.forRoot({ type: 'postgres', host: process.env.DB_HOST, port: 5432, database: process.env.DB_NAME })] })\nexport class AppModule {}\n`,
    'orders/src/order.entity.ts': ENTITY,
    'orders/src/orders.service.ts': `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Order } from './order.entity';
@Injectable()
export class OrdersService {
  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}
  place() {
    return this.orders.save({ status: 'NEW' });
  }
  pending() {
    return this.orders.createQueryBuilder('o').where('o.status = :s', { s: 'NEW' }).getMany();
  }
}
`,
    'billing/src/data-source.ts': `import { DataSource } from 'typeorm';\nexport const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [] });\n`,
    'billing/src/order.entity.ts': `import { Column, Entity, PrimaryColumn } from 'typeorm';\n@Entity({ name: 'orders' })\nexport class OrderView {\n  @PrimaryColumn() id!: number;\n}\n`,
    'billing/src/invoice.ts': `import { AppDataSource } from './data-source';
import { OrderView } from './order.entity';
export async function invoice(id: number) {
  const order = await AppDataSource.getRepository(OrderView).findOneBy({ id });
  await AppDataSource.manager.update(OrderView, { id }, {});
  return order;
}
`,
    ...extra,
  };
}

describe('common data: TypeORM', () => {
  it('an entity table shared through two services with the same database', () => {
    const model = analyzeFiles(workspace('postgres://u:p@pg:5432/shop'));
    assert.deepEqual(commonData(model), [
      'billing billing/src/invoice.ts:4 read postgres shop.orders [billing,orders] owner=orders',
      'billing billing/src/invoice.ts:5 write postgres shop.orders [billing,orders] owner=orders',
      'orders orders/src/orders.service.ts:12 read postgres shop.orders [billing,orders] owner=orders',
      'orders orders/src/orders.service.ts:9 write postgres shop.orders [billing,orders] owner=orders',
    ]);
  });

  it('a generic base repository resolved through the injected repository of its subclass', () => {
    const model = analyzeFiles(
      workspace('postgres://u:p@pg:5432/shop', {
        'billing/src/base.repository.ts': `import { Repository } from 'typeorm';\nexport abstract class BaseRepository<T> {\n  constructor(protected readonly repo: Repository<T>) {}\n  all() {\n    return this.repo.find();\n  }\n}\n`,
        'billing/src/invoice.ts': `import { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\nimport { BaseRepository } from './base.repository';\nimport { OrderView } from './order.entity';\nexport class OrderViews extends BaseRepository<OrderView> {\n  constructor(@InjectRepository(OrderView) repo: Repository<OrderView>) {\n    super(repo);\n  }\n}\n`,
      }),
    );
    assert.ok(
      commonData(model).includes('billing billing/src/base.repository.ts:5 read postgres shop.orders [billing,orders] owner=orders'),
      commonData(model).join('\n'),
    );
  });

  it('per-service databases with the same table name are not shared', () => {
    const model = analyzeFiles(workspace('postgres://u:p@pg:5432/billing'));
    assert.deepEqual(commonData(model), []);
  });

  it('default table names, custom repositories and a migration that creates the table', () => {
    const model = analyzeFiles(
      workspace('postgres://u:p@pg:5432/shop', {
        'billing/src/order.entity.ts': `import { Entity, PrimaryColumn } from 'typeorm';\n@Entity()\nexport class Orders {\n  @PrimaryColumn() id!: number;\n}\n`,
        'billing/src/orders.repository.ts': `import { Repository } from 'typeorm';\nimport { Orders } from './order.entity';\nexport class OrdersRepository extends Repository<Orders> {}\n`,
        'billing/src/invoice.ts': `import { OrdersRepository } from './orders.repository';\nexport class Invoicer {\n  constructor(private readonly repo: OrdersRepository) {}\n  run() {\n    return this.repo.find();\n  }\n}\n`,
        'billing/src/migrations/1700000000000-init.ts': `import { MigrationInterface, QueryRunner } from 'typeorm';\nexport class Init1700000000000 implements MigrationInterface {\n  async up(q: QueryRunner) {\n    await q.query(\`CREATE TABLE "orders" ("id" integer PRIMARY KEY)\`);\n  }\n  async down() {}\n}\n`,
      }),
    );
    assert.deepEqual(sharedStores(model), ['postgres shop.orders [billing,orders] owner=billing']);
    assert.ok(
      commonData(model).includes('billing billing/src/invoice.ts:5 read postgres shop.orders [billing,orders] owner=billing'),
      commonData(model).join('\n'),
    );
  });
});
