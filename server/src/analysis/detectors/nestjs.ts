/**
 * NestJS: HTTP controllers, message and event patterns, gRPC methods, GraphQL resolvers,
 * the application bootstrap (global prefix, microservice transport), ClientsModule and
 * ClientProxy / ClientGrpc calls.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { findDeclaration, type Origin, rootOf, unwrap } from '../syntax/origin';
import { cat, evalSym } from '../syntax/values';
import { anyWord, type Detector } from './detector';

const HTTP_DECORATORS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: 'ANY' };
/** The token under which `HttpModule.register` options reach `HttpService` calls (see http/clients.ts). */
export const NEST_HTTP_SERVICE = '@nestjs/axios:HttpService';

const CLIENT_TYPES = new Set(['ClientProxy', 'ClientKafka', 'ClientRMQ', 'ClientNats', 'ClientRedis', 'ClientTCP', 'ClientMqtt', 'ClientGrpc', 'ClientGrpcProxy']);
const TRANSPORT_BY_CLIENT: Record<string, string> = { ClientKafka: 'KAFKA', ClientRMQ: 'RMQ', ClientNats: 'NATS', ClientRedis: 'REDIS', ClientTCP: 'TCP', ClientMqtt: 'MQTT', ClientGrpc: 'GRPC', ClientGrpcProxy: 'GRPC' };

function prop(obj: ts.Expression | undefined, key: string): ts.Expression | undefined {
  return obj ? props(obj).get(key)?.expr : undefined;
}

/** A property value with the parameter values of the factory call it came from, if any. */
interface PropValue {
  expr: ts.Expression;
  bind?: Sym[];
}

/**
 * The properties of an object literal, also behind a `const`, with spreads merged in order:
 * `...base` and `...clientFactory(config, Services.TICKETS)` (a local factory function whose
 * returned object is read with its parameters bound to the call's arguments).
 */
function props(expr: ts.Expression, bind?: Sym[], depth = 0): Map<string, PropValue> {
  const out = new Map<string, PropValue>();
  if (depth > 5) return out;
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e.text, e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return props(decl.initializer, bind, depth + 1);
    return out;
  }
  if (!ts.isObjectLiteralExpression(e)) return out;
  for (const p of e.properties) {
    if (ts.isPropertyAssignment(p)) out.set(p.name.getText().replace(/['"]/g, ''), { expr: p.initializer, ...(bind ? { bind } : {}) });
    else if (ts.isShorthandPropertyAssignment(p)) out.set(p.name.text, { expr: p.name, ...(bind ? { bind } : {}) });
    else if (ts.isSpreadAssignment(p)) {
      const inner = unwrap(p.expression);
      if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression)) {
        const fn = localFunction(inner.expression);
        const returned = fn ? returnedObject(fn) : undefined;
        const args = inner.arguments.map((a) => bindParams(evalSym(a), bind));
        if (returned) for (const [k, v] of props(returned, args, depth + 1)) out.set(k, v);
      } else {
        for (const [k, v] of props(inner, bind, depth + 1)) out.set(k, v);
      }
    }
  }
  return out;
}

/** A function declared in this file under a name (declaration or `const f = () => ...`). */
function localFunction(id: ts.Identifier): ts.Expression | undefined {
  const decl = findDeclaration(id.text, id);
  if (!decl) return undefined;
  if (ts.isFunctionDeclaration(decl)) return decl as unknown as ts.Expression;
  if (ts.isVariableDeclaration(decl) && decl.initializer) return decl.initializer;
  return undefined;
}

/** Replaces parameters of a factory by the arguments of its call. */
function bindParams(s: Sym, args: Sym[] | undefined): Sym {
  if (!args) return s;
  switch (s.k) {
    case 'param': {
      const a = args[s.index];
      if (a && a.k !== 'unknown') return a;
      return s.fallback ? bindParams(s.fallback, args) : s;
    }
    case 'cat':
      return { k: 'cat', parts: s.parts.map((x) => bindParams(x, args)) };
    case 'env':
      return s.fallback ? { ...s, fallback: bindParams(s.fallback, args) } : s;
    default:
      return s;
  }
}

