/**
 * Publishes and subscriptions on a client instance imported from another workspace file
 * (`import { redis } from '../lib/redis'; redis.publish('customer.notify', ...)`), where this file
 * cannot tell which library the instance belongs to. They are reported as `messaging` and decided
 * at link time by the instance's client fact (Redis, NATS, ...); without one they are dropped.
 */
import { ts } from 'ts-morph';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall } from '../../syntax/objects';
import { accepts, importedClient, MODULES, subscription } from './common';

/** Detects pub/sub calls on imported client instances, for link-time confirmation. */
export const importedPubSub: Detector = {
  id: 'imported-pubsub',
  applies: (text) => /\.(publish|subscribe|psubscribe)\(/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m || !['publish', 'subscribe', 'psubscribe'].includes(m.method)) return;
    const [first, second] = call.arguments;
    if (!first) return;
    const u = unwrap(first);
    if (ts.isObjectLiteralExpression(u) || ts.isArrowFunction(u) || ts.isFunctionExpression(u)) return;
    const client = importedClient(ctx, m.recv);
    if (!client) return;
    // a library this file imports already claimed it
    if (accepts(ctx, m.recv, MODULES.redis) || accepts(ctx, m.recv, MODULES.nats) || accepts(ctx, m.recv, MODULES.amqp)) return;
    const channel = ctx.sym(first)!;
    if (m.method === 'publish') {
      if (!second || call.arguments.length > 2) return;
      ctx.addCall(call, { mechanism: 'messaging', library: 'unknown', role: 'publish', style: 'event', channel, client });
      return;
    }
    const listener = call.arguments.slice(1).find((a) => ts.isArrowFunction(unwrap(a)) || ts.isFunctionExpression(unwrap(a)));
    subscription(ctx, call, {
      kind: 'message',
      framework: 'unknown',
      mechanism: 'messaging',
      method: m.method,
      channel,
      client,
      handler: listener ? ctx.handlerRef(listener, call) : ctx.functionOf(call),
    });
  },
};
