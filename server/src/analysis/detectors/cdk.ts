/**
 * AWS CDK in TypeScript, read statically: every construct created from a CDK module
 * (`new lambda.Function(this, 'Orders', {...})`, `new events.Rule(...)`, `new tasks.LambdaInvoke(...)`)
 * and every wiring call (`rule.addTarget`, `fn.addEventSource`, `topic.addSubscription`,
 * `table.grantReadWriteData`, `resource.addMethod`, `httpApi.addRoutes`, ...) is recorded as written,
 * with references between them kept as links; what they mean is worked out at link time
 * (`infra/cdk.ts`), where constructs passed between stacks can be followed by name.
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { InfraFact, InfraValue } from '../facts';
import type { FileContext } from '../syntax/context';
import { propertyName } from '../syntax/objects';
import { findDeclaration, importBinding, unwrap } from '../syntax/origin';
import type { Detector } from './detector';

/** Modules whose classes are CDK constructs. */
export function isCdkModule(module: string): boolean {
  return module === 'aws-cdk-lib' || module.startsWith('aws-cdk-lib/') || module.startsWith('@aws-cdk/') || module === 'sst/constructs';
}

/** Methods that wire constructs together (or hand out a sub-resource whose path matters). */
const WIRING = /^(addTarget|addEventSource|addSubscription|addEnvironment|addMethod|addResource|resourceForPath|addProxy|addRoutes|addLambdaIntegration|grant[A-Za-z]*|addEventNotification|addObjectCreatedNotification|addObjectRemovedNotification|addToResourcePolicy|addEventSourceMapping|next|start)$/;

const MAX_DEPTH = 8;

/** Detects AWS CDK constructs and their wiring. */
export const cdk: Detector = {
  id: 'aws-cdk',
  applies: (text) => text.includes('aws-cdk-lib') || text.includes('@aws-cdk/'),
  onFile(sf, ctx) {
    const out: InfraFact[] = [];
    const seen = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node)) {
        const cls = cdkClass(node.expression);
        if (cls) record(ctx, node, out, seen, { kind: 'construct', cls: cls.name, module: cls.module });
        // a construct of the app's own (`new OrdersService(this, 'Orders', props)`): its props hand constructs over
        else if (isUserConstruct(node)) record(ctx, node, out, seen, { kind: 'construct', cls: userClassName(node.expression), user: true });
      } else if (isFieldAssignment(node)) {
        recordField(ctx, node, out, seen);
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && WIRING.test(node.expression.name.text)) {
        record(ctx, node, out, seen, { kind: 'call', method: node.expression.name.text });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    if (out.length) ctx.facts.infra = out;
  },
};

/**
 * `new X(this, 'Id', ...)` or `new XStack(app, 'Id', props)`: the CDK construct signature (a scope,
 * then an id), for classes of the app (declared in the file or imported from a relative path).
 */
function isUserConstruct(node: ts.NewExpression): boolean {
  const [first, second] = node.arguments ?? [];
  if (!first || !second || !(ts.isStringLiteralLike(second) || ts.isTemplateExpression(second) || ts.isIdentifier(second))) return false;
  if (first.kind !== ts.SyntaxKind.ThisKeyword && !ts.isIdentifier(first)) return false;
  const e = node.expression;
  if (!ts.isIdentifier(e)) return false;
  const decl = findDeclaration(e.text, e);
  if (!decl) return false;
  if (ts.isClassDeclaration(decl)) return true;
  const imp = importBinding(decl);
  return !!imp && imp.module.startsWith('.');
}

function userClassName(e: ts.Expression): string {
  return ts.isPropertyAccessExpression(e) ? e.name.text : e.getText();
}

/** `this.x = ...` or a class property with an initializer, inside a class. */
function isFieldAssignment(node: ts.Node): node is ts.BinaryExpression | ts.PropertyDeclaration {
  if (ts.isPropertyDeclaration(node)) return !!node.initializer && ts.isIdentifier(node.name);
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(node.left) &&
    node.left.expression.kind === ts.SyntaxKind.ThisKeyword
  );
}

