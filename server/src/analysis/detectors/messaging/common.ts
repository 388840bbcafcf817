/**
 * Helpers shared by the messaging detectors: reading option objects, deciding whether a receiver
 * is a client of a given broker library, finding the handler of a subscription, and reporting
 * broker topology (exchanges, routes).
 */
import { ts } from 'ts-morph';
import type { BrokerFact, ClientRef, EndpointFact, Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { arrayOf, memberCall, objectOf } from '../../syntax/objects';
import { enclosingClass, findDeclaration, type Origin, rootOf, typeRefName, unwrap } from '../../syntax/origin';

/** Module names of each broker library family. */
export const MODULES = {
  kafka: ['kafkajs', '@confluentinc/kafka-javascript'],
  amqp: ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager', '@golevelup/nestjs-rabbitmq'],
  nats: ['nats', '@nats-io/transport-node', '@nats-io/nats-core', '@nats-io/jetstream', 'nats.ws', 'node-nats-streaming'],
  redis: ['ioredis', 'redis', '@redis/client'],
  bull: ['bull', 'bullmq', '@nestjs/bull', '@nestjs/bullmq'],
  pubsub: ['@google-cloud/pubsub'],
} as const;

/**
 * Whether a receiver is a client of the library: certainly, possibly (nothing says otherwise),
 * a class of the workspace (a wrapper analysed where it is written), or a client of another package.
 */
export type Verdict = 'yes' | 'maybe' | 'wrapper' | 'no';

/** True when the file imports any of the modules (also `require`d ones, through its import facts). */
export function importsAny(ctx: FileContext, modules: readonly string[]): boolean {
  if (Object.values(ctx.facts.imports).some((i) => modules.includes(i.module))) return true;
  return modules.some((m) => ctx.text.includes(`require('${m}')`) || ctx.text.includes(`require("${m}")`));
}

/** True when the module is a package (not a relative or aliased workspace path). */
function isPackage(module: string): boolean {
  return !module.startsWith('.') && !module.startsWith('@/') && !module.startsWith('~') && !module.startsWith('src/');
}

/**
 * Is the receiver a client of one of `modules`? Origins that lead to one of them say yes;
 * origins that lead to another package or to a class of the workspace (a wrapper whose own
 * implementation is analysed where it is written) say no; anything else is possible.
 */
export function verdict(ctx: FileContext, recv: ts.Expression, modules: readonly string[]): Verdict {
  return verdictOf(ctx, ctx.origin(recv), modules, 0);
}

function verdictOf(ctx: FileContext, o: Origin, modules: readonly string[], depth: number): Verdict {
  if (depth > 6) return 'maybe';
  // `requireChannel()`: a local function says what it returns only through its declared type
  if (o.kind === 'call' && o.callee.kind === 'local' && o.callee.path.length === 0) {
    const decl = o.callee.decl;
    const fn = ts.isFunctionDeclaration(decl)
      ? decl
      : ts.isVariableDeclaration(decl) && decl.initializer && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer))
        ? decl.initializer
        : undefined;
    if (fn?.type) return typeVerdict(ctx, fn.type, modules);
    return 'maybe';
  }
  // `new OrderCreatedPublisher(client)`: an instance of a workspace class is a wrapper
  for (let cur: Origin = o; cur.kind === 'call' || cur.kind === 'new'; cur = cur.kind === 'call' ? cur.callee : cur.ctor) {
    if (cur.kind === 'new') {
      const c = rootOf(cur.ctor);
      if (c.kind === 'import' && !isPackage(c.module)) return 'wrapper';
    }
  }
  const r = rootOf(o);
  switch (r.kind) {
    case 'import':
      if (modules.includes(r.module)) return 'yes';
      // an instance exported by a workspace file: decided at link time through its client fact
      if (!isPackage(r.module)) return 'maybe';
      return 'no';
    case 'type':
      if (r.module !== undefined) return modules.includes(r.module) ? 'yes' : isPackage(r.module) ? 'no' : 'wrapper';
      // a type declared in this file (a class wrapper) or a global type
      return ctx.facts.classes.some((c) => c.name === r.typeName) ? 'wrapper' : 'maybe';
    case 'local': {
      const decl = r.decl;
      // `let nc: NatsConnection | undefined` assigned later
      if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) && decl.type) return typeVerdict(ctx, decl.type, modules);
      if (ts.isClassDeclaration(decl) || ts.isFunctionDeclaration(decl)) return 'wrapper';
      return 'maybe';
    }
    default:
      return 'maybe';
  }
}

