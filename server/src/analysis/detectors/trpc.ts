/**
 * tRPC between services. On the server: routers (`t.router({ ... })`, `router({ ... })`,
 * `createTRPCRouter`) whose entries are procedures (`publicProcedure.input(x).query(fn)`,
 * `.mutation`, `.subscription`) or nested routers, and the adapters that serve the root router
 * under a path (`app.use('/trpc', createExpressMiddleware({ router }))`, `createHTTPServer`,
 * the fastify plugin, `fetchRequestHandler({ endpoint })`, Next.js `createNextApiHandler`).
 * Procedures are HTTP endpoints (the contract has no tRPC kind): queries answer GET, mutations
 * POST, at `<mount>/<path.to.procedure>`; nested routers are mounts with a `name.` prefix.
 * On the client: `createTRPCProxyClient<AppRouter>({ links: [httpBatchLink({ url })] })` and
 * `createTRPCClient`, then `client.a.b.query(input)` / `.mutate(input)` (request-response, the
 * style from how the result is used) and `.subscribe(input, handlers)` (replies handled later).
 */
import { ts } from 'ts-morph';
import type { ClientRef, Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { entries, memberCall, objectOf, prop, propertyName } from '../syntax/objects';
import { findDeclaration, importBinding, type Origin, unwrap } from '../syntax/origin';
import type { Detector } from './detector';
import { nextRoutePath } from './http/nextjs';
import { routerIdOf } from './http/routers';
import { resultVariable } from './messaging/common';

/** The library name calls and clients report. */
export const TRPC_CLIENT = '@trpc/client';
const SERVER = '@trpc/server';

/** Procedure kinds and the HTTP method each is served with. */
const PROCEDURES: Record<string, string> = { query: 'GET', mutation: 'POST', subscription: 'GET' };
/** Client call methods. */
const CLIENT_METHODS = new Set(['query', 'mutate', 'subscribe']);
/** Client factories of `@trpc/client` (v10 and v11 names). */
const CLIENT_FACTORIES = new Set(['createTRPCProxyClient', 'createTRPCClient', 'createTRPCUntypedClient']);
/** Router factory names used without an import from `@trpc/server` (`export const router = t.router`). */
const ROUTER_NAMES = new Set(['router', 'createTRPCRouter', 'createRouter', 'createTrpcRouter']);

/** Detects tRPC routers, procedures, adapters, clients and client calls. */
export const trpc: Detector = {
  id: 'trpc',
  // a call through an imported client need not name tRPC anywhere in its file
  applies: (text) => /trpc|procedure|\.(?:query|mutate|subscribe)\(/i.test(text),
  onCall(call, ctx) {
    if (isClientFactory(ctx, call)) return recordClient(ctx, call);
    if (isRouterCall(ctx, call)) return declareRouter(ctx, call, routerId(ctx, call));
    if (adapter(ctx, call)) return;
    clientCall(ctx, call);
  },
};

// ------------------------------------------------------------------------------------- server

/** True when an origin leads to an import from `@trpc/server` (`initTRPC.create().router`). */
function fromServer(o: Origin, depth = 0): boolean {
  if (depth > 8) return false;
  if (o.kind === 'import') return o.module === SERVER || o.module.startsWith(`${SERVER}/`);
  if (o.kind === 'call') return fromServer(o.callee, depth + 1);
  if (o.kind === 'new') return fromServer(o.ctor, depth + 1);
  return false;
}

/** The name a callee is written with: `router`, `t.router` → `router`. */
function calleeName(call: ts.CallExpression): string | undefined {
  const c = unwrap(call.expression);
  if (ts.isIdentifier(c)) return c.text;
  if (ts.isPropertyAccessExpression(c)) return c.name.text;
  return undefined;
}

/**
 * `t.router({...})` with `t` from `initTRPC`, or a router factory re-exported under a usual name
 * (`router`, `createTRPCRouter`) whose object holds a procedure or the file speaks of tRPC.
 */
function isRouterCall(ctx: FileContext, call: ts.CallExpression): boolean {
  const name = calleeName(call);
  const obj = objectOf(call.arguments[0]);
  if (!name || !obj || call.arguments.length !== 1) return false;
  const o = ctx.origin(call.expression);
  if (fromServer(o)) return name === 'router' || (o.kind !== 'import' && o.path[o.path.length - 1] === 'router');
  if (!ROUTER_NAMES.has(name)) return false;
  return /trpc/i.test(ctx.text) || entries(obj).some(([, , v]) => v !== undefined && procedureKind(v) !== undefined);
}

/** `query`, `mutation` or `subscription` for a procedure builder chain ending in one of them. */
function procedureKind(value: ts.Expression): string | undefined {
  const u = unwrap(value);
  if (!ts.isCallExpression(u)) return undefined;
  const m = memberCall(u);
  if (!m || !PROCEDURES[m.method] || u.arguments.length !== 1) return undefined;
  // the chain starts at a procedure builder: `publicProcedure`, `t.procedure`, `protectedProcedure.use(mw)`
  let e: ts.Expression = m.recv;
  for (let i = 0; i < 12; i++) {
    if (ts.isCallExpression(e)) e = unwrap(e.expression);
    else if (ts.isPropertyAccessExpression(e)) {
      if (/procedure$/i.test(e.name.text)) return m.method;
      e = unwrap(e.expression);
    } else break;
  }
  return ts.isIdentifier(e) && /procedure$/i.test(e.text) ? m.method : undefined;
}

/** The id of the router a call builds: its variable (`file#appRouter`) or its position. */
function routerId(ctx: FileContext, call: ts.CallExpression): string {
  const v = resultVariable(call);
  if (v && ts.isIdentifier(v.name)) return `${ctx.file}#${v.name.text}`;
  const { line, column } = ctx.loc(call);
  return `${ctx.file}#<trpc-router@${line}:${column}>`;
}

/** Reports the procedures of a router and mounts its nested routers under `name.`. */
function declareRouter(ctx: FileContext, call: ts.CallExpression, id: string): void {
  for (const [key, node, value] of entries(call.arguments[0])) {
    if (!value) continue;
    const prefix: Sym = { k: 'lit', v: `${key}.` };
    const u = unwrap(value);
    const kind = procedureKind(u);
    if (kind) {
      procedure(ctx, node, key, kind, u as ts.CallExpression, id);
      continue;
    }
    if (ts.isCallExpression(u) && isRouterCall(ctx, u)) {
      // an inline nested router: declared here (the walk reaches it too, but must not mount it again)
      const child = `${ctx.file}#<trpc-router@${ctx.loc(u).line}:${ctx.loc(u).column}>`;
      ctx.addMount({ parent: id, prefix, child: { k: 'local', id: child }, framework: 'trpc' });
      continue;
    }
    if (ts.isIdentifier(u)) {
      // a procedure kept in a local constant, else a router declared elsewhere
      const decl = findDeclaration(u.text, u);
      const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
      const k = init ? procedureKind(init) : undefined;
      if (k) procedure(ctx, node, key, k, init as ts.CallExpression, id);
      else mountRouter(ctx, id, prefix, u);
    }
  }
}

function procedure(ctx: FileContext, node: ts.Node, key: string, kind: string, builder: ts.CallExpression, router: string): void {
  ctx.addEndpoint(node, { kind: 'http', framework: 'trpc', mechanism: 'trpc', method: PROCEDURES[kind]!, path: { k: 'lit', v: key }, router, handler: ctx.handlerRef(builder.arguments[0], builder) });
}

/** Mounts the router an expression names (a local or imported variable) under `prefix` of `parent`. */
function mountRouter(ctx: FileContext, parent: string, prefix: Sym, expr: ts.Expression): void {
  const e = unwrap(expr);
  if (ts.isCallExpression(e) && isRouterCall(ctx, e)) {
    const { line, column } = ctx.loc(e);
    ctx.addMount({ parent, prefix, child: { k: 'local', id: resultVariable(e) ? routerId(ctx, e) : `${ctx.file}#<trpc-router@${line}:${column}>` }, framework: 'trpc' });
    return;
  }
  if (!ts.isIdentifier(e)) return;
  const decl = findDeclaration(e.text, e);
  const imp = decl ? importBinding(decl) : undefined;
  if (imp) ctx.addMount({ parent, prefix, child: { k: 'import', module: imp.module, name: imp.name }, framework: 'trpc' });
  else if (decl) ctx.addMount({ parent, prefix, child: { k: 'local', id: `${ctx.file}#${e.text}` }, framework: 'trpc' });
}

/** The adapter an import names: `createExpressMiddleware` from `@trpc/server/adapters/express`, ... */
function adapterName(ctx: FileContext, expr: ts.Expression): string | undefined {
  const o = ctx.origin(expr);
  if (o.kind !== 'import' || !o.module.startsWith(`${SERVER}/adapters`)) return undefined;
  return o.path.length ? o.path[o.path.length - 1] : o.name;
}

/** Serves a router: express/connect middleware, standalone server, fastify plugin, fetch and Next.js handlers. */
function adapter(ctx: FileContext, call: ts.CallExpression): boolean {
  const name = adapterName(ctx, call.expression);
  const m = memberCall(call);
  if (!name) {
    // fastify: `server.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } })`
    const [plugin, opts] = call.arguments;
    if (m?.method !== 'register' || !plugin || adapterName(ctx, plugin) !== 'fastifyTRPCPlugin') return false;
    const router = prop(prop(opts, 'trpcOptions'), 'router');
    if (router) mountRouter(ctx, routerIdOf(ctx, m.recv), ctx.sym(prop(opts, 'prefix')) ?? { k: 'lit', v: '' }, router);
    return true;
  }
  const opts = call.arguments[0];
  const router = prop(opts, 'router');
  if (!router) return true;
  // kept in a variable (`export const trpcRouter = createExpressMiddleware(...)`), the adapter is what an app mounts
  const v = resultVariable(call);
  const here = v && ts.isIdentifier(v.name) ? `${ctx.file}#${v.name.text}` : `${ctx.file}#<trpc-adapter@${ctx.loc(call).line}>`;
  if (name === 'createExpressMiddleware') {
    // `app.use('/trpc', createExpressMiddleware(...))`: the app's prefix; elsewhere served at its root
    const use = call.parent && ts.isCallExpression(call.parent) ? memberCall(call.parent) : undefined;
    const args = use && call.parent && ts.isCallExpression(call.parent) ? call.parent.arguments : [];
    const first = args[0];
    if (use && use.method === 'use' && first && first !== call && !ts.isCallExpression(unwrap(first))) mountRouter(ctx, routerIdOf(ctx, use.recv), ctx.sym(first)!, router);
    else if (use && use.method === 'use') mountRouter(ctx, routerIdOf(ctx, use.recv), { k: 'lit', v: '' }, router);
    else mountRouter(ctx, here, { k: 'lit', v: '' }, router);
    return true;
  }
  if (name === 'fetchRequestHandler') {
    mountRouter(ctx, here, ctx.sym(prop(opts, 'endpoint')) ?? { k: 'lit', v: '' }, router);
    return true;
  }
  if (name === 'createNextApiHandler') {
    // `pages/api/trpc/[trpc].ts`: procedures are served at `/api/trpc/<path>`
    const route = nextRoutePath(ctx.file);
    const base = route ? route.path.replace(/\/:[^/]+$|\/\*$/, '') : '';
    mountRouter(ctx, here, { k: 'lit', v: base }, router);
    return true;
  }
  // createHTTPServer / createHTTPHandler / applyWSSHandler / awsLambdaRequestHandler: served at the root (or basePath)
  mountRouter(ctx, here, ctx.sym(prop(opts, 'basePath')) ?? { k: 'lit', v: '' }, router);
  if (name === 'createHTTPServer') {
    const listen = call.parent && ts.isPropertyAccessExpression(call.parent) && call.parent.name.text === 'listen' && ts.isCallExpression(call.parent.parent) ? call.parent.parent : undefined;
    const port = listen?.arguments[0] ? ctx.sym(listen.arguments[0]) : undefined;
    ctx.addStart(call, { kind: 'listen', ...(port ? { port } : {}) });
  }
  return true;
}

// ------------------------------------------------------------------------------------- client

function isClientFactory(ctx: FileContext, call: ts.CallExpression): boolean {
  const o = ctx.origin(call.expression);
  return o.kind === 'import' && o.module === TRPC_CLIENT && o.path.length === 0 && CLIENT_FACTORIES.has(o.name);
}

/** The client's server URL: the `url` of an HTTP (or WebSocket) link in its options. */
function linkUrl(ctx: FileContext, opts: ts.Expression | undefined): Sym | undefined {
  const obj = objectOf(opts);
  if (!obj) return undefined;
  let found: Sym | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(n) && propertyName(n.name) === 'url') {
      const v = unwrap(n.initializer);
      if (!ts.isArrowFunction(v) && !ts.isFunctionExpression(v)) found = ctx.sym(v);
      return;
    }
    if (ts.isCallExpression(n) && n.arguments.length === 1 && ts.isIdentifier(unwrap(n.arguments[0]!))) {
      // `httpBatchLink(linkOptions)` with the options in a constant
      const inner = objectOf(n.arguments[0]);
      if (inner) visit(inner);
    }
    ts.forEachChild(n, visit);
  };
  visit(obj);
  return found;
}

