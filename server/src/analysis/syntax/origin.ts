/**
 * Where a value comes from, decided from syntax alone: an import, a global, a declared type,
 * the result of a call or `new`. Detectors ask "is this receiver an axios instance?" through it.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import { perFileCache } from './per-file';

/** The origin of an expression's value, followed by the property path read from it. */
export type Origin =
  | { kind: 'import'; module: string; name: string; path: string[] }
  | { kind: 'global'; name: string; path: string[] }
  | { kind: 'type'; module?: string; typeName: string; path: string[]; token?: Sym; typeArgs?: string[] }
  | { kind: 'call'; callee: Origin; call: ts.CallExpression; path: string[] }
  | { kind: 'new'; ctor: Origin; expr: ts.NewExpression; path: string[] }
  | { kind: 'param'; name: string; fn: ts.SignatureDeclaration; index: number; path: string[] }
  | { kind: 'local'; name: string; decl: ts.Node; path: string[] }
  | { kind: 'unknown'; path: string[] };

/** Nodes that hold declarations visible to nested code. */
function scopeStatements(node: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node)) return node.statements;
  if (ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** A declaration of `name` visible from `from`, searching enclosing scopes outwards. */
export function findDeclaration(name: string, from: ts.Node): ts.Node | undefined {
  let node: ts.Node | undefined = from;
  while (node) {
    if (ts.isFunctionLike(node)) {
      for (const p of node.parameters) {
        if (ts.isIdentifier(p.name) && p.name.text === name) return p;
        if (!ts.isIdentifier(p.name) && bindingHas(p.name, name)) return p;
      }
    }
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
      for (const d of node.initializer.declarations) if (bindingHas(d.name, name)) return d;
    }
    if (ts.isCatchClause(node) && node.variableDeclaration && bindingHas(node.variableDeclaration.name, name)) return node.variableDeclaration;
    const statements = scopeStatements(node);
    if (statements) {
      const found = scopeIndex(node, statements).get(name);
      if (found) return found;
    }
    node = node.parent;
  }
  return undefined;
}

function bindingHas(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  for (const el of binding.elements) {
    if (ts.isOmittedExpression(el)) continue;
    if (bindingHas(el.name, name)) return true;
  }
  return false;
}

/**
 * The declarations of one scope by name (the first one wins, in statement order), built once per
 * scope: a lookup per identifier scanning every statement made a block of n statements cost n².
 */
const SCOPES = perFileCache<ts.Node, Map<string, ts.Node>>();

function scopeIndex(scope: ts.Node, statements: readonly ts.Statement[]): Map<string, ts.Node> {
  let index = SCOPES.get(scope);
  if (index) return index;
  const out = new Map<string, ts.Node>();
  const add = (name: string, decl: ts.Node): void => {
    if (!out.has(name)) out.set(name, decl);
  };
  for (const st of statements) declaredIn(st, add);
  index = out;
  SCOPES.set(scope, index);
  return index;
}

function declaredIn(st: ts.Statement, add: (name: string, decl: ts.Node) => void): void {
  if (ts.isVariableStatement(st)) {
    for (const d of st.declarationList.declarations) for (const n of bindingNames(d.name)) add(n, d);
  } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
    add(st.name.text, st);
  } else if (ts.isImportDeclaration(st) && st.importClause) {
    const c = st.importClause;
    if (c.name) add(c.name.text, c);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, nb);
    if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) add(el.name.text, el);
  } else if (ts.isImportEqualsDeclaration(st)) {
    add(st.name.text, st);
  }
}

function bindingNames(binding: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(binding)) out.push(binding.text);
  else for (const el of binding.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  return out;
}

/** The module specifier and imported name of an import declaration node. */
export function importBinding(decl: ts.Node): { module: string; name: string } | undefined {
  if (ts.isImportClause(decl)) {
    const spec = decl.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: 'default' } : undefined;
  }
  if (ts.isNamespaceImport(decl)) {
    const spec = decl.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: '*' } : undefined;
  }
  if (ts.isImportSpecifier(decl)) {
    const spec = decl.parent.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: (decl.propertyName ?? decl.name).text } : undefined;
  }
  if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) {
    const e = decl.moduleReference.expression;
    return ts.isStringLiteral(e) ? { module: e.text, name: '*' } : undefined;
  }
  return undefined;
}

