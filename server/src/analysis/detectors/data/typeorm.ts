/**
 * TypeORM: entities (`@Entity('orders')`, `EntitySchema`), custom repositories, and accesses
 * through repositories (`@InjectRepository(Order)`, `dataSource.getRepository(Order)`), the entity
 * manager (`manager.find(Order, ...)`) and query builders; `queryRunner.createTable` in migrations.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { enclosingClass, type Origin, typeRefName, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';
import { memberCall, prop } from '../../syntax/objects';
import { addAccess, addSymbolAccess, addSchema, chainAfter, decoratorArg, literal, receiverDecl, snakeCase, type SymbolRef, symbolRef } from './common';

/** Repository and entity-manager methods that reach the database, and what they do. */
const METHODS: Record<string, DataOp> = {
  find: 'read',
  findOne: 'read',
  findBy: 'read',
  findOneBy: 'read',
  findAndCount: 'read',
  findAndCountBy: 'read',
  findOneOrFail: 'read',
  findOneByOrFail: 'read',
  findByIds: 'read',
  count: 'read',
  countBy: 'read',
  exist: 'read',
  exists: 'read',
  existsBy: 'read',
  sum: 'read',
  average: 'read',
  minimum: 'read',
  maximum: 'read',
  preload: 'read',
  aggregate: 'read',
  save: 'create',
  insert: 'create',
  upsert: 'create',
  update: 'update',
  increment: 'update',
  decrement: 'update',
  restore: 'update',
  delete: 'delete',
  remove: 'delete',
  softDelete: 'delete',
  softRemove: 'delete',
  clear: 'delete',
  insertOne: 'create',
  insertMany: 'create',
  updateOne: 'update',
  updateMany: 'update',
  deleteOne: 'delete',
  deleteMany: 'delete',
};

const REPOSITORY_TYPES = /^(Repository|MongoRepository|TreeRepository)$/;
const GET_REPOSITORY = /^(getRepository|getMongoRepository|getTreeRepository|getCustomRepository|withRepository)$/;

/** Detects TypeORM entities, repositories and their accesses. */
export const typeorm: Detector = {
  id: 'data-typeorm',
  applies: anyWord('typeorm', 'Repository', 'EntitySchema', 'createQueryBuilder', 'getRepository', 'manager', 'queryRunner'),
  onClass(cls, ctx) {
    if (!cls.name) return;
    const entity = decoratorArg(cls, /^Entity$/);
    if (entity) {
      const opts = entity.arg && ts.isObjectLiteralExpression(unwrap(entity.arg)) ? entity.arg : undefined;
      const named = opts ? prop(opts, 'name') : entity.arg;
      const name = literal(ctx, named) ?? snakeCase(cls.name.text);
      const schema = literal(ctx, prop(opts, 'schema'));
      const mongo = cls.members.some((m) => decoratorArg(m, /^ObjectIdColumn$/));
      const fields = cls.members.filter((m) => decoratorArg(m, /Column$|^(ManyToOne|OneToOne)$/)).length;
      addSchema(ctx, cls, {
        library: 'typeorm',
        kind: mongo ? 'collection' : 'table',
        store: { k: 'lit', v: schema ? `${schema}.${name}` : name },
        symbol: cls.name.text,
        defines: 'schema',
        fields,
      });
      return;
    }
    // class OrderRepository extends Repository<Order> / @EntityRepository(Order)
    const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    const extName = ext && ts.isIdentifier(ext.expression) ? ext.expression.text : undefined;
    const target = decoratorArg(cls, /^EntityRepository$/)?.arg ?? (extName && REPOSITORY_TYPES.test(extName) ? ext?.typeArguments?.[0] : undefined);
    const ref = target ? (ts.isTypeReferenceNode(target) ? typeSymbol(ctx, target) : symbolRef(target as ts.Expression)) : undefined;
    if (ref) addSchema(ctx, cls, { library: 'typeorm', kind: 'table', symbol: cls.name.text, aliasOf: ref, defines: 'schema' });
  },
  onNew(expr, ctx) {
    const callee = unwrap(expr.expression);
    if (!ts.isIdentifier(callee)) return;
    // new EntitySchema({ name: 'Order', tableName: 'orders' })
    if (callee.text === 'EntitySchema') {
      const opts = expr.arguments?.[0];
      const name = literal(ctx, prop(opts, 'tableName')) ?? literal(ctx, prop(opts, 'name'));
      const decl = expr.parent;
      if (name && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name))
        addSchema(ctx, expr, { library: 'typeorm', kind: 'table', store: { k: 'lit', v: name }, symbol: decl.name.text, defines: 'schema' });
      return;
    }
    // queryRunner.createTable(new Table({ name: 'orders' })) in a migration
    if (callee.text === 'Table' && ts.isCallExpression(expr.parent) && memberCall(expr.parent)?.method === 'createTable') {
      const name = literal(ctx, prop(expr.arguments?.[0], 'name'));
      if (name) addSchema(ctx, expr.parent, { library: 'typeorm', kind: 'table', store: { k: 'lit', v: name }, defines: 'migration' });
    }
  },
  onCall(call, ctx) {
    const mc = memberCall(call);
    if (!mc) return;
    if (mc.method === 'createQueryBuilder') {
      queryBuilder(call, mc.recv, ctx);
      return;
    }
    const op = METHODS[mc.method];
    if (!op) return;
    // entity manager: manager.find(Order, ...), dataSource.manager.save(Order, ...)
    const first = call.arguments[0];
    if (first && isManager(ctx, mc.recv)) {
      const ref = ts.isIdentifier(unwrap(first)) && /^[A-Z]/.test((unwrap(first) as ts.Identifier).text) ? symbolRef(first) : undefined;
      if (ref) report(ctx, call, ref, op, mc.method);
      return;
    }
    const ref = repositoryEntity(ctx, mc.recv);
    if (ref && 'field' in ref)
      addAccess(ctx, call, 'typeorm', { k: 'lit', v: ref.field }, { kind: 'table', via: 'this-field', op, className: ref.className }, mc.method);
    else if (ref) report(ctx, call, ref, op, mc.method);
  },
};

