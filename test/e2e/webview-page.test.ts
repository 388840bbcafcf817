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
import { generateGraph } from './harness/generated-graph';

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
  await w.page.waitForFunction(
    (n) => Number((globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.layouts ?? 0) >= n,
    layouts,
    {
      timeout: 60_000,
    },
  );
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
        const svg = await w.page.waitForFunction(
          () => (globalThis as unknown as { __posted: WebviewToHost[] }).__posted.find((m) => m.type === 'exportImage'),
          null,
          { timeout: 30_000 },
        );
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

/** Every kind of hostile string the panel must show as inert, visible text. */
const STRINGS = {
  script: '<script>alert(5)</script>',
  js: 'javascript:alert(6)',
  bidi: 'admin\u202E\u2066gnp.exe\u2069',
  nul: 'pay\u0000ments',
  long: 'L'.repeat(100_000),
};

/** Services, a channel and a store named by each hostile string, with code locations that are links in disguise. */
function hostileStringsGraph(): GraphResult {
  const names = Object.values(STRINGS);
  const m = model([...names, 'billing'], {
    endpoints: [endpoint(`${STRINGS.js}:http`, STRINGS.js, 'http', { method: 'GET', path: `/${STRINGS.long}`, file: STRINGS.js })],
    interactions: [
      ...names.map((n, i) => interaction(`i${i}`, 'billing', 'sync-request-response', [n], [], { target: `${n} ${STRINGS.bidi}`, file: STRINGS.js, line: 1 })),
      interaction('e1', 'billing', 'event', [STRINGS.bidi], [], { mechanism: 'kafka', channel: STRINGS.long }),
      interaction('d1', 'billing', 'common-data', [STRINGS.nul], [], { store: STRINGS.bidi }),
    ],
  });
  const g = graphOf('file:///w', m);
  // a code location whose path is a javascript: URL: clicking must ask the host, never navigate
  for (const s of g.services)
    s.location = { file: s.name === STRINGS.js ? 'javascript:alert(7)' : 'command:workbench.action.terminal.new', line: 1, column: 1 };
  return g;
}

/** Where a drawn node is on the screen. */
async function screenPoint(w: WebviewPage, label: string): Promise<{ x: number; y: number }> {
  // by the drawn label: ids (attributes) of overlong names are cut like every other string in the page
  const li = w.page.locator('#node-list li[data-kind="service"]').filter({ hasText: label }).first();
  const cy = w.page.locator('#cy');
  const [x, y, zoom, panX, panY] = await Promise.all([
    li.getAttribute('data-x'),
    li.getAttribute('data-y'),
    cy.getAttribute('data-zoom'),
    cy.getAttribute('data-pan-x'),
    cy.getAttribute('data-pan-y'),
  ]);
  const box = (await cy.boundingBox())!;
  return { x: box.x + Number(x) * Number(zoom) + Number(panX), y: box.y + Number(y) * Number(zoom) + Number(panY) };
}

describe('hostile strings: script, javascript: links, 100k characters, bidi controls, null bytes', () => {
  it('the page policy is strict: no inline or eval, scripts only by nonce, nothing from elsewhere', async () => {
    const w = await openWebviewPage({}, browser);
    try {
      const policy = (await w.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
      const directives = new Map(
        policy
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k!, v]),
      );
      assert.deepEqual(directives.get('default-src'), ["'none'"], policy);
      const scripts = directives.get('script-src') ?? [];
      assert.ok(scripts.length === 1 && /^'nonce-[A-Za-z0-9]{16,}'$/.test(scripts[0]!), `scripts only by nonce: ${policy}`);
      assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|\*/.test(policy), `no unsafe source or wildcard: ${policy}`);
      assert.ok(!/https?:\/\/(?!127\.0\.0\.1)/.test(policy), 'no remote origin');
      // every script element carries the nonce
      const nonce = scripts[0]!.slice("'nonce-".length, -1);
      const scriptNonces = await w.page.locator('script').evaluateAll((els) => els.map((e) => (e as unknown as { nonce: string }).nonce));
      assert.ok(scriptNonces.length > 0 && scriptNonces.every((n) => n === nonce), 'each script has the nonce');
    } finally {
      await w.close();
    }
  });

  it('show as visible, bounded text; draw promptly; a click on a javascript: location only asks the host', async () => {
    const w = await openWebviewPage({}, browser);
    try {
      const g = hostileStringsGraph();
      const started = Date.now();
      await w.send({ type: 'graph', graph: g });
      await drawn(w);
      const drawMs = Date.now() - started;
      assert.ok(drawMs < 30_000, `a 100k-character name does not hang the layout (${drawMs} ms)`);
      // labels on the canvas: cut with an ellipsis, reordering characters and null bytes made visible
      const labels = await w.page.locator('#node-list li').allTextContents();
      const long = labels.find((l) => l.startsWith('LLLL'));
      assert.ok(long && long.length <= 60 && long.endsWith('…'), `the long name is cut (${long?.length} characters)`);
      assert.ok(
        labels.includes('admin⟨U+202E⟩⟨U+2066⟩gnp.exe⟨U+2069⟩'),
        `the bidi name shows its marks: ${labels.filter((l) => l.startsWith('admin')).join(' | ')}`,
      );
      assert.ok(labels.includes('pay⟨U+0000⟩ments'), 'the null byte shows as a mark');
      assert.ok(labels.includes(STRINGS.script) && labels.includes(STRINGS.js), 'markup and URLs show literally');
      // nowhere in the page (text or attributes) is a reordering character, a null byte or an overlong string
      const page = await w.page.evaluate(() => {
        // runs in the page (the test's own types have no DOM library)
        interface Node {
          nodeValue: string | null;
        }
        interface Element {
          attributes: ArrayLike<{ value: string }>;
          offsetWidth: number;
        }
        const doc = (globalThis as unknown as { document: unknown }).document as {
          body: Element & { innerHTML: string; querySelectorAll(s: string): ArrayLike<Element> };
          documentElement: { scrollWidth: number; clientWidth: number };
          querySelector(s: string): Element;
          querySelectorAll(s: string): ArrayLike<Element>;
          createTreeWalker(root: unknown, what: number): { nextNode(): Node | null };
        };
        const texts: string[] = [];
        const walker = doc.createTreeWalker(doc.body, 4);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.nodeValue ?? '');
        for (const e of Array.from(doc.body.querySelectorAll('*'))) for (const a of Array.from(e.attributes)) texts.push(a.value);
        return {
          texts,
          scrollWidth: doc.documentElement.scrollWidth,
          width: doc.documentElement.clientWidth,
          sidebar: doc.querySelector('.sidebar').offsetWidth,
          links: doc.querySelectorAll('a[href], [href^="javascript"], iframe, embed, object').length,
          html: doc.body.innerHTML.length,
        };
      });
      assert.equal(page.texts.filter((t) => /[\u202a-\u202e\u2066-\u2069\u0000]/.test(t)).length, 0, 'no bidi control or null byte in the page');
      assert.ok(Math.max(...page.texts.map((t) => t.length)) <= 1000, 'no string in the page is longer than 1000 characters');
      assert.ok(page.html < 100_000, `the page does not hold the 100k name (${page.html} characters of HTML)`);
      assert.ok(
        page.scrollWidth <= page.width && page.sidebar <= 320,
        `the layout keeps its width (page ${page.scrollWidth}/${page.width}, sidebar ${page.sidebar})`,
      );
      assert.equal(page.links, 0, 'no link, frame or embed element exists');
      // the tooltip of the long-named service stays bounded
      const at = await screenPoint(w, 'LLLLLLLLLL');
      await w.page.mouse.move(at.x, at.y);
      const tooltip = w.page.locator('#tooltip');
      await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
      const tip = await tooltip.evaluate((e) => ({ text: e.textContent ?? '', width: (e as unknown as { offsetWidth: number }).offsetWidth }));
      assert.ok(tip.text.length < 1500 && tip.text.includes('…'), `the tooltip holds a cut name (${tip.text.length} characters)`);
      assert.ok(tip.width <= 500, `the tooltip keeps its width (${tip.width} px)`);
      // clicking the service whose code location is a javascript: URL: the page stays, the host is asked
      const before = w.page.url();
      const js = await screenPoint(w, STRINGS.js);
      await w.page.mouse.click(js.x, js.y);
      const open = (await w.posted()).filter((m) => m.type === 'openLocation').pop();
      assert.deepEqual(
        open,
        { type: 'openLocation', location: { file: 'javascript:alert(7)', line: 1, column: 1 } },
        'the host gets the location (and refuses it: client/src/open-path.ts)',
      );
      assert.equal(w.page.url(), before, 'the page did not navigate');
      assert.deepEqual(await w.incidents(), [], 'no dialog ran and the policy had nothing to block');
    } finally {
      await w.close();
    }
  });
});

