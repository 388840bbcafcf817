/**
 * End to end in a real VS Code: the command-palette reports (Coupling Report, Synchronous Chains,
 * Event Catalog, Service Inventory) open as Markdown previews with their tables and the example's
 * services, and "Export Report…" writes the chosen format to the path typed into the save dialog.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { copyWorkspace, packageVsix, ROOT, screenshot, screenshotOnFailure, type Session, startSession, until } from './harness/code-server';
import { answerSaveDialog, quickInput, runCommand, waitForWorkbench } from './harness/workbench';

const EXAMPLE = path.join(ROOT, 'examples', 'shop');

interface Expected {
  services: { name: string }[];
}
const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'expected.json'), 'utf8')) as Expected;
const SERVICES = expected.services.map((s) => s.name).sort();

let session: Session;
let workspace: string;

before(async () => {
  session = await startSession({ vsix: packageVsix() });
  workspace = copyWorkspace(EXAMPLE, session.tmp);
  await session.page.goto(session.url(workspace));
  await waitForWorkbench(session.page, 'shop');
  // the server has analysed the folder when the status bar counts the services
  await session.page.locator('.statusbar-item').filter({ hasText: /\d+ services/ }).first().waitFor({ state: 'visible', timeout: 120_000 });
});

after(async () => {
  await session?.close();
});

/** The Markdown preview frame whose rendered document has a heading matching `heading`. */
async function previewWith(heading: RegExp): Promise<Frame> {
  return until(`a Markdown preview showing ${String(heading)}`, 60_000, async () => {
    for (const f of session.page.frames()) {
      const headings = await f
        .locator('.markdown-body h1, .markdown-body h2, body h1, body h2')
        .allTextContents()
        .catch(() => [] as string[]);
      if (headings.some((h) => heading.test(h))) return f;
    }
    return undefined;
  });
}

/** The header cells and the first column of the first table under the preview's body. */
async function firstTable(frame: Frame): Promise<{ headers: string[]; firstColumn: string[] }> {
  const table = frame.locator('table').first();
  const headers = (await table.locator('th').allTextContents()).map((t) => t.trim());
  const firstColumn = (await table.locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim());
  return { headers, firstColumn };
}

const REPORTS: { command: string; heading: RegExp; headers: string[]; check: (t: { headers: string[]; firstColumn: string[] }, text: string) => void }[] = [
  {
    command: 'Switchboard: Coupling Report',
    heading: /Coupling Report/,
    headers: ['Service', 'Sync dependencies', 'Temporal-coupling set', 'Domain coupling out', 'Domain coupling in', 'Shared data'],
    check: (t) => assert.deepEqual([...t.firstColumn].sort(), SERVICES, 'one row per service of the example'),
  },
  {
    command: 'Switchboard: Synchronous Chains',
    heading: /Synchronous Chains/,
    headers: ['#', 'Chain', 'Length', 'Cycle', 'Entry point'],
    check: (_t, text) => assert.match(text, /gateway → orders → payments → fraud → payments/),
  },
  {
    command: 'Switchboard: Event Catalog',
    heading: /Event Catalog/,
    headers: ['Channel', 'Mechanism', 'Publishers', 'Subscribers', 'Note'],
    check: (t) => {
      for (const channel of ['order.created', 'payment.completed', 'shipment.dispatched']) assert.ok(t.firstColumn.includes(channel), `${channel} in ${t.firstColumn.join(', ')}`);
    },
  },
  {
    command: 'Switchboard: Service Inventory',
    heading: /Service Inventory/,
    headers: [],
    check: (_t, text) => {
      for (const s of SERVICES) assert.ok(text.includes(s), `${s} in the inventory`);
      assert.match(text, /POST \/api\/checkout/);
    },
  },
];

for (const report of REPORTS) {
  test(`"${report.command}" opens a Markdown preview with its table and the example's services`, async () => {
    const { page } = session;
    await screenshotOnFailure(page, `report-${report.heading.source.replace(/\W+/g, '-').toLowerCase()}`, async () => {
      await runCommand(page, report.command, 30_000);
      const frame = await previewWith(report.heading);
      await frame.locator('table').first().waitFor({ state: 'visible', timeout: 30_000 });
      const table = await firstTable(frame);
      if (report.headers.length) assert.deepEqual(table.headers, report.headers);
      report.check(table, await frame.locator('body').innerText());
      // the report is a read-only document: no unsaved tab that asks to be saved on close
      assert.equal(await page.locator('.tab.dirty').count(), 0, 'no unsaved editor tab');
      await screenshot(page, `report-${report.heading.source.replace(/\W+/g, '-').toLowerCase()}`);
    });
  });
}

test("a report's code location is a link the preview opens at its line", async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'report-code-link', async () => {
    await runCommand(page, 'Switchboard: Synchronous Chains', 30_000);
    const frame = await previewWith(/Synchronous Chains/);
    const link = frame.locator('a').filter({ hasText: /checkout\.routes\.ts:\d+/ }).first();
    await link.waitFor({ state: 'visible', timeout: 30_000 });
    const line = /:(\d+)$/.exec((await link.textContent())?.trim() ?? '')?.[1];
    assert.ok(line, 'the link names its line');
    await link.click();
    await page.locator('.tab.active', { hasText: 'checkout.routes.ts' }).waitFor({ state: 'visible', timeout: 20_000 });
    await page
      .locator('.statusbar')
      .getByText(new RegExp(`Ln ${line}, Col`))
      .waitFor({ state: 'visible', timeout: 10_000 });
  });
});

test('"Export Report…" writes JSON to the path typed into the save dialog', async () => {
  const { page } = session;
  const target = path.join(workspace, 'exported-analysis.json');
  await screenshotOnFailure(page, 'export-report', async () => {
    await runCommand(page, 'Switchboard: Export Report…', 30_000);
    const widget = quickInput(page);
    await widget.locator('input').fill('JSON');
    await widget.locator('.monaco-list-row.focused').filter({ hasText: 'JSON' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await answerSaveDialog(page, /Save the JSON export/, target);
    const text = await until('the exported file', 30_000, () => (fs.existsSync(target) && fs.statSync(target).size > 0 ? fs.readFileSync(target, 'utf8') : undefined));
    const json = JSON.parse(text) as { schemaVersion: number; services: { name: string }[]; interactions: unknown[] };
    assert.equal(json.schemaVersion, 1);
    assert.deepEqual(json.services.map((s) => s.name).sort(), SERVICES);
    assert.ok(json.interactions.length > 10);
    // and says where it went
    await page.locator('.notifications-toasts').filter({ hasText: /JSON saved to exported-analysis\.json/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'export-report-saved');
  });
});
