/**
 * Socket.IO between services: a socket.io-client socket created with a server's URL
 * (`io('http://notifications:3006')`) whose `emit` is an event, or a request when it expects an
 * acknowledgement (a callback argument, `emitWithAck`); and on the server, the handlers registered
 * per namespace (`io.of('/ns').on('connection', (socket) => socket.on('event', handler))`).
 * What a server emits to its sockets goes to end-user clients and is not reported.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../facts';
import type { FileContext } from '../syntax/context';
import { findDeclaration, type Origin, unwrap } from '../syntax/origin';
import type { Detector } from './detector';
import { memberCall } from '../syntax/objects';
import { importsAny, resultVariable } from './messaging/common';

const CLIENT = ['socket.io-client'];
const SERVER = ['socket.io'];

/** Events the library itself emits or reserves. */
const RESERVED = new Set(['connect', 'connection', 'disconnect', 'disconnecting', 'connect_error', 'error', 'newListener', 'removeListener', 'reconnect', 'reconnect_attempt', 'ping']);

/** Detects Socket.IO clients of other services and server event handlers. */
export const socketio: Detector = {
  id: 'socketio',
  applies: (text) => text.includes('socket.io'),
  onCall(call, ctx) {
    if (importsAny(ctx, CLIENT)) {
      if (isClientFactory(ctx, call)) {
        recordClient(ctx, call);
        return;
      }
      if (clientEmit(ctx, call)) return;
    }
    if (importsAny(ctx, SERVER)) serverConnection(ctx, call);
  },
  onNew(expr, ctx) {
    // `new Server(3006)` listens itself; `new Server(httpServer)` is served by that server's own start
    if (!importsAny(ctx, SERVER) || !isServer(ctx.origin(expr.expression))) return;
    const port = expr.arguments?.[0] ? ctx.sym(expr.arguments[0]) : undefined;
    const u = expr.arguments?.[0] ? unwrap(expr.arguments[0]) : undefined;
    if (u && (ts.isNumericLiteral(u) || (port?.k === 'env'))) ctx.addStart(expr, { kind: 'listen', port: ts.isNumericLiteral(u) ? { k: 'lit', v: u.text } : port });
  },
};

/** `io(url)`, `ioClient(url)`, `io.connect(url)`, `connect(url)` from socket.io-client. */
function isClientFactory(ctx: FileContext, call: ts.CallExpression): boolean {
  const o = ctx.origin(call.expression);
  return o.kind === 'import' && CLIENT.includes(o.module) && ['default', '*', 'io', 'connect'].includes(o.name) && (o.path.length === 0 || (o.path.length === 1 && (o.path[0] === 'connect' || o.path[0] === 'io')));
}

/** A socket kept in a variable or a field: a client fact carrying the server URL. */
function recordClient(ctx: FileContext, call: ts.CallExpression): void {
  const url = call.arguments[0] ? ctx.sym(call.arguments[0]) : undefined;
  if (!url) return;
  let id: string | undefined;
  const v = resultVariable(call);
  if (v && ts.isIdentifier(v.name)) id = `${ctx.file}#${v.name.text}`;
  const p = call.parent;
  if (!id && p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === call) id = ctx.instanceId(p.left);
  if (id) ctx.addClient({ id, library: 'socket.io-client', transport: 'socketio', baseUrl: url, line: ctx.loc(call).line });
}

/** `socket.emit(event, ...)`, `socket.timeout(ms).emit(...)`, `socket.emitWithAck(...)` on a client socket. */
function clientEmit(ctx: FileContext, call: ts.CallExpression): boolean {
  const m = memberCall(call);
  if (!m || (m.method !== 'emit' && m.method !== 'emitWithAck')) return false;
  let recv = m.recv;
  let hasTimeout = false;
  // `socket.timeout(5000).emit(...)`
  if (ts.isCallExpression(recv)) {
    const inner = memberCall(recv);
    if (!inner || inner.method !== 'timeout') return false;
    recv = inner.recv;
    hasTimeout = true;
  }
  const [ev] = call.arguments;
  const channel = ev ? ctx.sym(ev) : undefined;
  if (!channel || (channel.k === 'lit' && RESERVED.has(channel.v))) return false;
  const url = clientUrl(ctx, ctx.origin(recv));
  const id = ctx.instanceId(recv);
  const known = id !== undefined && ctx.facts.clients.some((c) => c.id === id && c.library === 'socket.io-client');
  if (!url && !known && !declaredClientType(ctx, recv)) return false;
  const last = call.arguments[call.arguments.length - 1];
  const ack = call.arguments.length > 1 && last !== undefined && isFunction(last);
  const base = { mechanism: 'socketio', library: 'socket.io-client', channel, ...(url ? { url } : {}), ...(id && !url ? { client: { k: 'instance' as const, id } } : {}), traits: hasTimeout ? { hasTimeout } : {} };
  if (m.method === 'emitWithAck') ctx.addCall(call, { ...base, role: 'request', method: 'emitWithAck' });
  else if (ack) ctx.addCall(call, { ...base, role: 'request', method: 'emit', style: 'async-request-response' });
  else ctx.addCall(call, { ...base, role: 'publish', method: 'emit', style: 'event' });
  return true;
}

