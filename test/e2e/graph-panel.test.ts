/**
 * End to end in a real VS Code (code-server + headless Chromium): "Switchboard: Show Call Graph"
 * opens the panel on the example; in the webview's DOM we check the services, the edge styles, a
 * style filter, a chain highlight and click-to-source, and take screenshots in light and dark
 * themes (test-results/screenshots/; copied to docs/images/ for the README only with
 * SWITCHBOARD_UPDATE_IMAGES=1).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { copyWorkspace, note, packageVsix, ROOT, screenshot, type Session, startSession, until } from './harness/code-server';
import { answerSaveDialog, quickInput, runCommand, waitForWorkbench } from './harness/workbench';

const EXAMPLE = path.join(ROOT, 'examples', 'shop');
const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';
const HIGH_CONTRAST = 'Default High Contrast';

interface Expected {
  services: { name: string }[];
}
const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8')) as Expected;

let session: Session;
let frame: Frame;
let workspace: string;

/** The webview frame holding the call-graph panel once it has drawn at least once. */
async function panelFrame(timeoutMs = 60_000): Promise<Frame> {
  const f = await until('the call-graph webview frame', timeoutMs, async () => {
    for (const candidate of session.page.frames()) {
      if ((await candidate.locator('#graph-text').count().catch(() => 0)) > 0) return candidate;
    }
    return undefined;
  });
  await f.waitForFunction(() => Number((globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }).document.body.dataset.layouts ?? 0) >= 1, null, { timeout: timeoutMs });
  return f;
}


/** Picks a colour theme the way a person does: Preferences: Color Theme, then the theme's name. */
async function setTheme(theme: string): Promise<void> {
  // under load the picker can lose focus and close while we type (the panel redraws when the
  // analysis finishes): start over, a few times, rather than fail on one lost picker
  let lastError: unknown;
  for (let round = 0; round < 3; round++) {
    try {
      await pickTheme(theme);
      return;
    } catch (error) {
      lastError = error;
      await session.page.keyboard.press('Escape');
    }
  }
  throw lastError;
}

async function pickTheme(theme: string): Promise<void> {
  const { page } = session;
  const widget = quickInput(page);
  let open = false;
  for (let attempt = 0; attempt < 3 && !open; attempt++) {
    // keys typed while the webview has focus go to the webview: give the focus back to the workbench
    await page.locator('.tabs-container .tab').filter({ hasText: 'Switchboard: Call Graph' }).first().click();
    // Ctrl+K Ctrl+T: the colour theme picker
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    open = await widget
      .locator('input')
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true, () => false);
    if (!open) await page.keyboard.press('Escape');
  }
  if (!open) {
    // the chord did not reach the workbench: pick the command from the palette instead
    await page.keyboard.press('F1');
    await widget.locator('input').fill('>Preferences: Color Theme', { timeout: 10_000 });
    await widget.locator('.monaco-list-row').filter({ hasText: /^Preferences: Color Theme/ }).first().click();
    await widget.locator('input').waitFor({ state: 'visible', timeout: 15_000 });
  }
  // the picker labels themes without the "Default" of their settings id ("Default High Contrast" is "Dark High Contrast")
  const label = theme === HIGH_CONTRAST ? 'Dark High Contrast' : theme.replace(/^Default /, '');
  await widget.locator('input').fill(label, { timeout: 10_000 });
  await widget.locator('.monaco-list-row.focused').filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Runs a workbench command with the keyboard focus taken back from the webview first. */
async function workbenchCommand(label: string): Promise<void> {
  await session.page.locator('.tabs-container .tab').filter({ hasText: 'Switchboard: Call Graph' }).first().click();
  await runCommand(session.page, label, 30_000);
}

let sideBarClosed = false;

/**
 * Screenshot to test-results/screenshots (and docs/images for the README when
 * SWITCHBOARD_UPDATE_IMAGES=1, as the harness's `screenshot` decides), taken with the
 * Explorer closed (once, for the rest of the run) so the panel has the width a person would give
 * it, and the graph fitted to it.
 */
