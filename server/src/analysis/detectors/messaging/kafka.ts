/**
 * kafkajs: `producer.send({ topic, messages })`, `producer.sendBatch({ topicMessages })`,
 * `consumer.subscribe({ topic | topics })` with the handler given to `consumer.run({ eachMessage | eachBatch })`.
 * The call shapes are distinctive, so a receiver of unknown origin (an imported `producer`) is
 * accepted as long as nothing says it belongs to another library.
 * kafka-node: `producer.send([{ topic, messages }], cb)` and `new Consumer(client, [{ topic }])` /
 * `new ConsumerGroup(options, topics)` with the handler given to `consumer.on('message', ...)`.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { arrayOf, hasProp, memberCall, objectOf, prop } from '../../syntax/objects';
import { callsOnSameReceiver, channelSym, channelSyms, importsAny, MODULES, recordInstance, resultVariable, subscription, usesOf, verdict } from './common';

const LIBRARY = 'kafkajs';

/** Detects Kafka producers and consumers (kafkajs and its API-compatible clients). */
export const kafka: Detector = {
  id: 'kafka',
  applies: (text) => /kafkajs|kafka-javascript|kafka-node|topicMessages|eachMessage|eachBatch|\btopics?\s*:/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) return;
    const { recv, method } = m;
    if (method === 'send' && importsAny(ctx, KAFKA_NODE) && arrayOf(call.arguments[0])) {
      // kafka-node: send(payloads, callback), each payload `{ topic, messages }`
      const [first, ...rest] = topicsOf(ctx, call.arguments[0]);
      if (first) ctx.addCall(call, { mechanism: 'kafka', library: 'kafka-node', role: 'publish', style: 'event', channel: first, ...(rest.length ? { channels: rest } : {}) });
      return;
    }
    if (method === 'producer' || method === 'consumer') {
      if (verdict(ctx, recv, MODULES.kafka) === 'yes') recordInstance(ctx, call, LIBRARY, 'kafka');
      return;
    }
    if (method !== 'send' && method !== 'sendBatch' && method !== 'subscribe') return;
    const arg = call.arguments[0];
    if (!arg || verdict(ctx, recv, MODULES.kafka) === 'no') return;
    if (method === 'send' && hasProp(arg, 'topic') && hasProp(arg, 'messages')) {
      const channel = channelSym(ctx, prop(arg, 'topic'));
      ctx.addCall(call, { mechanism: 'kafka', library: LIBRARY, role: 'publish', style: 'event', ...(channel ? { channel } : {}) });
    } else if (method === 'sendBatch' && hasProp(arg, 'topicMessages')) {
      const topics = topicsOf(ctx, prop(arg, 'topicMessages'));
      const [first, ...rest] = topics;
      ctx.addCall(call, {
        mechanism: 'kafka',
        library: LIBRARY,
        role: 'publish',
        style: 'event',
        channel: first ?? { k: 'unknown', text: 'topicMessages' },
        ...(rest.length ? { channels: rest } : {}),
      });
    } else if (method === 'subscribe' && hasProp(arg, 'topic', 'topics')) {
      const topics: Sym[] = [...channelSyms(ctx, prop(arg, 'topic')), ...channelSyms(ctx, prop(arg, 'topics'))];
      const handler = runHandler(ctx, recv, call);
      for (const channel of topics) subscription(ctx, call, { kind: 'message', framework: LIBRARY, mechanism: 'kafka', method: 'subscribe', channel, handler });
      ctx.addStart(call, { kind: 'worker' });
    }
  },
  onNew(expr, ctx) {
    if (verdict(ctx, expr.expression, MODULES.kafka) === 'yes') recordInstance(ctx, expr, LIBRARY, 'kafka');
    const ctor = unwrap(expr.expression);
    const name = ts.isIdentifier(ctor) ? ctor.text : ts.isPropertyAccessExpression(ctor) ? ctor.name.text : '';
    if ((name === 'Consumer' || name === 'ConsumerGroup' || name === 'ConsumerGroupStream') && importsAny(ctx, KAFKA_NODE)) {
      // kafka-node: new Consumer(client, [{ topic }]) / new ConsumerGroup(options, ['topic'])
      const list = expr.arguments?.[1];
      const topics: Sym[] = [];
      for (const el of arrayOf(list) ?? []) {
        const u = unwrap(el);
        const t = ts.isStringLiteralLike(u) || ts.isIdentifier(u) || ts.isPropertyAccessExpression(u) ? u : prop(objectOf(u) ?? u, 'topic');
        const s = t ? channelSym(ctx, t) : undefined;
        if (s) topics.push(s);
      }
      const decl = resultVariable(expr);
      const handler = decl ? messageHandler(ctx, decl) : undefined;
      for (const channel of topics) subscription(ctx, expr, { kind: 'message', framework: 'kafka-node', mechanism: 'kafka', method: 'subscribe', channel, handler: handler ?? ctx.functionOf(expr) });
      if (topics.length) ctx.addStart(expr, { kind: 'worker' });
    }
  },
};

const KAFKA_NODE = ['kafka-node'];

/** The function given to `consumer.on('message', fn)` of a kafka-node consumer held in `decl`. */
function messageHandler(ctx: FileContext, decl: ts.VariableDeclaration): string | undefined {
  for (const use of usesOf(decl)) {
    const access = use.parent;
    if (!ts.isPropertyAccessExpression(access) || access.name.text !== 'on' || !ts.isCallExpression(access.parent)) continue;
    const [event, fn] = access.parent.arguments;
    if (event && ts.isStringLiteralLike(event) && event.text === 'message' && fn) return ctx.handlerRef(fn, access.parent);
  }
  return undefined;
}

/** Topics of a `topicMessages` array: `[{ topic, messages }, ...]`, also when built in a `const` first. */
function topicsOf(ctx: FileContext, expr: ts.Expression | undefined): Sym[] {
  const out: Sym[] = [];
  for (const el of arrayOf(expr) ?? []) {
    const u = unwrap(el);
    if (ts.isSpreadElement(u)) continue;
    const t = prop(objectOf(u) ?? u, 'topic');
    if (t) out.push(channelSym(ctx, t)!);
  }
  return out;
}

/** The `eachMessage` / `eachBatch` handler given to `run` on the same consumer, or the subscribing function. */
function runHandler(ctx: FileContext, recv: ts.Expression, at: ts.Node): string {
  for (const run of callsOnSameReceiver(ctx, recv, ['run'])) {
    const opts = run.arguments[0];
    const h = prop(opts, 'eachMessage') ?? prop(opts, 'eachBatch');
    if (h) return ts.isMethodDeclaration(h as ts.Node) ? ctx.idOf(h as ts.Node) : ctx.handlerRef(h, run);
  }
  return ctx.functionOf(at);
}
