/**
 * Drizzle: table definitions (`export const orders = pgTable('orders', {...})`, `mysqlTable`,
 * `sqliteTable`, `pgSchema('billing').table(...)`) and queries that name a table object
 * (`db.select().from(orders)`, `db.insert(orders)`, `db.update(orders)`, `db.delete(orders)`, joins,
 * `db.query.orders.findMany()`). Table objects are matched to their definitions at link time.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import { findDeclaration, importBinding, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall, objectOf } from '../../syntax/objects';
import { addAccess, addSymbolAccess, addSchema, isLocalModule, literal, symbolRef } from './common';

const TABLE_FACTORIES = /^(pgTable|mysqlTable|sqliteTable|singlestoreTable|gelTable|table)$/;
const QUERY_METHODS: Record<string, DataOp> = {
  from: 'read',
  innerJoin: 'read',
  leftJoin: 'read',
  rightJoin: 'read',
  fullJoin: 'read',
  crossJoin: 'read',
  insert: 'create',
  update: 'update',
  delete: 'delete',
};
const RELATIONAL: Record<string, DataOp> = { findMany: 'read', findFirst: 'read' };

/** Detects Drizzle table definitions and queries. */
export const drizzle: Detector = {
  id: 'data-drizzle',
  applies: anyWord('drizzle', 'pgTable', 'mysqlTable', 'sqliteTable', '.from(', '.insert(', '.update(', '.delete(', '.query.'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name) return;
    // const orders = pgTable('orders', { ... })
    if (TABLE_FACTORIES.test(name) && (name !== 'table' || (ts.isPropertyAccessExpression(callee) && /Schema\(|schema$/i.test(callee.expression.getText())))) {
      const table = literal(ctx, call.arguments[0]);
      const p = call.parent;
      if (!table || !ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return;
      if (!Object.values(ctx.facts.imports).some((i) => i.module.startsWith('drizzle-orm'))) return;
      const fields = objectOf(call.arguments[1])?.properties.length;
      addSchema(ctx, call, {
        library: 'drizzle',
        kind: 'table',
        store: { k: 'lit', v: table },
        symbol: p.name.text,
        model: p.name.text,
        defines: 'schema',
        ...(fields !== undefined ? { fields } : {}),
      });
      return;
    }
    const mc = memberCall(call);
    if (!mc) return;
    // db.query.orders.findMany()
    const rel = RELATIONAL[mc.method];
    if (
      rel &&
      ts.isPropertyAccessExpression(mc.recv) &&
      ts.isPropertyAccessExpression(unwrap(mc.recv.expression)) &&
      (unwrap(mc.recv.expression) as ts.PropertyAccessExpression).name.text === 'query'
    ) {
      addAccess(ctx, call, 'drizzle', { k: 'lit', v: mc.recv.name.text }, { kind: 'table', via: 'model-name', op: rel }, mc.method);
      return;
    }
    const op = QUERY_METHODS[mc.method];
    const arg = call.arguments[0];
    if (!op || !arg || ts.isStringLiteralLike(unwrap(arg))) return;
    if (/^(Array|Buffer|Object|Promise|rxjs|Observable|of|Set|Map)$/.test(mc.recv.getText())) return;
    const ref = symbolRef(arg);
    if (!ref) return;
    // the table object is imported from the workspace or defined here by a table factory
    const a = unwrap(arg);
    const base = ts.isPropertyAccessExpression(a) ? unwrap(a.expression) : a;
    if (!ts.isIdentifier(base)) return;
    const decl = findDeclaration(base.text, base);
    const imp = decl ? importBinding(decl) : undefined;
    if (
      imp
        ? !isLocalModule(imp.module) && imp.module.startsWith('drizzle')
        : !(
            decl &&
            ts.isVariableDeclaration(decl) &&
            decl.initializer &&
            ts.isCallExpression(unwrap(decl.initializer)) &&
            TABLE_FACTORIES.test(calleeName(unwrap(decl.initializer) as ts.CallExpression))
          )
    )
      return;
    addSymbolAccess(ctx, call, 'drizzle', ref, 'table', op, mc.method);
  },
};

function calleeName(call: ts.CallExpression): string {
  const c = unwrap(call.expression);
  return ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : '';
}