async function documented(name: string): Promise<void> {
  if (!sideBarClosed) {
    const cyBox = async (): Promise<number> => (await frame.locator('#cy').boundingBox())?.width ?? 0;
    const narrow = await cyBox();
    await workbenchCommand('View: Toggle Primary Side Bar Visibility');
    await until('the panel to widen', 30_000, async () => ((await cyBox()) > narrow + 100 ? true : undefined));
    sideBarClosed = true;
  }
  const zoom = await frame.locator('#cy').getAttribute('data-zoom');
  await frame.locator('[data-action="fit"]').click();
  await until('the graph to fit the panel', 10_000, async () => ((await frame.locator('#cy').getAttribute('data-zoom')) !== zoom ? true : undefined)).catch(() => undefined);
  await screenshot(session.page, name, { publish: true });
}

before(async () => {
  const vsix = packageVsix();
  session = await startSession({ vsix, settings: { 'workbench.colorTheme': LIGHT } });
  workspace = copyWorkspace(EXAMPLE, session.tmp);
  await session.page.goto(session.url(workspace));
  await waitForWorkbench(session.page, 'shop');
});

after(async () => {
  await session?.close();
});

test('"Switchboard: Show Call Graph" opens the panel and draws every service of the example', async () => {
  const { page } = session;
  // the extension is active and has analysed the folder when its status bar item counts services
  try {
    await page.locator('.statusbar-item').filter({ hasText: /\d+ services/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
  } catch (error) {
    await screenshot(page, 'call-graph-not-ready');
    throw error;
  }
  const opened = Date.now();
  await runCommand(page, 'Switchboard: Show Call Graph', 30_000);
  // webviews are nested iframes: find the one holding the panel's text view
  frame = await panelFrame();
  note(`call graph drawn ${((Date.now() - opened) / 1000).toFixed(1)} s after the command (layout ${await frame.locator('body').getAttribute('data-layout-ms')} ms)`);
  const services = (await frame.locator('#node-list li[data-kind="service"]').allTextContents()).map((s) => s.trim());
  assert.deepEqual([...services].sort(), expected.services.map((s) => s.name).sort());
  // the sidebar lists them too, with finding badges on the services that have findings
  assert.equal(await frame.locator('#services li').count(), expected.services.length);
  assert.ok((await frame.locator('#services li .badge').count()) > 0, 'finding badges');
  // the theme reached the webview: VS Code's body class and colour variables
  assert.ok(await frame.locator('body.vscode-light').count(), 'light theme class on the webview body');
  // ELK ran in the layout worker (not the fallback on the page's thread)
  assert.equal(await frame.locator('body').getAttribute('data-layout-engine'), 'elk-worker');
});

test('edges are drawn by style: sync solid and thick, async dashed, fire-and-forget dotted, events through channels', async () => {
  const edges = await frame.locator('#edge-list li').evaluateAll((els) =>
    els.map((e) => ({ style: e.getAttribute('data-style'), line: e.getAttribute('data-line-style'), width: Number(e.getAttribute('data-width')), source: e.getAttribute('data-source') ?? '', target: e.getAttribute('data-target') ?? '' })),
  );
  const of = (style: string): typeof edges => edges.filter((e) => e.style === style);
  assert.ok(of('sync-request-response').length > 0 && of('sync-request-response').every((e) => e.line === 'solid' && e.width >= 3));
  assert.ok(of('async-request-response').length > 0 && of('async-request-response').every((e) => e.line === 'dashed'));
  assert.ok(of('fire-and-forget').length > 0 && of('fire-and-forget').every((e) => e.line === 'dotted'));
  assert.ok(of('event').length > 0 && of('event').every((e) => e.source.startsWith('channel:') || e.target.startsWith('channel:')));
  assert.ok(edges.some((e) => e.source === 'service:gateway' && e.target === 'service:orders' && e.style === 'sync-request-response'));
});

test('the style filter hides the fire-and-forget edges and brings them back', async () => {
  const state = (): Promise<(string | null)[]> => frame.locator('#edge-list li[data-style="fire-and-forget"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  await frame.locator('#style-fire-and-forget').uncheck();
  assert.ok((await state()).every((s) => s === 'hidden'));
  await frame.locator('#style-fire-and-forget').check();
  assert.ok((await state()).every((s) => s === 'visible'));
});

test('highlighting the checkout chain lights gateway → orders → payments → fraud and marks the cycle; light screenshot', async () => {
  const row = frame.locator('#chains li').filter({ hasText: 'gateway → orders → payments → fraud → payments' }).first();
  await row.locator('button').click();
  const hl = await frame.locator('#edge-list li[data-state="highlighted"]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-source')}>${e.getAttribute('data-target')}${e.getAttribute('data-cycle') === 'true' ? ' cycle' : ''}`));
  for (const hop of ['service:gateway>service:orders', 'service:orders>service:payments', 'service:payments>service:fraud cycle', 'service:fraud>service:payments cycle']) assert.ok(hl.includes(hop), `${hop} in ${hl.join(', ')}`);
  assert.equal(await frame.locator('#node-list li[data-id="service:notifications"]').getAttribute('data-state'), 'faded');
  await documented('call-graph-light');
});

test('follows the theme: dark screenshot', async () => {
  await setTheme(DARK);
  await frame.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 30_000 });
  await frame.locator('[data-action="clear"]').click();
  await frame.locator('[data-action="fit"]').click();
  await documented('call-graph-dark');
});

test('follows a high-contrast theme: colours come from the theme variables; high-contrast screenshot', async () => {
  await setTheme(HIGH_CONTRAST);
  await frame.locator('body.vscode-high-contrast').waitFor({ state: 'attached', timeout: 30_000 });
  // the text view is redrawn with the new stylesheet: wait until a service's label colour is the theme's
  const drawn = async (): Promise<{ vars: Record<string, string>; service: Record<string, string>; sync: string; page: string }> =>
    frame.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- DOM types are not in the Node test project
      const doc = (globalThis as any).document as { createElement(t: string): { style: { color: string }; remove(): void }; body: { append(e: unknown): void }; querySelector(s: string): { getAttribute(a: string): string | null } | null };
      const win = globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } };
      // a variable's value as the browser resolves a colour (rgb(...)), to compare with what Cytoscape reports
      // (no helper functions in here: the test runner's transform would name them with a helper the page lacks)
      const probe = doc.createElement('span');
      doc.body.append(probe);
      const vars: Record<string, string> = {};
      for (const name of ['--vscode-editor-foreground', '--vscode-editor-background', '--vscode-editorWidget-background', '--vscode-contrastBorder', '--vscode-charts-red']) {
        probe.style.color = '';
        probe.style.color = `var(${name})`;
        vars[name] = win.getComputedStyle(probe).color;
      }
      probe.remove();
      const li = doc.querySelector('#node-list li[data-id="service:catalog"]')!;
      const sync = doc.querySelector('#edge-list li[data-style="sync-request-response"][data-cycle="false"]')!;
      return {
        vars,
        service: { color: li.getAttribute('data-color') ?? '', background: li.getAttribute('data-background') ?? '', border: li.getAttribute('data-border') ?? '' },
        sync: sync.getAttribute('data-color') ?? '',
        page: win.getComputedStyle(doc.body).backgroundColor,
      };
    });
  const colours = await until('the panel to redraw in the high-contrast colours', 30_000, async () => {
    const c = await drawn();
    return (c.service.color!.match(/\d+/g) ?? []).join(',') === (c.vars['--vscode-editor-foreground']!.match(/\d+/g) ?? []).slice(0, 3).join(',') ? c : undefined;
  });
  // Cytoscape writes rgb(1,2,3), the browser rgb(1, 2, 3) or rgba(…) for a translucent variable (the
  // panel draws lines opaque): compare the red, green and blue
  const rgb = (c: string): string => (c.match(/[\d.]+/g) ?? []).slice(0, 3).join(',');
  const v = Object.fromEntries(Object.entries(colours.vars).map(([k, c]) => [k, rgb(c)]));
  colours.service = { color: rgb(colours.service.color!), background: rgb(colours.service.background!), border: rgb(colours.service.border!) };
  colours.sync = rgb(colours.sync);
  colours.page = rgb(colours.page);
  assert.ok(colours.vars['--vscode-contrastBorder'] && !/rgba\(0, 0, 0, 0\)/.test(colours.vars['--vscode-contrastBorder']), `the theme defines a contrast border (${colours.vars['--vscode-contrastBorder']})`);
  assert.equal(colours.service.color, v['--vscode-editor-foreground'], 'labels in the editor foreground');
  assert.equal(colours.service.background, v['--vscode-editorWidget-background'], 'nodes in the widget background');
  assert.equal(colours.service.border, v['--vscode-contrastBorder'], 'catalog (no findings) bordered in the contrast border');
  assert.equal(colours.sync, v['--vscode-charts-red'], 'sync edges in the theme chart red');
  assert.equal(colours.page, v['--vscode-editor-background'], 'the page in the editor background');
  await frame.locator('[data-action="clear"]').click();
  await frame.locator('[data-action="fit"]').click();
  // the cycle in high contrast: told from the other sync edges by its dash-dot line, not only its red
  await frame.locator('[data-action="cycles"]').click();
  const cycleLines = await frame.locator('#edge-list li[data-cycle="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-line-style')));
  assert.ok(cycleLines.length >= 2 && cycleLines.every((l) => l === 'dashed'), JSON.stringify(cycleLines));
  await documented('call-graph-high-contrast');
  // back to dark for the pictures and clicks that follow
  await setTheme(DARK);
  await frame.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 30_000 });
});

test('"Export SVG" in the panel writes an SVG of the graph to the path typed into the save dialog', async () => {
  const { page } = session;
  const target = path.join(workspace, 'graph-export.svg');
  await frame.locator('[data-action="export-svg"]').click();
  try {
    await answerSaveDialog(page, /Save the call graph as SVG/, target);
  } catch (error) {
    await screenshot(page, 'call-graph-export-svg-failed');
    throw error;
  }
  const svg = await until('the SVG file', 30_000, () => (fs.existsSync(target) && fs.statSync(target).size > 0 ? fs.readFileSync(target, 'utf8') : undefined));
  assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg\b/, 'an SVG document');
  assert.match(svg, /<\/svg>\s*$/);
  for (const s of expected.services) assert.ok(svg.includes(`>${s.name}<`), `${s.name} drawn as text in the SVG`);
  await page.locator('.notifications-toasts').filter({ hasText: /call graph saved to graph-export\.svg/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
});

test('"Export PNG" in the panel writes a PNG image to the path typed into the save dialog', async () => {
  const { page } = session;
  const target = path.join(workspace, 'graph-export.png');
  await frame.locator('[data-action="export-png"]').click();
  try {
    await answerSaveDialog(page, /Save the call graph as PNG/, target);
  } catch (error) {
    await screenshot(page, 'call-graph-export-png-failed');
    throw error;
  }
  const png = await until('the PNG file', 30_000, () => (fs.existsSync(target) && fs.statSync(target).size > 24 ? fs.readFileSync(target) : undefined));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width > 200 && height > 100, `a real picture (${width}×${height})`);
});

test('after "Developer: Reload Window" the panel comes back with its filter and focus', async () => {
  const { page } = session;
  // a filter and a focus to keep
  await frame.locator('#style-fire-and-forget').uncheck();
  await frame.locator('#services li[data-service="inventory"] button.link').click();
  await frame.locator('#services li.focused[data-service="inventory"]').waitFor({ state: 'attached', timeout: 10_000 });
  const fadedBefore = await frame.locator('#node-list li[data-state="faded"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
  assert.ok(fadedBefore.length > 0, 'the focus fades what is not next to inventory');
  await runCommand(page, 'Developer: Reload Window', 30_000);
  // the Explorer stays closed (see documented): the workbench is back when its editor tabs are
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  // restored by the panel serializer (onWebviewPanel activation), not reopened by us
  await page.locator('.tabs-container .tab').filter({ hasText: 'Switchboard: Call Graph' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  try {
    frame = await panelFrame(120_000);
  } catch (error) {
    await screenshot(page, 'call-graph-restore-failed');
    throw error;
  }
  await frame.locator('#services li.focused[data-service="inventory"]').waitFor({ state: 'attached', timeout: 30_000 });
  assert.equal(await frame.locator('#style-fire-and-forget').isChecked(), false, 'the style filter is kept');
  const ff = await frame.locator('#edge-list li[data-style="fire-and-forget"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
  assert.ok(ff.length > 0 && ff.every((s) => s === 'hidden'), `fire-and-forget edges still hidden: ${ff.join(', ')}`);
  const fadedAfter = await frame.locator('#node-list li[data-state="faded"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
  assert.deepEqual(fadedAfter, fadedBefore, 'the same neighbourhood is in focus');
  await screenshot(page, 'call-graph-restored');
  // leave the panel as it was for the next test
  await frame.locator('[data-action="clear"]').click();
  await frame.locator('#services li.focused').waitFor({ state: 'detached', timeout: 10_000 });
  await frame.locator('#style-fire-and-forget').check();
});

test('clicking a service on the canvas opens its code in the editor', async () => {
  const { page } = session;
  const li = frame.locator('#node-list li[data-id="service:orders"]');
  const x = Number(await li.getAttribute('data-x'));
  const y = Number(await li.getAttribute('data-y'));
  const cy = frame.locator('#cy');
  const zoom = Number(await cy.getAttribute('data-zoom'));
  const panX = Number(await cy.getAttribute('data-pan-x'));
  const panY = Number(await cy.getAttribute('data-pan-y'));
  // bounding boxes are relative to the main page, whatever frame the element is in
  const box = (await cy.boundingBox())!;
  await page.mouse.click(box.x + x * zoom + panX, box.y + y * zoom + panY);
  // the orders service opens at its first endpoint: a source file under apps/orders
  const tab = page.locator('.tabs-container .tab').filter({ hasText: /\.ts\b/ }).first();
  try {
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
  } catch (error) {
    await screenshot(page, 'call-graph-click-failed');
    throw error;
  }
  // the editor's breadcrumbs show where the file is
  const crumbs = (await page.locator('.editor-group-container.active .breadcrumbs-control').first().innerText()).replace(/\s+/g, ' ');
  assert.match(crumbs, /apps.*orders.*src/, `the opened file belongs to orders (breadcrumbs: ${crumbs}; tab: ${await tab.innerText()})`);
  await screenshot(page, 'call-graph-click-to-source');
});

/** A two-service system whose service and Kafka topic are named like an HTML injection. */
const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_FILES: Record<string, string> = {
  'docker-compose.yml': `services:\n  "${HOSTILE}":\n    build: ./web\n  billing:\n    build: ./billing\n`,
  'web/package.json': JSON.stringify({ name: 'web', dependencies: { express: '^4.19.0', kafkajs: '^2.2.4' } }),
  'web/src/main.ts': [
    "import express from 'express';",
    "import { Kafka } from 'kafkajs';",
    'const app = express();',
    "const producer = new Kafka({ clientId: 'web', brokers: ['kafka:9092'] }).producer();",
    "app.post('/orders', async (_req, res) => {",
    `  await producer.send({ topic: '${HOSTILE}', messages: [{ value: 'created' }] });`,
    '  res.status(202).end();',
    '});',
    'app.listen(3000);',
    '',
  ].join('\n'),
  'billing/package.json': JSON.stringify({ name: 'billing', dependencies: { express: '^4.19.0', kafkajs: '^2.2.4' } }),
  'billing/src/main.ts': [
    "import express from 'express';",
    "import { Kafka } from 'kafkajs';",
    'const app = express();',
    "const consumer = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] }).consumer({ groupId: 'billing' });",
    'export async function start(): Promise<void> {',
    `  await consumer.subscribe({ topic: '${HOSTILE}' });`,
    '  await consumer.run({ eachMessage: async ({ message }) => console.log(String(message.value)) });',
    '}',
    'app.listen(3001);',
    '',
  ].join('\n'),
};

test(`a service and a topic named ${HOSTILE} show literally in the panel and run nothing`, async () => {
  const { page } = session;
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const workspace = path.join(session.tmp, 'hostile');
  for (const [file, text] of Object.entries(HOSTILE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    fs.writeFileSync(path.join(workspace, file), text);
  }
  await page.goto(session.url(workspace));
  await waitForWorkbench(page, 'hostile');
  await page.locator('.statusbar-item').filter({ hasText: /2 services/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
  // the panel comes back by itself (serializer) or opens from the palette
  await runCommand(page, 'Switchboard: Show Call Graph', 30_000);
  const hostile = await until('the webview frame with the hostile graph', 60_000, async () => {
    for (const f of page.frames()) {
      if ((await f.locator('#node-list li[data-kind="service"]').count().catch(() => 0)) === 2) return f;
    }
    return undefined;
  });
  const services = (await hostile.locator('#node-list li[data-kind="service"]').allTextContents()).map((t) => t.trim());
  assert.ok(services.includes(HOSTILE), `the service name shows literally: ${services.join(' | ')}`);
  const channels = await hostile.locator('#node-list li[data-kind="channel"]').allTextContents();
  assert.ok(channels.includes(HOSTILE), `the topic shows literally: ${channels.join(' | ')}`);
  assert.ok((await hostile.locator('#services li button.link').allTextContents()).includes(HOSTILE));
  assert.equal(await hostile.locator('img').count(), 0, 'no img element in the webview');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'nor in the workbench');
  assert.deepEqual(dialogs, [], 'no alert ran');
  await screenshot(page, 'call-graph-hostile-names');
});
