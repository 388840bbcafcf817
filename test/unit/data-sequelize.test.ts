/**
 * Common data through Sequelize: `define` and `Model.init` models with default (pluralised) and
 * explicit table names, sequelize-typescript `@Table` classes, the sequelize-cli model registry
 * (`db.Order.findAll()`), the connection from `new Sequelize(url)`, and migrations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

function workspace(reportsUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'docker-compose.yml': compose({ shop: { DATABASE_URL: 'mysql://u:p@mysql:3306/shop' }, reports: { DATABASE_URL: reportsUrl } }),
    ...service('shop', 3001, ['sequelize']),
    ...service('reports', 3002, ['sequelize-typescript']),
    'shop/src/db.ts': `import { Sequelize, DataTypes } from 'sequelize';
export const sequelize = new Sequelize(process.env.DATABASE_URL!);
export const Order = sequelize.define('Order', { total: DataTypes.INTEGER, status: DataTypes.STRING });
`,
    'shop/src/checkout.ts': `import { Order } from './db';\nexport async function checkout(total: number) {\n  return Order.create({ total, status: 'NEW' });\n}\n`,
    'reports/src/db.ts': `import { Sequelize } from 'sequelize-typescript';\nimport { OrderRow } from './order-row';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!, { models: [OrderRow] });\n`,
    'reports/src/order-row.ts': `import { Column, Model, Table } from 'sequelize-typescript';\n@Table({ tableName: 'Orders' })\nexport class OrderRow extends Model {\n  @Column total!: number;\n}\n`,
    'reports/src/daily.ts': `import { OrderRow } from './order-row';\nexport const daily = () => OrderRow.findAll({ where: {} });\n`,
    ...extra,
  };
}

describe('common data: Sequelize', () => {
  it("a model's default table (Order → Orders) read by another service in the same database", () => {
    const model = analyzeFiles(workspace('mysql://u:p@mysql:3306/shop'));
    assert.deepEqual(commonData(model), [
      'reports reports/src/daily.ts:2 read mysql shop.Orders [reports,shop] owner=shop',
      'shop shop/src/checkout.ts:3 write mysql shop.Orders [reports,shop] owner=shop',
    ]);
  });

  it('per-service databases: not shared', () => {
    assert.deepEqual(commonData(analyzeFiles(workspace('mysql://u:p@mysql:3306/reports'))), []);
  });

  it('Model.init with tableName, the cli registry and a migration that creates the table', () => {
    const model = analyzeFiles(
      workspace('mysql://u:p@mysql:3306/shop', {
        'reports/src/models/index.ts': `import { Sequelize, Model, DataTypes } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL!);\nclass Purchase extends Model {}\nPurchase.init({ total: DataTypes.INTEGER }, { sequelize, modelName: 'Purchase', tableName: 'Orders' });\nexport const db = { Purchase, sequelize };\n`,
        'reports/src/daily.ts': `import { db } from './models';\nexport const daily = () => db.Purchase.findAll();\n`,
        'reports/migrations/20240101-create-orders.js': `module.exports = {\n  up: async (queryInterface, Sequelize) => {\n    await queryInterface.createTable('Orders', { id: { type: Sequelize.INTEGER, primaryKey: true } });\n  },\n};\n`,
      }),
    );
    assert.deepEqual(sharedStores(model), ['mysql shop.Orders [reports,shop] owner=reports']);
  });
});
