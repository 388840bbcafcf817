/**
 * The call-graph panel's browser app. It receives the graph from the extension host through
 * `postMessage` (typed in protocol/src/webview.ts), draws it with Cytoscape.js and an ELK layered
 * layout computed in a Web Worker (elk-graph.ts, elk-layout.ts), and sends back requests to open code, save images and keep its state. Every string from
 * the analysed code is rendered as text (Cytoscape canvas labels, `textContent`), never as HTML.
 */
import cytoscape from 'cytoscape';
import cytoscapeSvg from 'cytoscape-svg';
import {
  type GraphResult,
  type GraphViewState,
  type HostToWebview,
  type SourceLocation,
  STYLE_NAMES,
  type StyleName,
  type WebviewToHost,
} from '../../protocol/src';
import { buildElements, CLUSTER_THRESHOLD, clustering, cycleInteractions } from './elements';
import { graphStylesheet } from './graph-style';
import { CYCLE_LINE, LINE, themeColors } from './theme';
import { visibleText } from '../../protocol/src/display';
import { button, el, clear, text, TEXT_MAX } from './dom';
import { LARGE_EDGES, type LayoutNode, layoutOptions, positionsOf, toElkGraph } from './elk-graph';
import { LayoutSuperseded, LayoutWorker } from './elk-layout';

cytoscape.use(cytoscapeSvg);

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): GraphViewState | undefined;
  setState(state: GraphViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost): void => vscode.postMessage(m);

/** Above this many drawn nodes the renderer trades detail for speed while panning and zooming. */
const LARGE = 150;

const emptyState = (): GraphViewState => ({ hiddenStyles: [], hiddenServices: [], search: '', expanded: [] });
let state: GraphViewState = { ...emptyState(), ...(vscode.getState() ?? {}) };
let graph: GraphResult | null = null;
let layoutMs = 0;
/** The cluster of each service in the current drawing (empty when clustering is off). */
let clusterOf = new Map<string, string>();

// ------------------------------------------------------------------------------------- layout of the page

const app = document.getElementById('app')!;
const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Graph tools' });
const search = el('input', { type: 'search', id: 'search', placeholder: 'Search services, endpoints, channels, stores', 'aria-label': 'Search' }) as HTMLInputElement;
const statusLine = el('span', { id: 'status', class: 'status', role: 'status' });
const sidebar = el('aside', { class: 'sidebar', 'aria-label': 'Legend and filters' });
const main = el('main', { class: 'canvas-wrap' });
const cyContainer = el('div', { id: 'cy', 'aria-label': 'Call graph', role: 'img' });
const tooltip = el('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip', hidden: '' });
const empty = el('div', { id: 'empty', class: 'empty' });
// a text version of what is drawn: for screen readers, and for tests that cannot look into a canvas
const textView = el('section', { id: 'graph-text', class: 'sr-only', 'aria-label': 'Graph as text' });
const nodeList = el('ul', { id: 'node-list' });
const edgeList = el('ul', { id: 'edge-list' });
textView.append(nodeList, edgeList);
main.append(cyContainer, tooltip, empty);
app.append(toolbar, el('div', { class: 'body' }, sidebar, main), textView);

const legendBox = el('section', { id: 'legend', class: 'panel' });
const servicesBox = el('section', { id: 'services', class: 'panel' });
const chainsBox = el('section', { id: 'chains', class: 'panel' });
const entriesBox = el('section', { id: 'entries', class: 'panel' });
sidebar.append(legendBox, chainsBox, entriesBox, servicesBox);

toolbar.append(
  search,
  button('Fit', 'fit', () => cy.fit(undefined, 30)),
  button('Relayout', 'relayout', () => void layout()),
  button('Clear', 'clear', () => update({ focus: undefined, highlight: undefined, search: '' })),
  button('Cycles', 'cycles', () => update({ highlight: state.highlight?.kind === 'cycles' ? undefined : { kind: 'cycles' } })),
  button('Clusters', 'cluster', () => update({ cluster: !(graph && clustering(graph, state)) }, true)),
  button('Export SVG', 'export-svg', () => exportImage('svg')),
  button('Export PNG', 'export-png', () => exportImage('png')),
  statusLine,
);
search.value = state.search;
search.addEventListener('input', () => update({ search: search.value }));

