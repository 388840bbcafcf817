/**
 * Common data through Drizzle table objects and raw SQL: `pgTable` definitions and queries naming
 * them (select/from, insert, update, delete, relational queries), SQL strings run by pg and mysql2
 * clients (tables after FROM/JOIN/INTO/UPDATE), SQL kept in constants of another file, sql`` tags.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonData, compose, service, sharedStores } from './helpers/data';
import { analyzeFiles } from './helpers/workspace';

function workspace(ledgerUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'docker-compose.yml': compose({ api: { DATABASE_URL: 'postgres://u:p@db:5432/app' }, ledger: { DATABASE_URL: ledgerUrl } }),
    ...service('api', 3001, ['drizzle-orm', 'pg']),
    ...service('ledger', 3002, ['pg']),
    'api/src/schema.ts': `import { integer, pgTable, text } from 'drizzle-orm/pg-core';\nexport const payments = pgTable('payments', { id: integer('id').primaryKey(), status: text('status') });\nexport const users = pgTable('users', { id: integer('id') });\n`,
    'api/src/db.ts': `import { drizzle } from 'drizzle-orm/node-postgres';\nimport * as schema from './schema';\nexport const db = drizzle(process.env.DATABASE_URL!, { schema });\n`,
    'api/src/pay.ts': `import { eq } from 'drizzle-orm';
import { db } from './db';
import { payments, users } from './schema';
export async function pay(id: number) {
  await db.insert(payments).values({ id, status: 'NEW' });
  const rows = await db.select().from(payments).innerJoin(users, eq(users.id, payments.id));
  await db.query.payments.findMany();
  return rows;
}
`,
    'ledger/src/pool.ts': `import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
    'ledger/src/queries.ts': `export const SETTLE = 'UPDATE payments SET status = $1 WHERE id = $2';\n`,
    'ledger/src/settle.ts': `import { pool } from './pool';
import { SETTLE } from './queries';
export async function settle(id: number) {
  const { rows } = await pool.query('SELECT p.id FROM payments p JOIN ledger_entries e ON e.payment_id = p.id WHERE p.id = $1', [id]);
  await pool.query(SETTLE, ['SETTLED', id]);
  return rows;
}
`,
    ...extra,
  };
}

describe('common data: Drizzle and raw SQL', () => {
  it('a Drizzle table that another service reads and updates with SQL strings (also from a constant)', () => {
    const model = analyzeFiles(workspace('postgres://u:p@db:5432/app'));
    assert.deepEqual(commonData(model), [
      'api api/src/pay.ts:5 write postgres app.payments [api,ledger] owner=api',
      'api api/src/pay.ts:6 read postgres app.payments [api,ledger] owner=api',
      'api api/src/pay.ts:7 read postgres app.payments [api,ledger] owner=api',
      'ledger ledger/src/settle.ts:4 read postgres app.payments [api,ledger] owner=api',
      'ledger ledger/src/settle.ts:5 write postgres app.payments [api,ledger] owner=api',
    ]);
  });

  it('per-service databases: not shared', () => {
    assert.deepEqual(commonData(analyzeFiles(workspace('postgres://u:p@db:5432/ledger'))), []);
  });

  it('sql tags and raw strings on both sides, and log messages that merely look like SQL are ignored', () => {
    const model = analyzeFiles(
      workspace('postgres://u:p@db:5432/app', {
        'api/src/pay.ts': `import { sql } from 'drizzle-orm';\nimport { db } from './db';\nexport const late = () => db.execute(sql\`select id from ledger_entries where age > 3\`);\nexport const note = (logger: { info(m: string): void }) => logger.info('select from payments failed');\n`,
      }),
    );
    assert.deepEqual(sharedStores(model), ['postgres app.ledger_entries [api,ledger]']);
    // nobody owns it as far as the code tells: no data endpoint that would name an owner
    assert.deepEqual(
      model.endpoints.filter((e) => e.kind === 'data'),
      [],
    );
  });

  const wrappers = (env: Record<string, string>): Record<string, string> => ({
    'docker-compose.yml': compose({ api: env, ledger: env }),
    ...service('api', 3001),
    ...service('ledger', 3002),
    'api/src/db.ts': `export declare function query(text: string, params?: unknown[]): Promise<unknown>;\n`,
    'api/src/pay.ts': `import { query } from './db';\nexport const pay = (id: number) => query('INSERT INTO payments (id) VALUES ($1)', [id]);\n`,
    'ledger/src/db.ts': `export declare function query(text: string, params?: unknown[]): Promise<unknown>;\n`,
    'ledger/src/read.ts': `import { query } from './db';\nexport const list = () => query('SELECT * FROM payments');\n`,
  });

  it('no connection code: the conventional DATABASE_URL of each service decides', () => {
    assert.deepEqual(sharedStores(analyzeFiles(wrappers({ DATABASE_URL: 'postgres://u:p@db:5432/app' }))), ['postgres app.payments [api,ledger] owner=api']);
  });

  it('no connection settings at all: equal table names in raw SQL are not enough', () => {
    assert.deepEqual(commonData(analyzeFiles(wrappers({}))), []);
  });
});
