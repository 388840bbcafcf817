/**
 * `switchboard/graph`: the graph the call-graph panel draws. The server computes it (in the
 * analysis core, so the CLI's Mermaid and DOT exports draw the same graph); the webview only draws.
 */
import type { GraphResult } from '../../../protocol/src';
import type { AnalysisResult } from '../analysis/model';
import { graphOf } from '../analysis/report/graph';

/** Answers `switchboard/graph` for one analysed folder (its URI and its result). */
export function graphHandler(folder: string, model: AnalysisResult): GraphResult {
  return graphOf(folder, model);
}

export { graphOf };