// ------------------------------------------------------------------------------------- cytoscape

const cy = cytoscape({
  container: cyContainer,
  minZoom: 0.05,
  maxZoom: 4,
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  style: graphStylesheet(themeColors(), false),
});

function large(): boolean {
  return cy.nodes().length > LARGE;
}

function applyTheme(): void {
  cy.style(graphStylesheet(themeColors(), large()));
  renderLegend();
  renderTextView();
}
// VS Code changes the body's classes and CSS variables when the theme changes
new MutationObserver(applyTheme).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });

const layoutWorker = new LayoutWorker(document.querySelector('meta[name="switchboard-layout-worker"]')?.getAttribute('content') ?? 'elk-worker.js');
/** Positions of the last drawing, by node id: a redraw shows them while the new layout runs. */
let lastPositions = new Map<string, cytoscape.Position>();

/**
 * Lays the drawn nodes out with ELK in the layout worker; the page stays responsive meanwhile. A
 * newer layout (the graph or the view changed) supersedes this one, which then changes nothing.
 */
async function layout(): Promise<void> {
  const started = performance.now();
  const leaves = cy.nodes(':childless');
  const nodes: LayoutNode[] = cy.nodes().map((n) => {
    const d = n.isParent() ? { w: 0, h: 0 } : n.layoutDimensions({ nodeDimensionsIncludeLabels: true });
    const parent = n.parent().first();
    return { id: n.id(), ...(parent.nonempty() ? { parent: parent.id() } : {}), width: d.w, height: d.h };
  });
  const edges = cy.edges().map((e) => ({ id: e.id(), source: e.source().id(), target: e.target().id() }));
  const fresh = leaves.filter((n) => !lastPositions.has(n.id())).length;
  // nothing to show until the first layout: say what is happening instead of a pile of nodes
  const firstDrawing = fresh > leaves.length / 2;
  main.classList.toggle('laying-out', firstDrawing);
  document.body.dataset.layoutRunning = 'true';
  statusLine.classList.add('busy');
  statusLine.removeAttribute('title');
  if (firstDrawing) statusLine.textContent = `Laying out ${leaves.length} nodes…`;
  let positions: Map<string, { x: number; y: number }>;
  try {
    const laidOut = await layoutWorker.layout(toElkGraph(nodes, edges, layoutOptions(large() || edges.length > LARGE_EDGES, cy.width() / Math.max(1, cy.height()))));
    positions = positionsOf(laidOut);
    document.body.dataset.layoutEngine = 'elk-worker';
  } catch (error) {
    if (error instanceof LayoutSuperseded) return;
    // no worker (a policy or an old webview refused it): Cytoscape's own layered layout, on this thread
    statusLine.title = `ELK layout failed: ${error instanceof Error ? error.message : String(error)}`;
    positions = new Map();
    const l = cy.layout({ name: 'breadthfirst', directed: true, fit: false, animate: false, spacingFactor: 1.1 } as cytoscape.LayoutOptions);
    l.run();
    leaves.forEach((n) => void positions.set(n.id(), { ...n.position() }));
    document.body.dataset.layoutEngine = 'fallback';
  }
  cy.batch(() => {
    leaves.forEach((n) => {
      const p = positions.get(n.id());
      if (p) n.position(p);
    });
  });
  cy.fit(undefined, 30);
  lastPositions = new Map(leaves.map((n) => [n.id(), { ...n.position() }]));
  main.classList.remove('laying-out');
  statusLine.classList.remove('busy');
  delete document.body.dataset.layoutRunning;
  layoutMs = Math.round(performance.now() - started);
  document.body.dataset.layoutMs = String(layoutMs);
  document.body.dataset.layouts = String(Number(document.body.dataset.layouts ?? 0) + 1);
  renderTextView();
  renderStatus();
}

