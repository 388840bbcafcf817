/**
 * Moleculer: services from their schemas (`{ name, version, actions, events }` given to
 * `broker.createService`, `this.parseServiceSchema`, or exported), whose actions are endpoints
 * named `<version>.<service>.<action>` and whose `events` keys are subscriptions (with those of
 * mixins declared in the file, and the standard actions of a database mixin); and the calls
 * that reach them: `broker.call` / `ctx.call` (request-response, styled by how the result is used)
 * and `emit` / `broadcast` (events, delivered to every subscribing service).
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { unwrap } from '../syntax/origin';
import { cat } from '../syntax/values';
import { anyWord, type Detector } from './detector';
import { arrayOf, entries, memberCall, objectOf, prop } from '../syntax/objects';
import { importsAny, verdict } from './messaging/common';

const MODULES = ['moleculer'];
const LIBRARY = 'moleculer';

/** Detects Moleculer service schemas, action calls and event emits. */
export const moleculer: Detector = {
  id: 'moleculer',
  applies: anyWord('moleculer', 'ServiceSchema', 'actions', 'broker', 'ctx.call', 'ctx.emit'),
  onFile(sf, ctx) {
    if (!looksMoleculer(ctx)) return;
    const visit = (n: ts.Node): void => {
      if (ts.isObjectLiteralExpression(n) && isSchema(n)) schema(n, ctx);
      ts.forEachChild(n, visit);
    };
    visit(sf);
  },
  onClass(cls, ctx) {
    decoratedService(cls, ctx);
  },
  onNew(expr, ctx) {
    // a process that creates a broker is a Moleculer node, whatever services it loads
    const o = ctx.origin(expr.expression);
    if (o.kind === 'import' && MODULES.includes(o.module) && (o.name === 'ServiceBroker' || o.path[0] === 'ServiceBroker')) ctx.addStart(expr, { kind: 'worker' });
  },
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m || !['call', 'emit', 'broadcast'].includes(m.method)) return;
    const [first, , opts] = call.arguments;
    if (!first) return;
    const u = unwrap(first);
    if (ts.isObjectLiteralExpression(u) || ts.isArrayLiteralExpression(u) || ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return;
    if (!isBrokerLike(ctx, m.recv, first)) return;
    const channel = ctx.sym(first);
    if (!channel) return;
    if (m.method === 'call') {
      const hasTimeout = !!prop(opts, 'timeout');
      ctx.addCall(call, { mechanism: 'moleculer', library: LIBRARY, role: 'request', method: 'call', channel, traits: hasTimeout ? { hasTimeout } : {} });
    } else {
      ctx.addCall(call, { mechanism: 'moleculer', library: LIBRARY, role: 'publish', style: 'event', method: m.method, channel });
    }
  },
};

/** A file that may hold Moleculer code: it imports moleculer, or is a `*.service` file, or names a ServiceSchema. */
function looksMoleculer(ctx: FileContext): boolean {
  return importsAny(ctx, MODULES) || /\.service\.[cm]?[jt]s$/.test(ctx.file) || /ServiceSchema|createService|parseServiceSchema/.test(ctx.text);
}

/** `{ name: 'orders', actions: {...} }` or `{ name, events: {...} }`. */
function isSchema(o: ts.ObjectLiteralExpression): boolean {
  const name = prop(o, 'name');
  if (!name) return false;
  return !!objectOf(prop(o, 'actions')) || !!objectOf(prop(o, 'events'));
}

/** The receiver of `call`/`emit`: a broker or a Moleculer context (`broker`, `this.broker`, `ctx`, `ctx.broker`). */
function isBrokerLike(ctx: FileContext, recv: ts.Expression, first: ts.Expression): boolean {
  const v = verdict(ctx, recv, MODULES);
  if (v === 'yes') return true;
  if (v === 'no' || v === 'wrapper') return false;
  const text = recv.getText().replace(/\s+/g, '');
  if (!/(^|\.)(broker|ctx|context)$/.test(text)) return false;
  if (looksMoleculer(ctx)) return true;
  // `ctx.call('orders.get')` outside a schema file: a dotted action name is Moleculer's shape
  const s = ctx.sym(first);
  return s?.k === 'lit' && /^[\w$-]+(\.[\w$-]+)+$/.test(s.v);
}

