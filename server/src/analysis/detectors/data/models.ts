/**
 * Model classes and model objects called directly: `Order.find()` (mongoose models, Sequelize
 * models, TypeORM active records, Objection models), injected models (`@InjectModel(Order.name)
 * private orders: Model<OrderDocument>`, `@InjectModel(Order) private orders: typeof Order`) and
 * registries (`db.Order.findAll()`). Which library and which store is decided at link time from
 * the declaration the receiver names; receivers that name no declaration are dropped there.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { enclosingClass, findDeclaration, importBinding, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall } from '../../syntax/objects';
import { addAccess, addSymbolAccess, chainAfter, decoratorArg, literal, receiverDecl, type SymbolRef, symbolRef } from './common';

/** Static model methods that reach the database (mongoose, Sequelize, TypeORM BaseEntity, Objection). */
const METHODS: Record<string, DataOp> = {
  find: 'read',
  findOne: 'read',
  findById: 'read',
  findAll: 'read',
  findByPk: 'read',
  findAndCountAll: 'read',
  findBy: 'read',
  findOneBy: 'read',
  findAndCount: 'read',
  findOneOrFail: 'read',
  countDocuments: 'read',
  estimatedDocumentCount: 'read',
  count: 'read',
  exists: 'read',
  distinct: 'read',
  aggregate: 'read',
  max: 'read',
  min: 'read',
  sum: 'read',
  create: 'create',
  insertMany: 'create',
  bulkCreate: 'create',
  findOrCreate: 'create',
  upsert: 'create',
  save: 'create',
  insert: 'create',
  updateOne: 'update',
  updateMany: 'update',
  findOneAndUpdate: 'update',
  findByIdAndUpdate: 'update',
  replaceOne: 'update',
  findOneAndReplace: 'update',
  bulkWrite: 'update',
  update: 'update',
  increment: 'update',
  decrement: 'update',
  deleteOne: 'delete',
  deleteMany: 'delete',
  findOneAndDelete: 'delete',
  findByIdAndDelete: 'delete',
  findOneAndRemove: 'delete',
  findByIdAndRemove: 'delete',
  destroy: 'delete',
  truncate: 'delete',
  delete: 'delete',
  remove: 'delete',
  softRemove: 'delete',
  query: 'read',
};

const BUILTINS = new Set([
  'Math',
  'JSON',
  'Object',
  'Array',
  'Promise',
  'Date',
  'Number',
  'String',
  'Reflect',
  'Buffer',
  'Symbol',
  'Map',
  'Set',
  'Intl',
  'Atomics',
  'BigInt',
  'Boolean',
  'Error',
  'RegExp',
  'URL',
  'URLSearchParams',
  'Proxy',
  'WeakMap',
  'WeakSet',
  'Function',
  'process',
  'console',
  'Logger',
  'Observable',
  'Subject',
  'Test',
  'Joi',
  'z',
  'Validator',
  'Sentry',
]);

/** Detects direct calls on model classes and injected models. */
export const modelCalls: Detector = {
  id: 'data-models',
  // model classes are usually imported under their own names, so no word in the file gives them away
  applies: () => true,
  onNew(expr, ctx) {
    // new this.model({...}) / new Order({...}): a mongoose document about to be saved
    if (!expr.arguments?.length || !ts.isObjectLiteralExpression(unwrap(expr.arguments[0]!))) return;
    const target = modelOf(ctx, expr.expression);
    if (!target) return;
    if ('field' in target)
      addAccess(
        ctx,
        expr,
        'mongoose',
        { k: 'lit', v: target.field },
        { kind: 'collection', via: 'this-field', op: 'create', className: target.className },
        'new',
      );
    else if ('model' in target) addAccess(ctx, expr, 'mongoose', { k: 'lit', v: target.model }, { kind: 'collection', via: 'model-name', op: 'create' }, 'new');
    else addSymbolAccess(ctx, expr, 'mongoose', target, 'collection', 'create', 'new');
  },
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    const op0 = METHODS[mc.method];
    if (!op0) return;
    const target = modelOf(ctx, mc.recv);
    if (!target) return;
    let op = op0;
    if (mc.method === 'query') {
      // Objection: Order.query().insert(...) / .patch() / .delete()
      const chain = chainAfter(call);
      op = chain.some((m) => /^insert/.test(m))
        ? 'create'
        : chain.some((m) => /^(patch|update|upsert|relate)/.test(m))
          ? 'update'
          : chain.some((m) => /^(delete|unrelate)/.test(m))
            ? 'delete'
            : 'read';
    }
    if ('field' in target) {
      addAccess(ctx, call, 'model', { k: 'lit', v: target.field }, { kind: 'table', via: 'this-field', op, className: target.className }, mc.method);
      return;
    }
    if ('model' in target) {
      addAccess(ctx, call, 'model', { k: 'lit', v: target.model }, { kind: 'table', via: 'model-name', op }, mc.method);
      return;
    }
    addSymbolAccess(ctx, call, 'model', target, 'table', op, mc.method);
  },
};