cy.on('tap', 'node', (ev) => {
  const n = ev.target as cytoscape.NodeSingular;
  if (n.data('kind') === 'cluster') return toggleExpanded(n.id());
  const at = locationOfNode(n.id());
  if (at) post({ type: 'openLocation', location: at });
});
cy.on('tap', 'edge', (ev) => {
  const ids = (ev.target as cytoscape.EdgeSingular).data('interactions') as string[];
  const i = graph?.interactions.find((x) => x.id === ids[0]);
  if (i) post({ type: 'openLocation', location: i.location });
});
cy.on('dbltap cxttap', 'node[kind="service"], node[kind="cluster"]', (ev) => toggleExpanded((ev.target as cytoscape.NodeSingular).id()));
cy.on('mouseover', 'node, edge', (ev) => showTooltip(ev.target as cytoscape.SingularElementArgument, ev.renderedPosition ?? { x: 0, y: 0 }));
cy.on('mouseout', 'node, edge', () => tooltip.setAttribute('hidden', ''));
cy.on('viewport', () => {
  tooltip.setAttribute('hidden', '');
  scheduleViewportData();
});

let viewportFrame = 0;
function scheduleViewportData(): void {
  if (viewportFrame) return;
  viewportFrame = requestAnimationFrame(() => {
    viewportFrame = 0;
    const pan = cy.pan();
    cyContainer.dataset.zoom = String(cy.zoom());
    cyContainer.dataset.panX = String(pan.x);
    cyContainer.dataset.panY = String(pan.y);
  });
}

function locationOfNode(id: string): SourceLocation | undefined {
  if (!graph) return undefined;
  if (id.startsWith('service:')) return graph.services.find((s) => s.id === id)?.location;
  if (id.startsWith('endpoint:')) return graph.endpoints.find((e) => `endpoint:${e.id}` === id)?.location;
  if (id.startsWith('channel:')) return graph.channels.find((c) => c.id === id)?.location;
  if (id.startsWith('store:')) return graph.stores.find((s) => s.id === id)?.location;
  return undefined;
}

function toggleExpanded(id: string): void {
  const expanded = state.expanded.includes(id) ? state.expanded.filter((x) => x !== id) : [...state.expanded, id];
  update({ expanded }, true);
}

// ------------------------------------------------------------------------------------- tooltips

/** The longest line in a tooltip. */
const TOOLTIP_LINE_MAX = 400;

