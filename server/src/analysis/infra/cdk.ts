/**
 * Interprets the AWS CDK records of every file (see `detectors/cdk.ts`) into the infrastructure
 * model: functions and their handler files, EventBridge rules with patterns and targets, SNS
 * subscriptions, event sources, API Gateway routes, grants on tables and buckets, environment
 * wiring and Step Functions tasks. Constructs handed from one stack to another (`props.table`)
 * are found by the name they were assigned to, when that name is unique.
 */
import * as path from 'node:path';
import type { FileFacts, InfraFact, InfraValue, Sym } from '../facts';
import { type EventPattern, type InfraFunction, type InfraModel, type InfraResource, readMatchers, type ResourceKind } from './model';

/** What interpreting needs from the workspace. */
export interface CdkInput {
  facts: ReadonlyMap<string, FileFacts>;
  /** Resolves a string value written in a file (constants, imports) to text with UNKNOWN for unknown parts. */
  resolve: (sym: Sym, file: string) => string;
  /** Finds the source file for a path without extension (or a folder's index); undefined when there is none. */
  sourceFile: (base: string) => string | undefined;
  /** The folder CDK runs in for a file (where `cdk.json` is), for paths relative to the app. */
  appRoot: (file: string) => string;
}

const UNKNOWN = '\u0000';

const KIND_OF_CLASS: Record<string, ResourceKind> = {
  Function: 'function',
  NodejsFunction: 'function',
  DockerImageFunction: 'function',
  PythonFunction: 'function',
  GoFunction: 'function',
  Table: 'table',
  TableV2: 'table',
  Bucket: 'bucket',
  Queue: 'queue',
  Topic: 'topic',
  EventBus: 'bus',
  Rule: 'rule',
  RestApi: 'api',
  LambdaRestApi: 'api',
  HttpApi: 'api',
  StateMachine: 'statemachine',
};

/** The prop that holds a resource's physical name, by kind. */
const NAME_PROP: Partial<Record<ResourceKind, string>> = {
  function: 'functionName',
  table: 'tableName',
  bucket: 'bucketName',
  queue: 'queueName',
  topic: 'topicName',
  bus: 'eventBusName',
  rule: 'ruleName',
  statemachine: 'stateMachineName',
};

