/**
 * NATS: nats.js (`nc.publish`, `nc.subscribe` with a `callback` or a `for await` loop, `nc.request`,
 * JetStream `js.publish` / `js.subscribe`) and node-nats-streaming (`stan.publish`, `stan.subscribe`
 * + `sub.on('message')`), including the class-based Publisher/Listener pattern whose subject is
 * `this.subject`, set in subclasses and resolved per subclass at link time.
 */
import { ts } from 'ts-morph';
import type { FileContext } from '../../syntax/context';
import type { Sym } from '../../facts';
import { enclosingClass, unwrap } from '../../syntax/origin';
import { cat } from '../../syntax/values';
import type { Detector } from '../detector';
import { arrayOf, memberCall, prop } from '../../syntax/objects';
import { accepts, addBroker, channelSym, importsAny, MODULES, recordInstance, resultVariable, subscription, usesOf, verdict } from './common';

const STAN = ['node-nats-streaming'];
const RIVALS = [MODULES.redis, MODULES.amqp, MODULES.pubsub];

/** Detects NATS publishers, subscribers and requests. */
export const nats: Detector = {
  id: 'nats',
  applies: (text) => /nats|Stan\b|extends\s+\w*(Publisher|Listener|Producer|Consumer|Subscriber|Emitter)\b/.test(text),
  onCall(call, ctx) {
    const m = memberCall(call);
    if (!m) {
      // `const nc = await connect({ servers })`
      const callee = unwrap(call.expression);
      if (ts.isIdentifier(callee) && verdict(ctx, callee, MODULES.nats) === 'yes') recordInstance(ctx, call, libraryOf(ctx, callee), 'nats');
      return;
    }
    const { recv, method } = m;
    if (method === 'connect') {
      if (verdict(ctx, recv, MODULES.nats) === 'yes') recordInstance(ctx, call, libraryOf(ctx, recv), 'nats');
      return;
    }
    if ((method === 'add' || method === 'get') && jetStreamTopology(ctx, call, recv, method)) return;
    if (!['publish', 'subscribe', 'pullSubscribe', 'request'].includes(method)) return;
    const subject = call.arguments[0];
    // `nc.publish(msg.reply, data)`: a responder answering a request, part of that request
    if (!subject || isObjectOrFunction(subject) || (method === 'publish' && /\.reply(To)?\b/.test(subject.getText()))) return;
    if (!accepts(ctx, recv, MODULES.nats, RIVALS)) return;
    const library = libraryOf(ctx, recv);
    const channel = channelSym(ctx, subject);
    if (!channel) return;
    const cls = enclosingClass(call);
    const className = cls?.name?.text;
    if (method === 'publish') {
      ctx.addCall(call, { mechanism: 'nats', library, role: 'publish', style: 'event', channel });
    } else if (method === 'request') {
      ctx.addCall(call, { mechanism: 'nats', library, role: 'request', channel, traits: { hasTimeout: !!prop(call.arguments[2], 'timeout') } });
    } else {
      subscription(ctx, call, {
        kind: 'message',
        framework: library,
        mechanism: 'nats',
        method: 'subscribe',
        channel,
        handler: subscriptionHandler(ctx, call),
        ...(className ? { className } : {}),
      });
      ctx.addStart(call, { kind: 'worker' });
    }
  },
  onClass(cls, ctx) {
    classOnPackageBase(cls, ctx);
  },
};

/**
 * `class TicketCreatedPublisher extends Publisher<E> { subject = Subjects.TicketCreated }` where the
 * base class comes from a package (a shared library published to npm, not in the workspace):
 * the subclass is all the code shows. Listeners become endpoints here; publishers are reported at
 * link time where their instances call `publish`. When the base class is in the workspace, its
 * own publish/subscribe calls are expanded per subclass instead, and these facts are ignored.
 */
