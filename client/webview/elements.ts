/**
 * From the server's graph and the view state to what Cytoscape draws: nodes (services, expanded
 * services' endpoints, channels, stores, collapsed clusters) and edges merged per drawn pair and
 * style. Pure: no DOM, no Cytoscape; the server already computed the graph, this only chooses
 * what is visible at which granularity.
 */
import { type GraphResult, type GraphViewState, STYLE_NAMES, type StyleName } from '../../protocol/src';
import { visibleText } from '../../protocol/src/display';

/** The longest label drawn on a node; longer names end in an ellipsis (the tooltip and lists show more). */
export const LABEL_MAX = 60;

/** A name from analysed code as a node label: visible characters only, at most LABEL_MAX long. */
function shown(name: string): string {
  return visibleText(name, LABEL_MAX);
}

/** Above this many services the panel groups them into clusters unless the user switches it off. */
export const CLUSTER_THRESHOLD = 120;

/** A node as Cytoscape data. */
export interface NodeData {
  id: string;
  kind: 'service' | 'endpoint' | 'channel' | 'store' | 'cluster';
  label: string;
  parent?: string;
  /** Total findings (badge) and the worst severity. */
  findings: number;
  severity?: 'error' | 'warning' | 'info' | 'hint';
  /** For services: its name; for endpoints: their service; for clusters: member count. */
  service?: string;
  members?: number;
  notAnalysed?: boolean;
}

/** An edge as Cytoscape data. */
export interface EdgeData {
  id: string;
  source: string;
  target: string;
  /** The style drawn; for an edge to or from a collapsed cluster, the most coupling of `styles`. */
  style: StyleName;
  /** Every style merged into this edge (one, unless an end is a collapsed cluster). */
  styles: StyleName[];
  interactions: string[];
  findings: number;
}

/** The elements to draw. */
export interface Elements {
  nodes: NodeData[];
  edges: EdgeData[];
  /** The cluster of each service, when clustering is on. */
  clusterOf: Map<string, string>;
}

/** The cluster name of a service: the folder its root sits in, or the first word of its name. */
export function clusterName(service: { name: string; root: string }, byFolder: boolean): string {
  if (byFolder) {
    const parent = service.root.split('/').slice(0, -1).join('/');
    if (parent) return parent;
  }
  return service.name.split(/[-_.:/ ]/)[0] || service.name;
}

/** Whether clustering is on for this graph and state (automatic on large graphs). */
export function clustering(graph: GraphResult, state: GraphViewState): boolean {
  return state.cluster ?? graph.services.length > CLUSTER_THRESHOLD;
}

/** Assigns each service a cluster: by folder when folders divide them, otherwise by name prefix. */
export function clustersOf(graph: GraphResult): Map<string, string> {
  const folders = new Set(graph.services.map((s) => clusterName(s, true)));
  const byFolder = folders.size > 1 && folders.size < graph.services.length;
  return new Map(graph.services.map((s) => [s.name, `cluster:${clusterName(s, byFolder)}`]));
}

const WORST: ('error' | 'warning' | 'info' | 'hint')[] = ['error', 'warning', 'info', 'hint'];