function symOf(ctx: FileContext, v: PropValue | undefined): Sym | undefined {
  return v ? bindParams(ctx.sym(v.expr)!, v.bind) : undefined;
}

/** The transport a custom strategy or client class implements, from its name (`AmqpServer` → RMQ). */
function transportOfClass(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  const name = ts.isNewExpression(u) ? unwrap(u.expression).getText() : u.getText();
  if (/rmq|amqp|rabbit/i.test(name)) return 'RMQ';
  if (/kafka/i.test(name)) return 'KAFKA';
  if (/nats/i.test(name)) return 'NATS';
  if (/redis/i.test(name)) return 'REDIS';
  if (/mqtt/i.test(name)) return 'MQTT';
  if (/grpc/i.test(name)) return 'GRPC';
  return 'CUSTOM';
}

/** `Transport.TCP` → TCP; custom strategies → CUSTOM. */
function transportName(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u)) return u.name.text.toUpperCase();
  if (ts.isNumericLiteral(u)) return ['TCP', 'REDIS', 'NATS', 'MQTT', 'GRPC', 'RMQ', 'KAFKA'][Number(u.text)];
  return undefined;
}

/**
 * Collects a microservice client or server config `{ transport, options: {...} }` (or a custom
 * `{ strategy: new AmqpServer(options) }` / `{ customClass, options }`) into sym options.
 */
function clientOptions(ctx: FileContext, config: ts.Expression | undefined): { transport: string; options: Record<string, Sym>; host?: Sym; port?: Sym } | undefined {
  if (!config) return undefined;
  const top = props(config);
  // a config built elsewhere (`createNestjsKafkaConfig()`, `useFactory: kafkaOptions`): its name may say the transport
  if (!top.size) {
    const u = unwrap(config);
    const named = ts.isCallExpression(u) ? u.expression : ts.isIdentifier(u) || ts.isPropertyAccessExpression(u) ? u : undefined;
    const t = named ? transportOfClass(named) : undefined;
    return t && t !== 'CUSTOM' ? { transport: t, options: {} } : undefined;
  }
  const strategy = top.get('strategy');
  const strategyNew = strategy ? unwrap(strategy.expr) : undefined;
  const transport =
    transportName(top.get('transport')?.expr) ??
    (strategy ? transportOfClass(strategy.expr) : undefined) ??
    (top.get('customClass') ? transportOfClass(top.get('customClass')!.expr) : undefined) ??
    'TCP';
  let options = top.get('options');
  if (!options && strategyNew && ts.isNewExpression(strategyNew) && strategyNew.arguments?.[0]) options = { expr: strategyNew.arguments[0], ...(strategy!.bind ? { bind: strategy!.bind } : {}) };
  const out: Record<string, Sym> = {};
  if (options) {
    for (const [key, pv] of props(options.expr, options.bind)) {
      const v = unwrap(pv.expr);
      if (ts.isArrayLiteralExpression(v) && v.elements[0]) out[key] = symOf(ctx, { ...pv, expr: v.elements[0] })!;
      else if (ts.isObjectLiteralExpression(v)) {
        for (const [k2, inner] of props(v, pv.bind)) {
          const iv = unwrap(inner.expr);
          out[`${key}.${k2}`] = symOf(ctx, ts.isArrayLiteralExpression(iv) && iv.elements[0] ? { ...inner, expr: iv.elements[0] } : inner)!;
        }
      } else out[key] = symOf(ctx, pv)!;
    }
  }
  const res: { transport: string; options: Record<string, Sym>; host?: Sym; port?: Sym } = { transport, options: out };
  if (out.host) res.host = out.host;
  if (out.port) res.port = out.port;
  if (!res.host && out.url) res.host = out.url;
  if (!res.host && out.servers) res.host = out.servers;
  if (!res.host && out.urls) res.host = out.urls;
  return res;
}

function isNestClient(o: Origin): string | undefined {
  const r = rootOf(o);
  if (r.kind === 'type' && CLIENT_TYPES.has(r.typeName) && (r.module === undefined || r.module.startsWith('@nestjs/'))) return r.typeName;
  // ClientProxyFactory.create(...) stored in a field
  if (o.kind === 'call' && o.callee.kind === 'import' && o.callee.name === 'ClientProxyFactory' && o.callee.path[0] === 'create') return 'ClientProxy';
  return undefined;
}