/** The module the router type of `createTRPCProxyClient<AppRouter>` (or `TRPCClient<AppRouter>`) is imported from. */
function routerTypeModule(at: ts.Node, typeName: string | undefined): string | undefined {
  if (!typeName) return undefined;
  const decl = findDeclaration(typeName.replace(/\..*$/, ''), at);
  const imp = decl ? importBinding(decl) : undefined;
  return imp?.module;
}

/** A client kept in a variable or a field: a client fact carrying the server URL and the router type's module. */
function recordClient(ctx: FileContext, call: ts.CallExpression): void {
  const url = linkUrl(ctx, call.arguments[0]);
  const t = call.typeArguments?.[0];
  const module = t && ts.isTypeReferenceNode(t) ? routerTypeModule(call, t.typeName.getText()) : undefined;
  let id: string | undefined;
  const v = resultVariable(call);
  if (v && ts.isIdentifier(v.name)) id = `${ctx.file}#${v.name.text}`;
  const p = call.parent;
  if (!id && p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === call) id = ctx.instanceId(p.left);
  if (!id && p && ts.isPropertyDeclaration(p) && p.initializer === call && ts.isIdentifier(p.name)) {
    const cls = p.parent;
    id = `${ctx.file}#${ts.isClassLike(cls) && cls.name ? cls.name.text + '.' : ''}${p.name.text}`;
  }
  if (!id) return;
  ctx.addClient({ id, library: TRPC_CLIENT, transport: 'trpc', ...(url ? { baseUrl: url } : {}), ...(module ? { options: { router: { k: 'lit', v: module } } } : {}), line: ctx.loc(call).line });
}