/** Reports a schema's actions and events, and that the file defines a service. */
function schema(o: ts.ObjectLiteralExpression, ctx: FileContext): void {
  const nameExpr = prop(o, 'name')!;
  const name = ctx.sym(nameExpr);
  if (!name) return;
  const versionExpr = prop(o, 'version');
  const prefix: Sym[] = [];
  if (versionExpr) {
    const v = unwrap(versionExpr);
    if (ts.isNumericLiteral(v)) prefix.push({ k: 'lit', v: `v${v.text}.` });
    else prefix.push(ctx.sym(v)!, { k: 'lit', v: '.' });
  }
  const service = cat([...prefix, name]);
  const own = new Set(entries(prop(o, 'actions')).map(([key]) => key));
  const action = (key: string, node: ts.Node, handler: string): void => {
    ctx.addEndpoint(node, { kind: 'message', framework: LIBRARY, mechanism: 'moleculer', method: 'action', channel: cat([service, { k: 'lit', v: '.' }, { k: 'lit', v: key }]), handler });
  };
  const members = (obj: ts.Expression | undefined, mixin: boolean): void => {
    for (const [key, node, value] of entries(prop(obj, 'actions'))) {
      if (value && unwrap(value).kind === ts.SyntaxKind.FalseKeyword) continue; // a mixin's action disabled
      if (mixin && own.has(key)) continue; // the schema's own definition wins
      action(key, node, handlerOf(ctx, node, value));
    }
    for (const [key, node, value] of entries(prop(obj, 'events'))) {
      // `$node.connected` and friends are the broker's own lifecycle events
      if (key.startsWith('$')) continue;
      ctx.addEndpoint(node, { kind: 'message', framework: LIBRARY, mechanism: 'moleculer', method: 'event', channel: { k: 'lit', v: key }, handler: handlerOf(ctx, node, value) });
    }
  };
  members(o, false);
  // mixins merge their actions and events into the service: those declared in this file, and the
  // standard actions of a database mixin (moleculer-db, @moleculer/database, a local `DbMixin(...)`)
  for (const mx of arrayOf(prop(o, 'mixins')) ?? []) {
    const local = objectOf(mx);
    if (local && !prop(local, 'name')) members(local, true);
    else if (!local && isDbMixin(ctx, mx)) for (const key of DB_ACTIONS) if (!own.has(key)) action(key, mx, ctx.functionOf(mx));
  }
  ctx.addStart(o, { kind: 'worker' });
}

/** The actions a moleculer-db style mixin adds to a service. */
const DB_ACTIONS = ['find', 'count', 'list', 'create', 'insert', 'get', 'update', 'remove'];

/** `DbService` from moleculer-db, `DbMixin('products')`, `DatabaseMixin(...)`. */
function isDbMixin(ctx: FileContext, e: ts.Expression): boolean {
  let u = unwrap(e);
  if (ts.isCallExpression(u)) u = unwrap(u.expression);
  if (!ts.isIdentifier(u) && !ts.isPropertyAccessExpression(u)) return false;
  const o = ctx.origin(u);
  if (o.kind === 'import' && /^(moleculer-db|@moleculer\/database)/.test(o.module)) return true;
  const name = ts.isIdentifier(u) ? u.text : u.name.text;
  return /^(Db|Database)(Service|Mixin)?$|Db(Mixin|Service)$/i.test(name);
}

/** The function handling an action or event: the method itself, an inline function, or `{ handler }`. */
function handlerOf(ctx: FileContext, node: ts.Node, value: ts.Expression | undefined): string {
  if (ts.isMethodDeclaration(node)) return ctx.idOf(node);
  if (!value) return ctx.functionOf(node);
  const obj = objectOf(value);
  if (obj) {
    const h = prop(obj, 'handler');
    if (h && ts.isMethodDeclaration(h as ts.Node)) return ctx.idOf(h);
    if (h) return ctx.handlerRef(h, node);
    return ctx.functionOf(node);
  }
  return ctx.handlerRef(value, node);
}

/**
 * moleculer-decorators: `@Service({ name: 'orders', version: 2 }) class Orders extends moleculer.Service`
 * with `@Action()` methods (named by the method, or `@Action({ name })`) and `@Event()` methods
 * (named by the method, or `@Event({ name })`).
 */
function decoratedService(cls: ts.ClassDeclaration, ctx: FileContext): void {
  const svc = ctx.decorators(cls).find((d) => d.name === 'Service');
  if (!svc || !importsAny(ctx, ['moleculer-decorators', 'moleculer-decorators-extra', '@ourparentcenter/moleculer-decorators-extended'])) return;
  const opts = svc.args[0];
  const nameExpr = prop(opts, 'name');
  const name = nameExpr ? ctx.sym(nameExpr) : cls.name ? { k: 'lit' as const, v: cls.name.text.replace(/Service$/, '').toLowerCase() } : undefined;
  if (!name) return;
  const versionExpr = prop(opts, 'version');
  const v = versionExpr ? unwrap(versionExpr) : undefined;
  const prefix: Sym[] = v ? (ts.isNumericLiteral(v) ? [{ k: 'lit', v: `v${v.text}.` }] : [ctx.sym(v)!, { k: 'lit', v: '.' }]) : [];
  const service = cat([...prefix, name]);
  for (const m of cls.members) {
    if (!ts.isMethodDeclaration(m) || !m.name || !ts.isIdentifier(m.name)) continue;
    for (const d of ctx.decorators(m)) {
      if (d.name !== 'Action' && d.name !== 'Event') continue;
      const own = prop(d.args[0], 'name');
      const key: Sym = own ? ctx.sym(own)! : { k: 'lit', v: m.name.text };
      if (d.name === 'Action') ctx.addEndpoint(m, { kind: 'message', framework: LIBRARY, mechanism: 'moleculer', method: 'action', channel: cat([service, { k: 'lit', v: '.' }, key]), handler: ctx.idOf(m) });
      else if (!(key.k === 'lit' && key.v.startsWith('$'))) ctx.addEndpoint(m, { kind: 'message', framework: LIBRARY, mechanism: 'moleculer', method: 'event', channel: key, handler: ctx.idOf(m) });
    }
  }
  ctx.addStart(cls, { kind: 'worker' });
}