/** Builds the nodes and edges to draw. */
export function buildElements(graph: GraphResult, state: GraphViewState): Elements {
  const expanded = new Set(state.expanded);
  const clusterOf = clustering(graph, state) ? clustersOf(graph) : new Map<string, string>();
  // a cluster of one service is just the service
  const sizes = new Map<string, number>();
  for (const c of clusterOf.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  for (const [s, c] of [...clusterOf]) if ((sizes.get(c) ?? 0) < 2) clusterOf.delete(s);

  const nodes: NodeData[] = [];
  const shownAs = new Map<string, string>(); // service node id → drawn node id
  const clusterNodes = new Map<string, NodeData>();
  for (const s of graph.services) {
    const cluster = clusterOf.get(s.name);
    const total = s.findings.error + s.findings.warning + s.findings.info + s.findings.hint;
    const severity = WORST.find((k) => s.findings[k] > 0);
    if (cluster && !expanded.has(cluster)) {
      let c = clusterNodes.get(cluster);
      if (!c) clusterNodes.set(cluster, (c = { id: cluster, kind: 'cluster', label: shown(cluster.slice('cluster:'.length)), findings: 0, members: 0 }));
      c.members = (c.members ?? 0) + 1;
      c.findings += total;
      if (severity && (!c.severity || WORST.indexOf(severity) < WORST.indexOf(c.severity))) c.severity = severity;
      shownAs.set(s.id, cluster);
      continue;
    }
    const n: NodeData = { id: s.id, kind: 'service', label: shown(s.name), service: s.name, findings: total };
    if (severity) n.severity = severity;
    if (s.notAnalysed) n.notAnalysed = true;
    if (cluster) {
      n.parent = cluster;
      if (!clusterNodes.has(cluster)) clusterNodes.set(cluster, { id: cluster, kind: 'cluster', label: shown(cluster.slice('cluster:'.length)), findings: 0, members: sizes.get(cluster) ?? 0 });
    }
    nodes.push(n);
    shownAs.set(s.id, s.id);
  }
  for (const c of clusterNodes.values()) {
    c.label = expanded.has(c.id) ? c.label : `${c.label} (${c.members} services)`;
    nodes.unshift(c);
  }
  const endpointNode = new Map<string, string>();
  for (const ep of graph.endpoints) {
    const service = `service:${ep.service}`;
    if (!expanded.has(service) || shownAs.get(service) !== service) continue;
    const id = `endpoint:${ep.id}`;
    endpointNode.set(ep.id, id);
    nodes.push({ id, kind: 'endpoint', label: shown(ep.label), parent: service, service: ep.service, findings: 0 });
  }
  // when clustering, channels group by mechanism and stores into one node, each expandable
  const grouped = clusterOf.size > 0;
  const groups = new Map<string, NodeData>();
  const place = (node: NodeData, group: string, label: string): void => {
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { id: group, kind: 'cluster', label, findings: 0, members: 0 }));
    g.members = (g.members ?? 0) + 1;
    if (expanded.has(group)) {
      nodes.push({ ...node, parent: group });
      shownAs.set(node.id, node.id);
    } else shownAs.set(node.id, group);
  };
  for (const c of graph.channels) {
    const node: NodeData = { id: c.id, kind: 'channel', label: shown(c.name), findings: 0, ...(c.publishers.length && c.subscribers.length ? {} : { severity: 'info' as const }) };
    if (grouped) place(node, `cluster:channels:${c.mechanism}`, `${c.mechanism} channels`);
    else {
      nodes.push(node);
      shownAs.set(c.id, c.id);
    }
  }
  for (const s of graph.stores) {
    const node: NodeData = { id: s.id, kind: 'store', label: shown(s.name), findings: 0 };
    if (grouped) place(node, 'cluster:stores', 'data stores');
    else {
      nodes.push(node);
      shownAs.set(s.id, s.id);
    }
  }
  for (const g of groups.values()) {
    if (!expanded.has(g.id)) g.label = `${g.label} (${g.members})`;
    nodes.unshift(g);
  }

  const edges = new Map<string, EdgeData>();
  for (const l of graph.links) {
    const source = shownAs.get(l.source);
    let target = shownAs.get(l.target);
    if (!source || !target) continue;
    if (l.targetEndpoint && endpointNode.has(l.targetEndpoint)) target = endpointNode.get(l.targetEndpoint)!;
    if (source === target) continue;
    // between collapsed clusters one edge per pair stands for every style, drawn as the most coupling one
    const merged = source.startsWith('cluster:') || target.startsWith('cluster:');
    const id = `edge:${source}\u0000${target}\u0000${merged ? '*' : l.style}`;
    let e = edges.get(id);
    if (!e) edges.set(id, (e = { id, source, target, style: l.style, styles: [], interactions: [], findings: 0 }));
    if (!e.styles.includes(l.style)) e.styles.push(l.style);
    if (STYLE_NAMES.indexOf(l.style) < STYLE_NAMES.indexOf(e.style)) e.style = l.style;
    for (const i of l.interactions) if (!e.interactions.includes(i)) e.interactions.push(i);
    e.findings += l.findings;
  }
  return { nodes, edges: [...edges.values()], clusterOf };
}

/** The interactions on a chain's cycle: from the first visit of the repeated service to the end. */
export function cycleInteractions(chain: { services: string[]; interactions: string[]; cycle?: boolean }): string[] {
  if (!chain.cycle) return [];
  const last = chain.services[chain.services.length - 1];
  const first = chain.services.indexOf(last!);
  return chain.interactions.slice(first);
}