/** A class field's value, so another file reading `service.table` finds what the class put there. */
function recordField(ctx: FileContext, node: ts.BinaryExpression | ts.PropertyDeclaration, out: InfraFact[], seen: Set<string>): void {
  const owner = ownerClass(node);
  if (!owner) return;
  const name = ts.isPropertyDeclaration(node) ? (node.name as ts.Identifier).text : (node.left as ts.PropertyAccessExpression).name.text;
  const init = ts.isPropertyDeclaration(node) ? node.initializer! : node.right;
  const at = atOf(ctx, node);
  if (seen.has(at)) return;
  seen.add(at);
  const { line, column } = ctx.loc(node);
  out.push({ kind: 'field', at, line, column, args: [value(ctx, init, 0)], name, owner });
}

/** The name of the class a node is in. */
function ownerClass(node: ts.Node): string | undefined {
  let p: ts.Node | undefined = node.parent;
  while (p && !ts.isClassLike(p)) p = p.parent;
  return p && ts.isClassLike(p) && p.name ? p.name.text : undefined;
}

function record(ctx: FileContext, node: ts.NewExpression | ts.CallExpression, out: InfraFact[], seen: Set<string>, what: Pick<InfraFact, 'kind' | 'cls' | 'module' | 'method' | 'user'>): void {
  const at = atOf(ctx, node);
  if (seen.has(at)) return;
  seen.add(at);
  const { line, column } = ctx.loc(anchor(node));
  const fact: InfraFact = { ...what, at, line, column, args: (node.arguments ?? []).map((a) => value(ctx, a, 0)) };
  if (what.kind === 'call' && ts.isPropertyAccessExpression(node.expression)) fact.recv = value(ctx, node.expression.expression, 0);
  const name = assignedName(node);
  if (name) fact.name = name;
  const owner = ownerClass(node);
  if (owner) fact.owner = owner;
  out.push(fact);
}

function atOf(ctx: FileContext, node: ts.Node): string {
  const { line, column } = ctx.loc(anchor(node));
  return `${ctx.file}:${line}:${column}`;
}

/** Where a record is anchored: a chained call (`a.addResource('x').addResource('y')`) at its method name, so each link has its own place. */
function anchor(node: ts.Node): ts.Node {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node;
}

/** The imported CDK class a `new` creates (`lambda.Function`, `NodejsFunction`, `cdk.aws_sqs.Queue`). */
function cdkClass(expr: ts.Expression): { name: string; module: string } | undefined {
  const e = unwrap(expr);
  const parts: string[] = [];
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur)) {
    parts.unshift(cur.name.text);
    cur = unwrap(cur.expression);
  }
  if (!ts.isIdentifier(cur)) return undefined;
  const decl = findDeclaration(cur.text, cur);
  const imp = decl ? importBinding(decl) : undefined;
  if (!imp || !isCdkModule(imp.module)) return undefined;
  const name = parts.length ? parts[parts.length - 1]! : imp.name;
  // `cdk.aws_lambda.Function` from the root module: the sub-module is in the path
  const module = parts.length > 1 ? `${imp.module}/${parts[parts.length - 2]!.replace(/_/g, '-')}` : imp.module;
  return { name, module };
}

/** The variable or `this.<field>` a construct or call is assigned to. */
function assignedName(node: ts.Node): string | undefined {
  let p = node.parent;
  while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
  if (!p) return undefined;
  if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(p.left)) return p.left.name.text;
  if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/** An expression as an infrastructure value. */
