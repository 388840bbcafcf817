/**
 * Router-style HTTP servers: Express, Koa router, Hono and Fastify — routes added with
 * `router.<verb>(path, handler)`, routers mounted under prefixes, and the server start.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { prop } from '../../syntax/objects';
import { type Origin, rootOf, unwrap } from '../../syntax/origin';
import { anyWord, type Detector } from '../detector';

const ROUTE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);

interface Framework {
  name: string;
  modules: string[];
  /** Type names a parameter may be declared with (`FastifyInstance`, `Router`). */
  types: string[];
}

const FRAMEWORKS: Framework[] = [
  { name: 'express', modules: ['express'], types: ['Express', 'Router', 'Application', 'IRouter'] },
  { name: 'koa', modules: ['@koa/router', 'koa-router', 'koa'], types: ['Router', 'Koa'] },
  { name: 'hono', modules: ['hono'], types: ['Hono'] },
  { name: 'fastify', modules: ['fastify'], types: ['FastifyInstance', 'FastifyPluginAsync', 'FastifyPluginCallback'] },
];

/** Which framework an app/router value belongs to, from its origin. */
function frameworkOf(o: Origin, ctx: FileContext): Framework | undefined {
  const r = rootOf(o);
  if (r.kind === 'import') return FRAMEWORKS.find((f) => f.modules.includes(r.module));
  if (r.kind === 'type') return FRAMEWORKS.find((f) => (r.module ? f.modules.includes(r.module) : false) && f.types.includes(r.typeName));
  if (r.kind === 'param') {
    // untyped plugin parameters: `module.exports = async function (fastify) { ... }`
    const imported = Object.values(ctx.facts.imports).map((i) => i.module);
    if (/^(fastify|app|server|instance)$/.test(r.name) && (imported.includes('fastify') || /fastify/i.test(ctx.file))) return FRAMEWORKS[3];
    if (/^(router|app)$/.test(r.name) && imported.includes('express')) return FRAMEWORKS[0];
    if (r.fn.parameters[0]?.type && ts.isTypeReferenceNode(r.fn.parameters[0].type)) return undefined;
  }
  return undefined;
}

/** Is this origin an app or router instance (not e.g. the `express` function itself)? */
function isInstance(o: Origin): boolean {
  if (o.kind === 'call' || o.kind === 'new' || o.kind === 'type' || o.kind === 'param') return o.path.length === 0;
  return false;
}

/** The id of an app or router instance: its variable or field (`file#app`), else its position. */
export function routerIdOf(ctx: FileContext, expr: ts.Expression): string {
  return ctx.instanceId(expr) ?? `${ctx.file}#<router@${ctx.loc(expr).line}>`;
}

/** The prefix a Koa router or Hono app was created with (`new Router({ prefix: '/api' })`). */
function creationPrefix(o: Origin, ctx: FileContext): Sym | undefined {
  if (o.kind === 'new') {
    const arg = o.expr.arguments?.[0];
    const a = arg ? unwrap(arg) : undefined;
    const p = a && ts.isObjectLiteralExpression(a) ? prop(a, 'prefix') : undefined;
    if (p) return ctx.sym(p);
  }
  if (o.kind === 'call' && o.callee.path[o.callee.path.length - 1] === 'basePath') return ctx.sym(o.call.arguments[0]);
  return undefined;
}