function classOnPackageBase(cls: ts.ClassDeclaration, ctx: FileContext): void {
  const ext = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const base = ext ? unwrap(ext.expression) : undefined;
  if (!base || !ts.isIdentifier(base) || !cls.name) return;
  const imp = ctx.facts.imports[base.text];
  if (!imp || imp.module.startsWith('.')) return;
  let subject: ts.Expression | undefined;
  let field: string | undefined;
  const methods = new Set<string>();
  let queueGroup = false;
  for (const m of cls.members) {
    const name = m.name?.getText();
    if (ts.isPropertyDeclaration(m) && (name === 'subject' || name === 'topic') && m.initializer) {
      subject = m.initializer;
      field = name;
    }
    if (ts.isPropertyDeclaration(m) && name === 'queueGroupName') queueGroup = true;
    if (ts.isMethodDeclaration(m) && name) methods.add(name);
  }
  if (!subject || !field) return;
  const channel = ctx.sym(subject)!;
  const mechanism = field === 'topic' ? 'kafka' : 'nats';
  const library = field === 'topic' ? 'kafkajs' : importsAny(ctx, ['nats']) ? 'nats' : 'node-nats-streaming';
  const className = cls.name.text;
  if (/Listener|Consumer|Subscriber/.test(base.text) || queueGroup || methods.has('onMessage')) {
    const handler = methods.has('onMessage') ? `${ctx.file}#${className}.onMessage` : `${ctx.file}#${className}`;
    subscription(ctx, cls.name, { kind: 'message', framework: library, mechanism, method: 'class-listener', channel, handler, className, channelField: field });
  } else if (/Publisher|Producer|Emitter/.test(base.text)) {
    ctx.addCall(subject, { mechanism, library, role: 'publish', style: 'event', channel, method: 'class-publisher', className });
  }
}

/**
 * JetStream durable consumers: `jsm.streams.add({ name, subjects })` and
 * `jsm.consumers.add(stream, { durable_name, filter_subject })` route subjects into a stream or a
 * consumer (broker facts); `js.consumers.get(stream, durable)` is the subscription, whose subjects
 * the linker reads from those routes.
 */
function jetStreamTopology(ctx: FileContext, call: ts.CallExpression, recv: ts.Expression, method: 'add' | 'get'): boolean {
  if (!ts.isPropertyAccessExpression(recv) || (recv.name.text !== 'streams' && recv.name.text !== 'consumers')) return false;
  if (verdict(ctx, recv.expression, MODULES.nats) === 'no' || !importsAny(ctx, MODULES.nats)) return false;
  const [a0, a1] = call.arguments;
  if (recv.name.text === 'streams' && method === 'add') {
    const name = prop(a0, 'name');
    for (const subj of arrayOf(prop(a0, 'subjects')) ?? [])
      if (name) addBroker(ctx, call, { mechanism: 'nats', kind: 'route', source: ctx.sym(subj)!, name: ctx.sym(name)! });
    return true;
  }
  if (recv.name.text === 'consumers' && method === 'add' && a0) {
    const durable = prop(a1, 'durable_name') ?? prop(a1, 'name');
    const filters = [prop(a1, 'filter_subject'), ...(arrayOf(prop(a1, 'filter_subjects')) ?? [])].filter((x): x is ts.Expression => !!x);
    if (durable)
      for (const fl of filters)
        addBroker(ctx, call, { mechanism: 'nats', kind: 'route', source: ctx.sym(fl)!, name: cat([ctx.sym(a0)!, { k: 'lit', v: '/' }, ctx.sym(durable)!]) });
    return true;
  }
  if (recv.name.text === 'consumers' && method === 'get' && a0) {
    const queue = a1 && !ts.isObjectLiteralExpression(unwrap(a1)) ? cat([ctx.sym(a0)!, { k: 'lit', v: '/' }, ctx.sym(a1)!]) : ctx.sym(a0)!;
    // inside a callback handed to a helper (a retry), the subscription belongs to the enclosing function,
    // whose call sites bind its parameters
    const anchor = helperAnchor(call);
    const fact = {
      kind: 'message',
      framework: 'nats',
      mechanism: 'nats',
      method: 'jetstream-consumer',
      channel: ownFilterSubject(ctx, call) ?? { k: 'unknown', text: 'stream subjects' },
      queue,
      handler: ctx.functionOf(call),
    } as const;
    if (anchor) ctx.addEndpoint(call, { ...fact, function: ctx.functionOf(anchor) });
    else subscription(ctx, call, fact);
    ctx.addStart(call, { kind: 'worker' });
    return true;
  }
  return false;
}

