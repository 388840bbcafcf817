/**
 * The wiring that infrastructure code declares (AWS CDK, Serverless Framework, SAM), in one shape
 * whatever declared it: functions with their handler files, what triggers them (routes, queues,
 * topics, EventBridge rules, streams), the data they are granted, the environment they get, and
 * the Step Functions tasks that call or publish. Names are resolved text; a resource without an
 * explicit physical name is named by its logical id, on both sides (infrastructure and the
 * environment handed to the code), so they meet.
 */

/** Where a declaration is. */
export interface InfraPlace {
  file: string;
  line: number;
  column: number;
}

/** Resource kinds infrastructure code declares. */
export type ResourceKind = 'function' | 'table' | 'bucket' | 'queue' | 'topic' | 'bus' | 'rule' | 'statemachine' | 'api';

/** A declared resource. */
export interface InfraResource extends InfraPlace {
  key: string;
  kind: ResourceKind;
  /** Physical name when declared, else the logical id. */
  name: string;
}

/** A Lambda function. */
export interface InfraFunction extends InfraPlace {
  key: string;
  /** Logical id (construct id, serverless function key, SAM resource name). */
  name: string;
  /** Other names it is known by (its physical function name). */
  aliases: string[];
  /** The handler's source file (relative to the analysed root) and exported name, when found. */
  handlerFile?: string;
  handlerExport?: string;
  /** The package (folder with its own package.json) the handler is in, when that is not the app's own. */
  packageRoot?: string;
  /** The folder holding the function's code (asset folder, CodeUri, entry's folder). */
  codeDir?: string;
  runtime?: string;
  /** Environment the infrastructure sets, resources given by their names. */
  env: Record<string, string>;
  /** What declared it: `cdk`, `serverless` or `sam`, and the deployment unit's folder and name. */
  source: 'cdk' | 'serverless' | 'sam';
  unit: { root: string; name?: string };
  /** The service the function belongs to (assigned with the services). */
  service?: string;
}

/** A matcher of one field of an EventBridge event pattern. */
export type Matcher = { exact: string } | { prefix: string } | { suffix: string } | { anythingBut: string[] } | { anythingButPrefix: string } | { exists: boolean } | { wildcard: string };

/** An EventBridge rule's pattern: each listed field must match one of its matchers. */
export interface EventPattern {
  source?: Matcher[];
  detailType?: Matcher[];
}

/** An EventBridge rule. */
export interface InfraRule extends InfraPlace {
  key: string;
  name: string;
  bus: string;
  pattern: EventPattern;
}

/** Something that makes a function run (or that a rule delivers to). */
export type InfraTrigger = InfraPlace &
  (
    | { kind: 'http'; fn: string; method: string; path: string }
    | { kind: 'sqs'; fn: string; queue: string }
    | { kind: 'sns'; fn: string; topic: string }
    | { kind: 'stream'; fn: string; table: string }
    | { kind: 's3'; fn: string; bucket: string }
    | { kind: 'eventbridge'; rule: string; fn?: string; queue?: string; topic?: string; machine?: string }
  );

/** A function's declared access to a table or bucket. */
export interface InfraGrant extends InfraPlace {
  fn: string;
  store: string;
  kind: 'table' | 'bucket';
  op: 'read' | 'write';
}

/** A Step Functions task (or other infrastructure) that calls a function or publishes. */
export type InfraTask = InfraPlace & {
  /** The state machine's name. */
  machine: string;
  style: 'sync-request-response' | 'async-request-response' | 'fire-and-forget' | 'event';
} & ({ kind: 'invoke'; fn: string } | { kind: 'eventbridge'; bus: string; entries: { source?: string; detailType?: string }[] } | { kind: 'sns'; topic: string } | { kind: 'sqs'; queue: string });

/** A state machine: a service of its own (an orchestrator), placed in the file that declares it. */
export interface InfraMachine extends InfraPlace {
  name: string;
}

