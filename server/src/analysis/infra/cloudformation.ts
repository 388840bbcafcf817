/**
 * Serverless Framework (`serverless.yml`) and SAM templates (`template.yaml` with
 * `Transform: AWS::Serverless-2016-10-31`), read as data with the project's YAML parser and a
 * schema that knows CloudFormation's short tags (`!Ref`, `!GetAtt`, `!Sub`, ...): nothing is run,
 * no plugin or `${file(...)}` is loaded. Serverless variables (`${self:...}`, `${opt:...}`,
 * `${env:...}`, `${sls:stage}`) are resolved when they are static (a default is taken when the
 * value comes from the command line or the environment); intrinsic functions resolve to the
 * resources they name. Plain CloudFormation resources in either (tables, buckets, queues, topics,
 * EventBridge rules with targets, SNS subscriptions, event source mappings) are read too.
 */
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, YAMLMap, type Tags } from 'yaml';
import { type EventPattern, type InfraFunction, type InfraModel, readMatchers, type ResourceKind } from './model';
import { apiPath } from './cdk';
import { ROOT_PATH } from '../facts';

/** What reading templates needs from the workspace. */
export interface TemplateInput {
  manifests: readonly string[];
  read: (rel: string) => string | undefined;
  sourceFile: (base: string) => string | undefined;
  /** Serverless configurations written in TypeScript (`serverless.ts`), evaluated to data. */
  configs?: { file: string; value: unknown }[];
  importValue?: (file: string, module: string, name: string) => unknown;
}

const UNKNOWN = '\u0000';

const INTRINSICS = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'ImportValue', 'FindInMap', 'If', 'Equals', 'Not', 'And', 'Or', 'Base64', 'GetAZs', 'Cidr', 'Condition', 'Transform', 'Length', 'ToJsonString'];

/** CloudFormation short tags as their long forms (`!Ref X` → `{ Ref: X }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': [A, B] }`). */
export const CLOUDFORMATION_TAGS: Tags = INTRINSICS.flatMap((f) => {
  const key = f === 'Ref' || f === 'Condition' ? f : `Fn::${f}`;
  return [
    { tag: `!${f}`, resolve: (v: string) => ({ [key]: f === 'GetAtt' ? v.split('.') : v }) },
    ...(['seq', 'map'] as const).map((collection) => ({
      tag: `!${f}`,
      collection,
      resolve: (node: unknown) => {
        const m = new YAMLMap();
        m.set(key, node);
        return m;
      },
    })),
  ];
}) as Tags;

/** Reads every Serverless Framework service and SAM template among the manifests. */
export function readCloudFormationApps(input: TemplateInput, model: InfraModel): void {
  // every template is built before any is read, so `Fn::ImportValue` finds another stack's exported outputs
  const exports: Exports = new Map();
  const read: { t: Template; run: () => void }[] = [];
  for (const m of input.manifests) {
    const base = path.posix.basename(m);
    if (!/^(serverless\.ya?ml|template\.ya?ml)$/.test(base)) continue;
    const text = input.read(m);
    if (!text) continue;
    const doc = parse(text);
    if (doc.error) {
      model.messages.push({ file: m, message: `${base} could not be read: ${doc.error}` });
      continue;
    }
    const root = asRecord(doc.value);
    if (!root) continue;
    const t = new Template(m, root, doc.lines, input, model, exports);
    read.push({ t, run: () => (base.startsWith('serverless') ? t.serverless() : isSam(root) ? t.sam() : t.resources()) });
  }
  for (const c of input.configs ?? []) {
    const root = asRecord(withImports(c.value, c.file, input.importValue ?? (() => undefined), 0));
    if (!root) continue;
    const t = new Template(c.file, root, new Map(), input, model, exports);
    read.push({ t, run: () => t.serverless() });
  }
  for (const { t } of read) t.collectExports();
  for (const { run } of read) run();
}

/** Exported outputs of all templates by export name: the template and the output's value. */
type Exports = Map<string, { template: Template; value: unknown }>;

