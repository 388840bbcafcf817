/**
 * MongoDB: mongoose models (`model('Order', schema, 'orders')`, default pluralised collection
 * names, schema `collection` options), NestJS `@Schema()` classes and `forFeature` collections,
 * typegoose's `getModelForClass`, and the native driver (`db.collection('orders').insertOne()`).
 * Calls on models are found by the model detector; connections by the database detector.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { findDeclaration, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall, objectOf, prop } from '../../syntax/objects';
import { addAccess, addSchema, chainAfter, decoratorArg, literal, mongooseCollection } from './common';

/** Collection methods of the native driver and what they do. */
const COLLECTION_METHODS: Record<string, DataOp> = {
  find: 'read',
  findOne: 'read',
  countDocuments: 'read',
  estimatedDocumentCount: 'read',
  distinct: 'read',
  aggregate: 'read',
  watch: 'read',
  insertOne: 'create',
  insertMany: 'create',
  updateOne: 'update',
  updateMany: 'update',
  replaceOne: 'update',
  findOneAndUpdate: 'update',
  findOneAndReplace: 'update',
  bulkWrite: 'update',
  deleteOne: 'delete',
  deleteMany: 'delete',
  findOneAndDelete: 'delete',
  drop: 'delete',
};

/** Detects mongoose and typegoose model declarations and native-driver collection accesses. */
export const mongoose: Detector = {
  id: 'data-mongoose',
  applies: anyWord('mongoose', 'mongodb', 'typegoose', 'collection('),
  onClass(cls, ctx) {
    // NestJS: @Schema({ collection: 'orders' }) export class Order {}
    const schema = decoratorArg(cls, /^Schema$/);
    if (!schema || !cls.name || ctx.facts.imports.Schema?.module !== '@nestjs/mongoose') return;
    const name = cls.name.text;
    const collection = literal(ctx, prop(schema.arg, 'collection')) ?? mongooseCollection(name);
    const fields = cls.members.filter((m) => decoratorArg(m, /^Prop$/)).length;
    addSchema(ctx, cls, { library: 'mongoose', kind: 'collection', store: { k: 'lit', v: collection }, symbol: name, model: name, defines: 'schema', fields });
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const method = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === 'model') return declareModel(call, ctx);
    if (method === 'getModelForClass') return declareTypegoose(call, ctx);
    if (method === 'forFeature' && ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'MongooseModule') return forFeature(call, ctx);
    if (method === 'collection') return collectionAccess(call, ctx);
    const mc = memberCall(call);
    const op = mc ? COLLECTION_METHODS[mc.method] : undefined;
    if (!mc || !op) return;
    // const orders = db.collection('orders'); orders.insertOne(...)
    const recv = unwrap(mc.recv);
    if (!ts.isIdentifier(recv)) return;
    const decl = findDeclaration(recv.text, recv);
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
    if (!init || !ts.isCallExpression(init) || memberCall(init)?.method !== 'collection') return;
    const name = literal(ctx, init.arguments[0]);
    if (name) addAccess(ctx, call, 'mongodb', { k: 'lit', v: name }, { kind: 'collection', via: 'name', op }, mc.method);
  },
};

/** `db.collection('orders').find(...)` in one chain. */
function collectionAccess(call: ts.CallExpression, ctx: FileContext): void {
  const name = literal(ctx, call.arguments[0]);
  if (!name || !ts.isPropertyAccessExpression(unwrap(call.expression))) return;
  const next = chainAfter(call)[0];
  const op = next ? COLLECTION_METHODS[next] : undefined;
  if (!op) return;
  addAccess(ctx, call.parent.parent, 'mongodb', { k: 'lit', v: name }, { kind: 'collection', via: 'name', op }, next);
}

/** The variable (or default export) a model-building call is bound to. */
function boundName(call: ts.Node): string | undefined {
  let n: ts.Node = call;
  while (
    n.parent &&
    (ts.isParenthesizedExpression(n.parent) ||
      ts.isAsExpression(n.parent) ||
      ts.isBinaryExpression(n.parent) ||
      ts.isNonNullExpression(n.parent) ||
      ts.isSatisfiesExpression(n.parent))
  )
    n = n.parent;
  const p = n.parent;
  if (!p) return undefined;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isExportAssignment(p)) return '<default>';
  // module.exports = model(...)
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.left.getText() === 'module.exports') return '<default>';
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/** `model('Order', OrderSchema, 'orders')`, `mongoose.model<IOrder>(...)`, `connection.model(...)`. */
function declareModel(call: ts.CallExpression, ctx: FileContext): void {
  const [nameArg, schemaArg, collectionArg] = call.arguments;
  const model = literal(ctx, nameArg);
  if (!model || !schemaArg) return;
  if (!Object.values(ctx.facts.imports).some((i) => i.module === 'mongoose') && !/require\(['"]mongoose['"]\)/.test(ctx.text)) return;
  const schema = schemaOf(schemaArg);
  const collection = literal(ctx, collectionArg) ?? literal(ctx, prop(schema?.arguments?.[1], 'collection')) ?? mongooseCollection(model);
  const fields = objectOf(schema?.arguments?.[0])?.properties.length;
  addCollection(ctx, call, model, collection, fields);
}

/** Reports the collection a model declaration defines, with the variable the model is bound to. */
function addCollection(ctx: FileContext, call: ts.CallExpression, model: string, collection: string, fields?: number): void {
  const symbol = boundName(call);
  addSchema(ctx, call, {
    library: 'mongoose',
    kind: 'collection',
    store: { k: 'lit', v: collection },
    model,
    defines: 'schema',
    ...(symbol ? { symbol } : {}),
    ...(fields !== undefined ? { fields } : {}),
  });
}

/** The `new Schema(fields, options)` behind a schema argument, when it is in this file. */
function schemaOf(expr: ts.Expression): ts.NewExpression | undefined {
  let e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    e = unwrap(decl.initializer);
  }
  return ts.isNewExpression(e) ? e : undefined;
}

/** typegoose: `getModelForClass(Order, { schemaOptions: { collection } })`. */
function declareTypegoose(call: ts.CallExpression, ctx: FileContext): void {
  const cls = call.arguments[0];
  if (!cls || !ts.isIdentifier(unwrap(cls))) return;
  const model = (unwrap(cls) as ts.Identifier).text;
  const collection = literal(ctx, prop(prop(call.arguments[1], 'schemaOptions'), 'collection')) ?? mongooseCollection(model);
  addCollection(ctx, call, model, collection);
}

/** `MongooseModule.forFeature([{ name: Order.name, schema, collection: 'orders' }])`: a collection override. */
function forFeature(call: ts.CallExpression, ctx: FileContext): void {
  const list = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return;
  for (const el of list.elements) {
    const nameExpr = prop(el, 'name');
    const n = nameExpr ? unwrap(nameExpr) : undefined;
    const model = n && ts.isPropertyAccessExpression(n) && n.name.text === 'name' ? n.expression.getText() : literal(ctx, nameExpr);
    if (!model) continue;
    // the registered name is what @InjectModel('Task') asks for; the collection defaults from it
    const collection =
      literal(ctx, prop(el, 'collection')) ?? literal(ctx, prop(schemaOf(prop(el, 'schema') ?? el)?.arguments?.[1], 'collection')) ?? mongooseCollection(model);
    addSchema(ctx, el, { library: 'mongoose', kind: 'collection', store: { k: 'lit', v: collection }, model, defines: 'schema' });
  }
}