/** A declared type's verdict: from the library, from another package, or unknown. */
function typeVerdict(ctx: FileContext, type: ts.TypeNode, modules: readonly string[]): Verdict {
  let other = false;
  for (const t of typeNames(type)) {
    const head = t.split('.')[0]!;
    if (head === 'Promise' && ts.isTypeReferenceNode(type) && type.typeArguments?.[0]) return typeVerdict(ctx, type.typeArguments[0], modules);
    const imp = ctx.facts.imports[head];
    if (imp && modules.includes(imp.module)) return 'yes';
    if (imp && isPackage(imp.module)) other = true;
  }
  return other ? 'no' : 'maybe';
}

/** Type names in a (possibly union or qualified) type node: `amqp.Channel | undefined` → ['amqp.Channel']. */
function typeNames(t: ts.TypeNode): string[] {
  if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) return t.types.flatMap(typeNames);
  if (ts.isTypeReferenceNode(t)) return [t.typeName.getText()];
  const r = typeRefName(t);
  return r ? [r.name] : [];
}

/**
 * Decides whether a call on `recv` belongs to the library: a sure receiver, or a possible one in
 * a file that imports the library (and none of the `rivals` that offer the same method).
 */
export function accepts(ctx: FileContext, recv: ts.Expression, modules: readonly string[], rivals: readonly (readonly string[])[] = []): boolean {
  const v = verdict(ctx, recv, modules);
  if (v === 'yes') return true;
  if (v === 'no' || v === 'wrapper') return false;
  return importsAny(ctx, modules) && !rivals.some((r) => importsAny(ctx, r));
}

/**
 * A link-time reference for a receiver imported from another workspace file
 * (`import { redis } from '../lib/redis'`): its client fact says which library it is.
 */
export function importedClient(ctx: FileContext, recv: ts.Expression): ClientRef | undefined {
  const o = ctx.origin(recv);
  if (o.kind === 'import' && o.path.length === 0 && !isPackage(o.module) && o.name !== '*') return { k: 'instance', id: `@import:${o.module}:${o.name}` };
  return undefined;
}

/** Records an exported (or module-level) client instance so imports of it can be recognised at link time. */
export function recordInstance(ctx: FileContext, call: ts.Node, library: string, transport: string): void {
  let n: ts.Node = call;
  while (
    n.parent &&
    (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent))
  )
    n = n.parent;
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) && p.initializer === n && isTopLevel(p)) {
    ctx.addClient({ id: `${ctx.file}#${p.name.text}`, library, transport, line: ctx.loc(call).line });
  }
}

function isTopLevel(decl: ts.VariableDeclaration): boolean {
  const stmt = decl.parent?.parent;
  return !!stmt && ts.isVariableStatement(stmt) && ts.isSourceFile(stmt.parent);
}

/** Adds a broker topology fact. */
export function addBroker(ctx: FileContext, node: ts.Node, fact: Omit<BrokerFact, 'line'>): void {
  (ctx.facts.brokers ??= []).push({ ...fact, line: ctx.loc(node).line });
}

/** The variable a call's result is stored in (`const sub = nc.subscribe(...)`, through `await`). */
export function resultVariable(call: ts.Node): ts.VariableDeclaration | undefined {
  let n: ts.Node = call;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  const p = n.parent;
  return p && ts.isVariableDeclaration(p) && p.initializer === n && ts.isIdentifier(p.name) ? p : undefined;
}

/** Identifiers in the file that refer to a variable declaration. */
export function usesOf(decl: ts.VariableDeclaration | ts.ParameterDeclaration): ts.Identifier[] {
  if (!ts.isIdentifier(decl.name)) return [];
  const name = decl.name.text;
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name && n !== decl.name && findDeclaration(name, n) === decl) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(decl.getSourceFile());
  return out;
}