function value(ctx: FileContext, expr: ts.Expression, depth: number): InfraValue {
  if (depth > MAX_DEPTH) return { k: 'other', text: short(expr) };
  const e = unwrap(expr);
  if (ts.isNewExpression(e)) {
    if (cdkClass(e.expression) || isUserConstruct(e)) return { k: 'ref', at: atOf(ctx, e) };
    return { k: 'other', text: short(e) };
  }
  if (ts.isCallExpression(e)) {
    const p = pathValue(ctx, e);
    if (p) return p;
    if (ts.isPropertyAccessExpression(e.expression) && WIRING.test(e.expression.name.text)) return { k: 'ref', at: atOf(ctx, e) };
    // `this.createOrdersFunction(table)`: what the method returns
    const returned = methodReturn(e);
    if (returned) return value(ctx, returned, depth + 1);
    // `Code.fromAsset(dir)`, `DefinitionBody.fromChainable(x)`, `Schedule.rate(...)`: the call with its arguments
    if (ts.isPropertyAccessExpression(e.expression)) {
      return { k: 'obj', props: { '@call': { k: 'member', text: memberText(e.expression) }, '@args': { k: 'list', items: e.arguments.map((a) => value(ctx, a, depth + 1)) } } };
    }
    return { k: 'sym', sym: ctx.sym(e)! };
  }
  if (ts.isArrayLiteralExpression(e)) return { k: 'list', items: e.elements.map((x) => (ts.isSpreadElement(x) ? { k: 'other', text: short(x) } : value(ctx, x, depth + 1))) };
  if (ts.isObjectLiteralExpression(e)) {
    const props: Record<string, InfraValue> = {};
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = propertyName(p.name);
        if (key !== undefined) props[key] = value(ctx, p.initializer, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props[p.name.text] = value(ctx, p.name, depth + 1);
      } else if (ts.isSpreadAssignment(p)) {
        const spread = value(ctx, p.expression, depth + 1);
        if (spread.k === 'obj') Object.assign(props, spread.props);
      }
    }
    return { k: 'obj', props };
  }
  // `props.bus || fallback`: the construct when one is handed over
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    const left = value(ctx, e.left, depth + 1);
    if (left.k === 'ref') return left;
  }
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isNumericLiteral(e) || ts.isBinaryExpression(e)) {
    const p = ts.isTemplateExpression(e) || ts.isBinaryExpression(e) ? pathValue(ctx, e) : undefined;
    return p ?? { k: 'sym', sym: ctx.sym(e)! };
  }
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return { k: 'sym', sym: { k: 'lit', v: e.getText() } };
  if (ts.isIdentifier(e)) return identifierValue(ctx, e, [], depth);
  if (ts.isPropertyAccessExpression(e)) {
    const attr: string[] = [];
    let cur: ts.Expression = e;
    while (ts.isPropertyAccessExpression(cur)) {
      attr.unshift(cur.name.text);
      cur = unwrap(cur.expression);
    }
    if (cur.kind === ts.SyntaxKind.ThisKeyword) return thisValue(ctx, cur, attr, depth);
    if (ts.isIdentifier(cur)) return identifierValue(ctx, cur, attr, depth);
    const base = value(ctx, cur, depth + 1);
    if (base.k === 'ref') return { ...base, attr: [...(base.attr ?? []), ...attr] };
    return { k: 'other', text: short(e) };
  }
  return { k: 'other', text: short(e) };
}

