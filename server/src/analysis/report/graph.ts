/**
 * The graph every picture of the system is drawn from (the call-graph panel, Mermaid, DOT):
 * services, endpoints, channels (topics, queues) and data stores as nodes; links by style
 * (requests service → service, events service → channel → service, common data service → store);
 * chains with their entry point; findings placed on services and links. Plain data in and out.
 */
import type {
  FindingCounts,
  GraphChannel,
  GraphEdge,
  GraphEndpoint,
  GraphFinding,
  GraphInteraction,
  GraphLink,
  GraphResult,
  GraphService,
  GraphStore,
  SourceLocation,
  StyleName,
} from '../../../../protocol/src';
import type { AnalysisResult, Endpoint, Interaction } from '../model';

/** Node id of a service. */
export const serviceNode = (name: string): string => `service:${name}`;
/** Node id of a channel. */
export const channelNode = (mechanism: string, name: string): string => `channel:${mechanism}:${name}`;
/** Node id of a data store. */
export const storeNode = (name: string): string => `store:${name}`;

/** A readable name for an endpoint: `POST /api/orders`, `kafka order.created`. */
export function endpointLabel(ep: Endpoint): string {
  if (ep.kind === 'http') return `${ep.method ?? 'ANY'} ${ep.path ?? '/'}`;
  return `${ep.mechanism ?? ep.kind} ${ep.channel ?? ep.path ?? '?'}`;
}

const loc = (x: { file: string; line: number; column?: number }): SourceLocation => ({ file: x.file, line: x.line, column: x.column ?? 1 });
const byLocation = (a: { file: string; line: number }, b: { file: string; line: number }): number => a.file.localeCompare(b.file) || a.line - b.line;

/** The services whose code holds a file: the service whose root contains it (the longest root wins). */
function ownerByRoot(model: AnalysisResult, file: string): string | undefined {
  let best: { name: string; len: number } | undefined;
  for (const s of model.services) {
    if (s.root === '' || file === s.root || file.startsWith(s.root + '/')) {
      if (!best || s.root.length > best.len) best = { name: s.name, len: s.root.length };
    }
  }
  return best?.name;
}

/** The temporal-coupling set of each endpoint, from the chains (which record the endpoint they start from). */
export function needsUpByEndpoint(model: AnalysisResult): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
  const interactionById = new Map(model.interactions.map((i) => [i.id, i]));
  const add = (endpoint: string, services: readonly string[]): void => {
    const ep = endpointById.get(endpoint);
    if (!ep) return;
    const set = out.get(endpoint) ?? out.set(endpoint, new Set()).get(endpoint)!;
    for (const s of services) if (s !== ep.service) set.add(s);
  };
  for (const c of model.chains) {
    if (c.entry) add(c.entry, c.services.slice(1));
    // each hop reaches an endpoint of the next service; what follows in the chain is what that endpoint needs
    c.interactions.forEach((id, k) => {
      const i = interactionById.get(id);
      if (!i) return;
      for (const e of i.endpoints) if (endpointById.get(e)?.service === c.services[k + 1]) add(e, c.services.slice(k + 2));
    });
  }
  return out;
}

