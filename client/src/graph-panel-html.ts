/**
 * The call-graph panel's HTML: a fixed shell with a strict content security policy. Scripts and
 * styles come only from the extension's dist folder (nonce-checked); no data is ever spliced in:
 * the graph arrives later through `postMessage`.
 */

/** What the shell needs: URIs as the webview sees them and a fresh nonce. */
export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads extension resources from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The ELK layout worker script (dist/elk-worker.js). */
  workerUri: string;
}

/** A random nonce for one page load. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
  return out;
}

/**
 * The content security policy: nothing but the extension's own script and stylesheet, images as
 * data for export, and the layout worker: its script is fetched from the extension (`connect-src`)
 * and started from a blob URL, because a worker must come from the page's own origin and the
 * extension's resources are served from another one.
 */
export function contentSecurityPolicy(o: Pick<PanelHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data: blob:`,
    `font-src ${o.cspSource}`,
    `connect-src ${o.cspSource}`,
    `worker-src ${o.cspSource} blob:`,
  ].join('; ');
}

/** The HTML shell (the only values in it are the URIs and the nonce, none from analysed code). */
export function graphPanelHtml(o: PanelHtmlOptions): string {
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  // the stylesheet link carries the id Cytoscape looks for, so it does not inject a <style> the policy would block
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="switchboard-layout-worker" content="${attr(o.workerUri)}">
<link id="__________cytoscape_stylesheet" rel="stylesheet" nonce="${attr(o.nonce)}" href="${attr(o.styleUri)}">
<title>Switchboard: Call Graph</title>
</head>
<body>
<div id="app"></div>
<script nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>
`;
}
