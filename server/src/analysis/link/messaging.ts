/**
 * Messaging links: message endpoints (subscriptions, queue consumers, AMQP bindings) with their
 * resolved channels, and publishes matched to every subscribing service by channel — exact names,
 * NATS and AMQP wildcards, Redis glob patterns, Kafka regular expressions, AMQP exchanges by type.
 *
 * Class-based publishers and listeners (`this.client.publish(this.subject, ...)` in an abstract base
 * class) are resolved per subclass, and a publish whose channel is a parameter of a thin wrapper is
 * resolved per call site; both are reported at the publish line with `callSite` set to the
 * business-level call.
 */
import type { CallFact, ClassFact, ClientFact, EndpointFact, FileFacts, FunctionFact, Sym } from '../facts';
import type { Endpoint, Interaction, Style } from '../model';
import type { ServiceInfo } from '../workspace/services';
import { dependsOnParam, type Binding, type Program, UNKNOWN } from './program';
import { channelMatches, parseUrl, type ServiceDirectory, type TargetMatch } from './targets';
import type { Built } from './built';
import { endpointsOfKind } from './endpoint-index';
import { type EventPattern, patternMatches } from '../infra/model';

/** Mechanisms this module links (NestJS transports and gRPC stay in the linker). */
const MECHANISMS = new Set(['kafka', 'rabbitmq', 'nats', 'redis', 'sns', 'sqs', 'eventbridge', 'pubsub', 'bullmq', 'lambda', 'messaging']);

/** Transports a client fact may name for a call whose library was only known at link time. */
const PENDING_TRANSPORTS = new Set(['redis', 'nats', 'kafka', 'bullmq']);

/** True for a call this module links. */
export function isMessagingCall(call: CallFact): boolean {
  return MECHANISMS.has(call.mechanism);
}

/** True for an endpoint fact this module links. */
export function isMessagingEndpoint(e: EndpointFact): boolean {
  return e.kind === 'message' && e.mechanism !== undefined && MECHANISMS.has(e.mechanism);
}

// ---------------------------------------------------------------- endpoints

/** What matching needs of a message endpoint, beyond its public shape (unknown parts kept). */
export interface MessageInfo {
  mechanism: string;
  channel: string;
  exchange?: string;
  exchangeType?: string;
  queue?: string;
  method?: string;
  envNames: string[];
  /** For EventBridge rule targets: the rule's pattern and bus. */
  pattern?: EventPattern;
  bus?: string;
}

const infos = new WeakMap<Endpoint, MessageInfo>();

/** Makes a message endpoint built elsewhere (declared by infrastructure code) matchable by publishes. */
export function registerMessageEndpoint(ep: Endpoint, info: MessageInfo): void {
  infos.set(ep, info);
}

/** Message endpoints of one endpoint fact: one per service that runs it (per subclass for class-based listeners). */
export function messagingEndpoints(program: Program, f: FileFacts, e: EndpointFact): Endpoint[] {
  const out: Endpoint[] = [];
  const client = e.client ? clientOf(program, f.file, e.client) : undefined;
  const emit = (
    svc: ServiceInfo,
    file: string,
    line: number,
    column: number,
    handler: string,
    values: ThisLookup | undefined,
    mechanism: string,
    framework: string,
    binding?: Binding,
  ): void => {
    const env = svc.env;
    const channelSym = e.channel ?? (e.channelField ? { k: 'ref' as const, name: '#this', path: [e.channelField] } : client?.options?.queue);
    const ch = resolveSym(program, channelSym, client && !e.channel ? clientFile(program, f.file, e.client!) : f.file, env, values, binding);
    const ex = e.exchange ? resolveSym(program, e.exchange, f.file, env, values, binding) : undefined;
    const q = e.queue ? resolveSym(program, e.queue, f.file, env, values, binding) : undefined;
    const channel = ch.text;
    const shown = show(channel);
    const ep: Endpoint = {
      id: `${svc.name}:message:${mechanism}:${ex ? show(ex.text) + '/' : ''}${shown}:${file}:${line}`,
      service: svc.name,
      kind: 'message',
      file,
      line,
      column,
      framework,
      channel: shown,
      mechanism,
      handler,
    };
    if (e.method) ep.method = e.method;
    if (ex) ep.exchange = show(ex.text);
    if (q) ep.queue = show(q.text);
    const info: MessageInfo = { mechanism, channel, envNames: [...ch.envNames, ...(q?.envNames ?? [])] };
    if (ex) info.exchange = ex.text;
    if (q) info.queue = q.text;
    if (e.exchangeType) info.exchangeType = e.exchangeType;
    if (e.method) info.method = e.method;
    infos.set(ep, info);
    out.push(ep);
  };
  let mechanism = e.mechanism!;
  let framework = e.framework;
  if (mechanism === 'messaging') {
    if (!client?.transport || !PENDING_TRANSPORTS.has(client.transport)) return [];
    mechanism = client.transport;
    framework = client.library;
  }
  const handler = program.resolveHandler(e.handler, f.file);
  if (e.method === 'class-listener') {
    // a listener subclass of a package's base class; with the base in the workspace, its subscribe call is expanded instead
    const cls = f.classes.find((c) => c.name === e.className);
    if (!cls || baseInWorkspace(program, f.file, cls)) return [];
  }
  if (usesThis(e.channel) || (!e.channel && e.channelField)) {
    // a listener base class: one endpoint per concrete subclass, in the services that own it
    const base = e.className ? program.findClass(f.file, e.className) : undefined;
    if (!base) return [];
    for (const sub of concreteClasses(program, base)) {
      const values = thisLookup(program, sub);
      const field = e.channelField ?? thisFields(e.channel)[0];
      if (field && !values(field)) continue;
      const subHandler = subclassHandler(program, handler, sub) ?? handler;
      for (const name of program.servicesOf(sub.file)) {
        const svc = program.service(name);
        if (svc) emit(svc, sub.file, sub.cls.line, 1, subHandler, values, mechanism, framework);
      }
    }
    return out;
  }
  // a subscription wrapper (`consumeFromQueue(queue, onMessage)`): one endpoint per call site that names the channel
  if (e.function && [e.channel, e.exchange, e.queue].some(dependsOnParam)) {
    const sites = program.callersOf(e.function);
    for (const { from, site } of sites) {
      const callerFile = from.id.slice(0, from.id.indexOf('#'));
      for (const name of program.servicesOf(callerFile)) {
        const svc = program.service(name);
        if (svc)
          emit(svc, callerFile, site.line ?? e.line, site.column ?? 1, from.id, undefined, mechanism, framework, {
            args: site.args ?? [],
            file: callerFile,
            env: svc.env,
          });
      }
    }
    // a wrapper nobody calls subscribes to nothing
    return out;
  }
  // `consume(q.queue)` of an unnamed queue next to its binding: the binding is the subscription
  if (
    e.method === 'consume' &&
    e.function &&
    f.endpoints.some((o) => o !== e && o.method === 'bind' && o.function === e.function && JSON.stringify(o.queue) === JSON.stringify(e.queue))
  ) {
    const probe = program.resolve(e.queue, f.file, {});
    if (probe.text === UNKNOWN) return out;
  }
  for (const name of program.servicesOf(f.file)) {
    const svc = program.service(name);
    if (svc) emit(svc, f.file, e.line, e.column, handler, undefined, mechanism, framework);
  }
  return out;
}

