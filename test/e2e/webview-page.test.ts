/**
 * The call-graph webview in headless Chromium with a fake host: the real page shell (strict CSP
 * with a nonce) and the real bundle, fed `graph` messages. Hostile names from analysed code render
 * as text and run nothing, with and without the content security policy; filters, highlights and
 * clicks behave; the policy blocks nothing the panel itself needs.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { GraphResult, WebviewToHost } from '../../protocol/src';
import { analyze } from '../../server/src/analysis/analyze';
import { graphOf } from '../../server/src/analysis/report/graph';
import { CHROMIUM, ROOT } from './harness/code-server';
import { openWebviewPage, type WebviewPage } from './harness/webview-page';
import { endpoint, interaction, model } from '../unit/helpers/model';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** A graph whose service, topic, store and endpoint carry hostile names. */
function hostileGraph(): GraphResult {
  const m = model([HOSTILE, 'billing'], {
    endpoints: [endpoint(`${HOSTILE}:http`, HOSTILE, 'http', { method: 'GET', path: `/<script>alert(2)</script>` })],
    interactions: [
      interaction('i1', 'billing', 'sync-request-response', [HOSTILE], [`${HOSTILE}:http`], { target: HOSTILE }),
      interaction('e1', 'billing', 'event', [HOSTILE], [], { mechanism: 'kafka', channel: HOSTILE }),
      interaction('d1', 'billing', 'common-data', [HOSTILE], [], { store: `"><svg onload=alert(3)>` }),
    ],
  });
  return graphOf('file:///w', m);
}

async function drawn(w: WebviewPage, layouts = 1): Promise<void> {
  // runs in the page: the webview counts finished layouts on <body data-layouts>
  await w.page.waitForFunction((n) => Number((globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.layouts ?? 0) >= n, layouts, {
    timeout: 60_000,
  });
}

let browser: Browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run'] });
});
after(async () => {
  await browser?.close();
});