function showTooltip(target: cytoscape.SingularElementArgument, at: cytoscape.Position): void {
  if (!graph) return;
  clear(tooltip);
  // a tooltip line is read at a glance: long names are cut shorter than elsewhere
  const line = (s: string, cls?: string): void => void tooltip.append(el('div', cls ? { class: cls } : {}, visibleText(s, TOOLTIP_LINE_MAX)));
  const id = target.id();
  if (target.isEdge()) {
    const style = target.data('style') as StyleName;
    const ids = target.data('interactions') as string[];
    line(`${LINE[style].label}: ${ids.length} interaction${ids.length === 1 ? '' : 's'}`, 'title');
    // the edge's finding count lives here, not on the canvas, where it collided with channel labels
    const findings = Number(target.data('findings') ?? 0);
    if (findings > 0) line(`⚠ ${findings} finding${findings === 1 ? '' : 's'}`, 'warning');
    if (target.hasClass('cycle')) line('⟲ on a synchronous cycle', 'error');
    for (const iid of ids.slice(0, 8)) {
      const i = graph.interactions.find((x) => x.id === iid);
      if (i) line(`${i.service} → ${i.target} (${i.library}) at ${i.location.file}:${i.location.line}${i.findings ? ` — ${i.findings} finding(s)` : ''}`);
    }
    if (ids.length > 8) line(`… and ${ids.length - 8} more`, 'muted');
    line('Click to open the code.', 'muted');
  } else if (id.startsWith('service:')) {
    const s = graph.services.find((x) => x.id === id);
    if (!s) return;
    line(s.name, 'title');
    line(`${s.root || '.'} · ${s.endpoints.length} endpoints${s.notAnalysed ? ' · not analysed' : ''}`, 'muted');
    const f = s.findings;
    if (f.error + f.warning + f.info + f.hint) line(`Findings: ${f.error} errors, ${f.warning} warnings, ${f.info + f.hint} notes`);
    const needs = new Set(graph.endpoints.filter((e) => e.service === s.name).flatMap((e) => e.needsUp));
    if (needs.size) line(`Needs up: ${[...needs].sort().join(', ')}`);
    line('Click: open · double-click: endpoints', 'muted');
  } else if (id.startsWith('endpoint:')) {
    const e = graph.endpoints.find((x) => `endpoint:${x.id}` === id);
    if (!e) return;
    line(`${e.service}: ${e.label}`, 'title');
    line(`${e.kind} at ${e.location.file}:${e.location.line}`, 'muted');
    if (e.needsUp.length) line(`Needs up: ${e.needsUp.join(', ')}`);
  } else if (id.startsWith('channel:')) {
    const c = graph.channels.find((x) => x.id === id);
    if (!c) return;
    line(`${c.mechanism} ${c.name}`, 'title');
    line(`Publishers: ${c.publishers.join(', ') || 'none'}`);
    line(`Subscribers: ${c.subscribers.join(', ') || 'none'}`);
  } else if (id.startsWith('store:')) {
    const s = graph.stores.find((x) => x.id === id);
    if (!s) return;
    line(s.name, 'title');
    line(`Shared by: ${s.services.join(', ')}`);
    line(`Written by: ${s.writers.join(', ') || 'unknown'}`);
  } else if (id.startsWith('cluster:')) {
    line(`${target.data('label') as string}`, 'title');
    line('Click to expand or collapse.', 'muted');
  }
  tooltip.style.left = '0px';
  tooltip.style.top = '0px';
  tooltip.removeAttribute('hidden');
  // beside the pointer, flipped to the other side when it would leave the canvas
  const w = tooltip.offsetWidth;
  const h = tooltip.offsetHeight;
  const x = at.x + 14 + w > main.clientWidth ? Math.max(0, at.x - 14 - w) : at.x + 14;
  const y = at.y + 14 + h > main.clientHeight ? Math.max(0, at.y - 14 - h) : at.y + 14;
  tooltip.style.left = `${Math.round(x)}px`;
  tooltip.style.top = `${Math.round(y)}px`;
}

// ------------------------------------------------------------------------------------- view state

/** Changes the state, applies it, and keeps it (webview state and the host's copy). */
function update(change: Partial<GraphViewState>, rebuild = false): void {
  state = { ...state, ...change };
  for (const k of Object.keys(state) as (keyof GraphViewState)[]) if (state[k] === undefined) delete state[k];
  if (search.value !== state.search) search.value = state.search;
  vscode.setState(state);
  post({ type: 'saveState', state });
  if (rebuild) void render();
  else applyView();
}

/** Rebuilds the elements from the graph and lays them out. */
async function render(): Promise<void> {
  const g = graph;
  empty.textContent = g ? '' : 'No analysis yet: open a folder with TypeScript services.';
  empty.hidden = !!g && g.services.length > 0;
  if (g && !g.services.length) empty.textContent = 'No services found in this folder.';
  const els = g ? buildElements(g, state) : { nodes: [], edges: [], clusterOf: new Map<string, string>() };
  clusterOf = els.clusterOf;
  cy.batch(() => {
    cy.elements().remove();
    // where a node was drawn before, it starts there: a live refresh keeps the picture while ELK works
    cy.add([
      ...els.nodes.map((data) => ({ group: 'nodes' as const, data, ...(lastPositions.has(data.id) ? { position: { ...lastPositions.get(data.id)! } } : {}) })),
      ...els.edges.map((data) => ({ group: 'edges' as const, data })),
    ]);
  });
  cy.style(graphStylesheet(themeColors(), large()));
  // big graphs: draw a texture while panning, hide edges while zooming
  const big = large();
  (cy as unknown as { renderer(): { textureOnViewport: boolean; hideEdgesOnViewport: boolean } }).renderer().textureOnViewport = big;
  (cy as unknown as { renderer(): { textureOnViewport: boolean; hideEdgesOnViewport: boolean } }).renderer().hideEdgesOnViewport = big;
  renderSidebar();
  applyView(false);
  await layout();
  scheduleViewportData();
}

