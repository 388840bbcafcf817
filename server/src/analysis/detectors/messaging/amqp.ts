/**
 * RabbitMQ: amqplib and amqp-connection-manager channels (`publish(exchange, routingKey)`,
 * `sendToQueue(queue)`, `consume(queue, cb)`, `bindQueue(queue, exchange, pattern)`,
 * `assertExchange(name, type)`), and @golevelup/nestjs-rabbitmq (`AmqpConnection.publish/request`,
 * `@RabbitSubscribe` / `@RabbitRPC`, exchanges declared in `RabbitMQModule.forRoot`).
 * A publish or send with `replyTo` is a request whose reply comes back on another queue.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { Style } from '../../model';
import type { FileContext } from '../../syntax/context';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { arrayOf, hasProp, memberCall, objectOf, prop, propertyName } from '../../syntax/objects';
import { accepts, addBroker, exchangeTypeOf, MODULES, subscription } from './common';

const GOLEVELUP = '@golevelup/nestjs-rabbitmq';
// AMQP's methods and arities (publish with a content argument, consume, bindQueue, sendToQueue) are its own:
// a file that also imports a Redis or NATS client does not make an untyped channel ambiguous
const RIVALS: (readonly string[])[] = [];

/** Detects RabbitMQ publishers, queue senders, consumers, bindings and exchange declarations. */
export const amqp: Detector = {
  id: 'amqp',
  applies: (text) => /amqp|rabbit|Rabbit|sendToQueue|bindQueue/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) return;
    const { recv, method } = m;
    const args = call.arguments;
    switch (method) {
      case 'publish': {
        if (args.length < 3 || isFunction(args[2]) || isReply(args[1]!) || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        const [exchange, key, , options] = args;
        report(ctx, call, ctx.sym(exchange)!, ctx.sym(key)!, options);
        return;
      }
      case 'sendToQueue': {
        if (args.length < 2 || isReply(args[0]!) || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        report(ctx, call, { k: 'lit', v: '' }, ctx.sym(args[0])!, args[2]);
        return;
      }
      case 'request': {
        // golevelup: amqpConnection.request({ exchange, routingKey, payload, timeout })
        const opts = args[0];
        if (!hasProp(opts, 'exchange', 'routingKey') || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        ctx.addCall(call, {
          mechanism: 'rabbitmq',
          library: GOLEVELUP,
          role: 'request',
          channel: ctx.sym(prop(opts, 'routingKey')) ?? { k: 'lit', v: '' },
          exchange: ctx.sym(prop(opts, 'exchange')) ?? { k: 'lit', v: '' },
          traits: { hasTimeout: hasProp(opts, 'timeout') },
        });
        return;
      }
      case 'consume': {
        if (args.length < 2 || !isHandler(args[1]) || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        const queue = ctx.sym(args[0])!;
        subscription(ctx, call, {
          kind: 'message',
          framework: libraryOf(ctx),
          mechanism: 'rabbitmq',
          method: 'consume',
          channel: queue,
          exchange: { k: 'lit', v: '' },
          queue,
          handler: ctx.handlerRef(args[1], call),
        });
        ctx.addStart(call, { kind: 'worker' });
        return;
      }
      case 'bindQueue': {
        if (args.length < 2 || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        const [queueArg, exchangeArg, patternArg] = args;
        const queue = ctx.sym(queueArg)!;
        const exchange = ctx.sym(exchangeArg)!;
        const type = localExchangeType(ctx, exchange);
        subscription(ctx, call, {
          kind: 'message',
          framework: libraryOf(ctx),
          mechanism: 'rabbitmq',
          method: 'bind',
          channel: patternArg ? ctx.sym(patternArg)! : { k: 'lit', v: '' },
          exchange,
          queue,
          handler: consumerOf(ctx, queueArg!) ?? ctx.functionOf(call),
          ...(type ? { exchangeType: type } : {}),
        });
        return;
      }
      case 'assertExchange': {
        if (args.length < 2 || !accepts(ctx, recv, MODULES.amqp, RIVALS)) return;
        const type = exchangeTypeOf(ctx, args[1]);
        if (type) addBroker(ctx, call, { mechanism: 'rabbitmq', kind: 'exchange', name: ctx.sym(args[0])!, type });
        return;
      }
      case 'forRoot':
      case 'forRootAsync':
        if (ts.isIdentifier(recv) && recv.text === 'RabbitMQModule') declareExchanges(ctx, call);
        return;
    }
  },
  onClass(cls, ctx) {
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      for (const d of ctx.decorators(member)) {
        if (d.name !== 'RabbitSubscribe' && d.name !== 'RabbitRPC' && d.name !== 'RabbitHandler') continue;
        const opts = d.args[0];
        const exchange = prop(opts, 'exchange');
        const queue = prop(opts, 'queue');
        const keys = prop(opts, 'routingKey');
        const handler = ctx.idOf(member);
        const base = { kind: 'message' as const, framework: GOLEVELUP, mechanism: 'rabbitmq', handler, className: cls.name?.text ?? 'default' };
        if (exchange) {
          const patterns: Sym[] = keys ? (arrayOf(keys) ?? [keys]).map((k) => ctx.sym(k)!) : [{ k: 'lit', v: '' }];
          for (const channel of patterns)
            subscription(ctx, d.node, { ...base, method: 'bind', channel, exchange: ctx.sym(exchange)!, ...(queue ? { queue: ctx.sym(queue)! } : {}) });
        } else if (queue) {
          const q = ctx.sym(queue)!;
          subscription(ctx, d.node, { ...base, method: 'consume', channel: q, exchange: { k: 'lit', v: '' }, queue: q });
        }
      }
    }
  },
};

/** The reply of an RPC server goes to the caller's `msg.properties.replyTo`: part of that request, not a message of its own. */
function isReply(target: ts.Expression): boolean {
  return /\breplyTo\b/.test(target.getText());
}

/** An inline callback (what node-nats-streaming passes as a third publish argument). */
function isFunction(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u);
}

/** A message handler argument: inline, named, a method reference or `fn.bind(this)`. */
function isHandler(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const u = unwrap(e);
  return (
    isFunction(u) ||
    ts.isIdentifier(u) ||
    ts.isPropertyAccessExpression(u) ||
    (ts.isCallExpression(u) && ts.isPropertyAccessExpression(u.expression) && u.expression.name.text === 'bind')
  );
}

function libraryOf(ctx: FileContext): string {
  const mods = Object.values(ctx.facts.imports).map((i) => i.module);
  if (mods.includes('amqp-connection-manager')) return 'amqp-connection-manager';
  if (mods.includes(GOLEVELUP)) return GOLEVELUP;
  return 'amqplib';
}

/** A publish or queue send: an event, or a request when it names a `replyTo` queue. */
function report(ctx: FileContext, call: ts.CallExpression, exchange: Sym, key: Sym, options: ts.Expression | undefined): void {
  const rpc = hasProp(options, 'replyTo');
  const type = localExchangeType(ctx, exchange);
  let style: Style = 'event';
  if (rpc) {
    // the reply arrives in a consumer of the reply queue unless the caller waits for it
    const s = ctx.style(call);
    style = s === 'fire-and-forget' ? 'async-request-response' : s;
  }
  ctx.addCall(call, {
    mechanism: 'rabbitmq',
    library: libraryOf(ctx),
    role: rpc ? 'request' : 'publish',
    style,
    channel: key,
    exchange,
    ...(type ? { exchangeType: type } : {}),
  });
}

/** The type of an exchange declared with `assertExchange` in this file. */
function localExchangeType(ctx: FileContext, exchange: Sym): string | undefined {
  const key = JSON.stringify(exchange);
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const m = memberCall(n);
      if (m?.method === 'assertExchange' && n.arguments.length >= 2 && JSON.stringify(ctx.sym(n.arguments[0])) === key)
        found = exchangeTypeOf(ctx, n.arguments[1]);
    }
    ts.forEachChild(n, visit);
  };
  visit(ctx.sf);
  return found;
}