/**
 * The subject a pull-consumer helper filters on, named in the same function as its `consumers.get`
 * (`const filters = opts.def?.subject ? [opts.def.subject] : []` handed on as `{ filter_subjects: filters }`):
 * often a wrapper parameter, bound per call site at link time. One subject only; otherwise the stream's routes decide.
 */
function ownFilterSubject(ctx: FileContext, call: ts.CallExpression): Sym | undefined {
  const fn = helperFunction(call);
  if (!fn) return undefined;
  const found: ts.Expression[] = [];
  const locals = new Map<string, ts.Expression>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) locals.set(n.name.text, n.initializer);
    if (ts.isPropertyAssignment(n) && /^filter_subjects?$/.test(n.name.getText())) found.push(n.initializer);
    if (ts.isShorthandPropertyAssignment(n) && /^filter_subjects?$/.test(n.name.text)) found.push(n.name);
    ts.forEachChild(n, visit);
  };
  visit(fn);
  const subjects: ts.Expression[] = [];
  const collect = (e: ts.Expression, depth: number): void => {
    const u = unwrap(e);
    if (depth > 3) return;
    if (ts.isIdentifier(u) && locals.has(u.text)) return collect(locals.get(u.text)!, depth + 1);
    // `cond ? [subject] : fallback`: the branch that names a subject
    if (ts.isConditionalExpression(u)) return collect(u.whenTrue, depth + 1);
    if (ts.isArrayLiteralExpression(u)) return u.elements.forEach((x) => collect(x, depth + 1));
    subjects.push(u);
  };
  found.forEach((e) => collect(e, 0));
  if (subjects.length !== 1) return undefined;
  const sym = ctx.sym(subjects[0]!);
  return sym && sym.k !== 'unknown' ? sym : undefined;
}

/** The function a call belongs to, past callbacks handed to a helper (`retry(() => js.consumers.get(...))`). */
function helperFunction(node: ts.Node): ts.Node | undefined {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  while (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(fn.parent)) {
    let up: ts.Node | undefined = fn.parent;
    while (up && !ts.isFunctionLike(up)) up = up.parent;
    if (!up) break;
    fn = up;
  }
  return fn;
}

/** The helper call a callback holding `node` is handed to (`retry(() => ...)`), outermost first; undefined when none. */
function helperAnchor(node: ts.Node): ts.Node | undefined {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  let anchor: ts.Node | undefined;
  while (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(fn.parent)) {
    anchor = fn.parent;
    fn = anchor.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  }
  return anchor;
}

function isObjectOrFunction(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isObjectLiteralExpression(u) || ts.isArrowFunction(u) || ts.isFunctionExpression(u);
}

function libraryOf(ctx: FileContext, recv: ts.Expression): string {
  if (verdict(ctx, recv, STAN) === 'yes') return 'node-nats-streaming';
  if (verdict(ctx, recv, MODULES.nats) === 'yes') return 'nats';
  return importsAny(ctx, STAN) && !importsAny(ctx, ['nats']) ? 'node-nats-streaming' : 'nats';
}

/**
 * The function that handles a subscription's messages: `{ callback }`, `sub.on('message', cb)`,
 * the function holding `for await (const m of sub)`, or the subscribing function.
 */
function subscriptionHandler(ctx: FileContext, call: ts.CallExpression): string {
  for (const a of call.arguments.slice(1)) {
    const cb = prop(a, 'callback') ?? prop(a, 'callbackFn');
    if (cb) return ctx.handlerRef(cb, call);
  }
  const v = resultVariable(call);
  if (v) {
    for (const use of usesOf(v)) {
      const p = use.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === use && p.name.text === 'on' && ts.isCallExpression(p.parent)) {
        const [ev, cb] = p.parent.arguments;
        if (ev && ts.isStringLiteralLike(ev) && ev.text === 'message' && cb) return ctx.handlerRef(cb, p.parent);
      }
      if (ts.isForOfStatement(p) && p.expression === use) return ctx.functionOf(p.statement);
    }
  }
  if (ts.isForOfStatement(call.parent) && call.parent.expression === call) return ctx.functionOf(call.parent.statement);
  return ctx.functionOf(call);
}