/** What a receiver names: a declaration (class or variable), a registered model name, or a field of a generic base class. */
type ModelTarget = SymbolRef | { model: string } | { field: string; className: string };

/** The model a receiver names. */
function modelOf(ctx: FileContext, recv: ts.Expression): ModelTarget | undefined {
  const e = unwrap(recv);
  if (ts.isIdentifier(e)) {
    // models are named like classes or like models (`Order`, `orderModel`); `items.find()` is not one
    if (BUILTINS.has(e.text) || (!/^[A-Z]/.test(e.text) && !/(model|schema|entity)s?$/i.test(e.text))) return undefined;
    const decl = findDeclaration(e.text, e);
    if (!decl) return undefined;
    if (ts.isParameter(decl)) return injected(ctx, decl);
    const imp = importBinding(decl);
    if (imp) {
      if (imp.name === '*') return undefined;
      return { name: imp.name, module: imp.module };
    }
    if (ts.isClassDeclaration(decl)) return { name: e.text };
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isSourceFile(decl.parent.parent.parent)) {
      // a top-level model object: const Order = model('Order', schema) / sequelize.define(...)
      const init = unwrap(decl.initializer);
      if (ts.isCallExpression(init) || ts.isBinaryExpression(init)) return { name: e.text };
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const decl = receiverDecl(e);
      if (!decl || ts.isVariableDeclaration(decl)) return undefined;
      return injected(ctx, decl) ?? genericField(decl, e.name.text);
    }
    // db.Order.findAll() / models.User.find() / sequelize.models.User.findAll()
    if (/^[A-Z]/.test(e.name.text) && /^(this\.)?(db|models|sequelize\.models|database|orm)$/.test(e.expression.getText())) return { model: e.name.text };
  }
  return undefined;
}

/**
 * `this.model` of a generic base class (`AbstractRepository<T>` holding `model: Model<T>`): which
 * model it is depends on the subclass, so the linker resolves it per subclass.
 */
function genericField(decl: ts.ParameterDeclaration | ts.PropertyDeclaration, field: string): { field: string; className: string } | undefined {
  const type = decl.type;
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || !/^(Model|ModelStatic|ModelCtor)$/.test(type.typeName.text))
    return undefined;
  const cls = enclosingClass(decl);
  const arg = type.typeArguments?.[0];
  const params = new Set((cls?.typeParameters ?? []).map((p) => p.name.text));
  if (!cls?.name || !arg || !ts.isTypeReferenceNode(arg) || !ts.isIdentifier(arg.typeName) || !params.has(arg.typeName.text)) return undefined;
  return { field, className: cls.name.text };
}

/** A model injected into a class or passed as a parameter: `@InjectModel(...)` or a `typeof Model` type. */
function injected(ctx: FileContext, decl: ts.ParameterDeclaration | ts.PropertyDeclaration): SymbolRef | { model: string } | undefined {
  const d = decoratorArg(decl, /^InjectModel$/);
  if (d?.arg) {
    const lit = literal(ctx, d.arg);
    if (lit) return { model: lit };
    return symbolRef(d.arg);
  }
  const type = decl.type;
  if (type && ts.isTypeQueryNode(type) && ts.isIdentifier(type.exprName))
    return symbolRef(type.exprName as unknown as ts.Expression) ?? { name: type.exprName.text };
  // ModelStatic<Order> / ModelCtor<Order> (Sequelize)
  if (
    type &&
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    /^(ModelStatic|ModelCtor|ModelType|ReturnModelType)$/.test(type.typeName.text)
  ) {
    const arg = type.typeArguments?.[0];
    if (arg && ts.isTypeReferenceNode(arg) && ts.isIdentifier(arg.typeName)) {
      const imp = ctx.facts.imports[arg.typeName.text];
      return imp ? (imp.name === '*' ? undefined : { name: imp.name, module: imp.module }) : { name: arg.typeName.text };
    }
    if (arg && ts.isTypeQueryNode(arg) && ts.isIdentifier(arg.exprName)) {
      const imp = ctx.facts.imports[arg.exprName.text];
      return imp ? (imp.name === '*' ? undefined : { name: imp.name, module: imp.module }) : { name: arg.exprName.text };
    }
  }
  return undefined;
}
