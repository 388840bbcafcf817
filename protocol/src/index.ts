/**
 * Typed messages shared by the extension (client), the language server and the webview.
 * This module has no runtime dependencies: only types and string constants.
 */

export * from './architecture';
export * from './editor';
export * from './webview';

/** Custom LSP methods, namespaced `switchboard/…`. */
export const Methods = {
  /** client → server request: the analysed model of one workspace folder (or all). */
  graph: 'switchboard/graph',
  /** server → client notification: the analysis state changed (started, finished, failed). */
  status: 'switchboard/status',
  /** client → server request: a report (coupling, chains, events, inventory) or an export format. */
  report: 'switchboard/report',
} as const;

/** The five communication styles, exactly these names in every output. */
export type StyleName = 'sync-request-response' | 'async-request-response' | 'fire-and-forget' | 'event' | 'common-data';

/** The styles in the order legends and filters show them. */
export const STYLE_NAMES: readonly StyleName[] = ['sync-request-response', 'async-request-response', 'fire-and-forget', 'event', 'common-data'];

/** Severity of a finding. */
export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

/** A place in the analysed code: path relative to the folder (forward slashes), 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** Number of findings by severity. */
export interface FindingCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** Parameters of `switchboard/graph`. */
export interface GraphParams {
  /** The workspace folder URI; absent for the first folder. */
  folder?: string;
}

/** A service as the graph shows it; `id` is its node id (`service:<name>`). */
export interface GraphService {
  id: string;
  name: string;
  root: string;
  notAnalysed?: boolean;
  /** Ids of its endpoints (see {@link GraphEndpoint}). */
  endpoints: string[];
  /** Findings located in its code (or in shared code it reaches). */
  findings: FindingCounts;
  /** Where to open the service: its first endpoint, or its first interaction. */
  location?: SourceLocation;
}

/** An endpoint a service offers (route, message handler, RPC); `id` is the model's endpoint id. */
export interface GraphEndpoint {
  id: string;
  service: string;
  kind: string;
  /** `POST /api/orders`, `kafka order.created`, `grpc CatalogService.GetProducts`. */
  label: string;
  location: SourceLocation;
  /**
   * The other services that must be up at the same time for this endpoint to succeed: the
   * transitive closure of its synchronous calls (its temporal-coupling set), sorted.
   */
  needsUp: string[];
}

/** A topic, queue or subject that events go through; `id` is its node id (`channel:<mechanism>:<name>`). */
export interface GraphChannel {
  id: string;
  name: string;
  mechanism: string;
  publishers: string[];
  subscribers: string[];
  /** The first publish site or, without one, the first consumer. */
  location?: SourceLocation;
}

/** A table, collection, key space or bucket that services share; `id` is its node id (`store:<name>`). */
export interface GraphStore {
  id: string;
  name: string;
  services: string[];
  /** The services that write it. */
  writers: string[];
  location?: SourceLocation;
}

/** One interaction with what the tooltip and click-to-source need. */
export interface GraphInteraction {
  id: string;
  service: string;
  style: StyleName;
  mechanism: string;
  library: string;
  target: string;
  location: SourceLocation;
  callees: string[];
  endpoints: string[];
  channel?: string;
  store?: string;
  access?: 'read' | 'write';
  unresolved?: string;
  /** Number of findings at this interaction's call site. */
  findings: number;
}

/** An edge between two services, aggregated over interactions of one style. */
export interface GraphEdge {
  from: string;
  to: string;
  style: StyleName;
  interactions: string[];
}

/**
 * A drawable edge between two nodes (service, channel or store ids): service → service for
 * requests, service → channel → service for events, service → store for common data.
 * `targetEndpoint` names the endpoint reached, for when the target service is expanded.
 */
export interface GraphLink {
  id: string;
  source: string;
  target: string;
  targetEndpoint?: string;
  style: StyleName;
  interactions: string[];
  /** Number of findings at these interactions. */
  findings: number;
}

/** A maximal synchronous chain; `entry` is the endpoint it starts from, when known. */
export interface GraphChain {
  services: string[];
  interactions: string[];
  cycle?: boolean;
  entry?: string;
}

/** A finding placed on the graph. */
export interface GraphFinding {
  rule: string;
  severity: SeverityName;
  message: string;
  location: SourceLocation;
  /** The services whose code holds it. */
  services: string[];
  /** The interactions at its location. */
  interactions: string[];
}

/** Result of `switchboard/graph`: everything the webview draws, computed by the server. */
export interface GraphResult {
  /** The workspace folder URI the locations are relative to. */
  folder: string;
  services: GraphService[];
  endpoints: GraphEndpoint[];
  channels: GraphChannel[];
  stores: GraphStore[];
  interactions: GraphInteraction[];
  /** Service-to-service edges by style (callers and callees, whatever the style). */
  edges: GraphEdge[];
  /** What the panel draws. */
  links: GraphLink[];
  chains: GraphChain[];
  findings: GraphFinding[];
}

/** Payload of `switchboard/status`. */
export interface StatusParams {
  state: 'analysing' | 'ready' | 'failed';
  services?: number;
  interactions?: number;
  findings?: number;
  message?: string;
}

/** The reports a person reads. */
export type ReportKind = 'coupling' | 'chains' | 'events' | 'inventory';

/** The export formats; `markdown` of no kind is the full report (all four). */
export type ReportFormat = 'markdown' | 'json' | 'mermaid' | 'dot' | 'sarif' | 'asyncapi';

/** Parameters of `switchboard/report`. */
export interface ReportParams {
  /** The workspace folder URI; absent for the first folder. */
  folder?: string;
  /** Which report, for Markdown; absent for every report in one document. */
  kind?: ReportKind;
  format: ReportFormat;
}

/** Result of `switchboard/report`; null when the folder is not analysed or the format is not available. */
export interface ReportResult {
  title: string;
  format: ReportFormat;
  /** The VS Code language id of the content (markdown, json, dot, mermaid, yaml). */
  language: string;
  /** File extension for saving, without the dot. */
  extension: string;
  content: string;
}
