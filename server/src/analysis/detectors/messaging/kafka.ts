/**
 * kafkajs: `producer.send({ topic, messages })`, `producer.sendBatch({ topicMessages })`,
 * `consumer.subscribe({ topic | topics })` with the handler given to `consumer.run({ eachMessage | eachBatch })`.
 * The call shapes are distinctive, so a receiver of unknown origin (an imported `producer`) is
 * accepted as long as nothing says it belongs to another library.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { FileContext } from '../../syntax/context';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { arrayOf, hasProp, memberCall, objectOf, prop } from '../../syntax/objects';
import { callsOnSameReceiver, channelSym, channelSyms, MODULES, recordInstance, subscription, verdict } from './common';

const LIBRARY = 'kafkajs';

/** Detects Kafka producers and consumers (kafkajs and its API-compatible clients). */
export const kafka: Detector = {
  id: 'kafka',
  applies: (text) => /kafkajs|kafka-javascript|topicMessages|eachMessage|eachBatch|\btopics?\s*:/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) return;
    const { recv, method } = m;
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
  },
};

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