/** Applies filters, search, focus and highlights as classes and visibility (no relayout). */
function applyView(withText = true): void {
  const g = graph;
  if (!g) return;
  const hiddenStyles = new Set(state.hiddenStyles);
  const hiddenServices = new Set(state.hiddenServices.map((s) => `service:${s}`));
  cy.batch(() => {
    cy.elements().removeClass('faded dim match hl cycle focus');
    cy.elements().style('display', 'element');
    cy.nodes('[kind="service"]').forEach((n) => {
      if (hiddenServices.has(n.id())) n.style('display', 'none');
    });
    cy.nodes('[kind="cluster"]').forEach((n) => {
      const members = g.services.filter((s) => clusterOf.get(s.name) === n.id());
      if (members.length && members.every((s) => hiddenServices.has(s.id)) && !n.isParent()) n.style('display', 'none');
    });
    cy.edges().forEach((e) => {
      const hidden = (e.data('styles') as StyleName[]).every((st) => hiddenStyles.has(st)) || e.source().style('display') === 'none' || e.target().style('display') === 'none' || e.source().parent().style('display') === 'none' || e.target().parent().style('display') === 'none';
      if (hidden) e.style('display', 'none');
    });
    // channels and stores with nothing visible around them go too
    cy.nodes('[kind="channel"], [kind="store"]').forEach((n) => {
      if (!n.connectedEdges().some((e) => e.style('display') !== 'none')) n.style('display', 'none');
    });

    if (state.focus) {
      const center = cy.getElementById(`service:${state.focus}`);
      if (center.nonempty()) {
        let hood = center.closedNeighborhood();
        // through a channel or a store, the services on the other side are neighbours too
        hood = hood.union(hood.nodes('[kind="channel"], [kind="store"]').closedNeighborhood());
        hood = hood.union(hood.nodes().children()).union(hood.nodes().parent());
        cy.elements().not(hood).addClass('faded');
        center.addClass('focus');
      }
    }

    const hl = highlighted(g);
    if (hl) {
      cy.elements().addClass('faded');
      hl.nodes.forEach((id) => cy.getElementById(id).removeClass('faded').addClass('hl'));
      cy.edges().forEach((e) => {
        const ids = e.data('interactions') as string[];
        if (ids.some((i) => hl.interactions.has(i)) || (hl.edgesBetween && hl.nodes.has(e.source().id()) && hl.nodes.has(e.target().id()) && e.data('style') === 'sync-request-response')) {
          e.removeClass('faded').addClass('hl');
          e.source().removeClass('faded');
          e.target().removeClass('faded');
          e.source().parent().removeClass('faded');
          e.target().parent().removeClass('faded');
          if (ids.some((i) => hl.cycle.has(i))) e.addClass('cycle');
        }
      });
      cy.nodes('.hl').parent().removeClass('faded');
    }

    const q = state.search.trim().toLowerCase();
    if (q) {
      cy.nodes().forEach((n) => {
        if (String(n.data('label')).toLowerCase().includes(q)) n.addClass('match');
        else if (!n.isParent()) n.addClass('dim');
      });
      cy.edges().addClass('dim');
    }
  });
  renderSidebarState();
  if (withText) renderTextView();
}