function identifierValue(ctx: FileContext, id: ts.Identifier, attr: string[], depth: number): InfraValue {
  const decl = findDeclaration(id.text, id);
  if (decl) {
    const imp = importBinding(decl);
    if (imp) {
      // `lambda.Runtime.PYTHON_3_12`, `HttpMethod.GET`: an enum-like member of an imported class
      if (isCdkModule(imp.module) || attr.length) return { k: 'member', text: [id.text, ...attr].join('.') };
      return { k: 'ref', name: id.text };
    }
    // `const { table, queue } = props`: what the props hold
    if (ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent) && decl.parent.parent.initializer && depth < MAX_DEPTH) {
      const key = decl.propertyName && ts.isIdentifier(decl.propertyName) ? decl.propertyName.text : id.text;
      const from = unwrap(decl.parent.parent.initializer);
      if (ts.isIdentifier(from)) return identifierValue(ctx, from, [key, ...attr], depth + 1);
    }
    if (ts.isVariableDeclaration(decl) && ts.isObjectBindingPattern(decl.name) && decl.initializer && depth < MAX_DEPTH) {
      const el = decl.name.elements.find((x) => ts.isIdentifier(x.name) && x.name.text === id.text);
      const key = el?.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : id.text;
      const from = unwrap(decl.initializer);
      if (el && ts.isIdentifier(from)) return identifierValue(ctx, from, [key, ...attr], depth + 1);
      return { k: 'other', text: id.text };
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer) {
      const base = value(ctx, decl.initializer, depth + 1);
      return withAttr(base, attr, [id.text, ...attr].join('.'));
    }
    if (ts.isParameter(decl)) {
      // a parameter of a helper method (`createApi(fn: IFunction)`): what its one call in the class passes
      const passed = depth < MAX_DEPTH ? argumentOf(decl) : undefined;
      if (passed) return withAttr(value(ctx, passed, depth + 1), attr, [id.text, ...attr].join('.'));
      // `props.ordersTable` in a construct's constructor: what its creators pass, found at link time
      const ctor = decl.parent;
      const cls = ts.isConstructorDeclaration(ctor) ? ownerClass(ctor) : undefined;
      if (attr.length) return { k: 'ref', name: attr[0]!, ...(cls ? { props: cls } : {}), ...(attr.length > 1 ? { attr: attr.slice(1) } : {}) };
      return { k: 'ref', name: id.text };
    }
  }
  if (id.text === '__dirname') return { k: 'path', path: dirOf(ctx.file), from: 'file' };
  if (!attr.length) return { k: 'sym', sym: ctx.sym(id)! };
  return { k: 'ref', name: id.text, attr };
}

/** `this.table.tableName`: what the class assigns to the field, or the field's name for link time. */
function thisValue(ctx: FileContext, node: ts.Node, attr: string[], depth: number): InfraValue {
  const field = attr[0];
  if (!field) return { k: 'other', text: 'this' };
  let cls: ts.Node | undefined = node.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  let assigned: ts.Expression | undefined;
  if (cls && ts.isClassLike(cls)) {
    const find = (n: ts.Node): void => {
      if (assigned) return;
      if (ts.isPropertyDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === field && n.initializer) assigned = n.initializer;
      else if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.left) &&
        n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        n.left.name.text === field
      )
        assigned = n.right;
      ts.forEachChild(n, find);
    };
    find(cls);
  }
  const rest = attr.slice(1);
  if (assigned && depth < MAX_DEPTH) return withAttr(value(ctx, assigned, depth + 1), rest, `this.${attr.join('.')}`);
  return { k: 'ref', name: field, ...(rest.length ? { attr: rest } : {}) };
}

function withAttr(base: InfraValue, attr: string[], text: string): InfraValue {
  if (!attr.length) return base;
  if (base.k === 'ref') return { ...base, attr: [...(base.attr ?? []), ...attr] };
  if (base.k === 'obj') {
    let cur: InfraValue | undefined = base;
    for (const a of attr) cur = cur?.k === 'obj' ? cur.props[a] : undefined;
    if (cur) return cur;
  }
  if (base.k === 'member') return { k: 'member', text: `${base.text}.${attr.join('.')}` };
  return { k: 'other', text };
}

/** For a parameter of a class method called once as `this.method(...)` in its class: the argument given. */
function argumentOf(param: ts.ParameterDeclaration): ts.Expression | undefined {
  const m = param.parent;
  if (!ts.isMethodDeclaration(m) || !ts.isIdentifier(m.name)) return undefined;
  const index = m.parameters.indexOf(param);
  const cls = m.parent;
  if (!ts.isClassLike(cls)) return undefined;
  const calls: ts.CallExpression[] = [];
  const find = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.expression.kind === ts.SyntaxKind.ThisKeyword && n.expression.name.text === (m.name as ts.Identifier).text) calls.push(n);
    ts.forEachChild(n, find);
  };
  ts.forEachChild(cls, find);
  return calls.length === 1 ? calls[0]!.arguments[index] : undefined;
}

