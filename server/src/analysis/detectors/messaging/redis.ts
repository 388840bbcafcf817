/**
 * Redis pub/sub with ioredis and node-redis: `publish(channel, message)`, `subscribe(...channels)`
 * and `psubscribe(...patterns)` with the handler from `on('message' | 'pmessage')` (ioredis) or the
 * listener argument (node-redis v4). Cache commands are not messaging and are left alone.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { arrayOf, memberCall, prop } from '../../syntax/objects';
import { accepts, callsOnSameReceiver, MODULES, recordInstance, subscription, verdict } from './common';

const RIVALS = [MODULES.nats, MODULES.amqp, MODULES.pubsub];
const SUBSCRIBE: Record<string, 'subscribe' | 'psubscribe'> = {
  subscribe: 'subscribe',
  ssubscribe: 'subscribe',
  sSubscribe: 'subscribe',
  psubscribe: 'psubscribe',
  pSubscribe: 'psubscribe',
};

/** Detects Redis publishers and subscribers. */
export const redis: Detector = {
  id: 'redis-pubsub',
  applies: (text) => /redis/i.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) {
      const callee = unwrap(call.expression);
      if (ts.isIdentifier(callee) && callee.text === 'createClient' && verdict(ctx, callee, MODULES.redis) === 'yes')
        recordInstance(ctx, call, libraryOf(ctx, callee), 'redis');
      return;
    }
    const { recv, method } = m;
    if (method === 'createClient' || method === 'duplicate') {
      if (verdict(ctx, recv, MODULES.redis) === 'yes') recordInstance(ctx, call, libraryOf(ctx, recv), 'redis');
      return;
    }
    if (method === 'publish' || method === 'spublish' || method === 'sPublish') {
      const [ch, msg] = call.arguments;
      if (!ch || !msg || call.arguments.length > 2 || ts.isObjectLiteralExpression(unwrap(ch))) return;
      if (!accepts(ctx, recv, MODULES.redis, RIVALS)) return;
      ctx.addCall(call, { mechanism: 'redis', library: libraryOf(ctx, recv), role: 'publish', style: 'event', channel: ctx.sym(ch)! });
      return;
    }
    // Redis Streams: XADD appends to a stream, XREAD/XREADGROUP consume it
    if (method === 'xadd' || method === 'xAdd') {
      const key = call.arguments[0];
      if (!key || !accepts(ctx, recv, MODULES.redis, [])) return;
      ctx.addCall(call, { mechanism: 'redis', library: libraryOf(ctx, recv), role: 'publish', style: 'event', channel: ctx.sym(key)! });
      return;
    }
    if (method === 'xread' || method === 'xreadgroup' || method === 'xRead' || method === 'xReadGroup') {
      if (!accepts(ctx, recv, MODULES.redis, [])) return;
      for (const stream of streamKeys(call))
        subscription(ctx, call, {
          kind: 'message',
          framework: libraryOf(ctx, recv),
          mechanism: 'redis',
          method: 'stream',
          channel: ctx.sym(stream)!,
          handler: ctx.functionOf(call),
        });
      return;
    }
    const kind = SUBSCRIBE[method];
    if (!kind || !call.arguments.length || !accepts(ctx, recv, MODULES.redis, RIVALS)) return;
    const channels: Sym[] = [];
    let listener: ts.Expression | undefined;
    for (const a of call.arguments) {
      const u = unwrap(a);
      if (ts.isArrowFunction(u) || ts.isFunctionExpression(u)) listener = u;
      else if (ts.isArrayLiteralExpression(u)) for (const el of arrayOf(u) ?? []) channels.push(ctx.sym(el)!);
      else if (ts.isIdentifier(u) && arrayOf(u)) for (const el of arrayOf(u)!) channels.push(ctx.sym(el)!);
      else if (!ts.isObjectLiteralExpression(u) && u.kind !== ts.SyntaxKind.TrueKeyword && u.kind !== ts.SyntaxKind.FalseKeyword) {
        const s = ctx.sym(u)!;
        // node-redis v4: a named listener function as the second argument
        if (s.k === 'unknown' && ts.isIdentifier(u) && channels.length) listener = u;
        else channels.push(s);
      }
    }
    const handler = listener ? ctx.handlerRef(listener, call) : messageHandler(ctx, recv, kind, call);
    for (const channel of channels)
      subscription(ctx, call, { kind: 'message', framework: libraryOf(ctx, recv), mechanism: 'redis', method: kind, channel, handler });
    if (channels.length) ctx.addStart(call, { kind: 'worker' });
  },
  onNew(expr, ctx) {
    if (verdict(ctx, expr.expression, MODULES.redis) === 'yes') recordInstance(ctx, expr, 'ioredis', 'redis');
  },
};

/** The stream keys an XREAD/XREADGROUP reads: after `'STREAMS'` (ioredis), or `{ key }` objects (node-redis v4). */
function streamKeys(call: ts.CallExpression): ts.Expression[] {
  const args = call.arguments;
  const at = args.findIndex((a) => ts.isStringLiteralLike(a) && a.text.toUpperCase() === 'STREAMS');
  if (at >= 0) {
    const rest = args.slice(at + 1);
    return rest.slice(0, Math.max(1, Math.floor(rest.length / 2)));
  }
  const out: ts.Expression[] = [];
  for (const a of args) {
    for (const el of arrayOf(a) ?? [a]) {
      const key = prop(el, 'key');
      if (key) out.push(key);
    }
  }
  return out;
}

function libraryOf(ctx: FileContext, recv: ts.Expression): string {
  return verdict(ctx, recv, ['ioredis']) === 'yes' || Object.values(ctx.facts.imports).some((i) => i.module === 'ioredis') ? 'ioredis' : 'redis';
}

/** ioredis: `client.on('message', (channel, message) => ...)` on the subscribing client. */
function messageHandler(ctx: FileContext, recv: ts.Expression, kind: 'subscribe' | 'psubscribe', at: ts.Node): string {
  const events = kind === 'psubscribe' ? ['pmessage', 'pmessageBuffer'] : ['message', 'messageBuffer', 'smessage'];
  for (const on of callsOnSameReceiver(ctx, recv, ['on', 'addListener', 'once'])) {
    const [ev, cb] = on.arguments;
    if (ev && ts.isStringLiteralLike(ev) && events.includes(ev.text) && cb) return ctx.handlerRef(cb, on);
  }
  return ctx.functionOf(at);
}
