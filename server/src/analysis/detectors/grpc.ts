/**
 * gRPC with @grpc/grpc-js (and the legacy `grpc` package): servers registering implementations
 * with `server.addService(Svc.service, impl)`, and clients built from loaded packages or
 * generated (ts-proto / grpc-tools) client classes, calling `client.method(request, cb)`.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import type { Origin } from '../syntax/origin';
import { rootOf, unwrap } from '../syntax/origin';
import { callbackRequestStyle } from '../syntax/flow';
import { entries } from '../syntax/objects';
import { anyWord, type Detector } from './detector';

const GRPC_MODULES = ['@grpc/grpc-js', 'grpc', '@grpc/proto-loader'];
/** Methods every generated client has that are not RPCs. */
const NOT_RPC = new Set(['close', 'getChannel', 'waitForReady', 'makeUnaryRequest', 'makeClientStreamRequest', 'makeServerStreamRequest', 'makeBidiStreamRequest', 'then', 'bind', 'call', 'apply', 'toString']);

/** The service name a client/server origin refers to: the last property read off a loaded package. */
function grpcServiceName(o: Origin): string | undefined {
  const r = rootOf(o);
  if (r.kind !== 'import' && r.kind !== 'call') return undefined;
  if (r.kind === 'import' && !GRPC_MODULES.includes(r.module) && !/(_grpc_pb|_pb|\.grpc|grpc|proto)/i.test(r.module)) return undefined;
  const path = o.kind === 'new' ? o.ctor.path : o.path;
  if (o.kind === 'new' && o.ctor.kind === 'import' && o.ctor.path.length === 0) {
    // generated client class: `import { CatalogServiceClient } from './gen/catalog'`
    return o.ctor.name.replace(/Client$/, '');
  }
  return path[path.length - 1];
}

function upperFirst(s: string): string {
  return s.replace(/^./, (c) => c.toUpperCase());
}

/** Classes of the grpc packages themselves that are not service clients. */
const NOT_CLIENT = new Set(['Server', 'ServerCredentials', 'Metadata', 'Channel', 'InterceptingCall', 'credentials', 'Client']);

/**
 * True when a `new X(...)` builds a service client: a service read off a loaded package
 * (`new proto.catalog.CatalogService(addr, creds)`) or a generated client class.
 */
function fromGrpc(o: Extract<Origin, { kind: 'new' }>): boolean {
  const ctor = o.ctor;
  const last = ctor.path[ctor.path.length - 1];
  if (last && NOT_CLIENT.has(last)) return false;
  const r = rootOf(ctor);
  if (ctor.kind === 'import' && ctor.path.length === 0) return /Client$/.test(ctor.name) && ctor.name !== 'Client' && (/(_grpc_pb|grpc|proto|generated|gen)/i.test(ctor.module) || ctor.module.startsWith('.'));
  if (r.kind === 'import' && GRPC_MODULES.includes(r.module)) return ctor.kind === 'call' || ctor.path.length > 1;
  if (ctor.kind === 'call') return fromGrpcCall(ctor);
  return r.kind === 'import' && /(_grpc_pb)/.test(r.module) && ctor.path.length > 0;
}

function fromGrpcCall(o: Extract<Origin, { kind: 'call' }>): boolean {
  const r = rootOf(o.callee);
  return r.kind === 'import' && GRPC_MODULES.includes(r.module);
}

/**
 * An RPC method handed to a helper with its client: `makeGrpcRequest(client, client.getUser, req)`
 * or `promisify(client.getUser.bind(client))(req)`: the client expression and the method name.
 */
function helperRpc(call: ts.CallExpression): { recv: ts.Expression; method: string } | undefined {
  const args = call.arguments.map((a) => unwrap(a));
  for (const a of args) {
    // client.getUser.bind(client)
    if (ts.isCallExpression(a) && ts.isPropertyAccessExpression(a.expression) && a.expression.name.text === 'bind') {
      const m = unwrap(a.expression.expression);
      if (ts.isPropertyAccessExpression(m) && ts.isIdentifier(m.expression)) return { recv: m.expression, method: m.name.text };
    }
    // (client, client.getUser, ...)
    if (ts.isPropertyAccessExpression(a) && ts.isIdentifier(a.expression)) {
      const name = a.expression.text;
      if (args.some((b) => b !== a && ts.isIdentifier(b) && b.text === name)) return { recv: a.expression, method: a.name.text };
    }
  }
  return undefined;
}

/** A factory of another module whose name says it makes a client (`createDataServiceClient()`): the module and name. */
function clientFactory(o: Origin): { module: string; name: string } | undefined {
  if (o.kind !== 'call' || o.path.length) return undefined;
  const c = o.callee;
  if (c.kind !== 'import') return undefined;
  const name = c.name === '*' && c.path.length === 1 ? c.path[0]! : c.path.length === 0 ? c.name : undefined;
  return name && /client|stub/i.test(name) ? { module: c.module, name } : undefined;
}

/**
 * A gRPC call on a client built elsewhere: by a factory function of another module (its `new XClient(addr)`
 * is a client fact there) or held in a variable typed as a generated client class (`let c: DataServiceClient`).
 */
