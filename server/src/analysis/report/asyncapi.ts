/**
 * AsyncAPI 3.0 export of the event catalog (`--format asyncapi`): one channel per catalog channel
 * (address = the channel's name, one message whose payload lists the known fields), a `send`
 * operation per publishing service and a `receive` operation per consuming service, and
 * `x-switchboard-*` extensions with the services and code locations; `servers` are the brokers the
 * configuration names. Written as YAML.
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import type { AnalysisResult } from '../model';
import { brokerProtocolOf } from '../workspace/brokers';
import { type CatalogChannel, eventCatalog } from './events';

/** Keys of channels, messages, operations and parameters: what AsyncAPI accepts as an id. */
const SAFE = /^[A-Za-z0-9_-]+$/;

/** Turns any text into a safe id, unique among `taken` (which it joins). */
export function safeId(text: string, taken: Set<string>): string {
  const base =
    text
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'channel';
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
  taken.add(id);
  return id;
}

/**
 * The channel's address and its parameters: every `{...}` of the name (and every part Switchboard
 * could not read) is a parameter, renamed when its text is not a valid parameter name. A name with
 * a stray brace cannot be written as an address; it gets none (AsyncAPI: unknown or dynamic).
 */
export function addressOf(name: string): { address: string | null; parameters: Record<string, { description: string }> } {
  const parameters: Record<string, { description: string }> = {};
  let n = 0;
  const address = name.replace(/\u0000+/g, '{?}').replace(/\{([^{}]*)\}/g, (_m, inner: string) => {
    const key = SAFE.test(inner) && !(inner in parameters) ? inner : `p${++n}`;
    parameters[key] = { description: inner === '?' ? 'A part of the name Switchboard could not read statically.' : `The part written {${inner}} in the code.` };
    return `{${key}}`;
  });
  if (/[{}]/.test(address.replace(/\{[A-Za-z0-9_-]+\}/g, ''))) return { address: null, parameters: {} };
  return { address, parameters };
}

type Json = Record<string, unknown>;

function messageOf(c: CatalogChannel): Json {
  // without a publisher, what the consumers read is all that is known about the message
  const readFields = [...new Set(c.consumers.flatMap((k) => k.endpoint?.reads?.fields ?? []))].sort();
  const fields = c.producers.length ? c.fields : readFields;
  const complete = c.producers.length ? c.fieldsComplete : false;
  return {
    name: c.name,
    title: `${c.mechanism} ${c.name}`,
    contentType: 'application/json',
    payload: {
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f, {}])),
      additionalProperties: !complete,
    },
    'x-switchboard-fields-complete': complete,
  };
}

/** Renders the event catalog as one AsyncAPI 3.0.0 document (YAML). */
export function toAsyncApi(model: AnalysisResult): string {
  const catalog = eventCatalog(model);
  const channelIds = new Set<string>();
  const operationIds = new Set<string>();
  const channels: Json = {};
  const operations: Json = {};
  // servers: the brokers the configuration names, for the protocols the channels go through
  const serverIds = new Set<string>();
  const servers: Json = {};
  const serversOf = new Map<string, string[]>();
  const used = new Set(catalog.flatMap((c) => brokerProtocolOf(c.mechanism)));
  for (const b of model.brokers ?? []) {
    if (!used.has(b.protocol)) continue;
    const id = safeId(`${b.protocol}-${b.host}`, serverIds);
    servers[id] = {
      host: b.host,
      protocol: b.protocol,
      description: `Named in the configuration of ${b.services.join(', ')}.`,
      'x-switchboard-services': b.services,
    };
    (serversOf.get(b.protocol) ?? serversOf.set(b.protocol, []).get(b.protocol)!).push(id);
  }
  for (const c of catalog) {
    const id = safeId(c.name, channelIds);
    const { address, parameters } = addressOf(c.name);
    const channel: Json = {
      address,
      title: c.name,
      messages: { [id]: messageOf(c) },
      'x-switchboard-channel': c.name,
      'x-switchboard-mechanism': c.mechanism,
      'x-switchboard-producers': c.publishers,
      'x-switchboard-consumers': c.subscribers,
    };
    if (Object.keys(parameters).length) channel.parameters = parameters;
    const on = brokerProtocolOf(c.mechanism).flatMap((p) => serversOf.get(p) ?? []);
    if (on.length) channel.servers = on.map((id) => ({ $ref: `#/servers/${id}` }));
    channels[id] = channel;
    const operation = (action: 'send' | 'receive', service: string, locations: Json[], extra: Json = {}): void => {
      operations[safeId(`${service}_${action}_${id}`, operationIds)] = {
        action,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        summary: `${service} ${action === 'send' ? 'publishes' : 'consumes'} ${c.name}`,
        'x-switchboard-service': service,
        'x-switchboard-locations': locations,
        ...extra,
      };
    };
    for (const service of c.publishers) {
      const sites = c.producers.filter((p) => p.service === service);
      operation(
        'send',
        service,
        sites.map((p) => ({ file: p.file, line: p.line, column: p.column, library: p.library })),
      );
    }
    for (const service of c.subscribers) {
      const handlers = c.consumers.filter((k) => k.service === service).flatMap((k) => (k.endpoint ? [k.endpoint] : []));
      const reads = [...new Set(handlers.flatMap((e) => e.reads?.fields ?? []))].sort();
      operation(
        'receive',
        service,
        handlers.map((e) => ({ file: e.file, line: e.line, column: e.column, framework: e.framework })),
        reads.length ? { 'x-switchboard-reads': reads } : {},
      );
    }
  }
  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: `${path.basename(model.root) || 'workspace'} events`,
      version: '0.0.0',
      description: `The event catalog Switchboard read from the code: ${catalog.length} channels, their publishers and consumers, and the message fields the code shows.`,
    },
    ...(Object.keys(servers).length ? { servers } : {}),
    defaultContentType: 'application/json',
    channels,
    operations,
  };
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}
