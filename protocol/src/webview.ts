/**
 * Messages between the extension host and the call-graph webview, as discriminated unions on
 * `type`. Data reaches the webview only through these messages (never spliced into its HTML).
 */
import type { GraphResult, SourceLocation, StyleName } from './index';

/** What the panel highlights: a synchronous chain (by index into `GraphResult.chains`) or what an entry point needs up. */
export type GraphHighlight = { kind: 'chain'; index: number } | { kind: 'entry'; endpoint: string } | { kind: 'cycles' };

/** The panel's view state: kept by the webview (`setState`) and restored after a restart. */
export interface GraphViewState {
  /** Styles whose edges are hidden. */
  hiddenStyles: StyleName[];
  /** Services hidden by the service filter. */
  hiddenServices: string[];
  /** Search text (matches service, endpoint, channel and store names). */
  search: string;
  /** The service whose neighbourhood is in focus. */
  focus?: string;
  /** Services shown with their endpoints. */
  expanded: string[];
  highlight?: GraphHighlight;
  /** Group services by folder (automatic on large graphs unless switched off). */
  cluster?: boolean;
}

/** The kind of VS Code colour theme. */
export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** Host → webview. */
export type HostToWebview =
  /** The graph to draw (sent after `ready` and whenever the analysis changes). */
  | { type: 'graph'; graph: GraphResult | null; state?: GraphViewState }
  /** The analysis is running or failed; the panel keeps the last graph and says so. */
  | { type: 'status'; state: 'analysing' | 'ready' | 'failed'; message?: string }
  /** The colour theme changed (the webview also reads VS Code's CSS variables). */
  | { type: 'theme'; kind: ThemeKind }
  /** Focus the neighbourhood of a service (from a command or the Services tree). */
  | { type: 'focus'; service: string }
  /** Ask the webview to render an image; it answers with `exportImage`. */
  | { type: 'requestImage'; format: 'svg' | 'png' };

/** Webview → host. */
export type WebviewToHost =
  /** The webview has loaded and listens; the host answers with `graph`. */
  | { type: 'ready' }
  /** Open the code at a location (relative to the graph's folder). */
  | { type: 'openLocation'; location: SourceLocation }
  /** An image to save where the user chooses: SVG text, or a PNG as a base64 data URL. */
  | { type: 'exportImage'; format: 'svg' | 'png'; data: string }
  /** The view state changed (the host keeps it for the next panel of this workspace). */
  | { type: 'saveState'; state: GraphViewState };