/** A serverless.ts value with its imported parts (`{ '@import': module, name }`) replaced by what those modules export. */
function withImports(v: unknown, file: string, importValue: (file: string, module: string, name: string) => unknown, depth: number): unknown {
  if (depth > 12) return undefined;
  if (Array.isArray(v)) return v.map((x) => withImports(x, file, importValue, depth + 1));
  const o = asRecord(v);
  if (!o) return v;
  if (typeof o['@import'] === 'string') return importValue(file, o['@import'], String(o.name ?? 'default'));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = withImports(x, file, importValue, depth + 1);
  return out;
}

function isSam(root: Record<string, unknown>): boolean {
  const tr = root.Transform;
  return (Array.isArray(tr) ? tr : [tr]).some((x) => typeof x === 'string' && x.startsWith('AWS::Serverless'));
}

/** Parses YAML with CloudFormation tags, keeping the line of every value by its path. */
function parse(text: string): { value?: unknown; lines: Map<string, number>; error?: string } {
  const counter = new LineCounter();
  try {
    const doc = parseDocument(text, { customTags: CLOUDFORMATION_TAGS, lineCounter: counter, prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length) return { lines: new Map(), error: doc.errors[0]!.message.split('\n')[0]! };
    const lines = new Map<string, number>();
    const walk = (node: unknown, at: string[]): void => {
      if (isMap(node)) {
        for (const item of node.items) {
          const key = isScalar(item.key) ? String(item.key.value) : undefined;
          if (key === undefined) continue;
          const k = item.key as YamlNode;
          if (k.range) lines.set([...at, key].join('\u0001'), counter.linePos(k.range[0]).line);
          walk(item.value, [...at, key]);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          const n = item as YamlNode;
          if (n?.range) lines.set([...at, String(i)].join('\u0001'), counter.linePos(n.range[0]).line);
          walk(item, [...at, String(i)]);
        });
      }
    };
    walk(doc.contents, []);
    return { value: doc.toJS({ maxAliasCount: 100 }), lines };
  } catch (error) {
    return { lines: new Map(), error: error instanceof Error ? error.message : String(error) };
  }
}

const RESOURCE_TYPES: Record<string, { kind: ResourceKind; nameProp?: string }> = {
  'AWS::DynamoDB::Table': { kind: 'table', nameProp: 'TableName' },
  'AWS::DynamoDB::GlobalTable': { kind: 'table', nameProp: 'TableName' },
  'AWS::Serverless::SimpleTable': { kind: 'table', nameProp: 'TableName' },
  'AWS::S3::Bucket': { kind: 'bucket', nameProp: 'BucketName' },
  'AWS::SQS::Queue': { kind: 'queue', nameProp: 'QueueName' },
  'AWS::SNS::Topic': { kind: 'topic', nameProp: 'TopicName' },
  'AWS::Events::EventBus': { kind: 'bus', nameProp: 'Name' },
  'AWS::Events::Rule': { kind: 'rule', nameProp: 'Name' },
  'AWS::Serverless::Function': { kind: 'function', nameProp: 'FunctionName' },
  'AWS::Lambda::Function': { kind: 'function', nameProp: 'FunctionName' },
  'AWS::StepFunctions::StateMachine': { kind: 'statemachine', nameProp: 'StateMachineName' },
  'AWS::Serverless::StateMachine': { kind: 'statemachine', nameProp: 'Name' },
};

/** SAM policy templates that grant data access: store kind, the property naming it, read or write. */
const SAM_POLICIES: Record<string, { kind: 'table' | 'bucket'; prop: string; op: 'read' | 'write' }> = {
  DynamoDBCrudPolicy: { kind: 'table', prop: 'TableName', op: 'write' },
  DynamoDBWritePolicy: { kind: 'table', prop: 'TableName', op: 'write' },
  DynamoDBReadPolicy: { kind: 'table', prop: 'TableName', op: 'read' },
  DynamoDBStreamReadPolicy: { kind: 'table', prop: 'TableName', op: 'read' },
  S3ReadPolicy: { kind: 'bucket', prop: 'BucketName', op: 'read' },
  S3WritePolicy: { kind: 'bucket', prop: 'BucketName', op: 'write' },
  S3CrudPolicy: { kind: 'bucket', prop: 'BucketName', op: 'write' },
  S3FullAccessPolicy: { kind: 'bucket', prop: 'BucketName', op: 'write' },
};