/** The single returned expression of `this.method(...)` in the same class. */
function methodReturn(call: ts.CallExpression): ts.Expression | undefined {
  const c = call.expression;
  if (!ts.isPropertyAccessExpression(c) || c.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let cls: ts.Node | undefined = call.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const m = cls.members.find((x): x is ts.MethodDeclaration => ts.isMethodDeclaration(x) && ts.isIdentifier(x.name) && x.name.text === c.name.text);
  if (!m?.body) return undefined;
  const returns: ts.Expression[] = [];
  const find = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) returns.push(n.expression);
    if (!ts.isFunctionLike(n)) ts.forEachChild(n, find);
  };
  ts.forEachChild(m.body, find);
  return returns.length === 1 ? returns[0] : undefined;
}

/** `path.join(__dirname, '../src')`, `path.resolve(...)`, `` `${__dirname}/../src` ``, `__dirname + '/x'`. */
function pathValue(ctx: FileContext, e: ts.Expression): InfraValue | undefined {
  const parts: string[] = [];
  let from = 'app' as 'file' | 'app';
  const add = (x: ts.Expression): boolean => {
    const u = unwrap(x);
    if (ts.isIdentifier(u) && u.text === '__dirname') {
      from = 'file';
      parts.length = 0;
      parts.push(dirOf(ctx.file) || '.');
      return true;
    }
    if (ts.isStringLiteralLike(u)) {
      parts.push(u.text);
      return true;
    }
    if (ts.isTemplateExpression(u)) {
      // `${__dirname}/../lambda`
      const head = u.templateSpans[0];
      if (u.head.text === '' && head && ts.isIdentifier(head.expression) && head.expression.text === '__dirname' && u.templateSpans.length === 1) {
        from = 'file';
        parts.length = 0;
        parts.push(dirOf(ctx.file) || '.', head.literal.text);
        return true;
      }
      // `../src/${name}/index.ts` with `name` known (a constant, or the argument of a helper's one call)
      let text = u.head.text;
      for (const span of u.templateSpans) {
        const v = value(ctx, span.expression, 1);
        if (v.k !== 'sym' || v.sym.k !== 'lit') return false;
        text += v.sym.v + span.literal.text;
      }
      parts.push(text);
      return true;
    }
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const before = parts.length;
      if (!add(u.left)) return false;
      const left = parts.splice(before).join('');
      if (!add(u.right)) return false;
      const right = parts.splice(before).join('');
      parts.push(left + right);
      return true;
    }
    if (ts.isCallExpression(u) && isPathCall(u)) return u.arguments.every(add);
    return false;
  };
  if (ts.isCallExpression(e) && !isPathCall(e)) return undefined;
  if (!add(e) || from !== 'file') return undefined;
  const joined = path.posix.normalize(parts.map((p) => p.replace(/\\/g, '/')).join('/'));
  return { k: 'path', path: joined === '.' ? '' : joined.replace(/\/$/, ''), from };
}

function isPathCall(e: ts.CallExpression): boolean {
  const c = unwrap(e.expression);
  if (ts.isPropertyAccessExpression(c)) return (c.name.text === 'join' || c.name.text === 'resolve') && ts.isIdentifier(c.expression) && /^(path|node_path)$/.test(c.expression.text);
  // `import { join } from 'path'`
  if (!ts.isIdentifier(c) || (c.text !== 'join' && c.text !== 'resolve')) return false;
  const decl = findDeclaration(c.text, c);
  const imp = decl ? importBinding(decl) : undefined;
  return !!imp && (imp.module === 'path' || imp.module === 'node:path');
}

function memberText(e: ts.PropertyAccessExpression): string {
  return e.getText().replace(/\s+/g, '');
}

function short(e: ts.Node): string {
  const t = e.getText();
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}
