/**
 * Helpers shared by the data detectors: reporting accesses, schema declarations and database
 * connections; reading option objects; naming conventions of the ORMs (pluralised collection
 * names, snake_case tables).
 */
import { ts } from 'ts-morph';
import type { DataAccessFact, DatabaseFact, DataOp, SchemaFact, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { propertyName } from '../../syntax/objects';
import { enclosingClass, findDeclaration, importBinding, unwrap } from '../../syntax/origin';

/** Reports a data access at `node`. */
export function addAccess(ctx: FileContext, node: ts.Node, library: string, store: Sym, data: DataAccessFact, method?: string): void {
  ctx.addCall(node, {
    mechanism: 'data',
    library,
    role: data.op === 'read' ? 'data-read' : 'data-write',
    style: 'common-data',
    store,
    data,
    ...(method ? { method } : {}),
  });
}

/** Reports a declared store (entity, model, table definition, migration). */
export function addSchema(ctx: FileContext, node: ts.Node, fact: Omit<SchemaFact, 'line'>): void {
  (ctx.facts.schemas ??= []).push({ ...fact, line: ctx.loc(node).line });
}

/** Reports a database connection configured at `node`. */
export function addDatabase(ctx: FileContext, node: ts.Node, fact: Omit<DatabaseFact, 'line'>): void {
  (ctx.facts.databases ??= []).push({ ...fact, line: ctx.loc(node).line });
}

/** The literal text of a string expression, or undefined. */
export function literal(ctx: FileContext, expr: ts.Expression | undefined): string | undefined {
  const s = ctx.sym(expr);
  return s?.k === 'lit' ? s.v : undefined;
}

/** Text of a Sym with every part that is not a literal replaced by `\u0000`. */
export function symText(s: Sym | undefined): string {
  if (!s) return '\u0000';
  if (s.k === 'lit') return s.v;
  if (s.k === 'cat') return s.parts.map(symText).join('');
  return '\u0000';
}

/** Method names after a call in a fluent chain: `x(...).where().insert()` → [where, insert]. */
export function chainAfter(node: ts.Expression, limit = 12): string[] {
  const out: string[] = [];
  let n: ts.Node = node;
  for (let i = 0; i < limit; i++) {
    let p = n.parent;
    while (p && (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p))) p = p.parent;
    if (!p || !ts.isPropertyAccessExpression(p) || !p.parent || !ts.isCallExpression(p.parent) || p.parent.expression !== p) break;
    out.push(p.name.text);
    n = p.parent;
  }
  return out;
}

/** Method names before a call in a fluent chain: `db.select().from(t)` seen from `from` → [select]. */
export function chainBefore(call: ts.CallExpression, limit = 12): string[] {
  const out: string[] = [];
  let e: ts.Expression = unwrap(call.expression);
  for (let i = 0; i < limit && ts.isPropertyAccessExpression(e); i++) {
    const inner = unwrap(e.expression);
    if (!ts.isCallExpression(inner)) break;
    const callee = unwrap(inner.expression);
    if (ts.isPropertyAccessExpression(callee)) out.push(callee.name.text);
    else if (ts.isIdentifier(callee)) out.push(callee.text);
    e = callee;
  }
  return out;
}

/** The identifier at the root of a member chain (`this.db.select().from` → `this.db` as text). */
export function chainRootText(expr: ts.Expression): string {
  let e = unwrap(expr);
  for (let i = 0; i < 30; i++) {
    if (ts.isCallExpression(e)) e = unwrap(e.expression);
    else if (ts.isPropertyAccessExpression(e) && (ts.isCallExpression(unwrap(e.expression)) || ts.isPropertyAccessExpression(unwrap(e.expression))))
      e = unwrap(e.expression);
    else break;
  }
  return e.getText();
}

/** The declaration behind `this.name`: a class property or a constructor parameter property. */
export function thisMemberDecl(node: ts.Node, name: string): ts.PropertyDeclaration | ts.ParameterDeclaration | undefined {
  const cls = enclosingClass(node);
  if (!cls) return undefined;
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && propertyName(m.name) === name) return m;
    if (ts.isConstructorDeclaration(m)) {
      for (const p of m.parameters) if (ts.isIdentifier(p.name) && p.name.text === name) return p;
    }
  }
  return undefined;
}

/** The declaration of the value a receiver names: `this.x` members, parameters and variables. */
export function receiverDecl(recv: ts.Expression): ts.PropertyDeclaration | ts.ParameterDeclaration | ts.VariableDeclaration | undefined {
  const e = unwrap(recv);
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return thisMemberDecl(e, e.name.text);
  if (ts.isIdentifier(e)) {
    const d = findDeclaration(e.text, e);
    if (d && (ts.isParameter(d) || ts.isVariableDeclaration(d))) return d;
  }
  return undefined;
}

