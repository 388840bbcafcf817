/**
 * Dapr (`@dapr/dapr`, formerly `dapr-client`): service invocation by app id
 * (`client.invoker.invoke('orders', 'api/orders', HttpMethod.POST, body)`), pub/sub publishes
 * (`client.pubsub.publish('pubsub', 'order-created', data)`), and on a `DaprServer` the
 * subscriptions (`server.pubsub.subscribe('pubsub', 'order-created', handler)`) and the methods it
 * serves (`server.invoker.listen('api/orders', handler, { method: HttpMethod.POST })`); state store
 * accesses (`client.state.save('statestore', [...])`) are data accesses to a key space named after
 * the store component, shared when several services use it.
 */
import { ts } from 'ts-morph';
import type { DataOp } from '../facts';
import type { FileContext } from '../syntax/context';
import { unwrap } from '../syntax/origin';
import { cat } from '../syntax/values';
import type { Detector } from './detector';
import { memberCall, prop } from '../syntax/objects';
import { importsAny, verdict } from './messaging/common';

const MODULES = ['@dapr/dapr', 'dapr-client'];
const LIBRARY = '@dapr/dapr';

/** Detects Dapr service invocation and pub/sub. */
export const dapr: Detector = {
  id: 'dapr',
  applies: (text) => text.includes('@dapr/dapr') || text.includes('dapr-client'),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m || !ts.isPropertyAccessExpression(m.recv)) return;
    const building = m.recv.name.text;
    if (building !== 'invoker' && building !== 'pubsub' && building !== 'state') return;
    if (!importsAny(ctx, MODULES) || verdict(ctx, m.recv.expression, MODULES) === 'no') return;
    const args = call.arguments;
    if (building === 'invoker' && m.method === 'invoke' && args[0] && args[1]) {
      const appId = ctx.sym(args[0])!;
      const method = ctx.sym(args[1])!;
      const verb = httpVerb(ctx, args[2]) ?? 'GET';
      // the app id stands for the host: the call reaches the app's route at the method path
      ctx.addCall(call, { mechanism: 'dapr', library: LIBRARY, role: 'request', method: verb, channel: method, exchange: appId, url: cat([{ k: 'lit', v: 'http://' }, appId, { k: 'lit', v: '/' }, method]) });
    } else if (building === 'invoker' && m.method === 'listen' && args[0]) {
      const verb = httpVerb(ctx, prop(args[2], 'method'));
      ctx.addEndpoint(call, { kind: 'http', framework: 'dapr', mechanism: 'dapr', ...(verb ? { method: verb } : {}), path: cat([{ k: 'lit', v: '/' }, ctx.sym(args[0])!]), handler: ctx.handlerRef(args[1], call) });
      ctx.addStart(call, { kind: 'worker' });
    } else if (building === 'pubsub' && m.method === 'publish' && args[0] && args[1]) {
      ctx.addCall(call, { mechanism: 'dapr', library: LIBRARY, role: 'publish', style: 'event', method: 'publish', channel: ctx.sym(args[1])!, exchange: ctx.sym(args[0])! });
    } else if (building === 'state' && STATE_OPS[m.method] && args[0]) {
      // a state store component used by several apps is data they share
      const op = STATE_OPS[m.method]!;
      ctx.addCall(call, { mechanism: 'data', library: LIBRARY, role: op === 'read' ? 'data-read' : 'data-write', style: 'common-data', method: m.method, store: ctx.sym(args[0])!, data: { kind: 'keyspace', via: 'name', op } });
    } else if (building === 'pubsub' && (m.method === 'subscribe' || m.method === 'subscribeBulk' || m.method === 'subscribeWithOptions') && args[0] && args[1]) {
      const handler = m.method === 'subscribeWithOptions' ? prop(args[2], 'callback') : args[2];
      ctx.addEndpoint(call, { kind: 'message', framework: 'dapr', mechanism: 'dapr', method: 'subscribe', channel: ctx.sym(args[1])!, exchange: ctx.sym(args[0])!, handler: ctx.handlerRef(handler, call), function: ctx.functionOf(call) });
      ctx.addStart(call, { kind: 'worker' });
    }
  },
};

/** State API methods and what they do to the store. */
const STATE_OPS: Record<string, DataOp | undefined> = { save: 'update', get: 'read', getBulk: 'read', query: 'read', delete: 'delete', transaction: 'update' };

/** `HttpMethod.POST` or `'POST'`. */
function httpVerb(ctx: FileContext, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if (ts.isPropertyAccessExpression(u)) return u.name.text.toUpperCase();
  const s = ctx.sym(u);
  return s?.k === 'lit' ? s.v.toUpperCase() : undefined;
}
