/**
 * Linking: turns per-file facts into the cross-service model — endpoints with their full
 * paths, interactions with their callees, and synchronous chains over the graph.
 */
import { alg, Graph } from '@dagrejs/graphlib';
import type { CallFact, ClientFact, EndpointFact, FileFacts, MountFact, Sym } from '../facts';
import type { Chain, Endpoint, Interaction, Style } from '../model';
import type { ServiceInfo } from '../workspace/services';
import { type Binding, dependsOnParam, type Program, type Resolved, UNKNOWN } from './program';
import { clientNamesCaller, isMessagingCall, isMessagingEndpoint, linkMessagingCall, messagingEndpoints, queueTarget } from './messaging';
import { linkData } from './data';
import { isFrameworkCall, linkFrameworkCall } from './frameworks';
import { type Built, callFields } from './built';
import { infraEndpoints, infraInteractions } from './infra';
import { channelMatches, describe, joinPaths, matchHttp, parseUrl, ServiceDirectory, type TargetMatch } from './targets';
import { endpointsOfKind } from './endpoint-index';

/** What linking produces. */
export interface Linked {
  endpoints: Endpoint[];
  interactions: Interaction[];
  chains: Chain[];
  /** Calls to third-party hosts, kept out of the service graph. */
  external: Interaction[];
}

/** Per-service facts gathered from its files' start facts. */
interface ServiceRuntime {
  globalPrefix: string;
  transports: string[];
  ports: number[];
}

/** Links the program. */
export function link(program: Program): Linked {
  const runtime = new Map<string, ServiceRuntime>();
  for (const s of program.services) runtime.set(s.name, { globalPrefix: '', transports: [], ports: [...s.ports] });
  for (const f of program.facts.values()) {
    for (const svc of program.servicesOf(f.file)) {
      const rt = runtime.get(svc);
      const info = program.service(svc);
      if (!rt || !info) continue;
      for (const st of f.starts) {
        if (st.globalPrefix) rt.globalPrefix = program.resolve(st.globalPrefix, f.file, info.env).text.replace(/\u0000/g, '');
        if (st.transport && !rt.transports.includes(st.transport)) rt.transports.push(st.transport);
        if (st.port) {
          const p = Number.parseInt(program.resolve(st.port, f.file, info.env).text, 10);
          if (Number.isFinite(p) && !rt.ports.includes(p)) rt.ports.push(p);
        }
      }
    }
  }
  const endpoints = linkEndpoints(program, runtime);
  endpoints.push(...infraEndpoints(program, endpoints));
  const dir = new ServiceDirectory(program.services, (s) => runtime.get(s.name)?.ports ?? s.ports);
  const clients = indexClients(program);
  const interactions: Interaction[] = [];
  const external: Interaction[] = [];
  for (const f of sortedFacts(program)) {
    for (const call of f.calls) {
      if (call.mechanism === 'data') continue; // common data is linked across services below
      for (const svc of servicesRunning(program, f.file, call.function)) {
        const info = program.service(svc)!;
        const built = buildInteraction(program, f, call, info, dir, endpoints, clients);
        for (const b of Array.isArray(built) ? built : built ? [built] : []) {
          // a call awaited inside a function whose callers do not wait for it (`void notify()`), or returned to them
          if (b.interaction.style === 'sync-request-response') b.interaction.style = callersStyle(program, program.wrapperFunction(call.function), b.interaction.callSite);
          if (b.external) external.push(b.interaction);
          else interactions.push(b.interaction);
        }
      }
    }
  }
  interactions.push(...infraInteractions(program, endpoints));
  const data = linkData(program);
  endpoints.push(...data.endpoints);
  interactions.push(...data.interactions);
  const chains = computeChains(program, endpoints, interactions);
  return { endpoints, interactions, chains, external };
}

/**
 * The services a call in `file` is attributed to: the owner, or for shared code the services whose
 * code calls into it — by the call graph when it knows, else every service importing the file.
 */