/** `client.a.b.query(input)`, `.mutate(input)`, `.subscribe(input, handlers)` on a tRPC client. */
function clientCall(ctx: FileContext, call: ts.CallExpression): void {
  const m = memberCall(call);
  if (!m || !CLIENT_METHODS.has(m.method)) return;
  // the procedure path, read off the receiver down to the client
  const path: string[] = [];
  let e: ts.Expression = m.recv;
  while (ts.isPropertyAccessExpression(e) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    path.unshift(e.name.text);
    e = unwrap(e.expression);
  }
  if (!path.length) return;
  const client = clientRef(ctx, e);
  if (!client) return;
  ctx.addCall(call, {
    mechanism: 'trpc',
    library: TRPC_CLIENT,
    role: 'request',
    method: m.method,
    channel: { k: 'lit', v: path.join('.') },
    ...(client.ref ? { client: client.ref } : {}),
    ...(client.url ? { url: client.url } : {}),
    ...(client.module ? { exchange: { k: 'lit' as const, v: client.module } } : {}),
    // a subscription's data arrives later, in its handlers
    ...(m.method === 'subscribe' ? { style: 'async-request-response' as const } : {}),
  });
}

/** What the client expression is: a client made in this file, one imported from another, or a typed parameter or field. */
function clientRef(ctx: FileContext, e: ts.Expression): { ref?: ClientRef; url?: Sym; module?: string } | undefined {
  const o = ctx.origin(e);
  if (o.path.length) return undefined;
  if (o.kind === 'call' && isClientFactory(ctx, o.call)) {
    const t = o.call.typeArguments?.[0];
    const id = ctx.instanceId(e);
    const known = id !== undefined && ctx.facts.clients.some((c) => c.id === id && c.library === TRPC_CLIENT);
    if (known) return { ref: { k: 'instance', id } };
    const url = linkUrl(ctx, o.call.arguments[0]);
    const module = t && ts.isTypeReferenceNode(t) ? routerTypeModule(o.call, t.typeName.getText()) : undefined;
    return { ...(url ? { url } : {}), ...(module ? { module } : {}) };
  }
  if (o.kind === 'import' && !o.module.startsWith('@trpc/') && o.name !== '*') {
    // resolved at link time: a call through anything but a tRPC client is dropped there
    return { ref: { k: 'instance', id: `@import:${o.module}:${o.name}` } };
  }
  if (o.kind === 'type' && /trpc/i.test(o.typeName)) {
    const module = routerTypeModule(e, o.typeArgs?.[0]);
    return module ? { module } : {};
  }
  const id = ctx.instanceId(e);
  if (id && ctx.facts.clients.some((c) => c.id === id && c.library === TRPC_CLIENT)) return { ref: { k: 'instance', id } };
  return undefined;
}