describe('hostile names', () => {
  for (const withoutCsp of [false, true]) {
    it(`a service and a topic named ${HOSTILE} appear literally and run nothing${withoutCsp ? ' (even without the CSP)' : ''}`, async () => {
      const w = await openWebviewPage({ withoutCsp }, browser);
      try {
        await w.send({ type: 'graph', graph: hostileGraph() });
        await drawn(w);
        // the canvas draws Cytoscape labels; the text view and the sidebar hold the same strings as text
        const nodes = await w.page.locator('#node-list li').allTextContents();
        assert.ok(nodes.includes(HOSTILE), `the service node shows the name literally (got ${nodes.join(' | ')})`);
        assert.ok(nodes.includes(HOSTILE) && (await w.page.locator('#node-list li[data-kind="channel"]').allTextContents()).includes(HOSTILE), 'the topic too');
        assert.ok(nodes.includes(`"><svg onload=alert(3)>`), 'and the store');
        const services = await w.page.locator('#services li button.link').allTextContents();
        assert.ok(services.includes(HOSTILE), 'the service list shows it literally');
        // nothing was parsed as markup
        assert.equal(await w.page.locator('img').count(), 0, 'no <img> element exists');
        assert.equal(await w.page.locator('script:not([src]):not([nonce])').count(), 0, 'no injected script element');
        assert.equal(await w.page.locator('#app svg[onload], #app [onerror]').count(), 0, 'no element with an event-handler attribute');
        // the SVG export escapes it: text nodes, not elements
        await w.page.locator('[data-action="export-svg"]').click();
        const svg = await w.page.waitForFunction(() => (globalThis as unknown as { __posted: WebviewToHost[] }).__posted.find((m) => m.type === 'exportImage'), null, { timeout: 30_000 });
        const message = (await svg.jsonValue()) as Extract<WebviewToHost, { type: 'exportImage' }>;
        assert.equal(message.format, 'svg');
        assert.ok(message.data.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the SVG holds the escaped name');
        assert.ok(!message.data.includes('<img'), 'the SVG holds no img element');
        const incidents = await w.incidents();
        assert.deepEqual(
          incidents.filter((i) => i.startsWith('dialog')),
          [],
          'no alert ran',
        );
        if (!withoutCsp) assert.deepEqual(incidents, [], 'the policy had nothing to block');
      } finally {
        await w.close();
      }
    });
  }
});

describe('the panel on the example', () => {
  let w: WebviewPage;
  let graph: GraphResult;
  before(async () => {
    graph = graphOf('file:///shop', analyze(path.join(ROOT, 'examples', 'shop')));
    w = await openWebviewPage({ themeClass: 'vscode-light' }, browser);
    await w.send({ type: 'graph', graph });
    await drawn(w);
  });
  after(async () => {
    await w?.close();
  });

  it('draws every service, and edges by style (sync solid and thick, async dashed, fire-and-forget dotted)', async () => {
    const services = await w.page.locator('#node-list li[data-kind="service"]').allTextContents();
    assert.deepEqual(services.map((s) => s.split('\n')[0]).sort(), graph.services.map((s) => s.name).sort());
    const line = async (style: string): Promise<{ line: string | null; width: number }[]> =>
      w.page.locator(`#edge-list li[data-style="${style}"]`).evaluateAll((els) => els.map((e) => ({ line: e.getAttribute('data-line-style'), width: Number(e.getAttribute('data-width')) })));
    const sync = await line('sync-request-response');
    assert.ok(sync.length > 0 && sync.every((e) => e.line === 'solid' && e.width >= 3), JSON.stringify(sync));
    const async_ = await line('async-request-response');
    assert.ok(async_.length > 0 && async_.every((e) => e.line === 'dashed'), JSON.stringify(async_));
    const ff = await line('fire-and-forget');
    assert.ok(ff.length > 0 && ff.every((e) => e.line === 'dotted'), JSON.stringify(ff));
    // events go through channel nodes
    const events = await w.page.locator('#edge-list li[data-style="event"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-source'), e.getAttribute('data-target')]));
    assert.ok(events.length && events.every(([s, t]) => s?.startsWith('channel:') || t?.startsWith('channel:')), JSON.stringify(events));
  });

  it('a style filter hides those edges and brings them back', async () => {
    await w.page.locator('#style-sync-request-response').uncheck();
    assert.ok((await w.page.locator('#edge-list li[data-style="sync-request-response"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).every((s) => s === 'hidden'));
    assert.ok((await w.page.locator('#edge-list li[data-style="fire-and-forget"][data-state="visible"]').count()) > 0);
    await w.page.locator('#style-sync-request-response').check();
    assert.equal(await w.page.locator('#edge-list li[data-style="sync-request-response"][data-state="hidden"]').count(), 0);
  });

  it('highlighting the cycle chain lights its hops and marks the cycle', async () => {
    const index = graph.chains.findIndex((c) => c.cycle);
    await w.page.locator(`#chains li[data-chain="${index}"] button`).click();
    const hl = await w.page.locator('#edge-list li[data-state="highlighted"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-source')}>${e.getAttribute('data-target')}:${e.getAttribute('data-cycle')}`));
    for (const hop of ['service:gateway>service:orders:false', 'service:orders>service:payments:false', 'service:payments>service:fraud:true', 'service:fraud>service:payments:true']) assert.ok(hl.includes(hop), `${hop} in ${hl.join(', ')}`);
    assert.ok((await w.page.locator('#node-list li[data-id="service:notifications"][data-state="faded"]').count()) === 1, 'services off the chain fade');
    await w.page.locator('[data-action="clear"]').click();
    assert.equal(await w.page.locator('#edge-list li[data-state="highlighted"]').count(), 0);
  });

  it('clicking a service on the canvas asks the host to open its code', async () => {
    const li = w.page.locator('#node-list li[data-id="service:orders"]');
    const x = Number(await li.getAttribute('data-x'));
    const y = Number(await li.getAttribute('data-y'));
    const cy = w.page.locator('#cy');
    const zoom = Number(await cy.getAttribute('data-zoom'));
    const panX = Number(await cy.getAttribute('data-pan-x'));
    const panY = Number(await cy.getAttribute('data-pan-y'));
    const box = (await cy.boundingBox())!;
    await w.page.mouse.click(box.x + x * zoom + panX, box.y + y * zoom + panY);
    const posted = await w.posted();
    const open = posted.filter((m) => m.type === 'openLocation').pop();
    const orders = graph.services.find((s) => s.name === 'orders')!;
    assert.deepEqual(open, { type: 'openLocation', location: orders.location });
  });

  it('expands a service to its endpoints, and requests then reach the endpoint', async () => {
    await w.page.locator('#services li[data-service="orders"] button[aria-label^="Show the endpoints"]').click();
    await drawn(w, 2);
    const endpoints = await w.page.locator('#node-list li[data-kind="endpoint"]').allTextContents();
    const expected = graph.endpoints.filter((e) => e.service === 'orders').map((e) => e.label);
    assert.deepEqual([...endpoints].sort(), [...expected].sort());
    const toEndpoint = await w.page.locator('#edge-list li[data-source="service:gateway"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-target')));
    assert.ok(toEndpoint.some((t) => t?.startsWith('endpoint:orders:')), toEndpoint.join(', '));
    await w.page.locator('#services li[data-service="orders"] button[aria-label^="Show the endpoints"]').click();
    await drawn(w, 3);
    assert.equal(await w.page.locator('#node-list li[data-kind="endpoint"]').count(), 0);
  });

  it('highlights what an entry point needs up', async () => {
    const checkout = graph.endpoints.find((e) => e.label === 'POST /api/checkout')!;
    await w.page.locator('#entry').selectOption(checkout.id);
    const lit = await w.page.locator('#node-list li[data-state="highlighted"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.deepEqual([...lit].sort(), ['gateway', ...checkout.needsUp].map((s) => `service:${s}`).sort());
    assert.match((await w.page.locator('#entry-needs').textContent()) ?? '', /gateway needs 5 other services up/);
    await w.page.locator('[data-action="clear"]').click();
  });

  it('search marks the matching nodes and focus fades what is not next to a service', async () => {
    await w.page.locator('#search').fill('order.c');
    const faded = await w.page.locator('#node-list li[data-state="faded"]').count();
    const visible = await w.page.locator('#node-list li[data-state="visible"]').evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual([...visible].sort(), ['order.cancelled', 'order.created']);
    assert.ok(faded > 10);
    await w.page.locator('#search').fill('');
    await w.page.locator('#services li[data-service="inventory"] button.link').click();
    const near = await w.page.locator('#node-list li:not([data-state="faded"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    assert.ok(near.includes('service:inventory') && near.includes('service:orders'), near.join(', '));
    assert.ok(!near.includes('service:fraud'), 'fraud is not next to inventory');
    await w.page.locator('#services li[data-service="inventory"] button.link').click();
  });

  it('keeps its state for the host (saveState) and restores it from a graph message', async () => {
    await w.page.locator('#services li[data-service="catalog"] input').uncheck();
    const saved = (await w.posted()).filter((m) => m.type === 'saveState').pop();
    assert.ok(saved && saved.type === 'saveState' && saved.state.hiddenServices.includes('catalog'));
    const fresh = await openWebviewPage({}, browser);
    try {
      await fresh.send({ type: 'graph', graph, state: saved.state });
      await drawn(fresh);
      assert.equal(await fresh.page.locator('#node-list li[data-id="service:catalog"]').getAttribute('data-state'), 'hidden');
    } finally {
      await fresh.close();
    }
  });
});