/** Builds the graph of one analysed folder. */
export function graphOf(folder: string, model: AnalysisResult): GraphResult {
  const endpointById = new Map(model.endpoints.map((e) => [e.id, e]));
  const knownServices = new Set(model.services.map((s) => s.name));

  // findings: placed on the interactions at their location and on the services that hold them
  const interactionsAt = new Map<string, Interaction[]>();
  for (const i of model.interactions) {
    const key = `${i.file}:${i.line}`;
    (interactionsAt.get(key) ?? interactionsAt.set(key, []).get(key)!).push(i);
  }
  const findings: GraphFinding[] = model.findings.map((f) => {
    const here = interactionsAt.get(`${f.file}:${f.line}`) ?? [];
    const services = here.length ? [...new Set(here.map((i) => i.service))] : [ownerByRoot(model, f.file)].filter((s): s is string => !!s);
    return { rule: f.rule, severity: f.severity, message: f.message, location: loc(f), services: services.sort(), interactions: here.map((i) => i.id) };
  });
  const findingsOfInteraction = new Map<string, number>();
  const countsOfService = new Map<string, FindingCounts>();
  for (const f of findings) {
    for (const id of f.interactions) findingsOfInteraction.set(id, (findingsOfInteraction.get(id) ?? 0) + 1);
    for (const s of f.services) {
      const c = countsOfService.get(s) ?? countsOfService.set(s, { error: 0, warning: 0, info: 0, hint: 0 }).get(s)!;
      c[f.severity]++;
    }
  }

  const needsUp = needsUpByEndpoint(model);
  const endpoints: GraphEndpoint[] = model.endpoints.map((ep) => ({
    id: ep.id,
    service: ep.service,
    kind: ep.kind,
    label: endpointLabel(ep),
    location: loc(ep),
    needsUp: [...(needsUp.get(ep.id) ?? [])].sort(),
  }));

  const services: GraphService[] = model.services.map((s) => {
    const own = model.endpoints.filter((e) => e.service === s.name).sort(byLocation);
    // a service opens at its first route or handler (a shared data store is not where it starts)
    const first = own.find((e) => e.kind !== 'data') ?? own[0] ?? model.interactions.filter((i) => i.service === s.name).sort(byLocation)[0];
    const out: GraphService = {
      id: serviceNode(s.name),
      name: s.name,
      root: s.root,
      endpoints: own.map((e) => e.id),
      findings: countsOfService.get(s.name) ?? { error: 0, warning: 0, info: 0, hint: 0 },
    };
    if (s.notAnalysed) out.notAnalysed = true;
    if (first) out.location = loc(first);
    return out;
  });

  const channels = new Map<string, GraphChannel>();
  const channelOf = (mechanism: string, name: string, at: SourceLocation): GraphChannel => {
    const id = channelNode(mechanism, name);
    let c = channels.get(id);
    if (!c) channels.set(id, (c = { id, name, mechanism, publishers: [], subscribers: [], location: at }));
    return c;
  };
  const stores = new Map<string, GraphStore>();
  const links = new Map<string, GraphLink>();
  const link = (source: string, target: string, style: StyleName, interaction: string | undefined, targetEndpoint?: string): void => {
    const key = `${source}\u0000${target}\u0000${targetEndpoint ?? ''}\u0000${style}`;
    let l = links.get(key);
    if (!l) {
      l = { id: `link:${links.size}`, source, target, style, interactions: [], findings: 0 };
      if (targetEndpoint) l.targetEndpoint = targetEndpoint;
      links.set(key, l);
    }
    if (interaction && !l.interactions.includes(interaction)) {
      l.interactions.push(interaction);
      l.findings += findingsOfInteraction.get(interaction) ?? 0;
    }
  };
  const pushUnique = (list: string[], s: string): void => {
    if (!list.includes(s)) list.push(s);
  };

  const reachedEndpoints = new Set<string>();
  for (const i of model.interactions) {
    const from = serviceNode(i.service);
    if (i.style === 'event') {
      const c = channelOf(i.mechanism, i.channel ?? i.target, loc(i));
      pushUnique(c.publishers, i.service);
      link(from, c.id, 'event', i.id);
      const reached = i.endpoints.map((e) => endpointById.get(e)).filter((e): e is Endpoint => !!e);
      for (const ep of reached) {
        reachedEndpoints.add(ep.id);
        pushUnique(c.subscribers, ep.service);
        link(c.id, serviceNode(ep.service), 'event', i.id, ep.id);
      }
      for (const s of i.callees) {
        if (reached.some((e) => e.service === s) || !knownServices.has(s)) continue;
        pushUnique(c.subscribers, s);
        link(c.id, serviceNode(s), 'event', i.id);
      }
    } else if (i.style === 'common-data') {
      const name = i.store ?? i.target;
      const id = storeNode(name);
      let st = stores.get(id);
      if (!st) stores.set(id, (st = { id, name, services: [], writers: [], location: loc(i) }));
      pushUnique(st.services, i.service);
      if (i.access === 'write') pushUnique(st.writers, i.service);
      link(from, id, 'common-data', i.id);
    } else {
      for (const callee of i.callees) {
        if (callee === i.service || !knownServices.has(callee)) continue;
        const reached = i.endpoints.map((e) => endpointById.get(e)).filter((e): e is Endpoint => !!e && e.service === callee);
        if (!reached.length) link(from, serviceNode(callee), i.style, i.id);
        for (const ep of reached) {
          reachedEndpoints.add(ep.id);
          link(from, serviceNode(callee), i.style, i.id, ep.id);
        }
      }
    }
  }
  // consumers nobody publishes to still show their channel, so orphans are visible
  for (const ep of model.endpoints) {
    if (ep.kind !== 'message' || ep.method === 'request' || reachedEndpoints.has(ep.id) || !ep.channel) continue;
    const c = channelOf(ep.mechanism ?? 'message', ep.channel, loc(ep));
    pushUnique(c.subscribers, ep.service);
    link(c.id, serviceNode(ep.service), 'event', undefined, ep.id);
  }

  const interactions: GraphInteraction[] = model.interactions.map((i) => {
    const out: GraphInteraction = {
      id: i.id,
      service: i.service,
      style: i.style,
      mechanism: i.mechanism,
      library: i.library,
      target: i.target,
      location: loc(i.callSite ?? i),
      callees: i.callees,
      endpoints: i.endpoints,
      findings: findingsOfInteraction.get(i.id) ?? 0,
    };
    if (i.channel) out.channel = i.channel;
    if (i.store) out.store = i.store;
    if (i.access) out.access = i.access;
    if (i.unresolved) out.unresolved = i.unresolved;
    return out;
  });

  return {
    folder,
    services,
    endpoints,
    channels: [...channels.values()],
    stores: [...stores.values()],
    interactions,
    edges: serviceEdges(model),
    links: [...links.values()],
    chains: model.chains.map((c) => ({ services: c.services, interactions: c.interactions, ...(c.cycle ? { cycle: true } : {}), ...(c.entry ? { entry: c.entry } : {}) })),
    findings,
  };
}

/** Aggregates interactions into service-to-service edges by style. */
export function serviceEdges(model: AnalysisResult): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const i of model.interactions) {
    for (const c of i.callees) {
      if (c === i.service) continue;
      const key = `${i.service}\u0000${c}\u0000${i.style}`;
      const e = edges.get(key) ?? { from: i.service, to: c, style: i.style, interactions: [] };
      e.interactions.push(i.id);
      edges.set(key, e);
    }
  }
  return [...edges.values()];
}
