/**
 * NestJS: HTTP controllers, message and event patterns, gRPC methods, GraphQL resolvers,
 * the application bootstrap (global prefix, microservice transport), ClientsModule and
 * ClientProxy / ClientGrpc calls.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { type Origin, rootOf, unwrap } from '../syntax/origin';
import { cat } from '../syntax/values';
import { anyWord, type Detector } from './detector';

const HTTP_DECORATORS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: 'ANY' };
/** The token under which `HttpModule.register` options reach `HttpService` calls (see http/clients.ts). */
export const NEST_HTTP_SERVICE = '@nestjs/axios:HttpService';

const CLIENT_TYPES = new Set(['ClientProxy', 'ClientKafka', 'ClientRMQ', 'ClientNats', 'ClientRedis', 'ClientTCP', 'ClientMqtt', 'ClientGrpc', 'ClientGrpcProxy']);
const TRANSPORT_BY_CLIENT: Record<string, string> = { ClientKafka: 'KAFKA', ClientRMQ: 'RMQ', ClientNats: 'NATS', ClientRedis: 'REDIS', ClientTCP: 'TCP', ClientMqtt: 'MQTT', ClientGrpc: 'GRPC', ClientGrpcProxy: 'GRPC' };

function prop(obj: ts.Expression | undefined, key: string): ts.Expression | undefined {
  const o = obj ? unwrap(obj) : undefined;
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText().replace(/['"]/g, '') === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

/** `Transport.TCP` → TCP; custom strategies → CUSTOM. */
function transportName(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u)) return u.name.text.toUpperCase();
  if (ts.isNumericLiteral(u)) return ['TCP', 'REDIS', 'NATS', 'MQTT', 'GRPC', 'RMQ', 'KAFKA'][Number(u.text)];
  return undefined;
}

/** Collects a microservice client config `{ transport, options: {...} }` into sym options. */
function clientOptions(ctx: FileContext, config: ts.Expression | undefined): { transport: string; options: Record<string, Sym>; host?: Sym; port?: Sym } | undefined {
  if (!config) return undefined;
  const transport = transportName(prop(config, 'transport')) ?? (prop(config, 'customClass') ? 'CUSTOM' : 'TCP');
  const options = prop(config, 'options');
  const out: Record<string, Sym> = {};
  const o = options ? unwrap(options) : undefined;
  if (o && ts.isObjectLiteralExpression(o)) {
    for (const p of o.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = p.name.getText().replace(/['"]/g, '');
      const v = unwrap(p.initializer);
      if (ts.isArrayLiteralExpression(v) && v.elements[0]) out[key] = ctx.sym(v.elements[0])!;
      else if (ts.isObjectLiteralExpression(v)) {
        for (const q of v.properties) if (ts.isPropertyAssignment(q)) {
          const inner = unwrap(q.initializer);
          out[`${key}.${q.name.getText().replace(/['"]/g, '')}`] = ts.isArrayLiteralExpression(inner) && inner.elements[0] ? ctx.sym(inner.elements[0])! : ctx.sym(q.initializer)!;
        }
      } else out[key] = ctx.sym(p.initializer)!;
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
          ctx.addEndpoint(d.node, { kind: 'message', framework: 'nestjs', method: d.name === 'EventPattern' ? 'event' : 'request', ...(channel ? { channel } : {}), handler, className });
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
        ctx.addStart(call, { kind: 'nest-microservice', transport: opts?.transport ?? 'TCP', ...(opts?.port ? { port: opts.port } : {}) });
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
        ctx.addStart(call, { kind: 'nest-microservice', transport: opts?.transport ?? 'TCP', ...(opts?.port ? { port: opts.port } : {}) });
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
        if (factory) config = returnedObject(factory);
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