/** Detects routes, mounts and server starts of router-style frameworks. */
export const routers: Detector = {
  id: 'routers',
  applies: anyWord('express', 'koa', 'hono', 'fastify', 'Router', '.listen('),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    // app.route('/x').get(handler) (express)
    const recvExpr = unwrap(callee.expression);
    if (ROUTE_VERBS.has(method) && ts.isCallExpression(recvExpr) && ts.isPropertyAccessExpression(recvExpr.expression) && recvExpr.expression.name.text === 'route') {
      const base = ctx.origin(recvExpr.expression.expression);
      const fw = frameworkOf(base, ctx);
      if (!fw || fw.name !== 'express') return;
      ctx.addEndpoint(call, {
        kind: 'http',
        framework: fw.name,
        method: method.toUpperCase(),
        ...(recvExpr.arguments[0] ? { path: ctx.sym(recvExpr.arguments[0])! } : {}),
        router: routerIdOf(ctx, recvExpr.expression.expression),
        handler: ctx.handlerRef(call.arguments[call.arguments.length - 1], call),
      });
      return;
    }
    const recv = ctx.origin(recvExpr);
    const fw = frameworkOf(recv, ctx);
    // `app.listen(3000)` on an app built in another file of the workspace (`import { app } from './app'`)
    if (!fw && method === 'listen' && recv.kind === 'import' && recv.path.length === 0 && recv.module.startsWith('.') && call.arguments[0] && !ts.isObjectLiteralExpression(unwrap(call.arguments[0]))) {
      ctx.addStart(call, { kind: 'listen', port: ctx.sym(call.arguments[0])! });
      return;
    }
    if (!fw || !isInstance(recv)) return;
    const routerId = routerIdOf(ctx, recvExpr);
    if (ROUTE_VERBS.has(method)) {
      const pathArg = call.arguments[0];
      if (!pathArg || call.arguments.length < 2) return; // app.get('setting') in express
      const prefix = creationPrefix(recv, ctx);
      ctx.addEndpoint(call, {
        kind: 'http',
        framework: fw.name,
        method: method === 'del' ? 'DELETE' : method === 'all' ? 'ANY' : method.toUpperCase(),
        path: ctx.sym(pathArg)!,
        ...(prefix ? { prefix } : {}),
        router: routerId,
        handler: ctx.handlerRef(call.arguments[call.arguments.length - 1], call),
      });
      return;
    }
    if (method === 'route' && fw.name === 'fastify') {
      const opts = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      if (!opts || !ts.isObjectLiteralExpression(opts)) return;
      const get = (k: string): ts.Expression | undefined => prop(opts, k);
      const m = ctx.sym(get('method'));
      const handler = get('handler');
      ctx.addEndpoint(call, {
        kind: 'http',
        framework: 'fastify',
        method: m?.k === 'lit' ? m.v.toUpperCase() : 'ANY',
        path: ctx.sym(get('url') ?? get('path'))!,
        router: routerId,
        handler: handler ? ctx.handlerRef(handler, call) : ctx.functionOf(call),
      });
      return;
    }
    // mounts: app.use('/api', router) / app.route('/api', sub) (hono) / fastify.register(plugin, { prefix })
    if (method === 'use' || (method === 'route' && fw.name === 'hono')) {
      const [first, ...rest] = call.arguments;
      if (!first) return;
      const hasPrefix = ts.isStringLiteralLike(unwrap(first)) || ts.isTemplateExpression(unwrap(first)) || ts.isIdentifier(unwrap(first)) && ctx.sym(first)?.k !== 'unknown';
      const prefix: Sym = hasPrefix ? ctx.sym(first)! : { k: 'lit', v: '' };
      for (const arg of hasPrefix ? rest : [first, ...rest]) mountChild(ctx, routerId, prefix, arg);
      return;
    }
    if (method === 'register' && fw.name === 'fastify') {
      const [plugin, opts] = call.arguments;
      if (!plugin) return;
      const o = opts ? unwrap(opts) : undefined;
      let prefix: Sym = { k: 'lit', v: '' };
      const p = o && ts.isObjectLiteralExpression(o) ? prop(o, 'prefix') : undefined;
      if (p) prefix = ctx.sym(p)!;
      mountChild(ctx, routerId, prefix, plugin);
      return;
    }
    if (method === 'listen') {
      const port = call.arguments[0];
      const pv = port ? unwrap(port) : undefined;
      let portSym: Sym | undefined;
      if (pv && ts.isObjectLiteralExpression(pv)) {
        const p = prop(pv, 'port');
        if (p) portSym = ctx.sym(p);
      } else if (pv) portSym = ctx.sym(pv);
      ctx.addStart(call, { kind: fw.name === 'fastify' ? 'fastify' : fw.name === 'koa' ? 'koa' : 'listen', ...(portSym ? { port: portSym } : {}) });
    }
  },
};

/** A child router or plugin mounted under a prefix. */
function mountChild(ctx: FileContext, parent: string, prefix: Sym, arg: ts.Expression): void {
  let e = unwrap(arg);
  // koa: router.routes() ; express: require('./x')
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ['routes', 'middleware'].includes(e.expression.name.text)) e = unwrap(e.expression.expression);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
    // fastify.register(async (app) => { app.get(...) }): routes inside are on the plugin's parameter
    const param = e.parameters[0];
    if (param && ts.isIdentifier(param.name)) ctx.addMount({ parent, prefix, child: { k: 'local', id: `${ctx.file}#${param.name.text}` } });
    return;
  }
  if (ts.isIdentifier(e)) {
    const o = ctx.origin(e);
    if (o.kind === 'import' && o.path.length === 0) {
      ctx.addMount({ parent, prefix, child: { k: 'import', module: o.module, name: o.name } });
      return;
    }
    ctx.addMount({ parent, prefix, child: { k: 'local', id: `${ctx.file}#${e.text}` } });
    return;
  }
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteral(e.arguments[0])) {
    ctx.addMount({ parent, prefix, child: { k: 'import', module: e.arguments[0].text, name: 'default' } });
    return;
  }
  // express.Router() factory functions: app.use('/x', makeRouter(deps))
  if (ts.isCallExpression(e)) {
    const o = ctx.origin(e.expression);
    if (o.kind === 'import' && o.path.length === 0) ctx.addMount({ parent, prefix, child: { k: 'import', module: o.module, name: `${o.name}()` } });
    else if (ts.isIdentifier(e.expression)) ctx.addMount({ parent, prefix, child: { k: 'local', id: `${ctx.file}#${e.expression.text}()` } });
  }
}