/** Everything the infrastructure code of a workspace declares. */
export interface InfraModel {
  functions: InfraFunction[];
  resources: InfraResource[];
  rules: InfraRule[];
  triggers: InfraTrigger[];
  grants: InfraGrant[];
  tasks: InfraTask[];
  machines: InfraMachine[];
  /** SNS topic → SQS queue subscriptions. */
  routes: { topic: string; queue: string }[];
  messages: { file?: string; message: string }[];
}

/** An empty model. */
export function emptyInfra(): InfraModel {
  return { functions: [], resources: [], rules: [], triggers: [], grants: [], tasks: [], machines: [], routes: [], messages: [] };
}

const UNKNOWN = '\u0000';

/**
 * True when an event with this source and detail type satisfies the pattern (fields the pattern
 * does not list match anything). An unknown part of the event matches only a matcher it cannot
 * contradict with what is known; a wholly unknown field matches nothing.
 */
export function patternMatches(pattern: EventPattern, event: { source?: string; detailType?: string }): boolean {
  return fieldMatches(pattern.source, event.source) && fieldMatches(pattern.detailType, event.detailType);
}

function fieldMatches(matchers: Matcher[] | undefined, value: string | undefined): boolean {
  if (!matchers || !matchers.length) return true;
  return matchers.some((m) => one(m, value));
}

function one(m: Matcher, value: string | undefined): boolean {
  if ('exists' in m) return m.exists === (value !== undefined);
  if (value === undefined) return false;
  if (value.includes(UNKNOWN)) {
    if (value.replace(/\u0000/g, '').length < 3) return false;
    const re = new RegExp('^' + value.split(UNKNOWN).map(escape).join('.*') + '$');
    if ('exact' in m) return re.test(m.exact);
    if ('prefix' in m) return value.startsWith(m.prefix) || re.test(m.prefix);
    return false;
  }
  if ('exact' in m) return m.exact === value;
  if ('prefix' in m) return value.startsWith(m.prefix);
  if ('suffix' in m) return value.endsWith(m.suffix);
  if ('anythingBut' in m) return !m.anythingBut.includes(value);
  if ('anythingButPrefix' in m) return !value.startsWith(m.anythingButPrefix);
  if ('wildcard' in m) return new RegExp('^' + m.wildcard.split('*').map(escape).join('.*') + '$').test(value);
  return false;
}

/** Reads one field of an event pattern as written (`['a', { prefix: 'b' }, { 'anything-but': ['c'] }]`). */
export function readMatchers(raw: unknown): Matcher[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Matcher[] = [];
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number') out.push({ exact: String(item) });
    else if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      if (typeof o.prefix === 'string') out.push({ prefix: o.prefix });
      else if (typeof o.suffix === 'string') out.push({ suffix: o.suffix });
      else if (typeof o.wildcard === 'string') out.push({ wildcard: o.wildcard });
      else if (typeof o.exists === 'boolean') out.push({ exists: o.exists });
      else if ('anything-but' in o || 'anythingBut' in o) {
        const v = o['anything-but'] ?? o.anythingBut;
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).prefix === 'string') out.push({ anythingButPrefix: (v as Record<string, string>).prefix! });
        else out.push({ anythingBut: (Array.isArray(v) ? v : [v]).map(String) });
      }
    }
  }
  return out;
}

/** A readable form of a pattern: `source=orders detail-type=OrderPlaced|OrderPaid`. */
export function describePattern(p: EventPattern): string {
  const show = (ms: Matcher[]): string =>
    ms
      .map((m) =>
        'exact' in m ? m.exact : 'prefix' in m ? `${m.prefix}*` : 'suffix' in m ? `*${m.suffix}` : 'anythingBut' in m ? `!(${m.anythingBut.join('|')})` : 'anythingButPrefix' in m ? `!(${m.anythingButPrefix}*)` : 'wildcard' in m ? m.wildcard : m.exists ? '(exists)' : '(absent)',
      )
      .join('|');
  const parts: string[] = [];
  if (p.source) parts.push(`source=${show(p.source)}`);
  if (p.detailType) parts.push(`detail-type=${show(p.detailType)}`);
  return parts.join(' ') || '(any event)';
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
