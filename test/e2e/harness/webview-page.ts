/**
 * The call-graph webview outside VS Code: the real page shell (graphPanelHtml, with its content
 * security policy) and the real bundle (dist/webview.js), served on a loopback port to headless
 * Chromium, with a fake host: `acquireVsCodeApi` records what the webview posts, and `send` posts
 * host messages to it. Used by the hostile-name test and the layout benchmark.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { graphPanelHtml, makeNonce } from '../../../client/src/graph-panel-html';
import type { HostToWebview, WebviewToHost } from '../../../protocol/src';
import { CHROMIUM, ROOT } from './code-server';

/** Options of the fake-host page. */
export interface WebviewPageOptions {
  /** Drop the content security policy (to show that escaping alone keeps hostile names inert). */
  withoutCsp?: boolean;
  /** VS Code's body class for the theme: vscode-light, vscode-dark, vscode-high-contrast. */
  themeClass?: string;
  viewport?: { width: number; height: number };
}

/** A page running the webview bundle. */
export interface WebviewPage {
  page: Page;
  /** Posts a host message to the webview. */
  send: (message: HostToWebview) => Promise<void>;
  /** What the webview has posted so far. */
  posted: () => Promise<WebviewToHost[]>;
  /** Content-security-policy violations and dialogs (alert, confirm) seen so far. */
  incidents: () => Promise<string[]>;
  close: () => Promise<void>;
}

const STUB = `
window.__posted = [];
window.__incidents = [];
let saved;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => saved,
  setState: (s) => { saved = s; },
});
document.addEventListener('securitypolicyviolation', (e) => window.__incidents.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));
`;

/** Serves the page and opens it in headless Chromium (or in `browser` when given). */
export async function openWebviewPage(options: WebviewPageOptions = {}, browser?: Browser): Promise<WebviewPage> {
  const dist = path.join(ROOT, 'dist');
  for (const f of ['webview.js', 'webview-style.css', 'elk-worker.js']) if (!fs.existsSync(path.join(dist, f))) throw new Error(`dist/${f} is missing: run npm run build`);
  const nonce = makeNonce();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      let html = graphPanelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/dist/webview-style.css`, workerUri: `${origin}/dist/elk-worker.js` });
      // the fake host's API is an inline script with the page's nonce, placed before the bundle
      html = html.replace('<script nonce=', `<script nonce="${nonce}">${STUB}</script>\n<script nonce=`);
      if (options.withoutCsp) html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
      if (options.themeClass) html = html.replace('<body>', `<body class="${options.themeClass}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const file = path.join(dist, path.basename(url.pathname));
    if (url.pathname.startsWith('/dist/') && fs.existsSync(file)) {
      res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const own = !browser;
  const b =
    browser ??
    (await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
    }));
  const context = await b.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  await page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    send: async (message) => {
      await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, target: string): void }).postMessage(m, '*'), message);
    },
    posted: () => page.evaluate(() => (globalThis as unknown as { __posted: WebviewToHost[] }).__posted),
    incidents: async () => [...dialogs, ...(await page.evaluate(() => (globalThis as unknown as { __incidents: string[] }).__incidents))],
    close: async () => {
      await context.close();
      if (own) await b.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
