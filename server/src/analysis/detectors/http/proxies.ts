/**
 * API gateways that forward requests: @fastify/http-proxy (`register(proxy, { upstream })`),
 * http-proxy-middleware (`createProxyMiddleware({ target })`), express-http-proxy (`proxy(url)`)
 * and http-proxy (`proxy.web(req, res, { target })`). A forwarded request is a synchronous
 * request-response from the gateway to the upstream service: the gateway's client waits for it.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { prop } from '../../syntax/objects';
import { unwrap } from '../../syntax/origin';
import { cat } from '../../syntax/values';
import { anyWord, type Detector } from '../detector';

function report(ctx: FileContext, node: ts.Node, library: string, target: Sym | undefined, path: Sym | undefined, options?: ts.Expression): void {
  if (!target) return;
  const url = path ? cat([target, { k: 'lit', v: '\u0001' }, path, { k: 'lit', v: '/*' }]) : target;
  ctx.addCall(node, {
    mechanism: 'http',
    library,
    role: 'request',
    method: 'ANY',
    url,
    style: 'sync-request-response',
    traits: { hasTimeout: !!(prop(options, 'timeout') ?? prop(options, 'proxyTimeout') ?? prop(options, 'http2Options')) },
  });
}

export const httpProxies: Detector = {
  id: 'http-proxies',
  applies: anyWord('proxy', 'Proxy'),
  onCall(call, ctx) {
    const callee = unwrap(call.expression);
    // fastify.register(proxy, { upstream, prefix, rewritePrefix })
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'register' && call.arguments.length >= 2) {
      const plugin = ctx.origin(call.arguments[0]!);
      if (plugin.kind === 'import' && (plugin.module === '@fastify/http-proxy' || plugin.module === 'fastify-http-proxy')) {
        const opts = call.arguments[1];
        const rewrite = prop(opts, 'rewritePrefix');
        report(ctx, call, plugin.module, ctx.sym(prop(opts, 'upstream')), rewrite ? ctx.sym(rewrite) : undefined, opts);
      }
      return;
    }
    const o = ctx.origin(callee);
    // createProxyMiddleware({ target }) / legacy createProxyMiddleware('/ctx', { target })
    if (o.kind === 'import' && o.module === 'http-proxy-middleware' && ['createProxyMiddleware', 'legacyCreateProxyMiddleware', 'default'].includes(o.name)) {
      const opts = call.arguments.find((a) => ts.isObjectLiteralExpression(unwrap(a)));
      report(ctx, call, 'http-proxy-middleware', ctx.sym(prop(opts, 'target')), undefined, opts);
      return;
    }
    // proxy('http://users:3001', { proxyReqPathResolver })
    if (o.kind === 'import' && o.module === 'express-http-proxy' && o.path.length === 0) {
      report(ctx, call, 'express-http-proxy', ctx.sym(call.arguments[0]), undefined, call.arguments[1]);
      return;
    }
    // const proxy = httpProxy.createProxyServer(); proxy.web(req, res, { target })
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'web' || callee.name.text === 'ws')) {
      const recv = ctx.origin(callee.expression);
      if (recv.kind === 'call' && recv.callee.kind === 'import' && recv.callee.module === 'http-proxy') {
        const opts = call.arguments[2] ?? recv.call.arguments[0];
        report(ctx, call, 'http-proxy', ctx.sym(prop(opts, 'target')), undefined, opts);
      }
    }
  },
};
