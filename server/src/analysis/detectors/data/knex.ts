/**
 * Knex and Objection: query builders on a table (`knex('orders').where(...)`, `db('orders').insert()`,
 * `knex.from('orders')`, `trx('orders')`), `knex.schema.createTable('orders')` in migrations, and
 * Objection models (`static tableName = 'orders'`).
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall, propertyName } from '../../syntax/objects';
import { addAccess, addSchema, chainAfter, chainBefore, chainRootText, literal } from './common';

/** Knex builder methods: the first that writes decides the operation. */
const WRITES: Record<string, DataOp> = {
  insert: 'create',
  upsert: 'create',
  update: 'update',
  increment: 'update',
  decrement: 'update',
  merge: 'update',
  del: 'delete',
  delete: 'delete',
  truncate: 'delete',
};
const BUILDER =
  /^(select|where\w*|orWhere\w*|andWhere\w*|first|pluck|count\w*|sum\w*|avg\w*|min|max|join|innerJoin|leftJoin|leftOuterJoin|rightJoin|orderBy|groupBy|having|limit|offset|returning|insert|upsert|update|increment|decrement|del|delete|truncate|onConflict|merge|ignore|distinct|column|columns|forUpdate|modify|clone|as)$/;
const KNEX_NAME = /(^|\.)(knex|db|trx|tx|database|connection|conn|qb|queryBuilder|knexClient|pg|mysql)$/i;

function opOf(chain: string[]): DataOp {
  for (const m of chain) if (WRITES[m]) return WRITES[m]!;
  return 'read';
}

function isKnex(ctx: FileContext, callee: ts.Expression): boolean {
  const o = rootOf(ctx.origin(callee));
  if (o.kind === 'import' && (o.module === 'knex' || o.module === 'knex/types')) return true;
  if (o.kind === 'type' && (o.typeName === 'Knex' || o.module === 'knex')) return true;
  return KNEX_NAME.test(callee.getText());
}

/** Detects Knex table queries, Knex migrations and Objection model tables. */
export const knex: Detector = {
  id: 'data-knex',
  // a query builder is often imported as `db` from a local module: look for the call shape instead
  applies: (text) => /\(\s*['"`][A-Za-z_][\w.]*['"`]\s*\)\s*\.|knex|Knex|tableName|createTable|\.(from|into|table)\(/.test(text),
  onClass(cls, ctx) {
    // Objection: class Order extends Model { static tableName = 'orders' }
    if (!cls.name || !cls.heritageClauses?.length) return;
    for (const m of cls.members) {
      if (!ts.isPropertyDeclaration(m) || propertyName(m.name) !== 'tableName' || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const name = literal(ctx, m.initializer);
      if (name) addSchema(ctx, cls, { library: 'objection', kind: 'table', store: { k: 'lit', v: name }, symbol: cls.name.text, defines: 'schema' });
    }
    for (const m of cls.members) {
      // static get tableName() { return 'orders'; }
      if (ts.isGetAccessor(m) && propertyName(m.name) === 'tableName' && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) && m.body) {
        const ret = m.body.statements.find(ts.isReturnStatement);
        const name = literal(ctx, ret?.expression);
        if (name) addSchema(ctx, cls, { library: 'objection', kind: 'table', store: { k: 'lit', v: name }, symbol: cls.name.text, defines: 'schema' });
      }
    }
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const arg = call.arguments[0];
    if (!arg) return;
    const direct = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    // cheap shape checks before evaluating the argument
    if (!direct && !['from', 'into', 'table', 'createTable', 'createTableIfNotExists'].includes(method)) return;
    if (direct && !BUILDER.test(chainAfter(call)[0] ?? '') && !ts.isAwaitExpression(call.parent)) return;
    const named = literal(ctx, arg);
    // a table name, optionally aliased (`orders as o`) or schema-qualified
    const table = named && /^[A-Za-z_][\w$]*(\.[A-Za-z_][\w$]*)?(\s+as\s+\w+)?$/i.test(named.trim()) ? named.trim().split(/\s+as\s+/i)[0] : undefined;
    // knex('orders')... / this.knex('orders')... / trx('orders')...
    if (table && (ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword))) {
      const chain = chainAfter(call);
      if (!isKnex(ctx, callee)) return;
      if (!chain.length || !BUILDER.test(chain[0]!)) {
        // awaited directly (`await knex('orders')`) selects everything; anything else is not a query
        if (!ts.isAwaitExpression(call.parent)) return;
      }
      addAccess(ctx, call, 'knex', { k: 'lit', v: table }, { kind: 'table', via: 'name', op: opOf(chain) }, chain.find((m) => WRITES[m]) ?? 'select');
      return;
    }
    const mc = memberCall(call);
    if (!mc) return;
    // knex.schema.createTable('orders', ...)
    if ((mc.method === 'createTable' || mc.method === 'createTableIfNotExists') && /(^|\.)schema$|withSchema\(/.test(mc.recv.getText()) && table) {
      addSchema(ctx, call, { library: 'knex', kind: 'table', store: { k: 'lit', v: table }, defines: 'migration' });
      return;
    }
    // knex.from('orders') / knex.select('*').from('orders') / knex.insert(row).into('orders') / knex.table('orders')
    if (table && ['from', 'into', 'table'].includes(mc.method)) {
      const root = chainRootText(mc.recv);
      if (!KNEX_NAME.test(root) && !isKnex(ctx, mc.recv)) return;
      if (/createQueryBuilder|getRepository|\.manager/.test(mc.recv.getText())) return; // TypeORM's builders
      const chain = [...chainBefore(call), ...chainAfter(call)];
      addAccess(ctx, call, 'knex', { k: 'lit', v: table }, { kind: 'table', via: 'name', op: opOf(chain) }, mc.method);
    }
  },
};
