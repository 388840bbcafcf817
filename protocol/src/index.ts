/**
 * Typed messages shared by the extension (client), the language server and the webview.
 * This module has no runtime dependencies: only types and string constants.
 */

/** Custom LSP methods, namespaced `switchboard/…`. */
export const Methods = {
  /** client → server request: the analysed model of one workspace folder (or all). */
  graph: 'switchboard/graph',
  /** server → client notification: the analysis state changed (started, finished, failed). */
  status: 'switchboard/status',
} as const;

/** Parameters of `switchboard/graph`. */
export interface GraphParams {
  /** The workspace folder URI; absent for the first folder. */
  folder?: string;
}

/** A service as the graph shows it. */
export interface GraphService {
  name: string;
  root: string;
  notAnalysed?: boolean;
}

/** An edge between two services, aggregated over interactions of one style. */
export interface GraphEdge {
  from: string;
  to: string;
  style: string;
  interactions: string[];
}

/** Result of `switchboard/graph`. */
export interface GraphResult {
  folder: string;
  services: GraphService[];
  edges: GraphEdge[];
  chains: { services: string[]; interactions: string[]; cycle?: boolean }[];
}

/** Payload of `switchboard/status`. */
export interface StatusParams {
  state: 'analysing' | 'ready' | 'failed';
  services?: number;
  interactions?: number;
  findings?: number;
  message?: string;
}