/** The nodes and interactions to highlight for the current highlight, mapped to drawn nodes. */
function highlighted(g: GraphResult): { nodes: Set<string>; interactions: Set<string>; cycle: Set<string>; edgesBetween: boolean } | undefined {
  const h = state.highlight;
  if (!h) return undefined;
  const drawn = (service: string): string => {
    const id = `service:${service}`;
    const n = cy.getElementById(id);
    return n.nonempty() ? id : (clusterOf.get(service) ?? id);
  };
  if (h.kind === 'chain') {
    const c = g.chains[h.index];
    if (!c) return undefined;
    return { nodes: new Set(c.services.map(drawn)), interactions: new Set(c.interactions), cycle: new Set(cycleInteractions(c)), edgesBetween: false };
  }
  if (h.kind === 'cycles') {
    const cycles = g.chains.filter((c) => c.cycle);
    const ids = new Set(cycles.flatMap(cycleInteractions));
    const services = new Set(cycles.flatMap((c) => c.services.slice(c.services.indexOf(c.services[c.services.length - 1]!))));
    return { nodes: new Set([...services].map(drawn)), interactions: ids, cycle: ids, edgesBetween: false };
  }
  const ep = g.endpoints.find((e) => e.id === h.endpoint);
  if (!ep) return undefined;
  const chains = g.chains.filter((c) => c.entry === ep.id);
  const nodes = new Set([ep.service, ...ep.needsUp].map(drawn));
  const endpointNode = cy.getElementById(`endpoint:${ep.id}`);
  if (endpointNode.nonempty()) nodes.add(endpointNode.id());
  return { nodes, interactions: new Set(chains.flatMap((c) => c.interactions)), cycle: new Set(chains.flatMap(cycleInteractions)), edgesBetween: true };
}

// ------------------------------------------------------------------------------------- sidebar

function renderLegend(): void {
  clear(legendBox);
  legendBox.append(el('h2', {}, 'Styles'));
  const colors = themeColors();
  const counts = new Map<StyleName, number>();
  for (const l of graph?.links ?? []) counts.set(l.style, (counts.get(l.style) ?? 0) + 1);
  for (const style of STYLE_NAMES) {
    const l = LINE[style];
    const id = `style-${style}`;
    const box = el('input', { type: 'checkbox', id, 'data-style': style }) as HTMLInputElement;
    box.checked = !state.hiddenStyles.includes(style);
    box.addEventListener('change', () => update({ hiddenStyles: box.checked ? state.hiddenStyles.filter((s) => s !== style) : [...state.hiddenStyles, style] }));
    const dash = l.lineStyle === 'dashed' ? '7 4' : l.lineStyle === 'dotted' ? '1.5 3' : undefined;
    // at least 2 px: a thinner swatch reads as a paler colour than the edge it stands for
    const svg = swatch(colors.style[style], Math.max(2, Math.min(4, l.width)), dash);
    const label = el('label', { for: id, title: l.help }, svg, text(` ${l.label}`), el('span', { class: 'count' }, ` ${counts.get(style) ?? 0}`));
    legendBox.append(el('div', { class: 'legend-row', 'data-style': style }, box, label));
  }
  // the cycle row has no checkbox: it explains a highlight, it is not a style to filter
  const svg = swatch(colors.error, 4, CYCLE_LINE.dash.map((n) => n * 0.6).join(' '));
  legendBox.append(el('div', { class: 'legend-row cycle-row', title: CYCLE_LINE.help }, el('span', { class: 'legend-spacer' }), el('span', { class: 'legend-label' }, svg, text(`⟲ ${CYCLE_LINE.label}`))));
  legendBox.append(
    el('div', { class: 'shapes muted' }, el('span', { class: 'shape service' }, 'service'), el('span', { class: 'shape channel' }, 'channel'), el('span', { class: 'shape store' }, 'data store')),
  );
}

/** A legend's sample of a line: its colour, width and dash pattern. */
function swatch(stroke: string, width: number, dash: string | undefined): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  for (const [k, v] of Object.entries({ width: '36', height: '10', class: 'swatch', 'aria-hidden': 'true' })) svg.setAttribute(k, v);
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
  for (const [k, v] of Object.entries({ x1: '1', y1: '5', x2: '35', y2: '5', stroke, 'stroke-width': String(width) })) line.setAttribute(k, v);
  if (dash) line.setAttribute('stroke-dasharray', dash);
  svg.append(line);
  return svg;
}

