/**
 * Node's own `http`/`https` clients: `http.request(url | options, cb)` and `http.get(...)`.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { callbackRequestStyle } from '../../syntax/flow';
import { prop } from '../../syntax/objects';
import { unwrap } from '../../syntax/origin';
import { cat } from '../../syntax/values';
import { anyWord, type Detector } from '../detector';

const MODULES = ['http', 'https', 'node:http', 'node:https'];

/** URL of an options object: protocol://hostname:port + path. */
function urlOfOptions(ctx: FileContext, obj: ts.ObjectLiteralExpression): Sym {
  const host = prop(obj, 'hostname') ?? prop(obj, 'host');
  const port = prop(obj, 'port');
  const path = prop(obj, 'path');
  const parts: Sym[] = [{ k: 'lit', v: 'http://' }, host ? ctx.sym(host)! : { k: 'unknown', text: 'host' }];
  if (port) parts.push({ k: 'lit', v: ':' }, ctx.sym(port)!);
  parts.push(path ? ctx.sym(path)! : { k: 'lit', v: '/' });
  return cat(parts);
}

export const nodeHttp: Detector = {
  id: 'node-http',
  applies: anyWord('http'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !['request', 'get'].includes(callee.name.text)) {
      // import { request } from 'http'
      if (!ts.isIdentifier(callee)) return;
      const o = ctx.origin(callee);
      if (o.kind !== 'import' || !MODULES.includes(o.module) || !['request', 'get'].includes(o.name)) return;
      report(call, ctx, o.name);
      return;
    }
    const o = ctx.origin(callee.expression);
    if (o.kind !== 'import' || !MODULES.includes(o.module) || o.path.length) return;
    report(call, ctx, callee.name.text);
  },
};

function report(call: ts.CallExpression, ctx: FileContext, fn: string): void {
  const [a0, a1] = call.arguments;
  if (!a0) return;
  const first = unwrap(a0);
  let url: Sym;
  let method = fn === 'get' ? 'GET' : 'GET';
  let options: ts.ObjectLiteralExpression | undefined;
  if (ts.isObjectLiteralExpression(first)) {
    options = first;
    url = urlOfOptions(ctx, first);
  } else {
    url = ctx.sym(first)!;
    const second = a1 ? unwrap(a1) : undefined;
    if (second && ts.isObjectLiteralExpression(second)) options = second;
  }
  const m = options ? prop(options, 'method') : undefined;
  const mv = m ? ctx.sym(m) : undefined;
  if (mv?.k === 'lit') method = mv.v.toUpperCase();
  ctx.addCall(call, {
    mechanism: 'http',
    library: 'node:http',
    role: 'request',
    method,
    url,
    style: callbackRequestStyle(call),
    traits: { hasTimeout: !!options && (prop(options, 'timeout') !== undefined || prop(options, 'signal') !== undefined) },
  });
}