/** The first argument of a decorator named by `re` on a declaration (`@InjectModel(Order.name)`). */
export function decoratorArg(decl: ts.Node | undefined, re: RegExp): { name: string; arg?: ts.Expression } | undefined {
  if (!decl || !ts.canHaveDecorators(decl)) return undefined;
  for (const d of ts.getDecorators(decl) ?? []) {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name && re.test(name)) return { name, ...(ts.isCallExpression(e) && e.arguments[0] ? { arg: e.arguments[0] } : {}) };
  }
  return undefined;
}

/** A class (or other value) named in code: where it is declared, for link-time lookup. */
export interface SymbolRef {
  name: string;
  module?: string;
}

/**
 * The symbol an expression names: an identifier declared in this file or imported (`Order`,
 * `import { Order } from './order.entity'`), a namespace member (`schema.orders`), or `X.name`.
 */
export function symbolRef(expr: ts.Expression | undefined): SymbolRef | undefined {
  if (!expr) return undefined;
  let e = unwrap(expr);
  // Order.name (NestJS mongoose tokens)
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'name' && ts.isIdentifier(unwrap(e.expression))) e = unwrap(e.expression);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (!decl) return undefined;
    const imp = importBinding(decl);
    if (imp) {
      if (imp.name === '*') return undefined;
      return { name: imp.name, module: imp.module };
    }
    if (ts.isClassDeclaration(decl) || ts.isVariableDeclaration(decl)) return { name: e.text };
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(unwrap(e.expression))) {
    const base = unwrap(e.expression) as ts.Identifier;
    const decl = findDeclaration(base.text, base);
    const imp = decl ? importBinding(decl) : undefined;
    if (imp && imp.name === '*') return { name: e.name.text, module: imp.module };
  }
  return undefined;
}

/**
 * Reports a data access to the table or collection a code symbol declares (an entity class, a
 * drizzle table, a model): the store is resolved at link time from the symbol's declaration.
 */
export function addSymbolAccess(
  ctx: FileContext,
  node: ts.Node,
  library: string,
  ref: SymbolRef,
  kind: 'table' | 'collection',
  op: DataOp,
  method: string,
): void {
  addAccess(ctx, node, library, refSym(ref), { kind, via: 'symbol', op, ...(ref.module !== undefined ? { module: ref.module } : {}) }, method);
}

/** A Sym for a symbol reference's name, for `CallFact.store`. */
export function refSym(ref: SymbolRef): Sym {
  return { k: 'lit', v: ref.name };
}

/** True for a module specifier that names a file of the workspace rather than a package. */
export function isLocalModule(module: string): boolean {
  return module.startsWith('.') || module.startsWith('@/') || module.startsWith('~/') || module.startsWith('src/') || module.startsWith('#');
}

// ------------------------------------------------------------------ naming conventions

const UNCOUNTABLE = new Set([
  'advice',
  'energy',
  'excretion',
  'digestion',
  'cooperation',
  'health',
  'justice',
  'labour',
  'machinery',
  'equipment',
  'information',
  'pollution',
  'sewage',
  'paper',
  'money',
  'species',
  'series',
  'rain',
  'rice',
  'fish',
  'sheep',
  'moose',
  'deer',
  'news',
  'expertise',
  'status',
  'media',
]);

const PLURAL_RULES: [RegExp, string][] = [
  [/(m)an$/i, '$1en'],
  [/(pe)rson$/i, '$1ople'],
  [/(child)$/i, '$1ren'],
  [/^(ox)$/i, '$1en'],
  [/(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat|potat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)ix|ex$/i, '$1ices'],
  [/([m|l])ouse$/i, '$1ice'],
  [/^(quiz)$/i, '$1zes'],
  [/s$/i, 's'],
  [/([^a-z])$/i, '$1'],
  [/$/, 's'],
];

/** Mongoose's default collection name for a model: lower-cased and pluralised (`Order` → `orders`). */
export function mongooseCollection(model: string): string {
  const name = model.toLowerCase();
  if (UNCOUNTABLE.has(name)) return name;
  for (const [re, rep] of PLURAL_RULES) if (re.test(name)) return name.replace(re, rep);
  return name;
}

/** Sequelize's default table name for a model: pluralised, case kept (`Order` → `Orders`). */
export function sequelizePlural(model: string): string {
  const lower = model.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return model;
  for (const [re, rep] of PLURAL_RULES) {
    if (re.test(model)) return model.replace(re, rep);
  }
  return model;
}

/** TypeORM's default table name for an entity class (`OrderItem` → `order_item`). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Lower-cases the first letter (Prisma client accessors: `OrderItem` → `orderItem`). */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
