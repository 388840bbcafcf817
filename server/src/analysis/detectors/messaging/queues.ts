/**
 * Job queues on Redis: Bull and BullMQ. A producer `queue.add(...)` hands a job to whichever
 * service runs the queue's worker (`new Worker(name, processor)`, `queue.process(cb)`, NestJS
 * `@Processor(name)`). A job is a command to one worker, not a broadcast: it is `fire-and-forget`
 * unless the producer waits for the job's result (`job.finished()`, `job.waitUntilFinished()`),
 * which makes it `sync-request-response`.
 */
import { ts } from 'ts-morph';
import type { ClientRef, Sym } from '../../facts';
import type { Style } from '../../model';
import type { FileContext } from '../../syntax/context';
import { type Origin, unwrap } from '../../syntax/origin';
import type { Detector } from '../detector';
import { memberCall, prop } from '../../syntax/objects';
import { importedClient, MODULES, resultVariable, subscription, usesOf, verdict } from './common';

const QUEUE_CLASSES = new Set(['Queue', 'default', 'Bull']);

/** Detects Bull/BullMQ job producers and workers. */
export const bullQueues: Detector = {
  id: 'bull',
  applies: (text) => /bull|Bull|\.(add|addBulk|process)\(/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) {
      // Bull v3 also works without `new`: `const q = Queue('emails')`
      const callee = unwrap(call.expression);
      if (ts.isIdentifier(callee) && isQueueCtor(ctx.origin(callee))) recordQueue(ctx, call, call.arguments[0]);
      return;
    }
    const { recv, method } = m;
    if (method !== 'add' && method !== 'addBulk' && method !== 'process') return;
    const q = queueOf(ctx, recv);
    if (!q) return;
    const library = q.library;
    if (method === 'process') {
      const handler = call.arguments[call.arguments.length - 1];
      subscription(ctx, call, {
        kind: 'message',
        framework: library,
        mechanism: 'bullmq',
        method: 'process',
        ...(q.name ? { channel: q.name } : {}),
        ...(q.client ? { client: q.client } : {}),
        handler: handler ? ctx.handlerRef(handler, call) : ctx.functionOf(call),
      });
      ctx.addStart(call, { kind: 'worker' });
      return;
    }
    ctx.addCall(call, {
      mechanism: 'bullmq',
      library,
      role: 'request',
      style: jobStyle(ctx, call),
      ...(q.name ? { channel: q.name } : {}),
      ...(q.client ? { client: q.client } : {}),
    });
  },
  onNew(expr, ctx) {
    const o = ctx.origin(expr.expression);
    if (isQueueCtor(o)) {
      recordQueue(ctx, expr, expr.arguments?.[0]);
      return;
    }
    // new Worker('emails', processor)
    if (o.kind === 'import' && o.name === 'Worker' && o.path.length === 0 && (o.module === 'bullmq' || o.module === '@nestjs/bullmq')) {
      const [name, processor] = expr.arguments ?? [];
      if (!name) return;
      subscription(ctx, expr, {
        kind: 'message',
        framework: 'bullmq',
        mechanism: 'bullmq',
        method: 'process',
        channel: ctx.sym(name)!,
        handler: processor ? ctx.handlerRef(processor, expr) : ctx.functionOf(expr),
      });
      ctx.addStart(expr, { kind: 'worker' });
    }
  },
  onClass(cls, ctx) {
    const dec = ctx.decorators(cls).find((d) => d.name === 'Processor');
    if (!dec || !dec.args[0] || !Object.values(ctx.facts.imports).some((i) => i.module === '@nestjs/bull' || i.module === '@nestjs/bullmq')) return;
    const arg = dec.args[0];
    const name = ts.isObjectLiteralExpression(unwrap(arg)) ? prop(arg, 'name') : arg;
    if (!name) return;
    let handler: string | undefined;
    for (const member of cls.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      if (ctx.decorators(member).some((d) => d.name === 'Process') || member.name.getText() === 'process') {
        handler = ctx.idOf(member);
        break;
      }
    }
    subscription(ctx, dec.node, {
      kind: 'message',
      framework: '@nestjs/bull',
      mechanism: 'bullmq',
      method: 'process',
      channel: ctx.sym(name)!,
      handler: handler ?? `${ctx.file}#${cls.name?.text ?? 'default'}`,
    });
    ctx.addStart(dec.node, { kind: 'worker' });
  },
};

function isQueueCtor(o: Origin): boolean {
  return o.kind === 'import' && o.path.length === 0 && (o.module === 'bull' || o.module === 'bullmq') && QUEUE_CLASSES.has(o.name);
}

function recordQueue(ctx: FileContext, node: ts.Node, name: ts.Expression | undefined): void {
  let n: ts.Node = node;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent))) n = n.parent;
  const p = n.parent;
  if (!name || !p || !ts.isVariableDeclaration(p) || !ts.isIdentifier(p.name)) return;
  ctx.addClient({ id: `${ctx.file}#${p.name.text}`, library: 'bull', transport: 'bullmq', options: { queue: ctx.sym(name)! }, line: ctx.loc(node).line });
}

/** The queue behind a receiver: its name when created or injected here, or a link-time reference. */
function queueOf(ctx: FileContext, recv: ts.Expression): { name?: Sym; client?: ClientRef; library: string } | undefined {
  const o = ctx.origin(recv);
  if (o.kind === 'new' && o.path.length === 0 && isQueueCtor(o.ctor)) {
    const arg = o.expr.arguments?.[0];
    return arg ? { name: ctx.sym(arg)!, library: (o.ctor as { module: string }).module } : undefined;
  }
  if (o.kind === 'call' && o.path.length === 0 && isQueueCtor(o.callee)) {
    const arg = o.call.arguments[0];
    return arg ? { name: ctx.sym(arg)!, library: 'bull' } : undefined;
  }
  if (o.kind === 'type' && o.path.length === 0 && o.typeName === 'Queue' && o.module && (MODULES.bull as readonly string[]).includes(o.module)) {
    // @InjectQueue('emails') private queue: Queue
    return o.token ? { name: o.token, library: o.module.replace('@nestjs/', '') } : undefined;
  }
  const client = importedClient(ctx, recv);
  if (client && verdict(ctx, recv, MODULES.bull) !== 'no') return { client, library: 'bull' };
  return undefined;
}

/** `await (await queue.add(...)).finished()` waits for the worker's result. */
function jobStyle(ctx: FileContext, call: ts.CallExpression): Style {
  const waits = (n: ts.Node): Style | undefined => {
    const p = n.parent;
    if (
      p &&
      ts.isPropertyAccessExpression(p) &&
      p.expression === n &&
      (p.name.text === 'finished' || p.name.text === 'waitUntilFinished') &&
      ts.isCallExpression(p.parent)
    ) {
      const s = ctx.style(p.parent);
      return s === 'fire-and-forget' ? 'async-request-response' : s;
    }
    return undefined;
  };
  let n: ts.Node = call;
  while (n.parent && (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent))) n = n.parent;
  const direct = waits(n);
  if (direct) return direct;
  const v = resultVariable(call);
  if (v)
    for (const use of usesOf(v)) {
      const s = waits(use);
      if (s) return s;
    }
  return 'fire-and-forget';
}