/** The method of a subclass that a base-class handler delegates to (`this.onMessage(data, msg)`). */
function subclassHandler(program: Program, handler: string, sub: { file: string; cls: ClassFact }): string | undefined {
  const fn = program.functions.get(handler);
  if (!fn) return undefined;
  const seen = new Set<string>();
  const queue: FunctionFact[] = [fn];
  while (queue.length && seen.size < 20) {
    const cur = queue.shift()!;
    if (seen.has(cur.id)) continue;
    seen.add(cur.id);
    for (const c of cur.calls) {
      if (c.k !== 'this') continue;
      const own = program.methodOf(sub.file, sub.cls, c.member);
      if (own && own.startsWith(`${sub.file}#`)) return own;
    }
    for (const n of cur.nested) {
      const nf = program.functions.get(n);
      if (nf) queue.push(nf);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- calls

/** Links a publish, queue send or broker request: one interaction per place and binding that reaches it. */
export function linkMessagingCall(
  program: Program,
  f: FileFacts,
  call: CallFact,
  svc: ServiceInfo,
  dir: ServiceDirectory,
  endpoints: readonly Endpoint[],
  client: { file: string; client: ClientFact } | undefined,
): Built[] {
  let mechanism = call.mechanism;
  let library = call.library;
  if (mechanism === 'messaging') {
    const t = client?.client.transport;
    if (!t || !PENDING_TRANSPORTS.has(t)) return [];
    mechanism = t;
    library = client!.client.library;
  }
  let channelSym = call.channel;
  // a job queue imported from another file: its name is in that file's `new Queue(name)`
  const fromClient = !channelSym && client?.client.options?.queue ? client : undefined;
  if (fromClient) channelSym = fromClient.client.options!.queue;
  const syms = [channelSym, ...(call.channels ?? [])];
  const contexts = call.method === 'class-publisher' ? packagePublisherSites(program, f, call, svc) : bindings(program, f, call, svc, syms);
  const out: Built[] = [];
  for (const ctx of contexts) {
    const env = svc.env;
    const resolved = syms.map((s, i) => resolveSym(program, s, i === 0 && fromClient ? fromClient.file : f.file, env, ctx.values, ctx.binding));
    const exchange = call.exchange ? resolveSym(program, call.exchange, f.file, env, ctx.values, ctx.binding) : undefined;
    const pub: Publish = { mechanism, channels: resolved.map((r) => r.text), envNames: resolved.flatMap((r) => r.envNames) };
    if (exchange) pub.exchange = exchange.text;
    if (call.entries) {
      const text = (s: Sym | undefined): string | undefined => (s ? resolveSym(program, s, f.file, env, ctx.values, ctx.binding).text : undefined);
      pub.entries = call.entries.map((e) => ({ ...(e.source ? { source: text(e.source)! } : {}), ...(e.detailType ? { detailType: text(e.detailType)! } : {}) }));
    }
    const exType = call.exchangeType ?? (exchange ? exchangeTypes(program).get(exchange.text) : undefined);
    if (exType) pub.exchangeType = exType;
    // only message endpoints carry message info
    const hits = candidates(endpoints, pub).filter((ep) => {
      const info = infos.get(ep);
      return !!info && matches(program, info, pub);
    });
    let callees = unique(hits.map((h) => h.service)).filter((s) => s !== svc.name);
    if (mechanism === 'lambda' && !hits.length) {
      const target = pub.channels[0] ?? '';
      const name = target.replace(/^arn:aws:lambda:[^:]*:[^:]*:function:/, '').split(':')[0] ?? '';
      const owner = name && !name.includes(UNKNOWN) ? (dir.byHostName(name) ?? dir.byHostName(name.split(/[-_]/)[0] ?? '')) : undefined;
      if (owner) callees = [owner].filter((s) => s !== svc.name);
      if (owner === svc.name) continue;
    }
    // messages only this service consumes are intra-service: not part of the service graph
    if (!callees.length && hits.length) continue;
    const shown = pub.channels.map(show);
    // a publish is an event however it is awaited; requests over a broker (and jobs) keep the caller's style
    const style: Style = call.role === 'publish' ? 'event' : call.style;
    // a publisher class whose base is a package: the business call is the only place the code shows
    const at = ctx.at
      ? { file: ctx.at.file, line: ctx.at.line, column: ctx.at.column, endLine: ctx.at.line, endColumn: ctx.at.column }
      : { file: f.file, line: call.line, column: call.column, endLine: call.endLine, endColumn: call.endColumn };
    const interaction: Interaction = {
      id: `${svc.name}@${at.file}:${at.line}:${at.column}${ctx.site ? `<${ctx.site.file}:${ctx.site.line}` : ''}`,
      service: svc.name,
      ...at,
      mechanism,
      library,
      target: describeTarget(mechanism, pub.exchange, shown),
      style,
      callees,
      endpoints: hits.filter((h) => callees.includes(h.service)).map((h) => h.id),
      channel: shown.join(', '),
      function: ctx.at?.fn ?? call.function,
      traits: call.traits,
    };
    if (ctx.site) interaction.callSite = { file: ctx.site.file, line: ctx.site.line, column: ctx.site.column };
    if (!callees.length)
      interaction.unresolved = resolved.some((r) => r.text.includes(UNKNOWN))
        ? `channel ${shown.join(', ')} could not be resolved${pub.envNames.length ? ` (${unique(pub.envNames).join(', ')})` : ''}`
        : `no service subscribes to ${shown.join(', ')}`;
    out.push({ interaction, external: false });
  }
  return out;
}

/** Message endpoints by the mechanism `matches` requires, with those whose name can only match itself keyed by it. */
interface MechanismGroup {
  all: Endpoint[];
  /** Positions in `all` of endpoints matched only by a publish of exactly their key. */
  exact: Map<string, number[]>;
  /** Positions in `all` of the others (wildcards, patterns, unknown parts, JetStream consumers). */
  rest: number[];
}

/** Publishes that `matches` connects only to endpoints of their own mechanism. */
const SAME_MECHANISM = new Set(['kafka', 'nats', 'redis', 'bullmq', 'sqs']);

const candidateIndex = new WeakMap<readonly Endpoint[], { length: number; groups: Map<string, MechanismGroup> }>();

/** The name under which a publish on `channel` can only reach an endpoint of the same name, for mechanisms where that holds. */
function exactKey(mechanism: string, channel: string): string | undefined {
  if (channel.includes(UNKNOWN)) return undefined;
  if (mechanism === 'kafka' || mechanism === 'bullmq' || mechanism === 'redis' || mechanism === 'nats') return channel;
  if (mechanism === 'sqs') {
    const q = queueName(channel);
    return q.includes(UNKNOWN) ? undefined : q;
  }
  return undefined;
}

/**
 * The message endpoints a publish can match, in list order: those of its mechanism, and where
 * names compare exactly, only those of the same name plus the ones with patterns or unknown parts.
 * Every publish used to be compared with every message endpoint of the workspace.
 */
function candidates(endpoints: readonly Endpoint[], pub: Publish): readonly Endpoint[] {
  let idx = candidateIndex.get(endpoints);
  if (!idx || idx.length !== endpoints.length) {
    idx = { length: endpoints.length, groups: new Map() };
    for (const ep of endpointsOfKind(endpoints, 'message')) {
      const info = infos.get(ep);
      if (!info) continue;
      const g = idx.groups.get(info.mechanism) ?? idx.groups.set(info.mechanism, { all: [], exact: new Map(), rest: [] }).get(info.mechanism)!;
      const at = g.all.push(ep) - 1;
      const patterned =
        (info.mechanism === 'kafka' && isRegex(info.channel)) ||
        (info.mechanism === 'redis' && info.method === 'psubscribe') ||
        (info.mechanism === 'nats' && (info.method === 'jetstream-consumer' || /[*>]/.test(info.channel)));
      const key = patterned ? undefined : exactKey(info.mechanism, info.channel);
      if (key === undefined) g.rest.push(at);
      else (g.exact.get(key) ?? g.exact.set(key, []).get(key)!).push(at);
    }
    candidateIndex.set(endpoints, idx);
  }
  // other mechanisms reach endpoints of other mechanisms too (SNS: SQS queues subscribed to the topic): all are candidates
  if (!SAME_MECHANISM.has(pub.mechanism)) return endpointsOfKind(endpoints, 'message');
  const g = idx.groups.get(pub.mechanism);
  if (!g) return [];
  const keys = pub.channels.map((c) => exactKey(pub.mechanism, c));
  if (keys.some((k) => k === undefined)) return g.all;
  const at = new Set(g.rest);
  for (const k of keys) for (const i of g.exact.get(k!) ?? []) at.add(i);
  return [...at].sort((a, b) => a - b).map((i) => g.all[i]!);
}

function describeTarget(mechanism: string, exchange: string | undefined, channels: string[]): string {
  if (mechanism === 'rabbitmq') {
    if (exchange === undefined || exchange === '') return `rabbitmq queue ${channels.join(', ')}`;
    return `rabbitmq exchange ${show(exchange)} key ${channels.join(', ')}`;
  }
  if (mechanism === 'eventbridge' && exchange) return `eventbridge ${show(exchange)} ${channels.join(', ')}`;
  return `${mechanism} ${channels.join(', ')}`;
}

/** One way a call's channel is known: plain, per subclass, or per call site of its wrapper. */
interface BindingContext {
  values?: ThisLookup;
  binding?: Binding;
  site?: { file: string; line: number; column: number };
  /** Report the interaction here instead of at the call fact (publishes through a package's base class). */
  at?: { file: string; line: number; column: number; fn: string };
}

/**
 * Where instances of a publisher class whose base class comes from a package call `publish`
 * (`new TicketCreatedPublisher(client).publish(...)`), in this service. Nothing when the base class
 * is in the workspace: its own publish call is expanded per subclass.
 */
function packagePublisherSites(program: Program, f: FileFacts, call: CallFact, svc: ServiceInfo): BindingContext[] {
  const cls = f.classes.find((c) => c.name === call.className);
  if (!cls || baseInWorkspace(program, f.file, cls)) return [];
  const out: BindingContext[] = [];
  for (const at of publishSitesByClass(program).get(classKey(f.file, cls.name)) ?? []) {
    if (program.servicesOf(at.file).includes(svc.name)) out.push({ at });
  }
  return out;
}

const publishSites = new WeakMap<Program, Map<string, { file: string; line: number; column: number; fn: string }[]>>();

/**
 * Every `x.publish/send/emit(...)` on a typed receiver, grouped by the class the receiver's type
 * names, in function and call order: made once per program rather than a walk of every function
 * for each publisher-class call and service.
 */
function publishSitesByClass(program: Program): Map<string, { file: string; line: number; column: number; fn: string }[]> {
  const cached = publishSites.get(program);
  if (cached) return cached;
  const groups = new Map<string, { file: string; line: number; column: number; fn: string }[]>();
  for (const fn of program.functions.values()) {
    const file = fn.id.slice(0, fn.id.indexOf('#'));
    for (const c of fn.calls) {
      if (c.k !== 'typed' || (c.member !== 'publish' && c.member !== 'send' && c.member !== 'emit')) continue;
      const target = program.findClass(file, c.type, c.module);
      if (!target) continue;
      const key = classKey(target.file, target.cls.name);
      const at = { file, line: c.line ?? 0, column: c.column ?? 0, fn: fn.id };
      const list = groups.get(key);
      if (list) list.push(at);
      else groups.set(key, [at]);
    }
  }
  publishSites.set(program, groups);
  return groups;
}

/** True when a class's base class is declared in the workspace (its module resolves to an analysed file). */
function baseInWorkspace(program: Program, file: string, cls: ClassFact): boolean {
  const ext = cls.extends;
  if (!ext) return false;
  if (ext.module === undefined) return true;
  return program.modules.resolve(file, ext.module) !== undefined;
}

function bindings(program: Program, f: FileFacts, call: CallFact, svc: ServiceInfo, syms: (Sym | undefined)[]): BindingContext[] {
  if (syms.some(usesThis)) return classBindings(program, f, call, svc);
  if (syms.some(dependsOnParam)) {
    const out: BindingContext[] = [];
    for (const { from, site } of program.callersOf(program.wrapperFunction(call.function))) {
      const callerFile = from.id.slice(0, from.id.indexOf('#'));
      if (!program.servicesOf(callerFile).includes(svc.name)) continue;
      out.push({
        binding: { args: site.args ?? [], file: callerFile, env: svc.env },
        site: { file: callerFile, line: site.line ?? 0, column: site.column ?? 0 },
      });
    }
    if (out.length || !program.wrapperUsedIn(program.wrapperFunction(call.function), svc.name)) return out;
  }
  // shared code is attributed to the services whose code reaches it
  if (!program.ownerOf(f.file) && !reachedFrom(program, call.function, svc.name)) return [];
  if (!program.ownerOf(f.file) && !call.function.endsWith('#<module>')) {
    // a helper of a shared library sending a fixed message (`sendReadyQueue(channel, id)`): one
    // interaction per business call in this service, as for wrappers whose callers name the channel
    const out: BindingContext[] = [];
    for (const { from, site } of program.callersOf(program.wrapperFunction(call.function))) {
      const callerFile = from.id.slice(0, from.id.indexOf('#'));
      if (program.ownerOf(callerFile) !== svc.name) continue;
      out.push({ site: { file: callerFile, line: site.line ?? 0, column: site.column ?? 0 } });
    }
    if (out.length) return out;
  }
  return [{}];
}

/**
 * A publish in a base class: one binding per call of the publishing method on a concrete subclass
 * (`new OrderCreatedPublisher(client).publish(...)`) in this service; without such calls, one per
 * subclass this service owns.
 */
function classBindings(program: Program, f: FileFacts, call: CallFact, svc: ServiceInfo): BindingContext[] {
  const method = enclosingMethod(program, call.function);
  if (!method) return [];
  const base = program.findClass(f.file, method.className);
  if (!base) return [];
  const classes = concreteClasses(program, base);
  const out: BindingContext[] = [];
  const methodId = `${f.file}#${method.className}.${method.member}`;
  const byClass = sitesByClass(program, methodId);
  for (const sub of classes) {
    for (const { callerFile, site } of byClass.get(classKey(sub.file, sub.cls.name)) ?? []) {
      if (!program.servicesOf(callerFile).includes(svc.name)) continue;
      out.push({ values: thisLookup(program, sub), site: { file: callerFile, line: site.line ?? 0, column: site.column ?? 0 } });
    }
  }
  if (out.length) return out;
  // no call found: the concrete classes this service owns (a shared library's importers do not all publish)
  const fields = thisFields(call.channel);
  for (const sub of classes) {
    const values = thisLookup(program, sub);
    if (program.ownerOf(sub.file) === svc.name && fields.every((fl) => values(fl))) out.push({ values });
  }
  return out;
}

function classKey(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

/**
 * The call sites of a method grouped by the exact class of the instance they call it on (typed
 * receivers and `this` calls; other sites target no class), in call-site order. Worked out once
 * per method (and kept over edits that leave its callers alone): a base class's publish is bound
 * for every service and subclass, and testing every site against every subclass for every
 * service was quadratic in the publishers.
 */
function sitesByClass(program: Program, methodId: string): Map<string, { callerFile: string; site: FunctionFact['calls'][number] }[]> {
  return program.fromCallers('sites-by-class', methodId, () => groupSitesByClass(program, methodId));
}

function groupSitesByClass(program: Program, methodId: string): Map<string, { callerFile: string; site: FunctionFact['calls'][number] }[]> {
  const groups = new Map<string, { callerFile: string; site: FunctionFact['calls'][number] }[]>();
  for (const { from, site } of program.callersOf(methodId)) {
    const callerFile = from.id.slice(0, from.id.indexOf('#'));
    let key: string | undefined;
    if (site.k === 'typed') {
      const c = program.findClass(callerFile, site.type, site.module);
      if (c) key = classKey(c.file, c.cls.name);
    } else if (site.k === 'this' && from.className !== undefined) key = classKey(callerFile, from.className);
    if (key === undefined) continue;
    const list = groups.get(key);
    if (list) list.push({ callerFile, site });
    else groups.set(key, [{ callerFile, site }]);
  }
  return groups;
}

/** The class itself and its subclasses: those that can be instantiated (or all, when none is abstract-free). */
function concreteClasses(program: Program, base: { file: string; cls: ClassFact }): { file: string; cls: ClassFact }[] {
  return [base, ...program.subclassesOf(base.file, base.cls)];
}

/** The method (class and member) whose body contains a function, climbing out of callbacks. */
function enclosingMethod(program: Program, fnId: string): { className: string; member: string } | undefined {
  // the program's parent index is carried over an edit; a map of its own was rebuilt on every one
  let cur: string | undefined = fnId;
  for (let i = 0; cur && i < 20; i++) {
    const fn = program.functions.get(cur);
    if (fn?.className && fn.name.startsWith(`${fn.className}.`)) return { className: fn.className, member: fn.name.slice(fn.className.length + 1) };
    cur = program.parentOf(cur);
  }
  return undefined;
}

/** True when some function of the service calls (transitively, a few levels up) the function. */
function reachedFrom(program: Program, fnId: string, service: string): boolean {
  // top-level code of a shared module runs in every service that imports it
  return fnId.endsWith('#<module>') || program.servicesCalling(fnId).includes(service);
}

// ---------------------------------------------------------------- resolution

/** `this.<field>` values of a class, each with the file it is written in. */
type ThisLookup = (field: string) => { sym: Sym; file: string } | undefined;

function thisLookup(program: Program, cls: { file: string; cls: ClassFact }): ThisLookup {
  return (field) => {
    let cur: { file: string; cls: ClassFact } | undefined = cls;
    for (let i = 0; cur && i < 10; i++) {
      const v: Sym | undefined = cur.cls.values[field];
      if (v) return { sym: v, file: cur.file };
      cur = cur.cls.extends ? program.findClass(cur.file, cur.cls.extends.name, cur.cls.extends.module) : undefined;
    }
    return undefined;
  };
}

interface Text {
  text: string;
  envNames: string[];
}

/** Resolves a Sym whose `this.<field>` parts live in other files (subclasses) and whose parameters come from a call site. */
function resolveSym(program: Program, sym: Sym | undefined, file: string, env: Record<string, string>, values?: ThisLookup, binding?: Binding): Text {
  if (!sym) return { text: UNKNOWN, envNames: [] };
  if (sym.k === 'ref' && sym.name === '#this') {
    const v = values?.(sym.path[0] ?? '');
    if (!v) return { text: UNKNOWN, envNames: [] };
    return resolveSym(program, v.sym, v.file, env, undefined, undefined);
  }
  if (sym.k === 'cat' && sym.parts.some(usesThis)) {
    const parts = sym.parts.map((p) => resolveSym(program, p, file, env, values, binding));
    return { text: parts.map((p) => p.text).join(''), envNames: parts.flatMap((p) => p.envNames) };
  }
  const r = program.resolve(sym, file, env, binding ? { binding } : {});
  // a constant of a package outside the workspace (`Subjects.TicketCreated` from an npm library):
  // its symbolic name identifies the channel on both sides
  if (r.text === UNKNOWN && sym.k === 'ref' && sym.module !== undefined && !sym.module.startsWith('.') && !program.modules.resolve(file, sym.module)) {
    return { text: [sym.name, ...sym.path].join('.'), envNames: [] };
  }
  return { text: r.text, envNames: r.envNames };
}

function usesThis(s: Sym | undefined): boolean {
  if (!s) return false;
  if (s.k === 'ref') return s.name === '#this';
  if (s.k === 'cat') return s.parts.some(usesThis);
  if (s.k === 'env' || s.k === 'param') return usesThis(s.fallback);
  return false;
}

function thisFields(s: Sym | undefined): string[] {
  if (!s) return [];
  if (s.k === 'ref' && s.name === '#this') return [s.path[0] ?? ''];
  if (s.k === 'cat') return s.parts.flatMap(thisFields);
  return [];
}

/** A client fact by reference (`@import:module:name` or `file#name`). */
function clientOf(program: Program, file: string, ref: NonNullable<EndpointFact['client']>): ClientFact | undefined {
  const id = clientId(program, file, ref);
  if (!id) return undefined;
  const declFile = id.slice(0, id.indexOf('#'));
  return program.facts.get(declFile)?.clients.find((c) => c.id === id);
}

/** The file that declares a referenced client (where its options are resolved). */
function clientFile(program: Program, file: string, ref: NonNullable<EndpointFact['client']>): string {
  const id = clientId(program, file, ref);
  return id ? id.slice(0, id.indexOf('#')) : file;
}

function clientId(program: Program, file: string, ref: NonNullable<EndpointFact['client']>): string | undefined {
  if (ref.k !== 'instance') return undefined;
  let id = ref.id;
  if (id.startsWith('@import:')) {
    const rest = id.slice('@import:'.length);
    const i = rest.lastIndexOf(':');
    const target = program.modules.resolve(file, rest.slice(0, i));
    if (!target) return undefined;
    const hit = program.resolveExport(target, rest.slice(i + 1));
    if (!hit) return undefined;
    id = `${hit.file}#${hit.local}`;
  }
  return id;
}

const exchangeIndex = new WeakMap<Program, Map<string, string>>();

/** Exchange name → type, from every declaration in the program (exchanges are global to a broker). */
function exchangeTypes(program: Program): Map<string, string> {
  let m = exchangeIndex.get(program);
  if (m) return m;
  m = new Map();
  for (const f of program.facts.values()) {
    const env = program.service(program.servicesOf(f.file)[0] ?? '')?.env ?? {};
    for (const b of f.brokers ?? []) {
      if (b.kind !== 'exchange' || !b.type) continue;
      const name = program.resolve(b.name, f.file, env).text;
      if (!name.includes(UNKNOWN)) m.set(name, b.type);
    }
  }
  exchangeIndex.set(program, m);
  return m;
}

const routeIndex = new WeakMap<Program, { mechanism: string; from: string; to: string }[]>();

/** Routes between channels declared in code (SNS topic → SQS queue, Pub/Sub topic → subscription). */
function routes(program: Program): { mechanism: string; from: string; to: string }[] {
  let list = routeIndex.get(program);
  if (list) return list;
  list = [];
  for (const f of program.facts.values()) {
    const env = program.service(program.servicesOf(f.file)[0] ?? '')?.env ?? {};
    for (const b of f.brokers ?? []) {
      if (b.kind !== 'route' || !b.source) continue;
      list.push({ mechanism: b.mechanism, from: program.resolve(b.source, f.file, env).text, to: program.resolve(b.name, f.file, env).text });
    }
  }
  for (const r of program.infra.routes) list.push({ mechanism: 'sns', from: r.topic, to: r.queue });
  routeIndex.set(program, list);
  return list;
}

// ---------------------------------------------------------------- matching

/** What a publish offers to matching: resolved channels (unknown parts kept), exchange and its type. */
export interface Publish {
  mechanism: string;
  channels: string[];
  exchange?: string;
  exchangeType?: string;
  envNames: string[];
  /** EventBridge entries: source and detail type. */
  entries?: { source?: string; detailType?: string }[];
}

/** The message endpoints a publish reaches. */
export function publishHits(program: Program, endpoints: readonly Endpoint[], pub: Publish): Endpoint[] {
  return endpointsOfKind(endpoints, 'message').filter((ep) => {
    const info = infos.get(ep);
    return !!info && matches(program, info, pub);
  });
}

function matches(program: Program, ep: MessageInfo, pub: Publish): boolean {
  const same = (a: string, b: string): boolean => sameName(a, b, ep.envNames, pub.envNames);
  switch (pub.mechanism) {
    case 'kafka':
      return ep.mechanism === 'kafka' && pub.channels.some((c) => (isRegex(ep.channel) ? regexMatches(ep.channel, c) : same(ep.channel, c)));
    case 'nats':
      if (ep.mechanism !== 'nats') return false;
      // a pull consumer whose own filter subject is known matches by it; otherwise through the stream's routes
      if (ep.method === 'jetstream-consumer' && ep.channel.includes(UNKNOWN)) return pub.channels.some((c) => jetStreamReaches(program, ep, c, same));
      return pub.channels.some((c) => same(ep.channel, c) || (!c.includes(UNKNOWN) && channelMatches(ep.channel, c, 'nats')));
    case 'redis':
      return ep.mechanism === 'redis' && pub.channels.some((c) => (ep.method === 'psubscribe' ? globMatches(ep.channel, c) : same(ep.channel, c)));
    case 'bullmq':
      return ep.mechanism === 'bullmq' && pub.channels.some((c) => same(ep.channel, c));
    case 'rabbitmq':
      return (
        ep.mechanism === 'rabbitmq' &&
        pub.channels.some((key) =>
          amqpMatches(ep, pub.exchange ?? '', key, pub.exchangeType ?? ep.exchangeType ?? exchangeTypes(program).get(pub.exchange ?? ''), same),
        )
      );
    case 'sqs':
      return ep.mechanism === 'sqs' && pub.channels.some((c) => same(queueName(ep.channel), queueName(c)));
    case 'sns': {
      // a function subscribed to the topic by infrastructure code
      if (ep.mechanism === 'sns') return pub.channels.some((c) => same(topicName(ep.channel), topicName(c)));
      // otherwise SNS reaches code only through subscriptions declared in code (a queue subscribed to the topic)
      const queues = routes(program)
        .filter((r) => r.mechanism === 'sns' && pub.channels.some((c) => same(topicName(r.from), topicName(c))))
        .map((r) => queueName(r.to));
      return ep.mechanism === 'sqs' && queues.some((q) => same(queueName(ep.channel), q));
    }
    case 'eventbridge': {
      if (ep.mechanism !== 'eventbridge' || !ep.pattern) return false;
      if (pub.exchange !== undefined && ep.bus !== undefined && !sameBus(pub.exchange, ep.bus)) return false;
      return (pub.entries ?? []).some((e) => patternMatches(ep.pattern!, e));
    }
    case 'pubsub': {
      if (ep.mechanism !== 'pubsub') return false;
      return pub.channels.some((t) => {
        const topic = lastSegment(t);
        if (same(lastSegment(ep.channel), topic)) return true;
        const sub = lastSegment(ep.queue ?? ep.channel);
        if (routes(program).some((r) => r.mechanism === 'pubsub' && same(lastSegment(r.from), topic) && same(lastSegment(r.to), sub))) return true;
        // subscriptions are usually named after their topic (`orders-created-sub`)
        return !topic.includes(UNKNOWN) && topic.length > 2 && new RegExp(`^${escape(topic)}[-_.]`).test(sub);
      });
    }
    default:
      return false;
  }
}

/**
 * A JetStream durable consumer (`stream/durable`) receives a subject when its filter (or, without
 * filters declared in code, its stream's subjects) matches it.
 */
function jetStreamReaches(program: Program, ep: MessageInfo, subject: string, same: (a: string, b: string) => boolean): boolean {
  if (!ep.queue) return false;
  const nats = routes(program).filter((r) => r.mechanism === 'nats');
  const hits = (to: string): boolean =>
    nats.some((r) => same(r.to, to) && (same(r.from, subject) || (!subject.includes(UNKNOWN) && channelMatches(r.from, subject, 'nats'))));
  const own = nats.filter((r) => same(r.to, ep.queue!));
  if (own.length) return hits(ep.queue);
  return hits(ep.queue.split('/')[0]!);
}

/** AMQP routing: the default exchange routes by queue name; others by their type and the binding pattern. */
function amqpMatches(ep: MessageInfo, exchange: string, key: string, type: string | undefined, same: (a: string, b: string) => boolean): boolean {
  if (exchange === '' || exchange === 'amq.default')
    return ep.queue !== undefined && (ep.exchange === '' || ep.exchange === undefined || ep.method === 'consume') && same(ep.queue, key);
  if (ep.exchange === undefined || ep.exchange === '' || !same(ep.exchange, exchange)) return false;
  const pattern = ep.channel;
  switch (type) {
    case 'fanout':
    case 'headers':
      return true;
    case 'direct':
      return same(pattern, key);
    case 'topic':
      return same(pattern, key) || (!key.includes(UNKNOWN) && channelMatches(pattern, key, 'amqp'));
    default:
      // type not declared in code: an empty binding key is the fanout idiom; otherwise route as a topic exchange
      return pattern === '' || same(pattern, key) || (!key.includes(UNKNOWN) && channelMatches(pattern, key, 'amqp'));
  }
}

/** Equal names, names equal where known, or names read from the same environment variable. */
function sameName(a: string, b: string, aEnv: string[], bEnv: string[]): boolean {
  if (a === b && !a.includes(UNKNOWN)) return true;
  if (a.includes(UNKNOWN) || b.includes(UNKNOWN)) {
    if (aEnv.some((n) => bEnv.includes(n))) return true;
    if (a.includes(UNKNOWN) && !b.includes(UNKNOWN) && a.replace(/\u0000/g, '').length >= 3) return channelMatches(a, b);
    if (b.includes(UNKNOWN) && !a.includes(UNKNOWN) && b.replace(/\u0000/g, '').length >= 3) return channelMatches(b, a);
    return false;
  }
  return false;
}

function isRegex(s: string): boolean {
  return /^\/.+\/[a-z]*$/.test(s);
}

function regexMatches(re: string, channel: string): boolean {
  const m = /^\/(.+)\/([a-z]*)$/.exec(re);
  if (!m || channel.includes(UNKNOWN)) return false;
  try {
    return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, '')).test(channel);
  } catch {
    return false;
  }
}

/** Redis PSUBSCRIBE glob: `*`, `?`, `[...]`. */
function globMatches(pattern: string, channel: string): boolean {
  // `prefix${id}` against `prefix*`: an unknown part stands for some text when enough is known
  if (channel.includes(UNKNOWN)) {
    if (channel.replace(/\u0000/g, '').length < 3) return false;
    channel = channel.replace(/\u0000/g, 'x');
  }
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' || c === UNKNOWN) re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += pattern.slice(i, end + 1).replace(/^\[\^?/, (m) => m.replace('^', '^'));
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += escape(pattern[++i]!);
    else re += escape(c);
  }
  try {
    return new RegExp(`^${re}$`).test(channel);
  } catch {
    return false;
  }
}

/** An event bus by name or ARN; an unknown name could be any bus. */
function sameBus(a: string, b: string): boolean {
  const name = (s: string): string => s.replace(/^arn:aws:events:[^:]*:[^:]*:event-bus\//, '') || 'default';
  if (a.includes(UNKNOWN) || b.includes(UNKNOWN)) return true;
  return name(a) === name(b);
}

/** `https://sqs.<region>.amazonaws.com/<account>/orders` or `arn:aws:sqs:...:orders` → `orders`. */
function queueName(s: string): string {
  return lastSegment(s.replace(/^arn:aws:sqs:[^:]*:[^:]*:/, ''));
}

function topicName(s: string): string {
  return s.replace(/^arn:aws:sns:[^:]*:[^:]*:/, '');
}

function lastSegment(s: string): string {
  const i = s.lastIndexOf('/');
  return i >= 0 && i < s.length - 1 ? s.slice(i + 1) : s;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function show(text: string): string {
  return text.replace(/\u0000/g, '{?}');
}

// ---------------------------------------------------------------- NestJS transports

const serverQueues = new WeakMap<Program, { service: string; queue: string }[]>();

/**
 * For a NestJS RabbitMQ client whose options name a queue: the service whose microservice
 * server consumes that queue (`connectMicroservice({ transport: Transport.RMQ, options: { queue } })`).
 */
export function queueTarget(
  program: Program,
  client: { file: string; client: ClientFact } | undefined,
  svc: ServiceInfo,
  hits: readonly Endpoint[],
): TargetMatch | undefined {
  const q = client?.client.options?.queue;
  if (!q) return undefined;
  const queue = program.resolve(q, client.file, svc.env).text;
  if (queue.includes(UNKNOWN)) return undefined;
  let list = serverQueues.get(program);
  if (!list) {
    list = [];
    for (const f of program.facts.values()) {
      for (const st of f.starts) {
        const sq = st.options?.queue;
        if (st.kind !== 'nest-microservice' || !sq) continue;
        for (const name of program.servicesOf(f.file)) {
          const info = program.service(name);
          const text = program.resolve(sq, f.file, info?.env ?? {}).text;
          if (!text.includes(UNKNOWN)) list.push({ service: name, queue: text });
        }
      }
    }
    serverQueues.set(program, list);
  }
  const owners = unique(list.filter((x) => x.queue === queue && x.service !== svc.name).map((x) => x.service));
  if (owners.length !== 1) return undefined;
  return { callees: owners, endpoints: hits.filter((h) => h.service === owners[0]).map((h) => h.id) };
}

/** True when a NestJS client's configured address (host or its environment variable) names the calling service itself. */
export function clientNamesCaller(
  program: Program,
  client: { file: string; client: ClientFact } | undefined,
  svc: ServiceInfo,
  dir: ServiceDirectory,
): boolean {
  const host = client?.client.host;
  if (!host) return false;
  const r = program.resolve(host, client.file, svc.env);
  const url = parseUrl(r.text.includes('//') ? r.text : `//${r.text}`);
  if (url.host && !url.host.includes(UNKNOWN) && !dir.isLocal(url.host)) return dir.byHostName(url.host) === svc.name;
  return r.envNames.length > 0 && r.envNames.every((n) => dir.byEnvName(n) === svc.name);
}
