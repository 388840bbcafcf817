/**
 * AWS messaging through the SDK (v3 commands sent with `client.send(new XCommand(input))`, and the
 * v2 methods with the same input): SNS publish and subscriptions, SQS send and receive,
 * EventBridge put-events, Lambda invoke (an `Event` invocation is fire-and-forget, a
 * `RequestResponse` one is a request whose style depends on awaiting), and sqs-consumer.
 */
import { ts } from 'ts-morph';
import type { Sym } from '../../facts';
import type { Style } from '../../model';
import type { FileContext } from '../../syntax/context';
import { unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { arrayOf, memberCall, objectOf, prop } from '../../syntax/objects';
import { addBroker, subscription, verdict } from './common';

type Operation = 'sns-publish' | 'sns-subscribe' | 'sqs-send' | 'sqs-receive' | 'eventbridge-put' | 'lambda-invoke';

/** v3 command classes and v2 method names, by operation. */
const COMMANDS: Record<string, { module: string; op: Operation }> = {
  PublishCommand: { module: '@aws-sdk/client-sns', op: 'sns-publish' },
  PublishBatchCommand: { module: '@aws-sdk/client-sns', op: 'sns-publish' },
  SubscribeCommand: { module: '@aws-sdk/client-sns', op: 'sns-subscribe' },
  SendMessageCommand: { module: '@aws-sdk/client-sqs', op: 'sqs-send' },
  SendMessageBatchCommand: { module: '@aws-sdk/client-sqs', op: 'sqs-send' },
  ReceiveMessageCommand: { module: '@aws-sdk/client-sqs', op: 'sqs-receive' },
  PutEventsCommand: { module: '@aws-sdk/client-eventbridge', op: 'eventbridge-put' },
  InvokeCommand: { module: '@aws-sdk/client-lambda', op: 'lambda-invoke' },
};

/** Command names no other library uses, accepted whatever module re-exports them. */
const DISTINCTIVE = new Set(['PutEventsCommand', 'SendMessageCommand', 'SendMessageBatchCommand', 'ReceiveMessageCommand']);

/** v2: `sns.publish({ TopicArn })`; the input's key tells the service apart from other `publish` methods. */
const V2_METHODS: Record<string, { op: Operation; key: string }> = {
  publish: { op: 'sns-publish', key: 'TopicArn' },
  subscribe: { op: 'sns-subscribe', key: 'TopicArn' },
  sendMessage: { op: 'sqs-send', key: 'QueueUrl' },
  sendMessageBatch: { op: 'sqs-send', key: 'QueueUrl' },
  receiveMessage: { op: 'sqs-receive', key: 'QueueUrl' },
  putEvents: { op: 'eventbridge-put', key: 'Entries' },
  invoke: { op: 'lambda-invoke', key: 'FunctionName' },
};

const AWS_MODULES = [
  'aws-sdk',
  'aws-sdk/clients/sns',
  'aws-sdk/clients/sqs',
  'aws-sdk/clients/eventbridge',
  'aws-sdk/clients/lambda',
  ...new Set(Object.values(COMMANDS).map((c) => c.module)),
];

/** Detects SNS, SQS, EventBridge and Lambda messaging calls. */
export const aws: Detector = {
  id: 'aws-messaging',
  applies: (text) => /aws-sdk|sqs-consumer|PutEventsCommand|SendMessage(Batch)?Command|ReceiveMessageCommand/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) return;
    // sqs-consumer: Consumer.create({ queueUrl, handleMessage })
    if (m.method === 'create' && ctx.origin(m.recv).kind === 'import' && (ctx.origin(m.recv) as { module: string }).module === 'sqs-consumer') {
      const opts = call.arguments[0];
      const url = prop(opts, 'queueUrl');
      const h = prop(opts, 'handleMessage') ?? prop(opts, 'handleMessageBatch');
      if (url) {
        subscription(ctx, call, {
          kind: 'message',
          framework: 'sqs-consumer',
          mechanism: 'sqs',
          method: 'receive',
          channel: ctx.sym(url)!,
          queue: ctx.sym(url)!,
          handler: h ? (ts.isMethodDeclaration(h as ts.Node) ? ctx.idOf(h as ts.Node) : ctx.handlerRef(h, call)) : ctx.functionOf(call),
        });
        ctx.addStart(call, { kind: 'worker' });
      }
      return;
    }
    if (m.method === 'send' && call.arguments[0]) {
      const cmd = commandOf(ctx, call.arguments[0]);
      if (cmd) report(ctx, call, cmd.op, cmd.input, '@aws-sdk');
      return;
    }
    const v2 = V2_METHODS[m.method];
    const input = call.arguments[0];
    if (v2 && input && prop(input, v2.key) && verdict(ctx, m.recv, AWS_MODULES) !== 'no') report(ctx, call, v2.op, input, 'aws-sdk');
  },
};

/** The command class and input behind `send(...)`'s argument (inline or a `const`). */
function commandOf(ctx: FileContext, arg: ts.Expression): { op: Operation; input: ts.Expression | undefined } | undefined {
  let e = unwrap(arg);
  if (ts.isIdentifier(e)) {
    const o = ctx.origin(e);
    if (o.kind === 'new' && o.path.length === 0) e = o.expr;
  }
  if (!ts.isNewExpression(e)) return undefined;
  const o = ctx.origin(e.expression);
  if (o.kind !== 'import' || o.path.length) return undefined;
  const spec = COMMANDS[o.name];
  // distinctive names may come re-exported by a workspace library (`export { PutEventsCommand } from '@aws-sdk/...'`)
  if (!spec || (o.module !== spec.module && !o.module.startsWith('@aws-sdk/') && !DISTINCTIVE.has(o.name))) return undefined;
  return { op: spec.op, input: e.arguments?.[0] };
}

