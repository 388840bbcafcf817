/**
 * Links the calls of service frameworks whose routing is their own: Moleculer actions and events
 * (by action name `<version>.<service>.<action>` and event name with `*`/`**` wildcards), Socket.IO
 * emits between services (by the server's host and the event name in its namespace), and Dapr
 * service invocation (by app id, then the app's route) and pub/sub (by topic), and tRPC procedure
 * calls (by the client's URL, else the service the `AppRouter` type comes from, then the procedure path).
 */
import type { CallFact, ClientFact, FileFacts } from '../facts';
import type { Endpoint, Interaction, Style } from '../model';
import type { ServiceInfo } from '../workspace/services';
import { type Built, callFields } from './built';
import { endpointsOfKind } from './endpoint-index';
import { type Program, UNKNOWN } from './program';
import { channelMatches, matchHttp, type ParsedUrl, parseUrl, type ServiceDirectory, type TargetMatch } from './targets';

const MECHANISMS = new Set(['moleculer', 'socketio', 'dapr', 'trpc']);

/** True for a call this module links. */
export function isFrameworkCall(call: CallFact): boolean {
  return MECHANISMS.has(call.mechanism);
}

/** Links a Moleculer, Socket.IO, Dapr or tRPC call; nothing when it stays inside the calling service. */
export function linkFrameworkCall(
  program: Program,
  f: FileFacts,
  call: CallFact,
  svc: ServiceInfo,
  dir: ServiceDirectory,
  endpoints: readonly Endpoint[],
  client: { file: string; client: ClientFact } | undefined,
): Built[] {
  const channel = program.resolve(call.channel, f.file, svc.env).text;
  let match: TargetMatch | undefined;
  let target = `${call.mechanism} ${show(channel)}`;
  let external = false;
  if (call.mechanism === 'moleculer') {
    // the broker's own services (`$node.list`) are not part of the system
    if (channel.startsWith('$')) return [];
    if (call.role === 'request') {
      const hits = endpoints.filter((e) => e.mechanism === 'moleculer' && e.method === 'action' && e.channel !== undefined && channelMatches(e.channel.replace(/\*/g, UNKNOWN), channel));
      if (hits.some((h) => h.service === svc.name)) return [];
      match = byHits(hits, svc, `no service defines action ${show(channel)}`);
    } else {
      const hits = endpoints.filter((e) => e.mechanism === 'moleculer' && e.method === 'event' && e.channel !== undefined && moleculerEventMatches(e.channel, channel));
      if (hits.length && hits.every((h) => h.service === svc.name)) return [];
      match = byHits(hits, svc, `no service subscribes to ${show(channel)}`);
      target = `moleculer ${call.method ?? 'emit'} ${show(channel)}`;
    }
  } else if (call.mechanism === 'socketio') {
    const urlSym = call.url ?? client?.client.baseUrl;
    const r = program.resolve(urlSym, call.url ? f.file : client?.file ?? f.file, svc.env);
    const url = parseUrl(r.text);
    const ns = url.path && url.path !== '/' ? url.path : '';
    const event = ns ? `${ns}:${channel}` : channel;
    const hits = endpoints.filter((e) => e.mechanism === 'socketio' && e.channel !== undefined && channelMatches(e.channel.replace(/\*/g, UNKNOWN), event));
    const host = serverHost(url, r.envNames, svc, dir);
    if (host === svc.name) return [];
    if (host) match = { callees: [host], endpoints: hits.filter((h) => h.service === host).map((h) => h.id) };
    else {
      external = isThirdParty(url, dir);
      match = byHits(hits, svc, `no service handles ${show(event)}${r.text ? ` at ${show(r.text)}` : ''}`, true);
    }
    target = `socketio ${show(event)}${url.host ? ` at ${show(url.host)}${url.port ? ':' + show(url.port) : ''}` : ''}`;
  } else if (call.mechanism === 'dapr' && call.role === 'request') {
    const r = program.resolve(call.url, f.file, svc.env);
    const appId = program.resolve(call.exchange, f.file, svc.env).text;
    const m = matchHttp(parseUrl(r.text), call.method, r.envNames, svc.name, dir, endpoints);
    if (m.unresolved === 'calls its own service') return [];
    // an app id that names no service is an unknown app, not a third-party host
    match = m.callees.length ? m : { callees: [], endpoints: [], unresolved: appId.includes(UNKNOWN) ? `app id ${show(appId)} could not be resolved` : `no service has Dapr app id ${appId}` };
    target = `dapr invoke ${show(appId)} ${call.method ?? 'GET'} /${show(channel).replace(/^\//, '')}`;
  } else if (call.mechanism === 'dapr') {
    const hits = endpoints.filter((e) => e.mechanism === 'dapr' && e.kind === 'message' && e.channel !== undefined && channelMatches(e.channel.replace(/\*/g, UNKNOWN), channel));
    if (hits.length && hits.every((h) => h.service === svc.name)) return [];
    match = byHits(hits, svc, `no service subscribes to ${show(channel)}`);
    const pubsub = program.resolve(call.exchange, f.file, svc.env).text;
    target = `dapr ${show(pubsub)}/${show(channel)}`;
  } else if (call.mechanism === 'trpc') {
    const r = program.resolve(call.url ?? client?.client.baseUrl, call.url ? f.file : (client?.file ?? f.file), svc.env);
    const url = parseUrl(r.text);
    // a procedure is served at `<mount>/<path>`: compare the last segment
    const hits = endpointsOfKind(endpoints, 'http').filter((e) => e.framework === 'trpc' && e.path !== undefined && channelMatches((e.path.split('/').pop() ?? '').replace(/:param/g, UNKNOWN), channel));
    // the `AppRouter` type the client is made with names the server's package when the URL does not
    const host = serverHost(url, r.envNames, svc, dir) ?? routerTypeOwner(program, call, f.file, client);
    if (host === svc.name) return [];
    if (host) match = { callees: [host], endpoints: hits.filter((h) => h.service === host).map((h) => h.id) };
    else {
      external = isThirdParty(url, dir);
      match = byHits(hits, svc, `no service has the tRPC procedure ${show(channel)}`, true);
    }
    target = `trpc ${call.method ?? 'query'} ${show(channel)}${url.host ? ` at ${show(url.host)}${url.port ? ':' + show(url.port) : ''}` : ''}`;
  }
  if (!match) return [];
  const style: Style = call.role === 'publish' ? 'event' : call.style;
  const interaction: Interaction = {
    ...callFields(svc.name, f.file, call),
    target,
    style,
    callees: match.callees,
    endpoints: match.endpoints,
    channel: show(channel),
  };
  if (!match.callees.length) interaction.unresolved = match.unresolved ?? `${target} could not be resolved`;
  return [{ interaction, external }];
}