/** Strips parentheses, `await`, type assertions and non-null assertions. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The name and module of a type reference (`HttpService`, `ClientProxy`, `Repository<Order>`). */
export function typeRefName(type: ts.TypeNode | undefined): { name: string; args: string[] } | undefined {
  if (!type) return undefined;
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    const args = (type.typeArguments ?? []).map((a) => typeRefName(a)?.name ?? a.getText());
    return { name, args };
  }
  return undefined;
}

/** Resolves the origin of an expression's value by following declarations in this file. */
export class OriginResolver {
  private readonly depthLimit = 12;

  constructor(_sf: ts.SourceFile, private readonly evalSym: (e: ts.Expression) => Sym) {}

  of(expr: ts.Expression, depth = 0): Origin {
    if (depth > this.depthLimit) return { kind: 'unknown', path: [] };
    const e = unwrap(expr);
    if (ts.isIdentifier(e)) return this.ofIdentifier(e, depth);
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.ofThisMember(e, e.name.text, depth);
      const base = this.of(e.expression, depth + 1);
      return { ...base, path: [...base.path, e.name.text] } as Origin;
    }
    if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) {
      const base = this.of(e.expression, depth + 1);
      return { ...base, path: [...base.path, e.argumentExpression.text] } as Origin;
    }
    if (ts.isCallExpression(e)) {
      // require('x') is an import
      if (ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteral(e.arguments[0]!)) {
        return { kind: 'import', module: (e.arguments[0] as ts.StringLiteral).text, name: '*', path: [] };
      }
      return { kind: 'call', callee: this.of(e.expression, depth + 1), call: e, path: [] };
    }
    if (ts.isNewExpression(e)) return { kind: 'new', ctor: this.of(e.expression, depth + 1), expr: e, path: [] };
    return { kind: 'unknown', path: [] };
  }

  private ofIdentifier(id: ts.Identifier, depth: number): Origin {
    const decl = findDeclaration(id.text, id);
    if (!decl) return { kind: 'global', name: id.text, path: [] };
    const imp = importBinding(decl);
    if (imp) return { kind: 'import', module: imp.module, name: imp.name, path: [] };
    if (ts.isVariableDeclaration(decl)) {
      if (ts.isIdentifier(decl.name)) {
        const t = typeRefName(decl.type);
        if (decl.initializer && !(ts.isIdentifier(unwrap(decl.initializer)) && unwrap(decl.initializer).getText() === id.text)) {
          const init = this.of(decl.initializer, depth + 1);
          if (init.kind !== 'unknown') return init;
        }
        if (t) return this.ofType(t.name, t.args, decl);
        return { kind: 'local', name: id.text, decl, path: [] };
      }
      // const { a } = require('x') / const { a } = obj
      if (ts.isObjectBindingPattern(decl.name) && decl.initializer) {
        const base = this.of(decl.initializer, depth + 1);
        for (const el of decl.name.elements) {
          if (ts.isIdentifier(el.name) && el.name.text === id.text) {
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : id.text;
            if (base.kind === 'import' && base.path.length === 0 && base.name === '*') return { kind: 'import', module: base.module, name: prop, path: [] };
            return { ...base, path: [...base.path, prop] } as Origin;
          }
        }
      }
      return { kind: 'local', name: id.text, decl, path: [] };
    }
    if (ts.isParameter(decl)) {
      const t = typeRefName(decl.type);
      if (t) return this.ofType(t.name, t.args, decl, injectToken(decl, this.evalSym));
      const fn = decl.parent;
      return { kind: 'param', name: id.text, fn, index: fn.parameters.indexOf(decl), path: [] };
    }
    return { kind: 'local', name: id.text, decl, path: [] };
  }

  private ofType(typeName: string, typeArgs: string[], at: ts.Node, token?: Sym): Origin {
    const decl = findDeclaration(typeName, at);
    const imp = decl ? importBinding(decl) : undefined;
    const origin: Origin = { kind: 'type', typeName: imp?.name && imp.name !== 'default' && imp.name !== '*' ? imp.name : typeName, path: [], typeArgs };
    if (imp) origin.module = imp.module;
    if (token) origin.token = token;
    return origin;
  }

  private ofThisMember(node: ts.Node, member: string, depth: number): Origin {
    const cls = enclosingClass(node);
    if (!cls) return { kind: 'unknown', path: [member] };
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.name.getText() === member) {
        const t = typeRefName(m.type);
        if (m.initializer) {
          const init = this.of(m.initializer, depth + 1);
          if (init.kind !== 'unknown') return init;
        }
        // `private catalog!: CatalogService` assigned in onModuleInit: the assignment says more than the type
        if (!m.initializer && !injectToken(m, this.evalSym)) {
          const assigned = this.assignedInClass(cls, member, depth);
          if (assigned) return assigned;
        }
        if (t) return this.ofType(t.name, t.args, m, injectToken(m, this.evalSym));
      }
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && p.name.text === member && p.modifiers?.some((x) => x.kind !== ts.SyntaxKind.Decorator)) {
            const t = typeRefName(p.type);
            if (t) return this.ofType(t.name, t.args, p, injectToken(p, this.evalSym));
          }
        }
        // this.member = <expr> in the constructor body
        const assigned = m.body ? findThisAssignment(m.body, member) : undefined;
        if (assigned) {
          const init = this.of(assigned, depth + 1);
          if (init.kind !== 'unknown') return init;
        }
      }
    }
    return this.assignedInClass(cls, member, depth) ?? { kind: 'unknown', path: [member] };
  }

  /** The origin of `this.member = <expr>` in any method or constructor of the class. */
  private assignedInClass(cls: ts.ClassLikeDeclaration, member: string, depth: number): Origin | undefined {
    for (const m of cls.members) {
      if ((ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isConstructorDeclaration(m)) && m.body) {
        const assigned = findThisAssignment(m.body, member);
        if (assigned) {
          const init = this.of(assigned, depth + 1);
          if (init.kind !== 'unknown') return init;
        }
      }
    }
    return undefined;
  }
}

