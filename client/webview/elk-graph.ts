/**
 * The call-graph panel's layout input and output: the drawn nodes and edges as an ELK graph, the
 * ELK options for small and large drawings, and the laid-out positions back as node centres. Pure
 * (no DOM, no worker), so it is unit-tested with ELK itself in Node.
 */
import type { ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';

/** A node to lay out: a leaf with its size, or a compound node (its size follows its children). */
export interface LayoutNode {
  id: string;
  parent?: string;
  /** Leaf size (ignored for compound nodes). */
  width: number;
  height: number;
}

/** An edge to lay out. */
export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

/** Above this many drawn edges the panel uses the settings for large graphs. */
export const LARGE_EDGES = 200;

/**
 * ELK options. Layered left to right (callers left, callees right) at every size; large graphs
 * trade polish for time: no crossing minimisation sweeps (the model order, which follows the
 * service list, is kept instead), straight-line routing (Cytoscape draws its own edges, so ELK's
 * routes are never used) and simple node placement. Measured in ARCHITECTURE.md.
 */
export function layoutOptions(large: boolean, aspectRatio?: number): LayoutOptions {
  const common: LayoutOptions = {
    // the canvas's shape: ELK packs unconnected parts of the graph to fill it
    ...(aspectRatio && Number.isFinite(aspectRatio) && aspectRatio > 0 ? { 'elk.aspectRatio': aspectRatio.toFixed(2) } : {}),
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.layered.cycleBreaking.strategy': 'GREEDY',
    // parallel edges (one per style) are laid out as one: far less work on dense graphs
    'elk.layered.mergeEdges': 'true',
    'elk.edgeRouting': 'POLYLINE',
  };
  if (!large) {
    return {
      ...common,
      // tight enough that a dozen services fill a panel beside the editor at a readable zoom
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
      'elk.spacing.nodeNode': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.thoroughness': '7',
    };
  }
  return {
    ...common,
    'elk.layered.spacing.nodeNodeBetweenLayers': '40',
    'elk.spacing.nodeNode': '12',
    'elk.layered.nodePlacement.strategy': 'SIMPLE',
    'elk.layered.thoroughness': '1',
    'elk.layered.crossingMinimization.strategy': 'NONE',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  };
}

/** The ELK graph of the nodes and edges: compound nodes hold their children (same options as the root), edges sit at the root. */
export function toElkGraph(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions): ElkNode {
  const root: ElkNode = { id: 'root', layoutOptions: options, children: [], edges: [] };
  const byId = new Map<string, ElkNode>();
  for (const n of nodes) byId.set(n.id, { id: n.id, width: n.width, height: n.height });
  for (const n of nodes) {
    const k = byId.get(n.id)!;
    const parent = n.parent ? byId.get(n.parent) : undefined;
    if (parent) {
      // a compound node's size is computed by ELK from its children, and it is laid out with the
      // root's options (ELK refuses a hierarchy whose levels disagree on crossing minimisation)
      delete parent.width;
      delete parent.height;
      parent.layoutOptions = options;
      (parent.children ??= []).push(k);
    } else root.children!.push(k);
  }
  // ELK rejects an edge whose end it does not know
  for (const e of edges) if (byId.has(e.source) && byId.has(e.target)) root.edges!.push({ id: e.id, sources: [e.source], targets: [e.target] });
  return root;
}

/** The centre of every leaf node in absolute coordinates (ELK gives top-left corners relative to the parent). */
export function positionsOf(laidOut: ElkNode): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const walk = (n: ElkNode, dx: number, dy: number): void => {
    for (const c of n.children ?? []) {
      const x = dx + (c.x ?? 0);
      const y = dy + (c.y ?? 0);
      if (c.children?.length) walk(c, x, y);
      else out.set(c.id, { x: x + (c.width ?? 0) / 2, y: y + (c.height ?? 0) / 2 });
    }
  };
  walk(laidOut, 0, 0);
  return out;
}