function report(ctx: FileContext, call: ts.CallExpression, op: Operation, input: ts.Expression | undefined, library: string): void {
  const sym = (key: string): Sym | undefined => ctx.sym(prop(input, key));
  switch (op) {
    case 'sns-publish': {
      const topic = sym('TopicArn') ?? sym('TargetArn');
      if (topic) ctx.addCall(call, { mechanism: 'sns', library, role: 'publish', style: 'event', channel: topic });
      return;
    }
    case 'sns-subscribe': {
      const topic = sym('TopicArn');
      const protocol = sym('Protocol');
      const endpoint = sym('Endpoint');
      if (topic && endpoint && (!protocol || (protocol.k === 'lit' && protocol.v === 'sqs')))
        addBroker(ctx, call, { mechanism: 'sns', kind: 'route', name: endpoint, source: topic });
      return;
    }
    case 'sqs-send': {
      const url = queueUrl(ctx, prop(input, 'QueueUrl'));
      if (url) ctx.addCall(call, { mechanism: 'sqs', library, role: 'publish', style: 'event', channel: url });
      return;
    }
    case 'sqs-receive': {
      const url = queueUrl(ctx, prop(input, 'QueueUrl'));
      if (!url) return;
      subscription(ctx, call, {
        kind: 'message',
        framework: library,
        mechanism: 'sqs',
        method: 'receive',
        channel: url,
        queue: url,
        handler: ctx.functionOf(call),
      });
      ctx.addStart(call, { kind: 'worker' });
      return;
    }
    case 'eventbridge-put': {
      const list = arrayOf(prop(input, 'Entries'));
      // `Entries: []` publishes nothing (a health check)
      if (list && list.length === 0) return;
      const entries = (list ?? []).map((e) => objectOf(e) ?? e);
      const types = entries.map((e) => cat(ctx.sym(prop(e, 'Source')), ctx.sym(prop(e, 'DetailType'))));
      const bus = entries.map((e) => prop(e, 'EventBusName')).find(Boolean);
      const [first, ...rest] = types;
      const known = entries.map((e) => {
        const source = ctx.sym(prop(e, 'Source'));
        const detailType = ctx.sym(prop(e, 'DetailType'));
        return { ...(source ? { source } : {}), ...(detailType ? { detailType } : {}) };
      });
      ctx.addCall(call, {
        entries: known,
        mechanism: 'eventbridge',
        library,
        role: 'publish',
        style: 'event',
        channel: first ?? { k: 'unknown', text: 'Entries' },
        ...(rest.length ? { channels: rest } : {}),
        exchange: bus ? ctx.sym(bus)! : { k: 'lit', v: 'default' },
      });
      return;
    }
    case 'lambda-invoke': {
      const fn = sym('FunctionName');
      if (!fn) return;
      const type = sym('InvocationType');
      if (type?.k === 'lit' && type.v === 'DryRun') return;
      let style: Style = ctx.style(call);
      if (type?.k === 'lit' && type.v === 'Event') style = 'fire-and-forget';
      ctx.addCall(call, { mechanism: 'lambda', library, role: 'request', style, channel: fn });
      return;
    }
  }
}

/**
 * A queue URL's value; one the code looked up by name (`const { QueueUrl } = await
 * sqs.getQueueUrl({ QueueName }).promise()`, `(await sqs.send(new GetQueueUrlCommand({ QueueName }))).QueueUrl`)
 * is that name, which matches the queue like its URL would.
 */
function queueUrl(ctx: FileContext, expr: ts.Expression | undefined): Sym | undefined {
  const value = ctx.sym(expr);
  if (!expr || (value && value.k !== 'unknown')) return value;
  const o = ctx.origin(expr);
  if (o.kind !== 'call' || o.path.join('.') !== 'QueueUrl') return value;
  let call = o.call;
  const m = memberCall(call);
  // v2: `.promise()` of the request
  if (m?.method === 'promise' && ts.isCallExpression(m.recv)) call = m.recv;
  const inner = memberCall(call);
  if (!inner || !call.arguments[0]) return value;
  let input: ts.Expression | undefined;
  if (inner.method === 'getQueueUrl') input = call.arguments[0];
  else if (inner.method === 'send') {
    let e = unwrap(call.arguments[0]);
    if (ts.isIdentifier(e)) {
      const c = ctx.origin(e);
      if (c.kind === 'new' && c.path.length === 0) e = c.expr;
    }
    if (ts.isNewExpression(e)) {
      const ctor = ctx.origin(e.expression);
      if (ctor.kind === 'import' && ctor.name === 'GetQueueUrlCommand' && !ctor.path.length) input = e.arguments?.[0];
    }
  }
  return ctx.sym(prop(input, 'QueueName')) ?? value;
}

/** `source/detail-type` of an EventBridge entry. */
function cat(source: Sym | undefined, detail: Sym | undefined): Sym {
  const parts: Sym[] = [];
  if (source) parts.push(source);
  if (source && detail) parts.push({ k: 'lit', v: '/' });
  if (detail) parts.push(detail);
  return parts.length === 1 ? parts[0]! : parts.length ? { k: 'cat', parts } : { k: 'unknown', text: 'entry' };
}
