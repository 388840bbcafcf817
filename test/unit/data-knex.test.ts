/**
 * Common data through Knex and Objection: `knex('table')` query chains (reads and writes from the
 * chain's methods), `from`/`into`, `knex.schema.createTable` migrations, Objection's
 * `static tableName`, and the connection from `knex({ client, connection })`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

function workspace(pickerDb: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'docker-compose.yml': compose({ stock: { PG_URL: 'postgres://u:p@pg:5432/wh' }, picker: { PG_DB: pickerDb } }),
    ...service('stock', 3001, ['knex']),
    ...service('picker', 3002, ['knex', 'objection']),
    'stock/src/db.ts': `import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.PG_URL });\n`,
    'stock/src/levels.ts': `import { db } from './db';
export async function receive(sku: string, qty: number) {
  await db('stock_levels').where({ sku }).increment('qty', qty);
}
export const level = (sku: string) => db('stock_levels').where({ sku }).first();
`,
    'stock/migrations/20240101_init.ts': `import type { Knex } from 'knex';\nexport async function up(knex: Knex) {\n  await knex.schema.createTable('stock_levels', (t) => { t.string('sku'); t.integer('qty'); });\n}\n`,
    'picker/src/db.ts': `import Knex from 'knex';\nimport { Model } from 'objection';\nconst knex = Knex({ client: 'pg', connection: { host: 'pg', database: process.env.PG_DB } });\nModel.knex(knex);\n`,
    'picker/src/stock-level.ts': `import { Model } from 'objection';\nexport class StockLevel extends Model {\n  static tableName = 'stock_levels';\n}\n`,
    'picker/src/pick.ts': `import { StockLevel } from './stock-level';\nexport async function pick(sku: string) {\n  return StockLevel.query().patch({ qty: 0 }).where({ sku });\n}\n`,
    ...extra,
  };
}

describe('common data: Knex and Objection', () => {
  it('a table written by one service through knex and by another through an Objection model', () => {
    const model = analyzeFiles(workspace('wh'));
    assert.deepEqual(commonData(model), [
      'picker picker/src/pick.ts:3 write postgres wh.stock_levels [picker,stock] owner=stock',
      'stock stock/src/levels.ts:3 write postgres wh.stock_levels [picker,stock] owner=stock',
      'stock stock/src/levels.ts:5 read postgres wh.stock_levels [picker,stock] owner=stock',
    ]);
  });

  it('per-service databases: not shared', () => {
    assert.deepEqual(commonData(analyzeFiles(workspace('picker'))), []);
  });

  it('knex.select().from() and insert().into()', () => {
    const model = analyzeFiles(
      workspace('wh', {
        'picker/src/pick.ts': `import Knex from 'knex';\nconst knex = Knex({ client: 'pg', connection: { host: 'pg', database: 'wh' } });\nexport const all = () => knex.select('*').from('stock_levels');\nexport const add = (row: object) => knex.insert(row).into('stock_levels');\n`,
      }),
    );
    assert.deepEqual(
      commonData(model).filter((l) => l.startsWith('picker')),
      [
        'picker picker/src/pick.ts:3 read postgres wh.stock_levels [picker,stock] owner=stock',
        'picker picker/src/pick.ts:4 write postgres wh.stock_levels [picker,stock] owner=stock',
      ],
    );
    assert.deepEqual(sharedStores(model), ['postgres wh.stock_levels [picker,stock] owner=stock']);
  });
});