/** Calls `<same receiver text>.<method>(...)` in the file (`consumer.run(...)` next to `consumer.subscribe(...)`). */
export function callsOnSameReceiver(ctx: FileContext, recv: ts.Expression, methods: readonly string[]): ts.CallExpression[] {
  const text = recv.getText();
  const out: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const m = memberCall(n);
      if (m && methods.includes(m.method) && m.recv.getText() === text) out.push(n);
    }
    ts.forEachChild(n, visit);
  };
  visit(ctx.sf);
  return out;
}

/** A handler given as an argument: inline function, function name, or method reference. */
export function isFunctionLike(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return (
    ts.isArrowFunction(u) ||
    ts.isFunctionExpression(u) ||
    ts.isIdentifier(u) ||
    ts.isPropertyAccessExpression(u) ||
    ts.isCallExpression(u) ||
    ts.isMethodDeclaration(u as ts.Node)
  );
}

/** The first literal-ish string value of an exchange type argument (`'topic'`, `ExchangeType.Fanout`). */
export function exchangeTypeOf(ctx: FileContext, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const s = ctx.sym(e);
  if (s?.k === 'lit') return s.v.toLowerCase();
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u)) return u.name.text.toLowerCase();
  return undefined;
}

/** A channel Sym for a subscription argument: strings, and regular expressions as `/source/`. */
export function channelSym(ctx: FileContext, e: ts.Expression | undefined): Sym | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isRegularExpressionLiteral(u)) return { k: 'lit', v: u.text };
  return ctx.sym(u);
}

/** Reports a subscription (a message endpoint) made at `node`, with the function that makes it. */
export function subscription(ctx: FileContext, node: ts.Node, fact: Omit<EndpointFact, 'line' | 'column' | 'function'>): void {
  // inside a class, `this.topic` channels are resolved per subclass at link time
  const className = fact.className ?? enclosingClass(node)?.name?.text;
  ctx.addEndpoint(node, { ...fact, ...(className ? { className } : {}), function: ctx.functionOf(node) });
}

/**
 * The channels an expression names: one value, the elements of an array (also behind a `const`),
 * the values of `Object.values(EnumOrConstObject)`, or each element of the array a `for...of`
 * loop variable runs over (`for (const topic of TOPICS) consumer.subscribe({ topic })`).
 */
export function channelSyms(ctx: FileContext, e: ts.Expression | undefined): Sym[] {
  if (!e) return [];
  const u = unwrap(e);
  const arr = arrayOf(u);
  if (arr) return arr.flatMap((x) => channelSyms(ctx, x));
  if (
    ts.isCallExpression(u) &&
    ts.isPropertyAccessExpression(u.expression) &&
    u.expression.name.text === 'values' &&
    ts.isIdentifier(u.expression.expression) &&
    u.expression.expression.text === 'Object' &&
    u.arguments[0]
  ) {
    const values = objectValues(ctx, u.arguments[0]);
    if (values.length) return values;
  }
  if (ts.isIdentifier(u)) {
    const decl = findDeclaration(u.text, u);
    const loop = decl?.parent?.parent;
    if (decl && ts.isVariableDeclaration(decl) && loop && ts.isForOfStatement(loop) && loop.initializer === decl.parent) {
      const over = channelSyms(ctx, loop.expression);
      if (over.length && over.every((x) => x.k !== 'unknown')) return over;
    }
  }
  const one = channelSym(ctx, u);
  return one ? [one] : [];
}

/** Member values of an enum or a const object declared in this file (`enum Topics { A = 'a' }`). */
function objectValues(ctx: FileContext, e: ts.Expression): Sym[] {
  const u = unwrap(e);
  if (!ts.isIdentifier(u)) return [];
  const decl = findDeclaration(u.text, u);
  if (decl && ts.isEnumDeclaration(decl)) return decl.members.map((m, i) => (m.initializer ? ctx.sym(m.initializer)! : { k: 'lit', v: String(i) }));
  const obj = objectOf(u);
  if (obj) return obj.properties.filter(ts.isPropertyAssignment).map((p) => ctx.sym(p.initializer)!);
  return [];
}