describe('the layout worker', () => {
  it('keeps the page responsive during a long layout, and a newer graph replaces the layout in progress', async () => {
    const w = await openWebviewPage({ themeClass: 'vscode-dark' }, browser);
    try {
      // 500 services unclustered: ELK needs far longer than this test waits for
      const big = generateGraph(500, 3000);
      await w.send({ type: 'graph', graph: big, state: { hiddenStyles: [], hiddenServices: [], search: '', expanded: [], cluster: false } });
      await w.page.locator('body[data-layout-running="true"]').waitFor({ state: 'attached', timeout: 60_000 });
      // the page keeps drawing frames while ELK works: with ELK on the page's thread no frame would
      // come before the layout ended (load-proof: it asks for frames, not for a frame rate)
      const during = await w.page.evaluate(() => {
        const page = globalThis as unknown as { requestAnimationFrame(cb: () => void): void; document: { body: { dataset: Record<string, string | undefined> } } };
        return new Promise<string | undefined>((resolve) => page.requestAnimationFrame(() => page.requestAnimationFrame(() => resolve(page.document.body.dataset.layoutRunning))));
      });
      assert.equal(during, 'true', 'two frames drawn while the layout was still running');
      assert.equal(await w.page.locator('#services li').count(), 500, 'the sidebar lists the services meanwhile');
      assert.equal(await w.page.locator('.canvas-wrap.laying-out').count(), 1, 'the canvas says it is laying out');
      // the example arrives: the big layout is abandoned (its worker ends), the example is drawn
      const shop = graphOf('file:///shop', analyze(path.join(ROOT, 'examples', 'shop')));
      await w.send({ type: 'graph', graph: shop, state: { hiddenStyles: [], hiddenServices: [], search: '', expanded: [] } });
      await drawn(w);
      assert.equal(await w.page.locator('#node-list li[data-kind="service"]').count(), shop.services.length);
      assert.equal(await w.page.locator('body').getAttribute('data-layout-engine'), 'elk-worker');
      assert.equal(await w.page.locator('body').getAttribute('data-layouts'), '1', 'the abandoned layout never applied');
      assert.deepEqual(await w.incidents(), [], 'the policy blocked nothing (fetch of the worker script, blob worker)');
    } finally {
      await w.close();
    }
  });
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
      w.page
        .locator(`#edge-list li[data-style="${style}"]`)
        .evaluateAll((els) => els.map((e) => ({ line: e.getAttribute('data-line-style'), width: Number(e.getAttribute('data-width')) })));
    const sync = await line('sync-request-response');
    assert.ok(sync.length > 0 && sync.every((e) => e.line === 'solid' && e.width >= 3), JSON.stringify(sync));
    const async_ = await line('async-request-response');
    assert.ok(async_.length > 0 && async_.every((e) => e.line === 'dashed'), JSON.stringify(async_));
    const ff = await line('fire-and-forget');
    assert.ok(ff.length > 0 && ff.every((e) => e.line === 'dotted'), JSON.stringify(ff));
    // finding counts are not drawn on edges (they collided with channel labels): nodes carry badges, edges tooltips
    assert.ok(graph.links.some((l) => l.findings > 0), 'the example has edges with findings');
    const edgeLabels = await w.page.locator('#edge-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    assert.ok(edgeLabels.length > 0 && edgeLabels.every((l) => l === ''), JSON.stringify(edgeLabels.filter((l) => l !== '')));
    // laid out by ELK in the layout worker, not by the fallback on the page's thread
    assert.equal(await w.page.locator('body').getAttribute('data-layout-engine'), 'elk-worker');
    // events go through channel nodes
    const events = await w.page
      .locator('#edge-list li[data-style="event"]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-source'), e.getAttribute('data-target')]));
    assert.ok(events.length && events.every(([s, t]) => s?.startsWith('channel:') || t?.startsWith('channel:')), JSON.stringify(events));
  });

  it('a style filter hides those edges and brings them back', async () => {
    await w.page.locator('#style-sync-request-response').uncheck();
    assert.ok(
      (await w.page.locator('#edge-list li[data-style="sync-request-response"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).every(
        (s) => s === 'hidden',
      ),
    );
    assert.ok((await w.page.locator('#edge-list li[data-style="fire-and-forget"][data-state="visible"]').count()) > 0);
    await w.page.locator('#style-sync-request-response').check();
    assert.equal(await w.page.locator('#edge-list li[data-style="sync-request-response"][data-state="hidden"]').count(), 0);
  });

  it('highlighting the cycle chain lights its hops and marks the cycle', async () => {
    const index = graph.chains.findIndex((c) => c.cycle);
    await w.page.locator(`#chains li[data-chain="${index}"] button`).click();
    const hl = await w.page
      .locator('#edge-list li[data-state="highlighted"]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-source')}>${e.getAttribute('data-target')}:${e.getAttribute('data-cycle')}`));
    for (const hop of [
      'service:gateway>service:orders:false',
      'service:orders>service:payments:false',
      'service:payments>service:fraud:true',
      'service:fraud>service:payments:true',
    ])
      assert.ok(hl.includes(hop), `${hop} in ${hl.join(', ')}`);
    // a cycle hop differs from a plain sync edge in more than colour (the two reds are close in every theme)
    const drawnAs = async (sel: string): Promise<{ line: string | null; width: number; dash: string | null; arrow: string | null; mid: string | null }> =>
      w.page
        .locator(sel)
        .first()
        .evaluate((e) => ({
          line: e.getAttribute('data-line-style'),
          width: Number(e.getAttribute('data-width')),
          dash: e.getAttribute('data-dash'),
          arrow: e.getAttribute('data-arrow'),
          mid: e.getAttribute('data-mid-arrow'),
        }));
    const cycle = await drawnAs('#edge-list li[data-source="service:payments"][data-target="service:fraud"][data-cycle="true"]');
    const plain = await drawnAs('#edge-list li[data-source="service:gateway"][data-target="service:orders"][data-style="sync-request-response"]');
    assert.notEqual(cycle.line, plain.line, `line style: cycle ${JSON.stringify(cycle)} vs sync ${JSON.stringify(plain)}`);
    assert.ok(cycle.width > plain.width, `width: cycle ${cycle.width} vs sync ${plain.width}`);
    assert.notEqual(cycle.mid, plain.mid, `mid-line arrow: cycle ${cycle.mid} vs sync ${plain.mid}`);
    assert.ok((await w.page.locator('#legend .cycle-row').count()) === 1, 'the legend explains the cycle line');
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
    assert.ok(
      toEndpoint.some((t) => t?.startsWith('endpoint:orders:')),
      toEndpoint.join(', '),
    );
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