function reportForeignClient(call: ts.CallExpression, recvExpr: ts.Expression, method: string, style: ReturnType<FileContext['style']>, ctx: FileContext): boolean {
  if (NOT_RPC.has(method)) return false;
  const recv = ctx.origin(recvExpr);
  const rpc = upperFirst(method);
  const traits = { hasTimeout: call.arguments.some((a) => /deadline/.test(a.getText())) };
  if (recv.kind === 'new' && fromGrpc(recv)) {
    const svc = grpcServiceName(recv);
    if (!svc) return false;
    const address = recv.expr.arguments?.[0];
    ctx.addCall(call, { mechanism: 'grpc', library: '@grpc/grpc-js', role: 'request', channel: { k: 'lit', v: `${svc}.${rpc}` }, ...(address ? { url: ctx.sym(address)! } : {}), style, traits });
    return true;
  }
  const factory = clientFactory(recv);
  if (factory) {
    // the service comes from the factory's client fact at link time
    const channel: Sym = { k: 'cat', parts: [{ k: 'unknown', text: 'service' }, { k: 'lit', v: `.${rpc}` }] };
    ctx.addCall(call, { mechanism: 'grpc', library: '@grpc/grpc-js', role: 'request', channel, client: { k: 'instance', id: `@import:${factory.module}:${factory.name}` }, style, traits });
    return true;
  }
  if (recv.kind === 'type' && recv.path.length === 0 && /.Client$/.test(recv.typeName) && !NOT_CLIENT.has(recv.typeName)) {
    // only kept when a gRPC service of that name exists (checked at link time)
    ctx.addCall(call, { mechanism: 'grpc', library: '@grpc/grpc-js', role: 'request', method: 'typed-client', channel: { k: 'lit', v: `${recv.typeName.replace(/Client$/, '')}.${rpc}` }, style, traits });
    return true;
  }
  return false;
}

export const grpcJs: Detector = {
  id: 'grpc-js',
  applies: anyWord('grpc', 'Client'),
  onNew(expr, ctx) {
    // a factory function building a generated client: its address and service, for calls in other modules
    const o = ctx.origin(expr);
    if (o.kind !== 'new' || !fromGrpc(o)) return;
    const fn = ctx.functionOf(expr);
    if (fn.endsWith('#<module>') || fn.includes('#<')) return;
    const svc = grpcServiceName(o);
    const address = expr.arguments?.[0];
    if (!svc) return;
    ctx.addClient({ id: fn, library: '@grpc/grpc-js', transport: 'grpc', ...(address ? { host: ctx.sym(address)! } : {}), options: { service: { k: 'lit', v: svc } }, line: ctx.loc(expr).line });
  },
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    const viaHelper = helperRpc(call);
    if (viaHelper && reportForeignClient(call, viaHelper.recv, viaHelper.method, ctx.style(call), ctx)) return;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (method === 'addService' && call.arguments.length >= 2) {
      const def = unwrap(call.arguments[0]!);
      // Svc.service  or  proto.pkg.Svc.service  or  CatalogServiceService (generated)
      let svcName: string | undefined;
      if (ts.isPropertyAccessExpression(def) && def.name.text === 'service') svcName = ts.isPropertyAccessExpression(def.expression) ? def.expression.name.text : def.expression.getText();
      else if (ts.isIdentifier(def)) svcName = def.text.replace(/Service$/, '');
      const impl = unwrap(call.arguments[1]!);
      if (!svcName) return;
      const entries = implEntries(impl, ctx);
      for (const [name, handler, node] of entries) {
        ctx.addEndpoint(node, { kind: 'grpc', framework: 'grpc-js', mechanism: 'grpc', channel: { k: 'lit', v: `${svcName}.${upperFirst(name)}` }, handler });
      }
      return;
    }
    if (NOT_RPC.has(method)) return;
    const recv = ctx.origin(callee.expression);
    if (recv.kind !== 'new' || !fromGrpc(recv)) {
      if (recv.kind !== 'new' && call.arguments.length >= 1) reportForeignClient(call, callee.expression, method, callbackRequestStyle(call), ctx);
      return;
    }
    const svc = grpcServiceName(recv);
    if (!svc) return;
    const address = recv.expr.arguments?.[0];
    const style = callbackRequestStyle(call);
    const channel: Sym = { k: 'lit', v: `${svc}.${upperFirst(method)}` };
    ctx.addCall(call, {
      mechanism: 'grpc',
      library: '@grpc/grpc-js',
      role: 'request',
      channel,
      ...(address ? { url: ctx.sym(address)! } : {}),
      style,
      traits: { hasTimeout: call.arguments.some((a) => /deadline/.test(a.getText())) },
    });
  },
};

function implEntries(impl: ts.Expression, ctx: FileContext): [string, string, ts.Node][] {
  const out: [string, string, ts.Node][] = [];
  if (ts.isObjectLiteralExpression(impl)) {
    for (const [key, node, value] of entries(impl)) out.push([key, value ? ctx.handlerRef(value, node) : ctx.idOf(node), node]);
  } else if (ts.isIdentifier(impl)) {
    // an object declared elsewhere in the file
    const o = ctx.origin(impl);
    if (o.kind === 'local' && ts.isVariableDeclaration(o.decl) && o.decl.initializer && ts.isObjectLiteralExpression(unwrap(o.decl.initializer))) return implEntries(unwrap(o.decl.initializer), ctx);
  } else if (ts.isNewExpression(impl) || ts.isCallExpression(impl)) {
    // a class instance: its methods are the RPCs
    const cls = ts.isIdentifier(impl.expression) ? impl.expression.text : undefined;
    const decl = cls ? ctx.sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === cls) : undefined;
    if (decl) for (const m of decl.members) if (ts.isMethodDeclaration(m) && m.name) out.push([m.name.getText(), ctx.idOf(m), m]);
  }
  return out;
}