function renderSidebar(): void {
  renderLegend();
  const g = graph;
  clear(servicesBox);
  clear(chainsBox);
  clear(entriesBox);
  if (!g) return;

  servicesBox.append(el('h2', {}, `Services (${g.services.length})`));
  const list = el('ul', { class: 'service-list' });
  for (const s of [...g.services].sort((a, b) => a.name.localeCompare(b.name))) {
    const box = el('input', { type: 'checkbox', 'aria-label': `Show ${s.name}` }) as HTMLInputElement;
    box.checked = !state.hiddenServices.includes(s.name);
    box.addEventListener('change', () => update({ hiddenServices: box.checked ? state.hiddenServices.filter((x) => x !== s.name) : [...state.hiddenServices, s.name] }));
    const name = button(s.name, undefined, () => update({ focus: state.focus === s.name ? undefined : s.name }));
    name.classList.add('link');
    name.title = 'Focus on its neighbourhood';
    const expand = button('⊕', undefined, () => toggleExpanded(s.id));
    expand.title = 'Show its endpoints';
    expand.setAttribute('aria-label', visibleText(`Show the endpoints of ${s.name}`, TEXT_MAX));
    const badges = el('span', { class: 'badges' });
    for (const k of ['error', 'warning', 'info'] as const) if (s.findings[k]) badges.append(el('span', { class: `badge ${k}`, title: `${s.findings[k]} ${k}` }, String(s.findings[k])));
    list.append(el('li', { 'data-service': s.name }, box, name, badges, expand));
  }
  servicesBox.append(list);

  chainsBox.append(el('h2', {}, `Synchronous chains (${g.chains.length})`));
  const chains = el('ol', { class: 'chain-list' });
  g.chains.forEach((c, index) => {
    const b = button(`${c.services.join(' → ')}${c.cycle ? ' ⟲' : ''}`, undefined, () =>
      update({ highlight: state.highlight?.kind === 'chain' && state.highlight.index === index ? undefined : { kind: 'chain', index } }),
    );
    b.classList.add('link');
    if (c.cycle) b.classList.add('cycle');
    chains.append(el('li', { 'data-chain': String(index) }, b));
  });
  chainsBox.append(chains);

  const entries = g.endpoints.filter((e) => e.needsUp.length).sort((a, b) => b.needsUp.length - a.needsUp.length || a.service.localeCompare(b.service));
  entriesBox.append(el('h2', {}, 'Entry point needs up'));
  const select = el('select', { id: 'entry', 'aria-label': 'Entry point' }) as HTMLSelectElement;
  select.append(el('option', { value: '' }, '(choose an endpoint)'));
  for (const e of entries) select.append(el('option', { value: e.id }, `${e.service}: ${e.label} (${e.needsUp.length})`));
  select.value = state.highlight?.kind === 'entry' ? state.highlight.endpoint : '';
  select.addEventListener('change', () => update({ highlight: select.value ? { kind: 'entry', endpoint: select.value } : undefined }));
  entriesBox.append(select, el('div', { id: 'entry-needs', class: 'muted' }));
}

function renderSidebarState(): void {
  const g = graph;
  for (const li of servicesBox.querySelectorAll('li')) li.classList.toggle('focused', li.getAttribute('data-service') === state.focus);
  for (const li of chainsBox.querySelectorAll('li')) li.classList.toggle('active', state.highlight?.kind === 'chain' && String(state.highlight.index) === li.getAttribute('data-chain'));
  const needs = entriesBox.querySelector('#entry-needs');
  if (needs && g) {
    const ep = state.highlight?.kind === 'entry' ? g.endpoints.find((e) => state.highlight?.kind === 'entry' && e.id === state.highlight.endpoint) : undefined;
    needs.textContent = ep ? visibleText(`${ep.service} needs ${ep.needsUp.length} other services up: ${ep.needsUp.join(', ')}`, TEXT_MAX) : '';
  }
  const select = entriesBox.querySelector('select');
  if (select) select.value = state.highlight?.kind === 'entry' ? state.highlight.endpoint : '';
  for (const b of legendBox.querySelectorAll<HTMLInputElement>('input[data-style]')) b.checked = !state.hiddenStyles.includes(b.dataset.style as StyleName);
  toolbar.querySelector('[data-action="cycles"]')?.classList.toggle('active', state.highlight?.kind === 'cycles');
  toolbar.querySelector('[data-action="cluster"]')?.classList.toggle('active', !!(g && clustering(g, state)));
}

