/**
 * gRPC with @grpc/grpc-js (and the legacy `grpc` package): servers registering implementations
 * with `server.addService(Svc.service, impl)`, and clients built from loaded packages or
 * generated (ts-proto / grpc-tools) client classes, calling `client.method(request, cb)`.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { type Origin, rootOf, unwrap } from '../syntax/origin';
import { callbackRequestStyle } from '../syntax/flow';
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

export const grpcJs: Detector = {
  id: 'grpc-js',
  applies: anyWord('grpc', 'Client'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
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
    if (recv.kind !== 'new' || !fromGrpc(recv)) return;
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
    for (const p of impl.properties) {
      if (ts.isPropertyAssignment(p) && p.name) out.push([p.name.getText().replace(/['"]/g, ''), ctx.handlerRef(p.initializer, p), p]);
      else if (ts.isShorthandPropertyAssignment(p)) out.push([p.name.text, ctx.handlerRef(p.name, p), p]);
      else if (ts.isMethodDeclaration(p) && p.name) out.push([p.name.getText(), ctx.idOf(p), p]);
    }
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