/** The service a client's URL names: by host name, by port for a local address, or by the env variable it came from. */
function serverHost(url: ParsedUrl, envNames: readonly string[], svc: ServiceInfo, dir: ServiceDirectory): string | undefined {
  let host: string | undefined;
  if (url.host && !url.host.includes(UNKNOWN)) host = dir.isLocal(url.host) ? single(dir.byPortNumber(url.port).filter((s) => s !== svc.name)) : dir.byHostName(url.host);
  for (const n of envNames) host ??= dir.byEnvName(n);
  return host;
}

/** A host of the internet (a dotted name that is no service of the workspace). */
function isThirdParty(url: ParsedUrl, dir: ServiceDirectory): boolean {
  return !!url.host && !url.host.includes(UNKNOWN) && !dir.isLocal(url.host) && url.host.includes('.');
}

/** The service that declares the router type a tRPC client is made with (`createTRPCProxyClient<AppRouter>`). */
function routerTypeOwner(program: Program, call: CallFact, file: string, client: { file: string; client: ClientFact } | undefined): string | undefined {
  const from = call.exchange ? file : client?.file;
  const sym = call.exchange ?? client?.client.options?.router;
  if (!from || sym?.k !== 'lit') return undefined;
  const target = program.modules.resolve(from, sym.v);
  return target ? program.ownerOf(target) : undefined;
}

/** Every other service among the endpoint hits (one only when `single`), or why none. */
function byHits(hits: readonly Endpoint[], svc: ServiceInfo, none: string, single = false): TargetMatch {
  const others = hits.filter((h) => h.service !== svc.name);
  const services = [...new Set(others.map((h) => h.service))].sort();
  if (!services.length) return { callees: [], endpoints: [], unresolved: none };
  if (single && services.length > 1) return { callees: [], endpoints: [], unresolved: `handled by several services: ${services.join(', ')}` };
  return { callees: services, endpoints: others.map((h) => h.id) };
}

function single(list: string[]): string | undefined {
  return list.length === 1 ? list[0] : undefined;
}

/** Moleculer event names: `*` stands for one dot-separated segment, `**` for any number of them. */
export function moleculerEventMatches(pattern: string, event: string): boolean {
  if (pattern === event) return true;
  if (event.includes(UNKNOWN)) return channelMatches(pattern.replace(/\*/g, UNKNOWN), event);
  return channelMatches(pattern.replace(/\*\*/g, '#'), event, 'amqp');
}

function show(text: string): string {
  return text.replace(/\u0000/g, '{?}');
}