function report(ctx: FileContext, call: ts.CallExpression, ref: SymbolRef, op: DataOp, method: string): void {
  addSymbolAccess(ctx, call, 'typeorm', ref, 'table', op, method);
}

function typeSymbol(ctx: FileContext, type: ts.TypeNode): SymbolRef | undefined {
  const t = typeRefName(type);
  if (!t) return undefined;
  const imp = ctx.facts.imports[t.name];
  if (imp) return imp.name === '*' ? undefined : { name: imp.name, module: imp.module };
  return { name: t.name };
}

function isManager(ctx: FileContext, recv: ts.Expression): boolean {
  const text = recv.getText();
  if (/(^|\.)(manager|entityManager|em|transactionalEntityManager|transactionManager|trx|txManager)$/i.test(text)) return true;
  const o = ctx.origin(recv);
  return o.kind === 'type' && o.typeName === 'EntityManager';
}

/**
 * The entity a repository receiver is for, from its declaration, its injection token or its factory
 * call; for `this.repo: Repository<T>` of a generic base class, the field (resolved per subclass).
 */
function repositoryEntity(ctx: FileContext, recv: ts.Expression, depth = 0): SymbolRef | { field: string; className: string } | undefined {
  if (depth > 3) return undefined;
  const e = unwrap(recv);
  // AppDataSource.getRepository(Order).find()
  if (ts.isCallExpression(e)) {
    const mc = memberCall(e);
    const name = mc?.method ?? (ts.isIdentifier(e.expression) ? e.expression.text : undefined);
    if (name && GET_REPOSITORY.test(name)) return symbolRef(e.arguments[0]);
    return undefined;
  }
  const decl = receiverDecl(e);
  if (decl) {
    const injected = decoratorArg(decl, /^InjectRepository$/);
    if (injected?.arg) return symbolRef(injected.arg);
    const type = 'type' in decl ? decl.type : undefined;
    const t = typeRefName(type);
    if (t && REPOSITORY_TYPES.test(t.name) && type && ts.isTypeReferenceNode(type) && type.typeArguments?.[0]) {
      const arg = type.typeArguments[0];
      const cls = enclosingClass(decl);
      const params = new Set((cls?.typeParameters ?? []).map((p) => p.name.text));
      if (cls?.name && ts.isTypeReferenceNode(arg) && ts.isIdentifier(arg.typeName) && params.has(arg.typeName.text) && ts.isPropertyAccessExpression(e))
        return { field: e.name.text, className: cls.name.text };
      return typeSymbol(ctx, arg);
    }
    // a custom repository class (resolved through its alias declaration at link time)
    if (t && /Repository$/.test(t.name) && type) return typeSymbol(ctx, type);
    if (ts.isVariableDeclaration(decl) && decl.initializer) return repositoryEntity(ctx, decl.initializer, depth + 1);
    return undefined;
  }
  const o: Origin = ctx.origin(e);
  if (o.kind === 'type' && REPOSITORY_TYPES.test(o.typeName) && o.typeArgs?.[0]) {
    const name = o.typeArgs[0];
    const imp = ctx.facts.imports[name];
    return imp ? { name: imp.name, module: imp.module } : { name };
  }
  return undefined;
}

/** `repo.createQueryBuilder('o')...getMany()` and `dataSource.createQueryBuilder().update(Order)...`. */
function queryBuilder(call: ts.CallExpression, recv: ts.Expression, ctx: FileContext): void {
  const chain = chainAfter(call);
  const op: DataOp = chain.includes('insert')
    ? 'create'
    : chain.includes('update')
      ? 'update'
      : chain.includes('delete') || chain.includes('softDelete')
        ? 'delete'
        : 'read';
  const found = repositoryEntity(ctx, recv);
  let ref = found && !('field' in found) ? found : undefined;
  const first = call.arguments[0];
  if (!ref && first && ts.isIdentifier(unwrap(first)) && /^[A-Z]/.test((unwrap(first) as ts.Identifier).text)) ref = symbolRef(first);
  if (!ref) {
    // the entity is named later in the chain: .from(Order, 'o'), .into(Order), .update(Order)
    let n: ts.Node = call;
    for (let i = 0; i < 12 && !ref; i++) {
      const p = n.parent;
      if (!p || !ts.isPropertyAccessExpression(p) || !ts.isCallExpression(p.parent)) break;
      const arg = p.parent.arguments[0];
      if (
        ['from', 'into', 'update', 'delete'].includes(p.name.text) &&
        arg &&
        ts.isIdentifier(unwrap(arg)) &&
        /^[A-Z]/.test((unwrap(arg) as ts.Identifier).text)
      )
        ref = symbolRef(arg);
      else if (['from', 'into', 'update'].includes(p.name.text) && arg && literal(ctx, arg)) {
        // a table by name
        addAccess(ctx, call, 'typeorm', { k: 'lit', v: literal(ctx, arg)! }, { kind: 'table', via: 'name', op }, 'createQueryBuilder');
        return;
      }
      n = p.parent;
    }
  }
  if (ref) report(ctx, call, ref, op, 'createQueryBuilder');
}