/** Reads the CDK constructs of all files into `model`. */
export function readCdk(input: CdkInput, model: InfraModel): void {
  const records = new Map<string, { file: string; fact: InfraFact }>();
  const byName = new Map<string, { file: string; fact: InfraFact }[]>();
  for (const f of [...input.facts.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    for (const fact of f.infra ?? []) {
      const r = { file: f.file, fact };
      records.set(fact.at, r);
      if (fact.name) (byName.get(fact.name) ?? byName.set(fact.name, []).get(fact.name)!).push(r);
    }
  }
  if (!records.size) return;
  const cx = new Interpreter(input, model, records, byName);
  cx.run();
}

type Rec = { file: string; fact: InfraFact };

class Interpreter {
  private readonly resources = new Map<string, InfraResource>();
  private readonly functions = new Map<string, InfraFunction>();
  /** Field values of the app's construct classes, by `Class#field`. */
  private readonly fields = new Map<string, Rec>();
  /** The app's construct instances by class. */
  private readonly instances = new Map<string, Rec[]>();
  /** State machine names by the file that declares them. */
  private readonly machinesByFile = new Map<string, string[]>();

  constructor(
    private readonly input: CdkInput,
    private readonly model: InfraModel,
    private readonly records: Map<string, Rec>,
    private readonly byName: Map<string, Rec[]>,
  ) {}

  run(): void {
    const list = [...this.records.values()];
    for (const r of list) {
      if (r.fact.kind === 'field' && r.fact.owner && r.fact.name) this.fields.set(`${r.fact.owner}#${r.fact.name}`, r);
      if (r.fact.user && r.fact.cls) (this.instances.get(r.fact.cls) ?? this.instances.set(r.fact.cls, []).get(r.fact.cls)!).push(r);
    }
    // resources first, so every wiring call can find what it wires
    for (const r of list) if (r.fact.kind === 'construct' && r.fact.cls && KIND_OF_CLASS[r.fact.cls]) this.resource(r);
    for (const r of list) if (r.fact.kind === 'construct' && KIND_OF_CLASS[r.fact.cls ?? ''] === 'function') this.fn(r);
    for (const r of list) if (r.fact.kind === 'construct' && r.fact.cls === 'StateMachine') this.machine(r);
    for (const r of list) {
      const f = r.fact;
      if (f.kind === 'construct') {
        if (f.cls === 'Rule') this.rule(r);
        else if (f.cls === 'LambdaRestApi') this.lambdaRestApi(r);
        else if (f.cls === 'HttpApi') this.httpApiDefault(r);
        else if (f.cls === 'LambdaInvoke' || f.cls === 'EventBridgePutEvents' || f.cls === 'SnsPublish' || f.cls === 'SqsSendMessage') this.task(r);
      } else if (f.kind === 'call') this.call(r);
    }
  }

  // ------------------------------------------------------------ values

  /**
   * The construct or call a value refers to: by place, by the props a construct of the app was
   * given (`props.table` → what `new OrdersService(this, 'Orders', { table })` passed), or by a
   * unique name; reading a field of the app's own construct (`database.ordersTable`) follows what
   * the class assigned to it.
   */
  private deref(v: InfraValue | undefined, file: string, depth = 0): Rec | undefined {
    if (!v || v.k !== 'ref' || depth > 10) return undefined;
    let base: Rec | undefined;
    if (v.at) base = this.records.get(v.at);
    else if (v.name && v.props) base = this.fromProps(v.props, v.name, depth);
    if (!base && v.name && !v.at) {
      const cands = (this.byName.get(v.name) ?? []).filter((r) => r.fact.kind === 'construct');
      const here = cands.filter((r) => r.file === file);
      const pool = here.length ? here : cands;
      base = pool.length === 1 ? pool[0] : undefined;
    }
    let attrs = v.attr ?? [];
    while (base && base.fact.user && attrs.length) {
      const field = this.fields.get(`${base.fact.cls}#${attrs[0]}`);
      if (!field) return undefined;
      base = this.deref(field.fact.args[0], field.file, depth + 1);
      attrs = attrs.slice(1);
    }
    if (base?.fact.kind === 'field') return this.deref(base.fact.args[0], base.file, depth + 1);
    return base;
  }

  /** What the app's constructs of class `cls` were given as `props[name]` (the first that resolves). */
  private fromProps(cls: string, name: string, depth: number): Rec | undefined {
    for (const inst of this.instances.get(cls) ?? []) {
      const p = inst.fact.args[2];
      const v = p?.k === 'obj' ? p.props[name] : undefined;
      const hit = v && this.deref(v, inst.file, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  private props(r: Rec, index = 2): Record<string, InfraValue> {
    const p = r.fact.args[index];
    return p?.k === 'obj' ? p.props : {};
  }

  /** A value as text: strings resolved, resources by name (`table.tableName`, `queue.queueUrl`). */
  private text(v: InfraValue | undefined, file: string): string | undefined {
    if (!v) return undefined;
    if (v.k === 'sym') return this.input.resolve(v.sym, file);
    if (v.k === 'ref') {
      const target = this.deref(v, file);
      const res = target && this.resources.get(target.fact.at);
      // names and ARNs stand for the resource; an API's URL does not name one service (routes do)
      if (res && (!v.attr?.length || /(Name|Arn|Url|Id)$/.test(v.attr[v.attr.length - 1]!)) && res.kind !== 'api') return res.name;
      return undefined;
    }
    if (v.k === 'member') return v.text;
    return undefined;
  }

  private resourceOf(v: InfraValue | undefined, file: string): InfraResource | undefined {
    const r = this.deref(v, file);
    return r ? this.resources.get(r.fact.at) : undefined;
  }

  private functionOf(v: InfraValue | undefined, file: string): InfraFunction | undefined {
    const r = this.deref(v, file);
    return r ? this.functions.get(r.fact.at) : undefined;
  }

  private strings(v: InfraValue | undefined, file: string): unknown {
    if (!v) return undefined;
    if (v.k === 'list') return v.items.map((i) => this.strings(i, file));
    if (v.k === 'obj') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v.props)) o[k] = this.strings(x, file);
      return o;
    }
    return this.text(v, file);
  }

  // ------------------------------------------------------------ constructs

  private resource(r: Rec): void {
    const kind = KIND_OF_CLASS[r.fact.cls!]!;
    const id = this.text(r.fact.args[1], r.file) ?? r.fact.name ?? r.fact.cls!;
    const props = this.props(r);
    const prop = NAME_PROP[kind];
    const physical = prop ? this.text(props[prop], r.file) : undefined;
    const name = physical && !physical.includes(UNKNOWN) ? physical : id.includes(UNKNOWN) ? (r.fact.name ?? id) : id;
    this.resources.set(r.fact.at, { key: r.fact.at, kind, name, file: r.file, line: r.fact.line, column: r.fact.column });
    this.model.resources.push(this.resources.get(r.fact.at)!);
  }

  private fn(r: Rec): void {
    const res = this.resources.get(r.fact.at)!;
    const props = this.props(r);
    const id = this.text(r.fact.args[1], r.file) ?? res.name;
    const cls = r.fact.cls!;
    const fn: InfraFunction = {
      key: r.fact.at,
      name: id.includes(UNKNOWN) ? (r.fact.name ?? res.name) : id,
      aliases: res.name !== id ? [res.name] : [],
      file: r.file,
      line: r.fact.line,
      column: r.fact.column,
      env: {},
      source: 'cdk',
      unit: { root: this.input.appRoot(r.file) },
    };
    const runtime = this.text(props.runtime, r.file);
    if (runtime) fn.runtime = runtimeName(runtime);
    if (cls === 'PythonFunction') fn.runtime = 'python';
    if (cls === 'GoFunction') fn.runtime = 'go';
    if (cls === 'DockerImageFunction') fn.runtime = 'container';
    if (cls === 'NodejsFunction') {
      const entry = this.pathOf(props.entry, r.file) ?? defaultEntry(r.file, id);
      const file = this.input.sourceFile(entry.replace(/\.(ts|tsx|mts|cts|js|mjs|cjs)$/, ''));
      fn.codeDir = dirOf(entry);
      if (file) fn.handlerFile = file;
      fn.handlerExport = this.text(props.handler, r.file) ?? 'handler';
      fn.runtime ??= 'nodejs';
    } else if (cls === 'PythonFunction' || cls === 'GoFunction') {
      const entry = this.pathOf(props.entry, r.file);
      if (entry) fn.codeDir = entry;
    } else {
      const code = props.code;
      const asset = code?.k === 'obj' && code.props['@call']?.k === 'member' && /fromAsset$/.test((code.props['@call'] as { text: string }).text) ? (code.props['@args'] as { items: InfraValue[] }).items[0] : undefined;
      const dir = this.pathOf(asset, r.file);
      const handler = this.text(props.handler, r.file);
      if (dir !== undefined) fn.codeDir = dir;
      if (handler && !handler.includes(UNKNOWN) && dir !== undefined) {
        const dot = handler.lastIndexOf('.');
        const base = path.posix.join(dir, dot > 0 ? handler.slice(0, dot) : handler);
        fn.handlerExport = dot > 0 ? handler.slice(dot + 1) : 'handler';
        if (!fn.runtime || fn.runtime === 'nodejs') {
          const file = this.input.sourceFile(base) ?? this.input.sourceFile(base.replace(/(^|\/)(dist|build|out|lib)\//, '$1src/'));
          if (file) fn.handlerFile = file;
        } else fn.codeDir = dir;
      }
    }
    const env = props.environment;
    if (env?.k === 'obj') for (const [k, v] of Object.entries(env.props)) this.setEnv(fn, k, v, r.file);
    this.functions.set(fn.key, fn);
    this.model.functions.push(fn);
  }

  private setEnv(fn: InfraFunction, key: string, v: InfraValue, file: string): void {
    const t = this.text(v, file);
    if (t !== undefined && !t.includes(UNKNOWN)) fn.env[key] = t;
  }

  private pathOf(v: InfraValue | undefined, file: string): string | undefined {
    if (!v) return undefined;
    if (v.k === 'path') return v.from === 'file' ? v.path : path.posix.normalize(path.posix.join(this.input.appRoot(file), v.path)).replace(/^\.\/?$/, '');
    const t = this.text(v, file);
    if (t === undefined || t.includes(UNKNOWN)) return undefined;
    const p = path.posix.normalize(path.posix.join(this.input.appRoot(file), t.replace(/^\.\//, '')));
    return p === '.' ? '' : p.replace(/\/$/, '');
  }

  private machine(r: Rec): void {
    const res = this.resources.get(r.fact.at)!;
    this.model.machines.push({ name: res.name, file: r.file, line: r.fact.line, column: r.fact.column });
    (this.machinesByFile.get(r.file) ?? this.machinesByFile.set(r.file, []).get(r.file)!).push(res.name);
  }

  private rule(r: Rec): void {
    const res = this.resources.get(r.fact.at)!;
    const props = this.props(r);
    const pattern = props.eventPattern ? (this.strings(props.eventPattern, r.file) as Record<string, unknown>) : undefined;
    const bus = this.resourceOf(props.eventBus, r.file)?.name ?? 'default';
    if (!pattern) return; // a schedule: nothing published reaches it
    const p: EventPattern = {};
    const source = readMatchers(pattern.source);
    const detailType = readMatchers(pattern.detailType ?? pattern['detail-type']);
    if (source) p.source = source;
    if (detailType) p.detailType = detailType;
    this.model.rules.push({ key: r.fact.at, name: res.name, bus, pattern: p, file: r.file, line: r.fact.line, column: r.fact.column });
    const targets = props.targets;
    if (targets?.k === 'list') for (const t of targets.items) this.ruleTarget(r.fact.at, t, r.file, r.fact);
  }

  private ruleTarget(rule: string, target: InfraValue, file: string, at: InfraFact): void {
    const t = this.deref(target, file);
    if (!t || t.fact.kind !== 'construct') return;
    const arg = t.fact.args[0];
    const place = { file, line: at.line, column: at.column };
    switch (t.fact.cls) {
      case 'LambdaFunction': {
        const fn = this.functionOf(arg, t.file);
        if (fn) this.model.triggers.push({ kind: 'eventbridge', rule, fn: fn.key, ...place });
        return;
      }
      case 'SqsQueue': {
        const q = this.resourceOf(arg, t.file);
        if (q) this.model.triggers.push({ kind: 'eventbridge', rule, queue: q.name, ...place });
        return;
      }
      case 'SnsTopic': {
        const topic = this.resourceOf(arg, t.file);
        if (topic) this.model.triggers.push({ kind: 'eventbridge', rule, topic: topic.name, ...place });
        return;
      }
      case 'SfnStateMachine': {
        const m = this.resourceOf(arg, t.file);
        if (m) this.model.triggers.push({ kind: 'eventbridge', rule, machine: m.name, ...place });
        return;
      }
    }
  }

  private lambdaRestApi(r: Rec): void {
    const props = this.props(r);
    const fn = this.functionOf(props.handler, r.file);
    const proxy = this.text(props.proxy, r.file);
    if (fn && proxy !== 'false') this.model.triggers.push({ kind: 'http', fn: fn.key, method: 'ANY', path: '/*', file: r.file, line: r.fact.line, column: r.fact.column });
  }

  private httpApiDefault(r: Rec): void {
    const fn = this.integrationFunction(this.props(r).defaultIntegration, r.file);
    if (fn) this.model.triggers.push({ kind: 'http', fn: fn.key, method: 'ANY', path: '/*', file: r.file, line: r.fact.line, column: r.fact.column });
  }

  private integrationFunction(v: InfraValue | undefined, file: string): InfraFunction | undefined {
    const i = this.deref(v, file);
    if (!i || i.fact.kind !== 'construct') return undefined;
    if (i.fact.cls === 'LambdaIntegration') return this.functionOf(i.fact.args[0], i.file);
    if (i.fact.cls === 'HttpLambdaIntegration') return this.functionOf(i.fact.args[1], i.file);
    return undefined;
  }

  /** The function a REST API sends methods without their own integration to. */
  private defaultHandler(v: InfraValue | undefined, file: string, depth = 0): InfraFunction | undefined {
    const r = this.deref(v, file);
    if (!r || depth > 12) return undefined;
    if (r.fact.kind === 'call' && (r.fact.method === 'addResource' || r.fact.method === 'resourceForPath' || r.fact.method === 'addProxy')) {
      const own = r.fact.args[1]?.k === 'obj' ? this.integrationFunction(r.fact.args[1].props.defaultIntegration, r.file) : undefined;
      return own ?? this.defaultHandler(r.fact.recv, r.file, depth + 1);
    }
    if (r.fact.kind === 'construct' && KIND_OF_CLASS[r.fact.cls ?? ''] === 'api') {
      const props = this.props(r);
      return this.functionOf(props.handler, r.file) ?? this.integrationFunction(props.defaultIntegration, r.file);
    }
    return undefined;
  }

  /** The path of an API Gateway resource: `api.root.addResource('orders').addResource('{id}')` → `/orders/{id}`. */
  private resourcePath(v: InfraValue | undefined, file: string, depth = 0): string | undefined {
    if (!v || v.k !== 'ref' || depth > 12) return undefined;
    const r = this.deref(v, file);
    if (!r) return undefined;
    const attr = (v.attr ?? []).slice(-1);
    if (r.fact.kind === 'construct' && KIND_OF_CLASS[r.fact.cls ?? ''] === 'api') return attr[0] === 'root' || attr.length === 0 ? '' : undefined;
    if (r.fact.kind === 'call' && (r.fact.method === 'addResource' || r.fact.method === 'resourceForPath')) {
      const parent = this.resourcePath(r.fact.recv, r.file, depth + 1);
      const seg = this.text(r.fact.args[0], r.file);
      if (parent === undefined || seg === undefined) return undefined;
      return `${parent}/${seg.replace(/^\/+|\/+$/g, '')}`;
    }
    if (r.fact.kind === 'call' && r.fact.method === 'addProxy') {
      const parent = this.resourcePath(r.fact.recv, r.file, depth + 1);
      return parent === undefined ? undefined : `${parent}/*`;
    }
    return undefined;
  }

  private task(r: Rec): void {
    const props = this.props(r);
    const names = this.machinesByFile.get(r.file) ?? [];
    // tasks belong to the state machine declared next to them; several in a file are told apart by file only
    const machine = names.length === 1 ? names[0]! : path.posix.basename(r.file).replace(/\.[^.]+$/, '');
    if (!names.length && !this.model.machines.some((m) => m.name === machine)) this.model.machines.push({ name: machine, file: r.file, line: r.fact.line, column: r.fact.column });
    const place = { machine, file: r.file, line: r.fact.line, column: r.fact.column };
    switch (r.fact.cls) {
      case 'LambdaInvoke': {
        const fn = this.functionOf(props.lambdaFunction, r.file);
        if (!fn) return;
        const type = this.text(props.invocationType, r.file) ?? '';
        const pattern = this.text(props.integrationPattern, r.file) ?? '';
        const style = /EVENT$/.test(type) ? 'fire-and-forget' : /WAIT_FOR_TASK_TOKEN$/.test(pattern) ? 'async-request-response' : 'sync-request-response';
        this.model.tasks.push({ ...place, kind: 'invoke', fn: fn.key, style });
        return;
      }
      case 'EventBridgePutEvents': {
        const entries = props.entries?.k === 'list' ? props.entries.items : [];
        const out: { source?: string; detailType?: string }[] = [];
        let bus = 'default';
        for (const e of entries) {
          if (e.k !== 'obj') continue;
          const source = this.text(e.props.source, r.file);
          const detailType = this.text(e.props.detailType, r.file);
          out.push({ ...(source !== undefined ? { source } : {}), ...(detailType !== undefined ? { detailType } : {}) });
          bus = this.resourceOf(e.props.eventBus, r.file)?.name ?? bus;
        }
        this.model.tasks.push({ ...place, kind: 'eventbridge', bus, entries: out, style: 'event' });
        return;
      }
      case 'SnsPublish': {
        const topic = this.resourceOf(props.topic, r.file);
        if (topic) this.model.tasks.push({ ...place, kind: 'sns', topic: topic.name, style: 'event' });
        return;
      }
      case 'SqsSendMessage': {
        const queue = this.resourceOf(props.queue, r.file);
        if (queue) this.model.tasks.push({ ...place, kind: 'sqs', queue: queue.name, style: 'event' });
        return;
      }
    }
  }

  // ------------------------------------------------------------ wiring calls

  private call(r: Rec): void {
    const f = r.fact;
    const method = f.method!;
    const place = { file: r.file, line: f.line, column: f.column };
    const recv = this.deref(f.recv, r.file);
    const recvRes = recv ? this.resources.get(recv.fact.at) : undefined;
    if (method === 'addTarget' && recvRes?.kind === 'rule' && f.args[0]) {
      this.ruleTarget(recvRes.key, f.args[0], r.file, f);
      return;
    }
    if (method === 'addEventSource' && recv) {
      const fn = this.functions.get(recv.fact.at);
      const src = this.deref(f.args[0], r.file);
      if (!fn || !src || src.fact.kind !== 'construct') return;
      const res = this.resourceOf(src.fact.args[0], src.file);
      if (!res) return;
      if (src.fact.cls === 'SqsEventSource' && res.kind === 'queue') this.model.triggers.push({ kind: 'sqs', fn: fn.key, queue: res.name, ...place });
      else if (src.fact.cls === 'SnsEventSource' && res.kind === 'topic') this.model.triggers.push({ kind: 'sns', fn: fn.key, topic: res.name, ...place });
      else if (src.fact.cls === 'DynamoEventSource' && res.kind === 'table') this.model.triggers.push({ kind: 'stream', fn: fn.key, table: res.name, ...place });
      else if (src.fact.cls === 'S3EventSource' && res.kind === 'bucket') this.model.triggers.push({ kind: 's3', fn: fn.key, bucket: res.name, ...place });
      return;
    }
    if (method === 'addSubscription' && recvRes?.kind === 'topic') {
      const sub = this.deref(f.args[0], r.file);
      if (!sub || sub.fact.kind !== 'construct') return;
      if (sub.fact.cls === 'LambdaSubscription') {
        const fn = this.functionOf(sub.fact.args[0], sub.file);
        if (fn) this.model.triggers.push({ kind: 'sns', fn: fn.key, topic: recvRes.name, ...place });
      } else if (sub.fact.cls === 'SqsSubscription') {
        const q = this.resourceOf(sub.fact.args[0], sub.file);
        if (q) this.model.routes.push({ topic: recvRes.name, queue: q.name });
      }
      return;
    }
    if (method === 'addEnvironment' && recv) {
      const fn = this.functions.get(recv.fact.at);
      const key = this.text(f.args[0], r.file);
      if (fn && key && f.args[1]) this.setEnv(fn, key, f.args[1], r.file);
      return;
    }
    if (/^grant/.test(method) && recvRes && (recvRes.kind === 'table' || recvRes.kind === 'bucket')) {
      const fn = this.functionOf(f.args[0], r.file);
      if (!fn) return;
      const op = /^grant(Read|StreamRead)(Data)?$/.test(method) ? 'read' : 'write';
      this.model.grants.push({ fn: fn.key, store: recvRes.name, kind: recvRes.kind, op, ...place });
      return;
    }
    if (method === 'addMethod') {
      const p = this.resourcePath(f.recv, r.file);
      const verb = this.text(f.args[0], r.file);
      // without an integration, the API's default one (a LambdaRestApi's handler)
      const fn = this.integrationFunction(f.args[1], r.file) ?? this.defaultHandler(f.recv, r.file);
      if (p !== undefined && verb && fn) this.model.triggers.push({ kind: 'http', fn: fn.key, method: verb.toUpperCase(), path: apiPath(p), ...place });
      return;
    }
    if (method === 'addProxy') {
      const p = this.resourcePath(f.recv, r.file);
      const arg = f.args[0];
      const fn = arg?.k === 'obj' ? this.integrationFunction(arg.props.defaultIntegration, r.file) : undefined;
      if (p !== undefined && fn) this.model.triggers.push({ kind: 'http', fn: fn.key, method: 'ANY', path: apiPath(`${p}/*`), ...place });
      return;
    }
    if (method === 'addRoutes') {
      const arg = f.args[0];
      if (arg?.k !== 'obj') return;
      const p = this.text(arg.props.path, r.file);
      const fn = this.integrationFunction(arg.props.integration, r.file);
      const methods = arg.props.methods?.k === 'list' ? arg.props.methods.items.map((m) => this.text(m, r.file) ?? 'ANY') : ['ANY'];
      if (p && fn) for (const m of methods) this.model.triggers.push({ kind: 'http', fn: fn.key, method: m.split('.').pop()!.toUpperCase(), path: apiPath(p), ...place });
    }
  }
}

/** `lambda.Runtime.PYTHON_3_12` → `python`; `NODEJS_20_X` → `nodejs`. */
function runtimeName(text: string): string {
  const last = text.split('.').pop()!.toLowerCase();
  const m = /^(nodejs|python|java|go|dotnet|ruby|provided)/.exec(last);
  return m ? m[1]! : last;
}

/** NodejsFunction's default entry: `<stack file>.<construct id>.ts` next to the stack. */
function defaultEntry(file: string, id: string): string {
  return `${file.replace(/\.(ts|js)$/, '')}.${id}.ts`;
}

/** API Gateway path parameters as routes write them: `{id}` stays a parameter, `{proxy+}` is the rest. */
export function apiPath(p: string): string {
  const out = ('/' + p.replace(/^\/+/, '')).replace(/\{[^}]*\+\}/g, '*');
  return out.length > 1 ? out.replace(/\/$/, '') : out;
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}
