/**
 * Google Cloud Pub/Sub: `pubsub.topic(name).publishMessage(...)` (and `publish`, `publishJSON`),
 * subscribers `pubsub.subscription(name).on('message', handler)`, and subscriptions created from a
 * topic in code (`topic.createSubscription(name)`, `pubsub.createSubscription(topic, name)`), which
 * tell the linker which topic a subscription reads.
 */
import { ts } from 'ts-morph';
import type { FileContext } from '../../syntax/context';
import { type Origin, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall } from '../../syntax/objects';
import { addBroker, importsAny, MODULES, subscription, verdict } from './common';

const LIBRARY = '@google-cloud/pubsub';
const PUBLISH = new Set(['publishMessage', 'publish', 'publishJSON']);

/** Detects Google Pub/Sub publishers and subscribers. */
export const pubsub: Detector = {
  id: 'pubsub',
  applies: (text) => text.includes('@google-cloud/pubsub'),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) return;
    const { recv, method } = m;
    if (verdict(ctx, recv, MODULES.pubsub) === 'no' || !importsAny(ctx, MODULES.pubsub)) return;
    const o = ctx.origin(recv);
    if (PUBLISH.has(method)) {
      const topic = callNamed(o, 'topic');
      if (!topic?.arguments[0]) return;
      ctx.addCall(call, { mechanism: 'pubsub', library: LIBRARY, role: 'publish', style: 'event', channel: ctx.sym(topic.arguments[0])! });
      return;
    }
    if (method === 'createSubscription') {
      // topic.createSubscription(name) / pubsub.createSubscription(topic, name)
      const topic = callNamed(o, 'topic');
      const [a, b] = call.arguments;
      if (topic?.arguments[0] && a) addBroker(ctx, call, { mechanism: 'pubsub', kind: 'route', source: ctx.sym(topic.arguments[0])!, name: ctx.sym(a)! });
      else if (a && b && !ts.isObjectLiteralExpression(unwrap(b)))
        addBroker(ctx, call, { mechanism: 'pubsub', kind: 'route', source: ctx.sym(a)!, name: ctx.sym(b)! });
      return;
    }
    if ((method === 'on' || method === 'addListener') && call.arguments.length >= 2) {
      const [ev, handler] = call.arguments;
      if (!ev || !ts.isStringLiteralLike(ev) || ev.text !== 'message' || !handler) return;
      const sub = callNamed(o, 'subscription');
      if (!sub?.arguments[0]) return;
      const name = ctx.sym(sub.arguments[0])!;
      const topic = topicOfSubscription(ctx, sub);
      subscription(ctx, call, {
        kind: 'message',
        framework: LIBRARY,
        mechanism: 'pubsub',
        method: 'subscribe',
        channel: topic ?? name,
        queue: name,
        handler: ctx.handlerRef(handler, call),
      });
      ctx.addStart(call, { kind: 'worker' });
    }
  },
};

/** The `x.<name>(...)` call an origin comes from (`pubsub.topic('orders')` behind `const topic = ...`). */
function callNamed(o: Origin, name: string): ts.CallExpression | undefined {
  for (let cur: Origin | undefined = o, i = 0; cur && i < 6; i++) {
    if (cur.kind === 'call') {
      const callee = unwrap(cur.call.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === name && cur.path.length === 0) return cur.call;
      cur = cur.callee;
    } else if (cur.kind === 'new') cur = cur.ctor;
    else return undefined;
  }
  return undefined;
}

/** `pubsub.topic('t').subscription('s')`: the topic a subscription hangs off. */
function topicOfSubscription(ctx: FileContext, sub: ts.CallExpression) {
  const callee = unwrap(sub.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const t = callNamed(ctx.origin(callee.expression), 'topic');
  return t?.arguments[0] ? ctx.sym(t.arguments[0]) : undefined;
}