/** The URL given to the factory that made the socket, when the origin leads to it. */
function clientUrl(ctx: FileContext, o: Origin): Sym | undefined {
  if (o.kind === 'call' && o.path.length === 0 && isClientFactory(ctx, o.call) && o.call.arguments[0]) return ctx.sym(o.call.arguments[0]);
  return undefined;
}

/** `socket: Socket` declared with socket.io-client's type. */
function declaredClientType(ctx: FileContext, recv: ts.Expression): boolean {
  const o = ctx.origin(recv);
  return o.kind === 'type' && o.module !== undefined && CLIENT.includes(o.module);
}

function isFunction(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u);
}

/** `io.on('connection', (socket) => { socket.on('event', handler) })`, also on `io.of('/ns')`. */
function serverConnection(ctx: FileContext, call: ts.CallExpression): void {
  const m = memberCall(call);
  if (!m || m.method !== 'on') return;
  const [ev, cb] = call.arguments;
  if (!ev || !ts.isStringLiteralLike(ev) || (ev.text !== 'connection' && ev.text !== 'connect') || !cb) return;
  const ns = namespaceOf(ctx, m.recv);
  if (!ns) return;
  const fn = handlerFunction(cb);
  const param = fn?.parameters[0];
  if (!fn?.body || !param || !ts.isIdentifier(param.name)) return;
  const socketName = param.name.text;
  // a process that serves sockets is a service even when nothing else in it starts a server
  ctx.addStart(call, { kind: 'worker' });
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const s = memberCall(n);
      if (s && (s.method === 'on' || s.method === 'once') && ts.isIdentifier(s.recv) && s.recv.text === socketName && findDeclaration(socketName, s.recv) === param) {
        const [e, h] = n.arguments;
        const event = e ? ctx.sym(e) : undefined;
        if (event && h && !(event.k === 'lit' && RESERVED.has(event.v))) {
          const channel: Sym = ns.k === 'lit' && (ns.v === '/' || ns.v === '') ? event : { k: 'cat', parts: [ns, { k: 'lit', v: ':' }, event] };
          ctx.addEndpoint(n, { kind: 'message', framework: 'socket.io', mechanism: 'socketio', method: 'on', channel, handler: ctx.handlerRef(h, n), function: ctx.functionOf(n) });
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
}

/** The namespace a server-side receiver stands for: `/` for the server, the argument of `.of(...)`. */
function namespaceOf(ctx: FileContext, recv: ts.Expression): Sym | undefined {
  const u = unwrap(recv);
  if (ts.isCallExpression(u)) {
    const m = memberCall(u);
    if (m?.method === 'of' && u.arguments[0] && namespaceOf(ctx, m.recv)) return ctx.sym(u.arguments[0]);
    return undefined;
  }
  const o = ctx.origin(u);
  if (o.kind === 'call' && o.path.length === 0) {
    const m = memberCall(o.call);
    if (m?.method === 'of' && o.call.arguments[0] && namespaceOf(ctx, m.recv)) return ctx.sym(o.call.arguments[0]);
  }
  if (isServer(o)) return { k: 'lit', v: '/' };
  return undefined;
}

/** A socket.io `Server` (`new Server(http)`, `socketIo(http)`, `require('socket.io')(http)`) or a value typed as one. */
function isServer(o: Origin): boolean {
  for (let cur: Origin | undefined = o, i = 0; cur && i < 6; i++) {
    if (cur.kind === 'import') return SERVER.includes(cur.module);
    if (cur.kind === 'type') return cur.module !== undefined && SERVER.includes(cur.module);
    if (cur.kind === 'new') cur = cur.ctor;
    else if (cur.kind === 'call') cur = cur.callee;
    else return false;
  }
  return false;
}

/** The function handling connections: inline, or a function declared in the file. */
function handlerFunction(cb: ts.Expression): ts.SignatureDeclaration & { body?: ts.Node } | undefined {
  const u = unwrap(cb);
  if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return u;
  if (ts.isIdentifier(u)) {
    const d = findDeclaration(u.text, u);
    if (d && ts.isFunctionDeclaration(d)) return d;
    if (d && ts.isVariableDeclaration(d) && d.initializer) {
      const i = unwrap(d.initializer);
      if (ts.isArrowFunction(i) || ts.isFunctionExpression(i)) return i;
    }
  }
  return undefined;
}