function servicesRunning(program: Program, file: string, fnId: string): string[] {
  const importers = program.servicesOf(file);
  if (program.ownerOf(file) || importers.length <= 1 || fnId.endsWith('#<module>')) return importers;
  const calling = program.servicesCalling(fnId).filter((s) => importers.includes(s));
  if (calling.length) return calling;
  // a method nobody calls in code (a guard or handler the framework runs): the services importing its class
  const cls = program.functions.get(fnId)?.className;
  const using = cls ? program.servicesImportingClass(file, cls).filter((s) => importers.includes(s)) : [];
  return using.length ? using : importers;
}

function sortedFacts(program: Program): FileFacts[] {
  return [...program.facts.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

// ---------------------------------------------------------------- endpoints

function linkEndpoints(program: Program, runtime: Map<string, ServiceRuntime>): Endpoint[] {
  const mountsByChild = new Map<string, { parent: string; prefix: Sym; file: string }[]>();
  const routersInFile = new Map<string, Set<string>>();
  for (const f of program.facts.values()) {
    for (const e of f.endpoints) if (e.router) (routersInFile.get(f.file) ?? routersInFile.set(f.file, new Set()).get(f.file)!).add(e.router);
    // a tRPC router made only of nested routers is a router of its file too
    for (const m of f.mounts) if (m.framework === 'trpc' && m.parent.startsWith(`${f.file}#`)) (routersInFile.get(f.file) ?? routersInFile.set(f.file, new Set()).get(f.file)!).add(m.parent);
  }
  for (const f of program.facts.values()) {
    for (const m of f.mounts) {
      const child = childRouterId(program, f.file, m, routersInFile);
      if (!child) continue;
      const list = mountsByChild.get(child) ?? [];
      list.push({ parent: m.parent, prefix: m.prefix, file: f.file });
      mountsByChild.set(child, list);
    }
  }
  // every endpoint of a router asks for its prefixes: worked out once per router and service environment
  const prefixCache = new Map<Record<string, string>, Map<string, string[]>>();
  const prefixesOf = (routerId: string, env: Record<string, string>, depth = 0): string[] => {
    if (depth === 0) {
      const perEnv = prefixCache.get(env) ?? prefixCache.set(env, new Map()).get(env)!;
      const hit = perEnv.get(routerId);
      if (hit) return hit;
      const made = prefixesFrom(routerId, env, depth);
      perEnv.set(routerId, made);
      return made;
    }
    return prefixesFrom(routerId, env, depth);
  };
  const prefixesFrom = (routerId: string, env: Record<string, string>, depth: number): string[] => {
    const mounts = mountsByChild.get(routerId);
    if (!mounts || depth > 8) return [''];
    const out: string[] = [];
    for (const m of mounts) {
      const own = program.resolve(m.prefix, m.file, env).text.replace(/\u0000/g, ':param');
      for (const up of prefixesOf(m.parent, env, depth + 1)) out.push(joinPaths(up, own));
    }
    return out.slice(0, 4);
  };
  const out: Endpoint[] = [];
  for (const f of sortedFacts(program)) {
    for (const e of f.endpoints) {
      if (isMessagingEndpoint(e)) {
        out.push(...messagingEndpoints(program, f, e));
        continue;
      }
      for (const svc of program.servicesOf(f.file)) {
        const info = program.service(svc)!;
        const rt = runtime.get(svc)!;
        const handler = program.resolveHandler(e.handler, f.file);
        for (const ep of endpointVariants(program, f, e, info, rt, prefixesOf)) {
          out.push({ ...ep, handler });
        }
      }
    }
  }
  return out;
}

function childRouterId(program: Program, file: string, m: MountFact, routersInFile: Map<string, Set<string>>): string | undefined {
  if (m.child.k === 'local') {
    const id = m.child.id.replace(/\(\)$/, '');
    if (m.child.id.endsWith('()')) {
      // a local router factory: the router it builds lives in this file
      const routers = [...(routersInFile.get(file) ?? [])].filter((r) => r !== m.parent);
      return routers.length === 1 ? routers[0] : id;
    }
    return id;
  }
  const factory = m.child.name.endsWith('()');
  const name = m.child.name.replace(/\(\)$/, '');
  const target = program.modules.resolve(file, m.child.module);
  if (!target) return undefined;
  const hit = program.resolveExport(target, name);
  const targetFile = hit?.file ?? target;
  const direct = hit ? `${hit.file}#${hit.local}` : undefined;
  const routers = [...(routersInFile.get(targetFile) ?? [])];
  if (direct && routers.includes(direct) && !factory) return direct;
  // default export of an expression, or a factory function: the single router of that file
  if (routers.length === 1) return routers[0];
  return direct;
}

function endpointVariants(
  program: Program,
  f: FileFacts,
  e: EndpointFact,
  info: ServiceInfo,
  rt: ServiceRuntime,
  prefixesOf: (routerId: string, env: Record<string, string>) => string[],
): Omit<Endpoint, 'handler'>[] {
  const base = { service: info.name, file: f.file, line: e.line, column: e.column, framework: e.framework };
  const env = info.env;
  const text = (s: Sym | undefined): string => program.resolve(s, f.file, env).text;
  if (e.kind === 'http') {
    const own = joinPaths(text(e.prefix ?? { k: 'lit', v: '' }), text(e.path ?? { k: 'lit', v: '' })).replace(/\u0000/g, ':param');
    const prefixes = e.framework === 'nestjs' ? [rt.globalPrefix] : e.router ? prefixesOf(e.router, env) : [''];
    return prefixes.map((p) => {
      // tRPC procedures: nested routers are mounted under `name.`, and `/trpc/user./get` is `/trpc/user.get`
      const path = e.framework === 'trpc' ? joinPaths(p, own).replace(/\.\//g, '.') : joinPaths(p, own);
      return { ...base, id: `${info.name}:http:${e.method ?? 'ANY'} ${path}:${f.file}:${e.line}`, kind: 'http' as const, method: e.method ?? 'ANY', path };
    });
  }
  let channelText: string | undefined;
  if (e.channel) channelText = text(e.channel);
  else if (e.channelField && e.className) {
    const cls = f.classes.find((c) => c.name === e.className);
    const values = cls ? program.classValues(f.file, cls) : {};
    channelText = program.resolve(values[e.channelField], f.file, env).text;
  }
  const channel = channelText ?? UNKNOWN;
  const mechanism = e.mechanism ?? (e.framework === 'nestjs' ? nestMechanism(rt) : e.framework);
  return [{ ...base, id: `${info.name}:${e.kind}:${channel.replace(/\u0000/g, '*')}:${f.file}:${e.line}`, kind: e.kind === 'graphql' ? 'graphql' : e.kind, channel: channel.replace(/\u0000/g, '*'), mechanism, ...(e.method ? { method: e.method } : {}) }];
}

function nestMechanism(rt: ServiceRuntime): string {
  const t = rt.transports.find((x) => x !== 'GRPC') ?? 'TCP';
  return 'nestjs-' + t.toLowerCase();
}

// ---------------------------------------------------------------- interactions

interface ClientIndex {
  byToken: Map<string, { file: string; client: ClientFact }[]>;
  byId: Map<string, { file: string; client: ClientFact }>;
}

function indexClients(program: Program): ClientIndex {
  const byToken = new Map<string, { file: string; client: ClientFact }[]>();
  const byId = new Map<string, { file: string; client: ClientFact }>();
  for (const f of program.facts.values()) {
    for (const c of f.clients) {
      if (c.id) byId.set(c.id, { file: f.file, client: c });
      if (c.token) {
        const key = program.resolve(c.token, f.file, {}).text;
        const list = byToken.get(key) ?? [];
        list.push({ file: f.file, client: c });
        byToken.set(key, list);
      }
    }
  }
  return { byToken, byId };
}

function findClient(program: Program, f: FileFacts, call: CallFact, svc: ServiceInfo, clients: ClientIndex): { file: string; client: ClientFact } | undefined {
  const ref = call.client;
  if (!ref) return undefined;
  if (ref.k === 'instance') {
    if (ref.id.startsWith('@import:')) {
      const rest = ref.id.slice('@import:'.length);
      const i = rest.lastIndexOf(':');
      const target = program.modules.resolve(f.file, rest.slice(0, i));
      if (!target) return undefined;
      const hit = program.resolveExport(target, rest.slice(i + 1));
      return hit ? clients.byId.get(`${hit.file}#${hit.local}`) : undefined;
    }
    return clients.byId.get(ref.id);
  }
  if (ref.k === 'token') {
    const key = program.resolve(ref.token, f.file, {}).text;
    const list = clients.byToken.get(key);
    if (!list) return undefined;
    // prefer a registration in the same service
    return list.find((c) => program.servicesOf(c.file).includes(svc.name)) ?? list[0];
  }
  return undefined;
}

function buildInteraction(
  program: Program,
  f: FileFacts,
  call: CallFact,
  svc: ServiceInfo,
  dir: ServiceDirectory,
  endpoints: readonly Endpoint[],
  clients: ClientIndex,
): Built | Built[] | undefined {
  const env = svc.env;
  const base = callFields(svc.name, f.file, call);
  const client = findClient(program, f, call, svc, clients);
  if (call.client?.k === 'instance' && call.client.id.startsWith('@import:') && !client) return undefined; // not an HTTP client after all
  if (isMessagingCall(call)) return linkMessagingCall(program, f, call, svc, dir, endpoints, client);
  if (isFrameworkCall(call)) return linkFrameworkCall(program, f, call, svc, dir, endpoints, client);
  if (call.mechanism === 'http') {
    let urlSym = call.url;
    if (client?.client.baseUrl && urlSym) urlSym = { k: 'cat', parts: [client.client.baseUrl, { k: 'lit', v: '\u0001' }, urlSym] };
    const one = (binding?: Binding): { interaction: Interaction; external: boolean } | undefined => {
      const resolved = program.resolve(urlSym, f.file, env, binding ? { binding } : {});
      const url = parseUrl(resolved.text);
      const match = matchHttp(url, call.method, resolved.envNames, svc.name, dir, endpoints);
      if (match.unresolved === 'calls its own service') return undefined;
      const traits = { ...call.traits };
      if (client?.client.timeout) traits.hasTimeout = true;
      if (url.host && !url.host.includes(UNKNOWN) && url.port && !resolved.envNames.length && (dir.isLocal(url.host) || /^\d/.test(url.host) || !url.host.includes('.'))) traits.hardCodedHost = `${url.host}:${url.port}`;
      const interaction: Interaction = { ...base, traits, target: `${call.method ?? 'GET'} ${describe(url)}`, style: call.style, callees: match.callees, endpoints: match.endpoints };
      if (match.unresolved && !match.callees.length) interaction.unresolved = match.unresolved;
      return { interaction, external: !!match.external };
    };
    return dependsOnParam(urlSym) ? expandWrapper(program, call, svc, one) : one();
  }
  if (call.mechanism === 'graphql') {
    const resolved = program.resolve(call.url, f.file, env);
    const url = parseUrl(resolved.text);
    const fields = (program.resolve(call.channel, f.file, env).text || '').split(',').filter(Boolean);
    const byHost = matchHttp(url, undefined, resolved.envNames, svc.name, dir, endpoints);
    const ops = endpointsOfKind(endpoints, 'graphql').filter((e) => e.kind === 'graphql' && e.service !== svc.name && fields.includes(e.channel ?? ''));
    let callees = byHost.callees;
    if (!callees.length && !byHost.external) callees = [...new Set(ops.map((o) => o.service))].length === 1 ? [ops[0]!.service] : [];
    const hits = ops.filter((o) => callees.includes(o.service));
    const interaction: Interaction = { ...base, target: `graphql ${fields.join(', ') || '{?}'} at ${describe(url)}`, style: call.style, callees, endpoints: hits.map((h) => h.id) };
    if (!callees.length) interaction.unresolved = byHost.unresolved ?? 'no service serves these operations';
    return { interaction, external: !!byHost.external };
  }
  if (call.mechanism === 'grpc') {
    let channel = program.resolve(call.channel, f.file, env).text;
    // a client made by a factory in another module: the service is the one that factory builds
    const service = client?.client.transport === 'grpc' ? client.client.options?.service : undefined;
    if (service && channel.startsWith(UNKNOWN + '.')) channel = program.resolve(service, client!.file, env).text + channel.slice(1);
    const hits = endpointsOfKind(endpoints, 'grpc').filter((e) => e.kind === 'grpc' && e.channel && e.service !== svc.name && e.channel.toLowerCase() === channel.toLowerCase());
    // a variable typed as `SomethingClient` is a gRPC client only when such a service exists
    if (call.method === 'typed-client' && !hits.length) return undefined;
    let match = withHost(program, client, svc, dir, hits);
    if (!client && call.url) {
      // grpc-js / ts-proto clients: the address given to the client constructor names the server
      const r = program.resolve(call.url, f.file, env);
      const url = parseUrl(r.text.includes('//') ? r.text : `//${r.text}`);
      let host = url.host && !url.host.includes(UNKNOWN) ? (dir.isLocal(url.host) ? dir.byPortNumber(url.port).find((s) => s !== svc.name) : dir.byHostName(url.host)) : undefined;
      for (const n of r.envNames) host ??= dir.byEnvName(n);
      if (host && host !== svc.name) match = { callees: [host], endpoints: hits.filter((h) => h.service === host).map((h) => h.id) };
    }
    return { interaction: finish(base, call, `grpc ${show(channel)}`, match), external: false };
  }
  if (call.mechanism.startsWith('nestjs-')) {
    const transport = client?.client.transport?.toLowerCase();
    const mechanism = transport && transport !== 'custom' ? `nestjs-${transport}` : call.mechanism;
    const wantEvent = call.role === 'publish';
    const one = (binding?: Binding): Built | undefined => {
      // a client of the caller's own address (a shared guard calling the auth service from inside auth)
      if (clientNamesCaller(program, client, svc, dir)) return undefined;
      const channel = program.resolve(call.channel, f.file, env, binding ? { binding } : {}).text;
      const hits = endpointsOfKind(endpoints, 'message').filter((e) => e.kind === 'message' && e.framework === 'nestjs' && e.channel !== undefined && e.service !== svc.name && channelMatches(e.channel.replace(/\*/g, UNKNOWN), channel) && (wantEvent ? true : e.method !== 'event' || true));
      // a RabbitMQ client names its server's queue; other transports by host or by who handles the pattern
      const match = queueTarget(program, client, svc, hits) ?? withHost(program, client, svc, dir, hits, !wantEvent);
      return { interaction: { ...finish(base, call, `${mechanism.replace('nestjs-', '')} ${show(channel)}`, match), mechanism, channel: show(channel) }, external: false };
    };
    // `sendEvent(pattern, event)` wrappers: one interaction per call site that supplies the pattern
    return dependsOnParam(call.channel) ? expandWrapper(program, call, svc, one) : one();
  }
  return undefined;
}


const FLOW_STYLE = { async: 'async-request-response', dropped: 'fire-and-forget' } as const;

/**
 * The style of a call whose promise is returned to the caller: decided by how the callers use
 * the function — all drop it → fire-and-forget, all handle it later → async, otherwise sync.
 */
function callersStyle(program: Program, fn: string, site?: { file: string; line: number }): Style {
  const callers = program.callersOf(fn).filter((c) => !site || (c.from.id.startsWith(site.file + '#') && c.site.line === site.line));
  if (!callers.length) return 'sync-request-response';
  const flows = new Set(callers.map((c) => c.site.flow ?? 'sync'));
  if (flows.size === 1) {
    const only = [...flows][0]!;
    if (only !== 'sync') return FLOW_STYLE[only];
  }
  return 'sync-request-response';
}

/**
 * A call whose target is a parameter of its function (a thin wrapper such as `getJson(url)`):
 * one interaction per business-level call site in this service, at the wrapper's line, with
 * the target bound from that call site's arguments.
 */
function expandWrapper(program: Program, call: CallFact, svc: ServiceInfo, one: (binding?: Binding) => Built | undefined): Built[] {
  const out: Built[] = [];
  for (const { from, site } of program.callersOf(program.wrapperFunction(call.function))) {
    const callerFile = from.id.slice(0, from.id.indexOf('#'));
    if (!program.servicesOf(callerFile).includes(svc.name) || !site.args) continue;
    const built = one({ args: site.args, file: callerFile, env: svc.env });
    if (!built) continue;
    built.interaction.id = `${built.interaction.id}<${callerFile}:${site.line ?? 0}`;
    built.interaction.callSite = { file: callerFile, line: site.line ?? 0, column: site.column ?? 0 };
    out.push(built);
  }
  if (out.length || !program.wrapperUsedIn(program.wrapperFunction(call.function), svc.name)) return out;
  const fallback = one();
  return fallback ? [fallback] : [];
}


/** Narrows endpoint hits by the client's configured host (TCP/gRPC address), when it names a service. */
function withHost(program: Program, client: { file: string; client: ClientFact } | undefined, svc: ServiceInfo, dir: ServiceDirectory, hits: Endpoint[], single = true): TargetMatch {
  let hostService: string | undefined;
  let envHint: string | undefined;
  if (client?.client.host) {
    const r: Resolved = program.resolve(client.client.host, client.file, svc.env);
    const url = parseUrl(r.text.includes('//') ? r.text : `//${r.text}`);
    if (url.host && !url.host.includes(UNKNOWN)) hostService = dir.isLocal(url.host) ? undefined : dir.byHostName(url.host);
    if (!hostService) for (const n of r.envNames) hostService ??= dir.byEnvName(n);
    envHint = r.envNames[0];
  }
  if (!hostService && client?.client.port && hits.length !== 1) {
    const p = program.resolve(client.client.port, client.file, svc.env).text;
    const byPort = dir.byPortNumber(p).filter((s) => s !== svc.name);
    if (byPort.length === 1) hostService = byPort[0];
  }
  if (hostService === svc.name) hostService = undefined;
  if (hostService) {
    const narrowed = hits.filter((h) => h.service === hostService);
    return { callees: [hostService], endpoints: (narrowed.length ? narrowed : []).map((h) => h.id) };
  }
  const services = [...new Set(hits.map((h) => h.service))];
  if (single && services.length > 1) return { callees: [], endpoints: [], unresolved: `handled by several services: ${services.join(', ')}` };
  if (!services.length) return { callees: [], endpoints: [], unresolved: `no service handles it${envHint ? ` (client address from ${envHint})` : ''}` };
  return { callees: services, endpoints: hits.map((h) => h.id) };
}

function show(text: string): string {
  return text.replace(/\u0000/g, '{?}');
}

function finish(base: Omit<Interaction, 'target' | 'style' | 'callees' | 'endpoints'>, call: CallFact, target: string, match: TargetMatch): Interaction {
  const style: Style = call.role === 'publish' ? 'event' : call.style;
  const out: Interaction = { ...base, target, style, callees: match.callees, endpoints: match.endpoints };
  if (match.unresolved && !match.callees.length) out.unresolved = match.unresolved;
  return out;
}

// ---------------------------------------------------------------- chains

/** Maximal synchronous chains from entry points, and cycles, over the endpoint graph. */
export function computeChains(program: Program, endpoints: readonly Endpoint[], interactions: readonly Interaction[]): Chain[] {
  const sync = interactions.filter((i) => i.style === 'sync-request-response' && i.callees.length > 0);
  const byService = new Map<string, Interaction[]>();
  /** Per service, the positions in `byService` of each function's sync calls. */
  const byFunction = new Map<string, Map<string, number[]>>();
  for (const i of sync) {
    const list = byService.get(i.service) ?? byService.set(i.service, []).get(i.service)!;
    if (i.function) {
      const fns = byFunction.get(i.service) ?? byFunction.set(i.service, new Map()).get(i.service)!;
      (fns.get(i.function) ?? fns.set(i.function, []).get(i.function)!).push(list.length);
    }
    list.push(i);
  }
  const reachCache = new Map<string, Set<string>>();
  const reach = (fn: string): Set<string> => {
    let r = reachCache.get(fn);
    if (!r) {
      r = program.reachable(fn);
      reachCache.set(fn, r);
    }
    return r;
  };
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  /** Sync calls made while handling an endpoint. */
  const callsOf = (ep: Endpoint): Interaction[] => {
    if (!ep.handler) return [];
    const fns = reach(ep.handler);
    const list = byService.get(ep.service) ?? [];
    const index = byFunction.get(ep.service);
    if (!index || fns.size >= list.length) return list.filter((i) => i.function && fns.has(i.function));
    // look the handler's functions up rather than test every sync call of the service
    const at: number[] = [];
    for (const fn of fns) for (const n of index.get(fn) ?? []) at.push(n);
    return at.sort((a, b) => a - b).map((n) => list[n]!);
  };
  // the graph of services through sync calls (graphlib): finds the cycles no entry point leads into
  const g = new Graph({ directed: true, multigraph: false });
  for (const i of sync) for (const c of i.callees) g.setEdge(i.service, c);
  const called = new Set<string>();
  for (const i of sync) for (const e of i.endpoints) called.add(e);
  // entry points: endpoints nobody calls synchronously, plus sync calls made outside any endpoint
  const entries: { service: string; calls: Interaction[]; entry?: string }[] = [];
  const inEndpoint = new Set<string>();
  for (const ep of endpoints) {
    const calls = callsOf(ep);
    calls.forEach((c) => inEndpoint.add(c.id));
    if (!called.has(ep.id) && calls.length) entries.push({ service: ep.service, calls, entry: ep.id });
  }
  for (const i of sync) if (!inEndpoint.has(i.id)) entries.push({ service: i.service, calls: [i] });

  const chains = new Map<string, Chain>();
  const LIMIT = 5000;
  const walk = (services: string[], ids: string[], calls: Interaction[], entry: string | undefined): void => {
    const at = entry ? { entry } : {};
    if (chains.size >= LIMIT) return;
    let extended = false;
    for (const call of calls) {
      for (const callee of call.callees) {
        if (services.includes(callee)) {
          const key = [...services, callee].join('>') + '|' + [...ids, call.id].join(',');
          chains.set(key, { services: [...services, callee], interactions: [...ids, call.id], cycle: true, ...at });
          extended = true;
          continue;
        }
        extended = true;
        const targets = call.endpoints.map((e) => endpointById.get(e)).filter((e): e is Endpoint => !!e && e.service === callee);
        const next = targets.flatMap((t) => callsOf(t));
        const uniqueNext = [...new Map(next.map((n) => [n.id, n])).values()];
        if (uniqueNext.length) walk([...services, callee], [...ids, call.id], uniqueNext, entry);
        else {
          const key = [...services, callee].join('>') + '|' + [...ids, call.id].join(',');
          chains.set(key, { services: [...services, callee], interactions: [...ids, call.id], ...at });
        }
      }
    }
    if (!extended && services.length > 1) chains.set(services.join('>') + '|' + ids.join(','), { services, interactions: ids, ...at });
  };
  for (const e of entries) walk([e.service], [], e.calls, e.entry);
  // cycles with no way in (every endpoint on them is itself called synchronously) have no entry
  // point above: start from their endpoints too, so they are still reported
  const covered = new Set([...chains.values()].filter((c) => c.cycle).flatMap((c) => c.services));
  for (const cycle of alg.findCycles(g)) {
    if (cycle.every((s) => covered.has(s))) continue;
    for (const ep of endpoints) {
      if (!cycle.includes(ep.service)) continue;
      const calls = callsOf(ep);
      if (calls.length) walk([ep.service], [], calls, ep.id);
    }
  }
  // keep only maximal chains: drop those that are a prefix of another
  const list = [...chains.values()];
  // (in sorted order, the first key not below `k,` is the one that extends k, if any does: was a scan of every key per chain)
  const keys = [...new Set(list.map((c) => c.interactions.join(',')))].sort();
  const extended = (k: string): boolean => {
    const p = k + ',';
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && keys[lo]!.startsWith(p);
  };
  const maximal = list.filter((c) => !extended(c.interactions.join(',')));
  maximal.sort((a, b) => b.services.length - a.services.length || a.services.join('>').localeCompare(b.services.join('>')));
  return maximal;
}
