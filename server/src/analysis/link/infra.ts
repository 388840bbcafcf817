/**
 * Links what infrastructure code declares: each function's triggers become endpoints of its
 * service (API Gateway routes; SQS, SNS and EventBridge subscriptions, an EventBridge rule's
 * pattern kept for matching publishes), and Step Functions tasks become interactions of their
 * state machine (a Lambda invocation is a request, a publish is an event to every subscriber).
 */
import type { Endpoint, Interaction } from '../model';
import { describePattern, type InfraFunction, type InfraRule, type InfraTrigger } from '../infra/model';
import { type Program } from './program';
import { type Publish, publishHits, registerMessageEndpoint } from './messaging';

/** Endpoints the infrastructure gives functions (and state machines that rules start). */
export function infraEndpoints(program: Program, codeEndpoints: readonly Endpoint[]): Endpoint[] {
  const infra = program.infra;
  if (!infra.triggers.length) return [];
  const fns = new Map(infra.functions.map((f) => [f.key, f]));
  const rules = new Map(infra.rules.map((r) => [r.key, r]));
  const out: Endpoint[] = [];
  const handlerOf = (fn: InfraFunction): string | undefined => {
    if (!fn.handlerFile) return undefined;
    const id = `${fn.handlerFile}#${fn.handlerExport ?? 'handler'}`;
    return program.functions.has(id) ? id : `${fn.handlerFile}#<module>`;
  };
  const base = (t: InfraTrigger, service: string, framework: string) => ({ service, file: t.file, line: t.line, column: t.column, framework });
  // SQS and SNS subscriptions first: rules that target a queue or topic reach their consumers
  const queueConsumers = new Map<string, { service: string; handler?: string }[]>();
  const topicConsumers = new Map<string, { service: string; handler?: string }[]>();
  for (const t of infra.triggers) {
    if (t.kind !== 'sqs' && t.kind !== 'sns' && t.kind !== 'http') continue;
    const fn = fns.get(t.fn);
    if (!fn?.service) continue;
    const handler = handlerOf(fn);
    const h = handler ? { handler } : {};
    if (t.kind === 'http') {
      out.push({ ...base(t, fn.service, 'api-gateway'), id: `${fn.service}:http:${t.method} ${t.path}:${t.file}:${t.line}`, kind: 'http', method: t.method, path: t.path, ...h });
    } else if (t.kind === 'sqs') {
      const ep: Endpoint = { ...base(t, fn.service, 'lambda'), id: `${fn.service}:message:sqs:${t.queue}:${t.file}:${t.line}`, kind: 'message', channel: t.queue, mechanism: 'sqs', queue: t.queue, method: 'event-source', ...h };
      registerMessageEndpoint(ep, { mechanism: 'sqs', channel: t.queue, queue: t.queue, envNames: [] });
      out.push(ep);
      (queueConsumers.get(t.queue) ?? queueConsumers.set(t.queue, []).get(t.queue)!).push({ service: fn.service, ...h });
    } else {
      const ep: Endpoint = { ...base(t, fn.service, 'lambda'), id: `${fn.service}:message:sns:${t.topic}:${t.file}:${t.line}`, kind: 'message', channel: t.topic, mechanism: 'sns', method: 'subscription', ...h };
      registerMessageEndpoint(ep, { mechanism: 'sns', channel: t.topic, envNames: [] });
      out.push(ep);
      (topicConsumers.get(t.topic) ?? topicConsumers.set(t.topic, []).get(t.topic)!).push({ service: fn.service, ...h });
    }
  }
  // queues read by code (a consumer polling the queue) count too
  for (const e of codeEndpoints) {
    if (e.kind === 'message' && e.mechanism === 'sqs' && e.channel) {
      const q = queueName(e.channel);
      (queueConsumers.get(q) ?? queueConsumers.set(q, []).get(q)!).push({ service: e.service, ...(e.handler ? { handler: e.handler } : {}) });
    }
  }
  for (const r of infra.routes) for (const c of queueConsumers.get(r.queue) ?? []) (topicConsumers.get(r.topic) ?? topicConsumers.set(r.topic, []).get(r.topic)!).push(c);
  for (const t of infra.triggers) {
    if (t.kind !== 'eventbridge') continue;
    const rule = rules.get(t.rule);
    if (!rule) continue;
    const targets: { service: string; handler?: string }[] = [];
    if (t.fn) {
      const fn = fns.get(t.fn);
      const handler = fn && handlerOf(fn);
      if (fn?.service) targets.push({ service: fn.service, ...(handler ? { handler } : {}) });
    }
    if (t.queue) targets.push(...(queueConsumers.get(t.queue) ?? []));
    if (t.topic) targets.push(...(topicConsumers.get(t.topic) ?? []));
    if (t.machine && program.service(t.machine)) targets.push({ service: t.machine });
    for (const target of targets) out.push(ruleEndpoint(rule, t, target));
  }
  return out;
}