function renderStatus(): void {
  const g = graph;
  if (!g) return;
  const nodes = cy.nodes().length;
  statusLine.textContent = `${g.services.length} services · ${g.links.length} links · ${nodes} nodes · layout ${layoutMs} ms${g.services.length > CLUSTER_THRESHOLD && !clustering(g, state) ? ' · clusters off' : ''}`;
}

/** Mirrors what is drawn as text: each node and edge with its state and how it is drawn. */
function renderTextView(): void {
  clear(nodeList);
  clear(edgeList);
  const visible = (e: cytoscape.SingularElementArgument): string =>
    e.style('display') === 'none' ? 'hidden' : e.hasClass('hl') ? 'highlighted' : e.hasClass('faded') || e.hasClass('dim') ? 'faded' : 'visible';
  cy.nodes().forEach((n) => {
    const p = n.position();
    nodeList.append(
      el(
        'li',
        {
          'data-id': n.id(),
          'data-kind': String(n.data('kind')),
          'data-state': visible(n),
          'data-findings': String(n.data('findings') ?? 0),
          'data-x': String(Math.round(p.x)),
          'data-y': String(Math.round(p.y)),
          // the colours drawn, so a test can check they follow the theme
          'data-color': String(n.style('color')),
          'data-background': String(n.style('background-color')),
          'data-border': String(n.style('border-color')),
        },
        String(n.data('label')),
      ),
    );
  });
  cy.edges().forEach((e) => {
    edgeList.append(
      el(
        'li',
        {
          'data-id': e.id(),
          'data-source': e.source().id(),
          'data-target': e.target().id(),
          'data-style': String(e.data('style')),
          'data-line-style': String(e.style('line-style')),
          'data-color': String(e.style('line-color')),
          'data-width': String(parseFloat(String(e.style('width')))),
          'data-dash': String(e.style('line-dash-pattern') ?? ''),
          'data-arrow': String(e.style('target-arrow-shape')),
          'data-mid-arrow': String(e.style('mid-target-arrow-shape')),
          'data-label': String(e.style('label') ?? ''),
          'data-state': visible(e),
          'data-cycle': String(e.hasClass('cycle')),
        },
        `${String(e.source().data('label'))} → ${String(e.target().data('label'))} (${String(e.data('style'))})`,
      ),
    );
  });
}

// ------------------------------------------------------------------------------------- export

function exportImage(format: 'svg' | 'png'): void {
  const bg = themeColors().bg;
  if (format === 'svg') {
    const svg = (cy as unknown as { svg(o: object): string }).svg({ full: true, bg, scale: 1 });
    post({ type: 'exportImage', format, data: svg });
  } else {
    const data = cy.png({ full: true, bg, scale: 2, output: 'base64uri', maxWidth: 8000, maxHeight: 8000 });
    post({ type: 'exportImage', format, data });
  }
}

// ------------------------------------------------------------------------------------- messages

function isMessage(data: unknown): data is HostToWebview {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as unknown;
  if (!isMessage(m)) return;
  switch (m.type) {
    case 'graph':
      graph = m.graph;
      if (m.state && !vscode.getState()) state = { ...emptyState(), ...m.state };
      search.value = state.search;
      statusLine.classList.remove('busy');
      void render();
      break;
    case 'status':
      statusLine.classList.toggle('busy', m.state === 'analysing');
      if (m.state === 'analysing') statusLine.textContent = 'Analysing…';
      else if (m.state === 'failed') statusLine.textContent = visibleText(`Analysis failed: ${m.message ?? 'unknown error'}`, TEXT_MAX);
      break;
    case 'theme':
      applyTheme();
      break;
    case 'focus':
      update({ focus: m.service, hiddenServices: state.hiddenServices.filter((s) => s !== m.service) });
      break;
    case 'requestImage':
      exportImage(m.format);
      break;
  }
});

renderLegend();
post({ type: 'ready' });