/** The handler of a `consume` on the same queue in this file. */
function consumerOf(ctx: FileContext, queue: ts.Expression): string | undefined {
  const text = queue.getText();
  const key = JSON.stringify(ctx.sym(queue));
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const m = memberCall(n);
      const [q, cb] = n.arguments;
      if (m?.method === 'consume' && q && cb && (q.getText() === text || JSON.stringify(ctx.sym(q)) === key)) found = ctx.handlerRef(cb, n);
    }
    ts.forEachChild(n, visit);
  };
  visit(ctx.sf);
  return found;
}

/** `RabbitMQModule.forRoot(RabbitMQModule, { exchanges: [{ name, type }] })`, also inside a `useFactory`. */
function declareExchanges(ctx: FileContext, call: ts.CallExpression): void {
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAssignment(n) && propertyName(n.name) === 'exchanges') {
      for (const el of arrayOf(n.initializer) ?? []) {
        const o = objectOf(el);
        const name = prop(o, 'name');
        if (!name) continue;
        // golevelup's default exchange type is topic
        addBroker(ctx, el, { mechanism: 'rabbitmq', kind: 'exchange', name: ctx.sym(name)!, type: exchangeTypeOf(ctx, prop(o, 'type')) ?? 'topic' });
      }
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(call);
}