/** The first `this.member = …` in the body, in source order; without recursion (long `a + b + …` chains are deep). */
function findThisAssignment(body: ts.Node, member: string): ts.Expression | undefined {
  const stack: ts.Node[] = [body];
  const children: ts.Node[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      n.left.name.text === member
    ) {
      return n.right;
    }
    children.length = 0;
    ts.forEachChild(n, (c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

/** The `@Inject('TOKEN')` / `@InjectRepository(X)` argument on a parameter or property. */
function injectToken(node: ts.ParameterDeclaration | ts.PropertyDeclaration, evalSym: (e: ts.Expression) => Sym): Sym | undefined {
  for (const d of ts.canHaveDecorators(node) ? (ts.getDecorators(node) ?? []) : []) {
    if (ts.isCallExpression(d.expression) && ts.isIdentifier(d.expression.expression) && /^Inject/.test(d.expression.expression.text)) {
      const arg = d.expression.arguments[0];
      if (arg) return evalSym(arg);
    }
  }
  return undefined;
}

/** The class declaration or expression around a node. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (ts.isClassDeclaration(n) || ts.isClassExpression(n)) return n;
    n = n.parent;
  }
  return undefined;
}

/** True when the origin is the module `mod` (any of `mods`) itself or a named export of it. */
export function isFromModule(o: Origin, mods: readonly string[]): boolean {
  if (o.kind === 'import') return mods.includes(o.module);
  if (o.kind === 'type') return o.module !== undefined && mods.includes(o.module);
  if (o.kind === 'call') return isFromModule(o.callee, mods);
  if (o.kind === 'new') return isFromModule(o.ctor, mods);
  return false;
}

/** The first import/type root of an origin (through calls and `new`), with the accumulated path. */
export function rootOf(o: Origin): Origin {
  if (o.kind === 'call') return rootOf(o.callee);
  if (o.kind === 'new') return rootOf(o.ctor);
  return o;
}
