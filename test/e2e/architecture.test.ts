/**
 * The architecture file end to end in a real VS Code (code-server + headless Chromium, the packaged
 * .vsix): a copy of the example with a policy it breaks at its root. Opening the file shows it
 * highlighted by the grammar, a divergence diagnostic on the broken deny, and completion of styles.
 * Screenshots go to test-results/screenshots/architecture-*.png.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { copyWorkspace, note, packageVsix, ROOT, screenshot, screenshotOnFailure, type Session, startSession } from './harness/code-server';
import { parkMouse, problemRows, quickInput, runCommand, waitForWorkbench } from './harness/workbench';

const EXAMPLE = path.join(ROOT, 'examples', 'shop');
const POLICY = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'architecture', 'shop-fail.switchboard'), 'utf8');

let session: Session;

before(async () => {
  const vsix = packageVsix();
  session = await startSession({ vsix });
  const workspace = copyWorkspace(EXAMPLE, session.tmp);
  fs.writeFileSync(path.join(workspace, 'architecture.switchboard'), POLICY);
  await session.page.goto(session.url(workspace));
  await waitForWorkbench(session.page, 'shop');
});

after(async () => {
  await session?.close();
});

/** The editor of the architecture file. */
const editor = () => session.page.locator('.editor-group-container .monaco-editor').first();

test('opening the architecture file shows it highlighted by the Switchboard grammar', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-open', async () => {
    await runCommand(page, 'Go to File');
    await quickInput(page).locator('input').fill('architecture.switchboard');
    await quickInput(page).locator('.monaco-list-row').filter({ hasText: 'architecture.switchboard' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active').filter({ hasText: 'architecture.switchboard' }).waitFor({ state: 'visible', timeout: 15_000 });
    // the language of the editor, in the status bar
    await page.locator('.statusbar-item').filter({ hasText: 'Switchboard Architecture' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // tokens of different kinds get different colours (getComputedStyle runs in the page; the tests have no DOM lib): keyword, service name, arrow, style, comment
    const line = editor().locator('.view-line').filter({ hasText: 'deny  fraud' }).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    const colours = await line
      .locator('span > span')
      .evaluateAll((spans) =>
        spans
          .filter((s) => (s.textContent ?? '').trim())
          .map((s) => ({
            text: (s.textContent ?? '').trim(),
            colour: (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(s).color,
          })),
      );
    const colourOf = (text: string): string | undefined => colours.find((c) => c.text === text || c.text.startsWith(text))?.colour;
    const distinct = new Set(['deny', 'fraud', 'sync-request-response', '//'].map(colourOf));
    assert.equal(distinct.size, 4, `keyword, service, style and comment in four colours: ${JSON.stringify(colours)}`);
    assert.ok(!distinct.has(undefined));
  });
});

test('the divergence shows as a diagnostic on the statement and in the Problems panel', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-divergence', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 15_000 });
    // the panel's list is virtual: filter it down to the architecture file's statement findings
    const filter = page.locator('.part.panel .viewpane-filter input, .part.panel .markers-panel-action-filter input').first();
    await filter.fill('statement denies');
    const row = problemRows(page, 'switchboard', 'architecture-divergence').filter({ hasText: 'The code does what this statement denies' }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await row.innerText(), /fraud → payments sync-request-response/);
    await editor().locator('.squiggly-error').first().waitFor({ state: 'visible', timeout: 15_000 });
    await parkMouse(page);
    await screenshot(page, 'architecture-file', { publish: true });
    await filter.fill('');
  });
});

test('completion offers the styles after `allow <from> -> <to>`', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-completion', async () => {
    await editor().locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('allow gateway -> orders ', { delay: 20 });
    const suggest = page.locator('.editor-widget.suggest-widget');
    // typing a space triggers completion; ask explicitly too in case the trigger raced the typing
    if (!(await suggest.isVisible())) await page.keyboard.press('Control+Space');
    const item = suggest.locator('.monaco-list-row').filter({ hasText: 'fire-and-forget' }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
    note(`completion after "allow gateway -> orders ": ${labels.join(', ')}`);
    assert.ok(labels.some((l) => l.includes('sync-request-response')));
    await screenshot(page, 'architecture-completion', { publish: true });
    await page.keyboard.press('Escape');
  });
});