function ruleEndpoint(rule: InfraRule, t: InfraTrigger, target: { service: string; handler?: string }): Endpoint {
  const channel = describePattern(rule.pattern);
  const ep: Endpoint = {
    id: `${target.service}:message:eventbridge:${rule.bus}/${rule.name}:${t.file}:${t.line}`,
    service: target.service,
    kind: 'message',
    file: rule.file,
    line: rule.line,
    column: rule.column,
    framework: 'eventbridge-rule',
    channel,
    mechanism: 'eventbridge',
    exchange: rule.bus,
    method: 'rule',
    ...(target.handler ? { handler: target.handler } : {}),
  };
  registerMessageEndpoint(ep, { mechanism: 'eventbridge', channel, exchange: rule.bus, envNames: [], pattern: rule.pattern, bus: rule.bus });
  return ep;
}

/** Interactions of Step Functions tasks: invocations of functions and publishes to subscribers. */
export function infraInteractions(program: Program, endpoints: readonly Endpoint[]): Interaction[] {
  const infra = program.infra;
  const fns = new Map(infra.functions.map((f) => [f.key, f]));
  const out: Interaction[] = [];
  for (const t of infra.tasks) {
    const svc = t.machine;
    if (!program.service(svc)) continue;
    const base = { id: `${svc}@${t.file}:${t.line}:${t.column}`, service: svc, file: t.file, line: t.line, column: t.column, library: 'aws-stepfunctions-tasks' };
    if (t.kind === 'invoke') {
      const fn = fns.get(t.fn);
      if (!fn?.service || fn.service === svc) continue;
      const handler = fn.handlerFile ? `${fn.handlerFile}#${fn.handlerExport ?? 'handler'}` : undefined;
      const eps = endpoints.filter((e) => e.service === fn.service && handler && e.handler === handler).map((e) => e.id);
      out.push({ ...base, mechanism: 'lambda', target: `lambda invoke ${fn.name}`, style: t.style, callees: [fn.service], endpoints: eps, channel: fn.name });
      continue;
    }
    let pub: Publish;
    let target: string;
    if (t.kind === 'eventbridge') {
      pub = { mechanism: 'eventbridge', channels: t.entries.map((e) => `${e.source ?? ''}/${e.detailType ?? ''}`), exchange: t.bus, envNames: [], entries: t.entries };
      target = `eventbridge ${t.bus} ${pub.channels.join(', ')}`;
    } else if (t.kind === 'sns') {
      pub = { mechanism: 'sns', channels: [t.topic], envNames: [] };
      target = `sns ${t.topic}`;
    } else {
      pub = { mechanism: 'sqs', channels: [t.queue], envNames: [] };
      target = `sqs ${t.queue}`;
    }
    const hits = publishHits(program, endpoints, pub).filter((h) => h.service !== svc);
    const callees = [...new Set(hits.map((h) => h.service))].sort();
    const i: Interaction = { ...base, mechanism: pub.mechanism, target, style: 'event', callees, endpoints: hits.map((h) => h.id), channel: pub.channels.join(', ') };
    if (!callees.length) i.unresolved = `no service subscribes to ${pub.channels.join(', ')}`;
    out.push(i);
  }
  return out;
}

function queueName(s: string): string {
  const t = s.replace(/^arn:aws:sqs:[^:]*:[^:]*:/, '');
  const i = t.lastIndexOf('/');
  return i >= 0 && i < t.length - 1 ? t.slice(i + 1) : t;
}