/** Detects NestJS endpoints, bootstrap and microservice clients. */
export const nestjs: Detector = {
  id: 'nestjs',
  applies: anyWord('@nestjs/', 'ClientProxy', 'ClientGrpc'),
  onClass(cls, ctx) {
    // @Client({ transport, options }) client: ClientProxy — a client configured on the property itself
    for (const m of cls.members) {
      if (!ts.isPropertyDeclaration(m) || !ts.isIdentifier(m.name)) continue;
      const dec = ctx.decorators(m).find((d) => d.name === 'Client');
      const opts = dec ? clientOptions(ctx, dec.args[0]) : undefined;
      if (!opts) continue;
      ctx.addClient({ id: `${ctx.file}#${cls.name?.text ?? 'default'}.${m.name.text}`, library: '@nestjs/microservices', transport: opts.transport, options: opts.options, ...(opts.host ? { host: opts.host } : {}), ...(opts.port ? { port: opts.port } : {}), line: ctx.loc(m).line });
    }
    const decorators = ctx.decorators(cls);
    const controller = decorators.find((d) => d.name === 'Controller');
    const resolver = decorators.find((d) => d.name === 'Resolver');
    if (!controller && !resolver && !decorators.some((d) => d.name === 'Injectable')) return;
    let prefix: Sym = { k: 'lit', v: '' };
    const arg = controller?.args[0];
    if (arg) {
      const a = unwrap(arg);
      prefix = ts.isObjectLiteralExpression(a) ? (ctx.sym(prop(a, 'path')) ?? prefix) : ctx.sym(a)!;
    }
    const className = cls.name?.text ?? 'default';
    for (const m of cls.members) {
      if (!ts.isMethodDeclaration(m) || !m.name) continue;
      const handler = ctx.idOf(m);
      for (const d of ctx.decorators(m)) {
        const verb = HTTP_DECORATORS[d.name];
        if (verb && controller) {
          ctx.addEndpoint(d.node, { kind: 'http', framework: 'nestjs', method: verb, path: d.args[0] ? ctx.sym(d.args[0])! : { k: 'lit', v: '' }, prefix, handler, className });
        } else if (d.name === 'MessagePattern' || d.name === 'EventPattern') {
          const channel = d.args[0] ? ctx.sym(d.args[0]) : undefined;
          // @MessagePattern(pattern, Transport.RMQ): a handler bound to one of the app's transports
          const transport = d.args[1] && !ts.isObjectLiteralExpression(unwrap(d.args[1])) ? transportName(d.args[1]) : undefined;
          ctx.addEndpoint(d.node, { kind: 'message', framework: 'nestjs', method: d.name === 'EventPattern' ? 'event' : 'request', ...(channel ? { channel } : {}), ...(transport ? { mechanism: `nestjs-${transport.toLowerCase()}` } : {}), handler, className });
        } else if (d.name === 'GrpcMethod' || d.name === 'GrpcStreamMethod') {
          const svc = d.args[0] ? ctx.sym(d.args[0])! : { k: 'lit' as const, v: className.replace(/Controller$/, '') };
          const method = d.args[1] ? ctx.sym(d.args[1])! : { k: 'lit' as const, v: m.name.getText().replace(/^./, (c) => c.toUpperCase()) };
          ctx.addEndpoint(d.node, { kind: 'grpc', framework: 'nestjs', mechanism: 'grpc', channel: cat([svc, { k: 'lit', v: '.' }, method]), handler, className });
        } else if ((d.name === 'Query' || d.name === 'Mutation' || d.name === 'Subscription') && resolver) {
          const nameArg = d.args.find((x) => ts.isStringLiteralLike(unwrap(x)));
          const opName = nameArg ? ctx.sym(nameArg)! : { k: 'lit' as const, v: m.name.getText() };
          ctx.addEndpoint(d.node, { kind: 'graphql', framework: 'nestjs', mechanism: 'graphql', method: d.name.toLowerCase(), channel: opName, handler, className });
        }
      }
    }
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const recvExpr = unwrap(callee.expression);
    // NestFactory.create / createMicroservice
    if (ts.isIdentifier(recvExpr) && recvExpr.text === 'NestFactory' && (method === 'create' || method === 'createMicroservice' || method === 'createApplicationContext')) {
      if (method === 'createMicroservice') {
        const opts = clientOptions(ctx, call.arguments[1]);
        ctx.addStart(call, { kind: 'nest-microservice', transport: opts?.transport ?? 'TCP', ...(opts?.port ? { port: opts.port } : {}), ...(opts ? { options: opts.options } : {}) });
      } else if (method === 'create') {
        ctx.addStart(call, { kind: 'nest' });
      } else {
        ctx.addStart(call, { kind: 'worker' });
      }
      return;
    }
    const recv = ctx.origin(recvExpr);
    // app.setGlobalPrefix('api') / app.connectMicroservice({...}) / app.listen(port)
    const r = rootOf(recv);
    const isNestApp = r.kind === 'call' || (r.kind === 'import' && r.name === 'NestFactory') || (recv.kind === 'call' && rootOf(recv.callee).kind === 'import');
    if (isNestApp && recv.kind === 'call' && recv.callee.kind === 'import' && recv.callee.name === 'NestFactory') {
      if (method === 'setGlobalPrefix' && call.arguments[0]) ctx.addStart(call, { kind: 'nest', globalPrefix: ctx.sym(call.arguments[0])! });
      else if (method === 'connectMicroservice') {
        const opts = clientOptions(ctx, call.arguments[0]);
        ctx.addStart(call, { kind: 'nest-microservice', transport: opts?.transport ?? 'TCP', ...(opts?.port ? { port: opts.port } : {}), ...(opts ? { options: opts.options } : {}) });
      } else if (method === 'listen' && call.arguments[0]) ctx.addStart(call, { kind: 'nest', port: ctx.sym(call.arguments[0])! });
      return;
    }
    // ClientsModule.register([{ name, transport, options }]) / registerAsync([{ name, useFactory: () => ({...}) }])
    if (ts.isIdentifier(recvExpr) && recvExpr.text === 'ClientsModule' && (method === 'register' || method === 'registerAsync')) {
      const list = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      const entries = list && ts.isArrayLiteralExpression(list) ? list.elements : list && ts.isObjectLiteralExpression(list) ? (prop(list, 'clients') && ts.isArrayLiteralExpression(unwrap(prop(list, 'clients')!)) ? (unwrap(prop(list, 'clients')!) as ts.ArrayLiteralExpression).elements : []) : [];
      for (const el of entries) {
        const name = prop(el, 'name');
        let config: ts.Expression | undefined = el;
        const factory = prop(el, 'useFactory');
        if (factory) config = returnedObject(factory) ?? factory;
        const opts = clientOptions(ctx, config);
        if (!name || !opts) continue;
        ctx.addClient({ token: ctx.sym(name)!, library: '@nestjs/microservices', transport: opts.transport, options: opts.options, ...(opts.host ? { host: opts.host } : {}), ...(opts.port ? { port: opts.port } : {}), line: ctx.loc(el).line });
      }
      return;
    }
    // HttpModule.register({ timeout, baseURL }): the defaults of every HttpService call in the module
    if (ts.isIdentifier(recvExpr) && recvExpr.text === 'HttpModule' && (method === 'register' || method === 'registerAsync')) {
      const arg = call.arguments[0];
      const factory = method === 'registerAsync' ? prop(arg, 'useFactory') : undefined;
      const config = factory ? returnedObject(factory) : arg;
      const base = prop(config, 'baseURL');
      ctx.addClient({ token: { k: 'lit', v: NEST_HTTP_SERVICE }, library: '@nestjs/axios', timeout: prop(config, 'timeout') !== undefined, ...(base ? { baseUrl: ctx.sym(base)! } : {}), line: ctx.loc(call).line });
      return;
    }
    // { provide: 'TOKEN', useFactory: () => ClientProxyFactory.create({...}) }
    if (ts.isIdentifier(recvExpr) && recvExpr.text === 'ClientProxyFactory' && method === 'create') {
      const token = providerToken(call);
      const opts = clientOptions(ctx, call.arguments[0]);
      const fieldId = ts.isBinaryExpression(call.parent) || ts.isPropertyDeclaration(call.parent) ? ctx.instanceId((call.parent as ts.BinaryExpression).left ?? call.parent) : undefined;
      if (opts) ctx.addClient({ ...(token ? { token } : {}), ...(fieldId ? { id: fieldId } : {}), library: '@nestjs/microservices', transport: opts.transport, options: opts.options, ...(opts.host ? { host: opts.host } : {}), ...(opts.port ? { port: opts.port } : {}), line: ctx.loc(call).line });
      return;
    }
    // client.send(pattern, data) / client.emit(pattern, data)
    if (method === 'send' || method === 'emit') {
      const clientType = isNestClient(recv);
      if (!clientType) return;
      const channel = call.arguments[0] ? ctx.sym(call.arguments[0]) : undefined;
      const client = clientRef(ctx, recvExpr, recv);
      ctx.addCall(call, {
        mechanism: 'nestjs-' + (TRANSPORT_BY_CLIENT[clientType] ?? 'tcp').toLowerCase(),
        library: '@nestjs/microservices',
        role: method === 'emit' ? 'publish' : 'request',
        ...(method === 'emit' ? { style: 'event' as const } : {}),
        ...(channel ? { channel } : {}),
        ...(client ? { client } : {}),
        traits: { hasTimeout: /\btimeout\(/.test(call.parent?.getText() ?? '') || /\.pipe\([^)]*timeout/.test(call.parent?.parent?.getText() ?? '') },
      });
      return;
    }
    // gRPC: this.catalog.getProduct(req) where this.catalog = client.getService<T>('CatalogService')
    if (recv.kind === 'call' && recv.path.length === 0) {
      const svcCall = recv.call;
      if (ts.isPropertyAccessExpression(svcCall.expression) && svcCall.expression.name.text === 'getService' && isNestClient(recv.callee.kind === 'type' ? { ...recv.callee, path: [] } : recv.callee)) {
        const svc = svcCall.arguments[0] ? ctx.sym(svcCall.arguments[0]) : undefined;
        const m = method.replace(/^./, (c) => c.toUpperCase());
        const client = clientRef(ctx, unwrap(svcCall.expression.expression), ctx.origin(svcCall.expression.expression));
        ctx.addCall(call, {
          mechanism: 'grpc',
          library: '@nestjs/microservices',
          role: 'request',
          channel: cat([svc ?? { k: 'unknown', text: '?' }, { k: 'lit', v: '.' + m }]),
          ...(client ? { client } : {}),
          traits: { hasTimeout: /\btimeout\(|deadline/.test(call.parent?.getText() ?? '') },
        });
      }
    }
  },
};

function clientRef(ctx: FileContext, expr: ts.Expression, o: Origin): { k: 'token'; token: Sym } | { k: 'instance'; id: string } | undefined {
  const r = rootOf(o);
  if (r.kind === 'type' && r.token) return { k: 'token', token: r.token };
  const id = ctx.instanceId(expr);
  return id ? { k: 'instance', id } : undefined;
}

function returnedObject(fn: ts.Expression): ts.Expression | undefined {
  const f = unwrap(fn);
  if (!ts.isArrowFunction(f) && !ts.isFunctionExpression(f)) return undefined;
  if (!ts.isBlock(f.body)) return unwrap(f.body);
  for (const st of f.body.statements) if (ts.isReturnStatement(st) && st.expression) return unwrap(st.expression);
  return undefined;
}

/** The `provide:` token of the provider object around a factory call. */
function providerToken(node: ts.Node): Sym | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n && !ts.isSourceFile(n)) {
    if (ts.isObjectLiteralExpression(n)) {
      const p = n.properties.find((x) => ts.isPropertyAssignment(x) && x.name.getText() === 'provide');
      if (p && ts.isPropertyAssignment(p)) {
        const v = unwrap(p.initializer);
        if (ts.isStringLiteralLike(v)) return { k: 'lit', v: v.text };
        if (ts.isIdentifier(v)) return { k: 'lit', v: v.text };
        if (ts.isPropertyAccessExpression(v)) return { k: 'lit', v: v.getText() };
      }
    }
    n = n.parent;
  }
  return undefined;
}
