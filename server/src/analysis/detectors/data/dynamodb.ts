/**
 * DynamoDB tables through the AWS SDK: v3 commands of `@aws-sdk/client-dynamodb` and the document
 * client of `@aws-sdk/lib-dynamodb` (`new PutCommand({ TableName })`, batch and transaction
 * commands by the tables they name), and the v2 `DynamoDB` / `DocumentClient` methods. The table
 * name is usually handed over by the infrastructure (`TableName: process.env.TABLE_NAME`).
 */
import { ts } from 'ts-morph';
import type { DataOp, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { rootOf, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall, objectOf, prop } from '../../syntax/objects';
import { addAccess } from './common';

/** Commands by class name (v3 low-level and document client share most names). */
const COMMANDS: Record<string, DataOp> = {
  PutItemCommand: 'create',
  PutCommand: 'create',
  UpdateItemCommand: 'update',
  UpdateCommand: 'update',
  DeleteItemCommand: 'delete',
  DeleteCommand: 'delete',
  GetItemCommand: 'read',
  GetCommand: 'read',
  QueryCommand: 'read',
  ScanCommand: 'read',
  BatchGetItemCommand: 'read',
  BatchGetCommand: 'read',
  BatchWriteItemCommand: 'update',
  BatchWriteCommand: 'update',
  TransactWriteItemsCommand: 'update',
  TransactWriteCommand: 'update',
  TransactGetItemsCommand: 'read',
  TransactGetCommand: 'read',
};

/** v2 methods of `DynamoDB` and `DynamoDB.DocumentClient`. */
const V2_METHODS: Record<string, DataOp> = {
  put: 'create',
  putItem: 'create',
  update: 'update',
  updateItem: 'update',
  delete: 'delete',
  deleteItem: 'delete',
  get: 'read',
  getItem: 'read',
  query: 'read',
  scan: 'read',
  batchGet: 'read',
  batchGetItem: 'read',
  batchWrite: 'update',
  batchWriteItem: 'update',
  transactWrite: 'update',
  transactWriteItems: 'update',
};

const MODULES = /^@aws-sdk\/(client-dynamodb|lib-dynamodb)$/;

/** Detects DynamoDB table reads and writes by table name. */
export const dynamodb: Detector = {
  id: 'data-dynamodb',
  applies: (text) => /dynamodb/i.test(text),
  onNew(expr, ctx) {
    const callee = unwrap(expr.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    const op = COMMANDS[name];
    if (!op) return;
    const o = rootOf(ctx.origin(callee));
    // the low-level `*ItemCommand` names are DynamoDB's own, also when a workspace library re-exports them
    if (o.kind !== 'import' || !(MODULES.test(o.module) || /ItemCommand$|ItemsCommand$/.test(name))) return;
    report(ctx, expr, MODULES.test(o.module) ? o.module : '@aws-sdk/client-dynamodb', op, expr.arguments?.[0], name);
  },
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    const op = V2_METHODS[mc.method];
    if (!op || !call.arguments[0]) return;
    const o = rootOf(ctx.origin(mc.recv));
    const fromV2 = o.kind === 'import' && /^aws-sdk(\/clients\/dynamodb)?$/.test(o.module);
    const typed = o.kind === 'type' && /^(DocumentClient|DynamoDB)$/.test(o.typeName) && (!o.module || /aws-sdk/.test(o.module));
    if (!fromV2 && !typed) return;
    report(ctx, call, 'aws-sdk', op, call.arguments[0], mc.method);
  },
};

function report(ctx: FileContext, node: ts.Node, library: string, op: DataOp, input: ts.Expression | undefined, method: string): void {
  for (const table of tablesOf(ctx, input)) addAccess(ctx, node, library, table, { kind: 'table', via: 'name', op }, method);
}

/** The tables an input names: `TableName`, the keys of `RequestItems`, each transaction item's table. */
function tablesOf(ctx: FileContext, input: ts.Expression | undefined): Sym[] {
  const out: Sym[] = [];
  const name = ctx.sym(prop(input, 'TableName'));
  if (name && name.k !== 'unknown') out.push(name);
  const items = objectOf(prop(input, 'RequestItems'));
  for (const p of items?.properties ?? []) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = ts.isComputedPropertyName(p.name) ? ctx.sym(p.name.expression) : ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? { k: 'lit' as const, v: p.name.text } : undefined;
    if (key && key.k !== 'unknown') out.push(key);
  }
  const tx = prop(input, 'TransactItems');
  const list = tx && ts.isArrayLiteralExpression(unwrap(tx)) ? (unwrap(tx) as ts.ArrayLiteralExpression).elements : [];
  for (const el of list) {
    const obj = objectOf(el);
    for (const p of obj?.properties ?? []) {
      if (!ts.isPropertyAssignment(p)) continue;
      const t = ctx.sym(prop(p.initializer, 'TableName'));
      if (t && t.k !== 'unknown') out.push(t);
    }
  }
  return out;
}