class Template {
  private readonly dir: string;
  private readonly cfn: Record<string, Record<string, unknown>>;
  private readonly names = new Map<string, string>();
  private readonly functionKeys = new Map<string, InfraFunction>();

  constructor(
    private readonly file: string,
    private readonly root: Record<string, unknown>,
    private readonly lines: Map<string, number>,
    private readonly input: TemplateInput,
    private readonly model: InfraModel,
    private readonly exports: Exports = new Map(),
  ) {
    this.dir = dirOf(file);
    const res = this.root.Resources ?? asRecord(this.root.resources)?.Resources;
    this.cfn = (asRecord(res) ?? {}) as Record<string, Record<string, unknown>>;
  }

  private lineOf(...at: (string | number)[]): number {
    for (let n = at.length; n > 0; n--) {
      const l = this.lines.get(at.slice(0, n).map(String).join('\u0001'));
      if (l !== undefined) return l;
    }
    return 1;
  }

  private place(...at: (string | number)[]): { file: string; line: number; column: number } {
    return { file: this.file, line: this.lineOf(...at), column: 1 };
  }

  // ------------------------------------------------------------ values

  /** A value as text: variables and intrinsic functions resolved, unknown parts as UNKNOWN. */
  private text(v: unknown, depth = 0): string {
    if (depth > 10) return UNKNOWN;
    if (typeof v === 'string') return this.variables(v, depth);
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const o = asRecord(v);
    if (!o) return UNKNOWN;
    if (typeof o.Ref === 'string') return this.ref(o.Ref, depth);
    const getAtt = o['Fn::GetAtt'];
    if (getAtt !== undefined) {
      const parts = Array.isArray(getAtt) ? getAtt.map(String) : String(getAtt).split('.');
      return this.cfn[parts[0]!] ? this.resourceName(parts[0]!, depth) : UNKNOWN;
    }
    const sub = o['Fn::Sub'];
    if (sub !== undefined) {
      const [tpl, vars] = Array.isArray(sub) ? [String(sub[0]), asRecord(sub[1]) ?? {}] : [String(sub), {}];
      return tpl.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        if (name in vars) return this.text(vars[name], depth + 1);
        const [id] = name.split('.');
        return this.cfn[id!] ? this.resourceName(id!, depth) : this.ref(name, depth);
      });
    }
    const join = o['Fn::Join'];
    if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map((x) => this.text(x, depth + 1)).join(String(join[0] ?? ''));
    const imported = o['Fn::ImportValue'];
    if (imported !== undefined) {
      // another stack's output, read in the exporting template (its `Ref`s are its resources)
      const e = this.exports.get(this.text(imported, depth + 1));
      return e ? e.template.text(e.value, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** Registers this template's exported outputs (`Outputs: { X: { Value, Export: { Name } } }`). */
  collectExports(): void {
    const outputs = asRecord(this.root.Outputs) ?? asRecord(asRecord(this.root.resources)?.Outputs) ?? {};
    for (const o of Object.values(outputs)) {
      const out = asRecord(o);
      const name = out && asRecord(out.Export)?.Name;
      if (name === undefined || out?.Value === undefined) continue;
      const n = this.text(name);
      // a name that is the same in two stacks could be either's: leave it unknown
      if (n.includes(UNKNOWN)) continue;
      if (this.exports.has(n) && this.exports.get(n)!.template !== this) this.exports.set(n, { template: this, value: undefined });
      else this.exports.set(n, { template: this, value: out.Value });
    }
  }

  private ref(name: string, depth: number): string {
    if (this.cfn[name]) return this.resourceName(name, depth);
    const param = asRecord(asRecord(this.root.Parameters)?.[name]);
    if (param && param.Default !== undefined) return this.text(param.Default, depth + 1);
    return UNKNOWN;
  }

  /** A resource's physical name when the template gives one, else its logical id. */
  private resourceName(id: string, depth = 0): string {
    const known = this.names.get(id);
    if (known !== undefined) return known;
    this.names.set(id, id); // a cycle names it by id
    const r = this.cfn[id];
    const spec = RESOURCE_TYPES[String(r?.Type)];
    const props = asRecord(r?.Properties) ?? {};
    let name = id;
    if (spec?.nameProp && props[spec.nameProp] !== undefined) {
      const t = this.text(props[spec.nameProp], depth + 1);
      if (!t.includes(UNKNOWN)) name = t;
    }
    this.names.set(id, name);
    return name;
  }

  /** Serverless variables: `${self:custom.x}`, `${opt:stage, 'dev'}`, `${env:X, 'y'}`, `${sls:stage}`. */
  private variables(s: string, depth: number): string {
    let out = s;
    for (let i = 0; i < 10 && /\$\{[^{}]*\}/.test(out); i++) {
      out = out.replace(/\$\{([^{}]*)\}/g, (_, body: string) => {
        for (const alt of splitTop(body)) {
          const a = alt.trim();
          const lit = /^(['"])(.*)\1$/.exec(a);
          if (lit) return lit[2]!;
          if (/^\d+$/.test(a)) return a;
          if (a.startsWith('self:')) {
            const v = getPath(this.root, a.slice(5));
            if (v !== undefined && (typeof v === 'string' || typeof v === 'number')) return this.text(v, depth + 1);
            if (v !== undefined && asRecord(v)) return this.text(v, depth + 1);
            continue;
          }
          if (a === 'sls:stage') return this.text(getPath(this.root, 'provider.stage') ?? 'dev', depth + 1);
          // command-line options, environment, SSM, files: fall through to the next source (a default)
        }
        return UNKNOWN;
      });
    }
    return out;
  }

  /** A name from an ARN, a URL or a plain name (`arn:aws:sqs:r:a:orders` → `orders`). */
  private nameOf(v: unknown): string {
    const t = this.text(v);
    const tableArn = /:table\/([^/]+)/.exec(t);
    if (tableArn) return tableArn[1]!;
    if (t.startsWith('arn:')) {
      const last = t.split(':').pop()!;
      return last.replace(/^event-bus\//, '').replace(/^function:/, '');
    }
    const slash = t.lastIndexOf('/');
    return slash >= 0 && slash < t.length - 1 && /^https?:/.test(t) ? t.slice(slash + 1) : t;
  }

  private env(vars: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(asRecord(vars) ?? {})) {
      const t = this.text(v);
      if (!t.includes(UNKNOWN)) out[k] = t;
    }
    return out;
  }

  // ------------------------------------------------------------ Serverless Framework

  serverless(): void {
    const service = typeof this.root.service === 'string' ? this.variables(this.root.service, 0) : asRecord(this.root.service)?.name ? String(asRecord(this.root.service)!.name) : undefined;
    const provider = asRecord(this.root.provider) ?? {};
    const providerEnv = this.env(provider.environment);
    const runtime = typeof provider.runtime === 'string' ? provider.runtime : undefined;
    const statements: [unknown, (string | number)[]][] = [
      ...asList(asRecord(asRecord(provider.iam)?.role)?.statements).map((s, i): [unknown, (string | number)[]] => [s, ['provider', 'iam', 'role', 'statements', i]]),
      ...asList(provider.iamRoleStatements).map((s, i): [unknown, (string | number)[]] => [s, ['provider', 'iamRoleStatements', i]]),
    ];
    const fns: InfraFunction[] = [];
    for (const [key, raw] of Object.entries(asRecord(this.root.functions) ?? {})) {
      const f = asRecord(raw);
      if (!f) continue;
      const at = ['functions', key];
      const fnRuntime = typeof f.runtime === 'string' ? f.runtime : runtime;
      const fn: InfraFunction = {
        key: `${this.file}#${key}`,
        name: key,
        aliases: [service ? `${service}-${this.text(getPath(this.root, 'provider.stage') ?? 'dev')}-${key}` : key].filter((a) => a !== key && !a.includes(UNKNOWN)),
        ...this.place(...at),
        env: { ...providerEnv, ...this.env(f.environment) },
        source: 'serverless',
        unit: { root: this.dir, ...(service && !service.includes(UNKNOWN) ? { name: service } : {}) },
      };
      if (typeof f.name === 'string' && !this.text(f.name).includes(UNKNOWN)) fn.aliases.push(this.text(f.name));
      if (fnRuntime) fn.runtime = runtimeName(fnRuntime);
      if (typeof f.handler === 'string') this.handler(fn, this.dir, f.handler);
      this.functionKeys.set(key, fn);
      fns.push(fn);
      this.model.functions.push(fn);
      asList(f.events).forEach((e, i) => this.serverlessEvent(fn, asRecord(e), [...at, 'events', i]));
      for (const [st, where] of statements) this.statement(fn, st, where);
      asList(f.iamRoleStatements).forEach((st, i) => this.statement(fn, st, [...at, 'iamRoleStatements', i]));
    }
    this.resources();
  }

  private handler(fn: InfraFunction, dir: string, handler: string): void {
    let h = this.text(handler);
    // a handler path a serverless.ts helper made from the function file's own folder
    if (h.startsWith(ROOT_PATH)) {
      h = h.slice(ROOT_PATH.length);
      dir = '';
    }
    const dot = h.lastIndexOf('.');
    const base = path.posix.normalize(path.posix.join(dir, dot > 0 ? h.slice(0, dot) : h)).replace(/^\.\//, '');
    fn.handlerExport = dot > 0 ? h.slice(dot + 1) : 'handler';
    fn.codeDir = dirOf(base);
    if (fn.runtime && fn.runtime !== 'nodejs') return;
    const file = this.input.sourceFile(base) ?? this.input.sourceFile(base.replace(/(^|\/)(dist|build|\.build|out)\//, '$1src/')) ?? this.input.sourceFile(base.replace(/(^|\/)(dist|build|\.build|out)\//, '$1'));
    if (file) fn.handlerFile = file;
  }

  private serverlessEvent(fn: InfraFunction, e: Record<string, unknown> | undefined, at: (string | number)[]): void {
    if (!e) return;
    const [type, raw] = Object.entries(e)[0] ?? [];
    if (!type) return;
    const place = this.place(...at);
    const o = asRecord(raw);
    switch (type) {
      case 'http':
      case 'httpApi': {
        let method = 'ANY';
        let p = '/*';
        if (typeof raw === 'string') {
          if (raw.trim() === '*') break;
          const [m, ...rest] = raw.trim().split(/\s+/);
          method = m!;
          p = rest.join(' ');
        } else if (o) {
          method = typeof o.method === 'string' ? o.method : 'ANY';
          p = typeof o.path === 'string' ? this.text(o.path) : '/*';
        }
        this.model.triggers.push({ kind: 'http', fn: fn.key, method: method === '*' ? 'ANY' : method.toUpperCase(), path: apiPath(p), ...place });
        break;
      }
      case 'sqs': {
        const q = this.nameOf(o ? o.arn : raw);
        if (q && !q.includes(UNKNOWN)) this.model.triggers.push({ kind: 'sqs', fn: fn.key, queue: q, ...place });
        break;
      }
      case 'sns': {
        const t = o ? (o.topicName !== undefined ? this.text(o.topicName) : this.nameOf(o.arn)) : this.nameOf(raw);
        if (t && !t.includes(UNKNOWN)) this.model.triggers.push({ kind: 'sns', fn: fn.key, topic: t, ...place });
        break;
      }
      case 'stream': {
        const arn = o ? o.arn : raw;
        const table = this.tableOf(arn);
        if (table) this.model.triggers.push({ kind: 'stream', fn: fn.key, table, ...place });
        break;
      }
      case 's3': {
        const b = o ? this.text(o.bucket) : this.text(raw);
        if (!b.includes(UNKNOWN)) this.model.triggers.push({ kind: 's3', fn: fn.key, bucket: b, ...place });
        break;
      }
      case 'eventBridge': {
        if (!o?.pattern) break;
        const bus = o.eventBus !== undefined ? this.nameOf(o.eventBus) : 'default';
        this.addRule(`${fn.key}#rule${at[at.length - 1]}`, `${fn.name}-rule-${at[at.length - 1]}`, bus, o.pattern, place, { fn: fn.key });
        break;
      }
    }
  }

  private addRule(key: string, name: string, bus: string, rawPattern: unknown, place: { file: string; line: number; column: number }, target: { fn?: string; queue?: string; topic?: string }): void {
    const pattern = this.deep(rawPattern) as Record<string, unknown>;
    const p: EventPattern = {};
    const source = readMatchers(pattern?.source);
    const detailType = readMatchers(pattern?.['detail-type'] ?? pattern?.detailType);
    if (source) p.source = source;
    if (detailType) p.detailType = detailType;
    if (!this.model.rules.some((r) => r.key === key)) this.model.rules.push({ key, name, bus: bus.includes(UNKNOWN) ? UNKNOWN : bus, pattern: p, ...place });
    this.model.triggers.push({ kind: 'eventbridge', rule: key, ...target, ...place });
  }

  /** A structure with every string resolved. */
  private deep(v: unknown, depth = 0): unknown {
    if (depth > 12) return undefined;
    if (Array.isArray(v)) return v.map((x) => this.deep(x, depth + 1));
    const o = asRecord(v);
    if (o && !('Ref' in o) && !Object.keys(o).some((k) => k.startsWith('Fn::'))) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) out[k] = this.deep(x, depth + 1);
      return out;
    }
    return this.text(v);
  }

  /** An IAM statement allowing DynamoDB or S3 actions: a grant on each table or bucket it names. */
  private statement(fn: InfraFunction, raw: unknown, at: (string | number)[]): void {
    const st = asRecord(raw);
    if (!st || st.Effect === 'Deny') return;
    const actions = asList(st.Action).map(String);
    const resources = asList(st.Resource);
    for (const [service, kind] of [
      ['dynamodb', 'table'],
      ['s3', 'bucket'],
    ] as const) {
      const mine = actions.filter((a) => a.toLowerCase().startsWith(service + ':'));
      if (!mine.length) continue;
      const op = mine.some((a) => /:(\*|Put|Update|Delete|BatchWrite|TransactWrite|PartiQLInsert|PartiQLUpdate|PartiQLDelete|Create|Restore)/i.test(a)) ? 'write' : 'read';
      for (const r of resources) {
        const name = kind === 'table' ? this.tableOf(r) : this.bucketOf(r);
        if (name) this.model.grants.push({ fn: fn.key, store: name, kind, op, ...this.place(...at) });
      }
    }
  }

  /** The table an ARN (of the table or its stream) or a `Fn::GetAtt` of a table resource names. */
  private tableOf(r: unknown): string | undefined {
    return this.storeOf(r, /:table\/([^/\u0000*]+)/);
  }

  private bucketOf(r: unknown): string | undefined {
    return this.storeOf(r, /^arn:aws:s3:::([^/\u0000*]+)/);
  }

  /** The store a `Fn::GetAtt` of a resource of the template names, or the name `arn` captures from the value's text. */
  private storeOf(r: unknown, arn: RegExp): string | undefined {
    const getAtt = asRecord(r)?.['Fn::GetAtt'];
    if (getAtt) {
      const id = (Array.isArray(getAtt) ? String(getAtt[0]) : String(getAtt).split('.')[0])!;
      return this.cfn[id] ? this.resourceName(id) : undefined;
    }
    return arn.exec(this.text(r))?.[1];
  }

  // ------------------------------------------------------------ SAM

  sam(): void {
    const globals = asRecord(asRecord(this.root.Globals)?.Function) ?? {};
    for (const [id, r] of Object.entries(this.cfn)) {
      if (r?.Type !== 'AWS::Serverless::Function') continue;
      const props = { ...globals, ...(asRecord(r.Properties) ?? {}) };
      const at = ['Resources', id];
      const fn: InfraFunction = {
        key: `${this.file}#${id}`,
        name: id,
        aliases: [],
        ...this.place(...at),
        env: { ...this.env(asRecord(globals.Environment)?.Variables), ...this.env(asRecord(asRecord(props.Environment))?.Variables) },
        source: 'sam',
        unit: { root: this.dir },
      };
      const physical = this.resourceName(id);
      if (physical !== id) fn.aliases.push(physical);
      const runtime = typeof props.Runtime === 'string' ? props.Runtime : undefined;
      if (runtime) fn.runtime = runtimeName(runtime);
      if (props.PackageType === 'Image') fn.runtime = 'container';
      const codeUri = typeof props.CodeUri === 'string' ? this.text(props.CodeUri) : '';
      const codeDir = path.posix.normalize(path.posix.join(this.dir, codeUri.includes(UNKNOWN) ? '' : codeUri)).replace(/^\.$/, '').replace(/\/$/, '');
      fn.codeDir = codeDir;
      // esbuild builds name the TypeScript entry point; the handler names the built file
      const entry = asList(asRecord(asRecord(r.Metadata)?.BuildProperties)?.EntryPoints)[0];
      if (typeof props.Handler === 'string') this.handler(fn, codeDir, props.Handler);
      if (!fn.handlerFile && typeof entry === 'string' && (!fn.runtime || fn.runtime === 'nodejs')) {
        const file = this.input.sourceFile(path.posix.join(codeDir, entry).replace(/\.(ts|js|mjs)$/, ''));
        if (file) fn.handlerFile = file;
      }
      fn.codeDir = codeDir;
      this.functionKeys.set(id, fn);
      this.model.functions.push(fn);
      for (const [name, ev] of Object.entries(asRecord(props.Events) ?? {})) this.samEvent(fn, asRecord(ev), [...at, 'Properties', 'Events', name]);
      asList(props.Policies).forEach((p, i) => this.samPolicy(fn, p, [...at, 'Properties', 'Policies', i]));
    }
    this.resources();
  }

  private samEvent(fn: InfraFunction, e: Record<string, unknown> | undefined, at: (string | number)[]): void {
    if (!e) return;
    const p = asRecord(e.Properties) ?? {};
    const place = this.place(...at);
    switch (e.Type) {
      case 'Api':
      case 'HttpApi': {
        const method = typeof p.Method === 'string' ? p.Method.toUpperCase() : 'ANY';
        const route = typeof p.Path === 'string' ? this.text(p.Path) : '/*';
        this.model.triggers.push({ kind: 'http', fn: fn.key, method: method === 'ANY' || method === '*' ? 'ANY' : method, path: apiPath(route), ...place });
        return;
      }
      case 'SQS': {
        const q = this.nameOf(p.Queue);
        if (!q.includes(UNKNOWN)) this.model.triggers.push({ kind: 'sqs', fn: fn.key, queue: q, ...place });
        return;
      }
      case 'SNS': {
        const t = this.nameOf(p.Topic);
        if (!t.includes(UNKNOWN)) this.model.triggers.push({ kind: 'sns', fn: fn.key, topic: t, ...place });
        return;
      }
      case 'DynamoDB': {
        const table = this.tableOf(p.Stream);
        if (table) this.model.triggers.push({ kind: 'stream', fn: fn.key, table, ...place });
        return;
      }
      case 'S3': {
        const b = this.text(p.Bucket);
        if (!b.includes(UNKNOWN)) this.model.triggers.push({ kind: 's3', fn: fn.key, bucket: b, ...place });
        return;
      }
      case 'EventBridgeRule':
      case 'CloudWatchEvent': {
        if (!p.Pattern) return;
        const bus = p.EventBusName !== undefined ? this.nameOf(p.EventBusName) : 'default';
        this.addRule(`${fn.key}#${at[at.length - 1]}`, String(at[at.length - 1]), bus, p.Pattern, place, { fn: fn.key });
        return;
      }
    }
  }

  private samPolicy(fn: InfraFunction, raw: unknown, at: (string | number)[]): void {
    const o = asRecord(raw);
    if (!o) return;
    if (o.Statement) {
      asList(o.Statement).forEach((st, i) => this.statement(fn, st, [...at, 'Statement', i]));
      return;
    }
    for (const [name, args] of Object.entries(o)) {
      const spec = SAM_POLICIES[name];
      if (!spec) continue;
      const v = asRecord(args)?.[spec.prop];
      const store = v === undefined ? undefined : this.text(v);
      if (store && !store.includes(UNKNOWN)) this.model.grants.push({ fn: fn.key, store, kind: spec.kind, op: spec.op, ...this.place(...at) });
    }
  }

  // ------------------------------------------------------------ CloudFormation resources

  /** Tables, buckets, queues and topics; rules with targets; subscriptions and event source mappings. */
  resources(): void {
    for (const [id, r] of Object.entries(this.cfn)) {
      const type = String(r?.Type);
      const spec = RESOURCE_TYPES[type];
      const props = asRecord(r?.Properties) ?? {};
      const place = this.place('Resources', id);
      const inResources = this.root.Resources ? place : this.place('resources', 'Resources', id);
      if (spec && spec.kind !== 'function') this.model.resources.push({ key: `${this.file}#${id}`, kind: spec.kind, name: this.resourceName(id), ...inResources });
      if (type === 'AWS::Events::Rule' && props.EventPattern) {
        const bus = props.EventBusName !== undefined ? this.nameOf(props.EventBusName) : 'default';
        for (const t of asList(props.Targets)) {
          const target = this.targetOf(asRecord(t)?.Arn);
          if (target) this.addRule(`${this.file}#${id}`, this.resourceName(id), bus, props.EventPattern, inResources, target);
        }
      } else if (type === 'AWS::SNS::Subscription') {
        this.subscription(props.TopicArn, props.Protocol, props.Endpoint, inResources);
      } else if (type === 'AWS::SNS::Topic') {
        for (const s of asList(props.Subscription)) this.subscription({ Ref: id }, asRecord(s)?.Protocol, asRecord(s)?.Endpoint, inResources);
      } else if (type === 'AWS::Lambda::EventSourceMapping') {
        const fn = this.targetOf(props.FunctionName)?.fn;
        const arn = props.EventSourceArn;
        const getAtt = asRecord(arn)?.['Fn::GetAtt'];
        const id0 = getAtt ? (Array.isArray(getAtt) ? String(getAtt[0]) : String(getAtt).split('.')[0]) : undefined;
        const kind = id0 ? RESOURCE_TYPES[String(this.cfn[id0]?.Type)]?.kind : undefined;
        if (fn && kind === 'queue') this.model.triggers.push({ kind: 'sqs', fn, queue: this.resourceName(id0!), ...inResources });
        else if (fn && kind === 'table') this.model.triggers.push({ kind: 'stream', fn, table: this.resourceName(id0!), ...inResources });
      }
    }
  }

  private subscription(topic: unknown, protocol: unknown, endpoint: unknown, place: { file: string; line: number; column: number }): void {
    const t = this.nameOf(topic);
    const target = this.targetOf(endpoint);
    if (t.includes(UNKNOWN) || !target) return;
    if (protocol === 'lambda' && target.fn) this.model.triggers.push({ kind: 'sns', fn: target.fn, topic: t, ...place });
    else if (protocol === 'sqs' && target.queue) this.model.routes.push({ topic: t, queue: target.queue });
  }

  /** What an ARN reference names: a function of this template, a queue or a topic. */
  private targetOf(arn: unknown): { fn?: string; queue?: string; topic?: string } | undefined {
    const o = asRecord(arn);
    let id: string | undefined;
    if (typeof o?.Ref === 'string') id = o.Ref;
    const getAtt = o?.['Fn::GetAtt'];
    if (getAtt) id = Array.isArray(getAtt) ? String(getAtt[0]) : String(getAtt).split('.')[0];
    if (id === undefined) {
      const name = this.nameOf(arn);
      if (name.includes(UNKNOWN)) return undefined;
      // serverless functions by their logical id (`CreateOrderLambdaFunction`) or name
      for (const [key, fn] of this.functionKeys) if (name === key || fn.aliases.includes(name)) return { fn: fn.key };
      return undefined;
    }
    const fn = this.functionKeys.get(id) ?? this.functionKeys.get(id.replace(/LambdaFunction$/, '')) ?? [...this.functionKeys.entries()].find(([k]) => `${upperFirst(k)}LambdaFunction` === id)?.[1];
    if (fn) return { fn: fn.key };
    const kind = RESOURCE_TYPES[String(this.cfn[id]?.Type)]?.kind;
    if (kind === 'queue') return { queue: this.resourceName(id) };
    if (kind === 'topic') return { topic: this.resourceName(id) };
    return undefined;
  }
}

/** `nodejs20.x` → `nodejs`; `python3.12` → `python`; `provided.al2` → `provided`. */
function runtimeName(runtime: string): string {
  const m = /^(nodejs|python|java|go|dotnet|ruby|provided)/i.exec(runtime);
  return m ? m[1]!.toLowerCase() : runtime.toLowerCase();
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Splits `a, 'b, c', d` at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function getPath(root: unknown, dotted: string): unknown {
  let cur: unknown = root;
  for (const k of dotted.split('.')) {
    const o = asRecord(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '.' ? '' : d;
}
