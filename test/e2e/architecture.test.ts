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
import { copyWorkspace, note, packageVsix, ROOT, screenshot, screenshotOnFailure, type Session, startSession, until } from './harness/code-server';
import { parkMouse, problemRows, quickInput, runCommand, waitForWorkbench } from './harness/workbench';

const EXAMPLE = path.join(ROOT, 'examples', 'shop');
const POLICY = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'architecture', 'shop-fail.switchboard'), 'utf8');

let session: Session;
let workspace: string;

before(async () => {
  const vsix = packageVsix();
  session = await startSession({ vsix });
  workspace = copyWorkspace(EXAMPLE, session.tmp);
  fs.writeFileSync(path.join(workspace, 'architecture.switchboard'), POLICY);
  await session.page.goto(session.url(workspace));
  await waitForWorkbench(session.page, 'shop');
});

after(async () => {
  await session?.close();
});

/** The visible text editor (the workbench keeps hidden editor widgets of other tabs around). */
const editor = () => session.page.locator('.editor-group-container .monaco-editor').filter({ visible: true }).first();

/** Opens architecture.switchboard with Go to File, unless it is the active editor already. */
async function openArchitectureFile(): Promise<void> {
  const { page } = session;
  const tab = page.locator('.tab.active').filter({ hasText: 'architecture.switchboard' });
  if (await tab.isVisible()) return;
  await runCommand(page, 'Go to File');
  await quickInput(page).locator('input').fill('architecture.switchboard');
  // the list filters asynchronously: wait until the file is the focused row before accepting it
  await quickInput(page)
    .locator('.monaco-list-row.focused')
    .filter({ hasText: 'architecture.switchboard' })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
}

test('opening the architecture file shows it highlighted by the Switchboard grammar', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-open', async () => {
    await openArchitectureFile();
    // the language of the editor, in the status bar
    await page.locator('.statusbar-item').filter({ hasText: 'Switchboard Architecture' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // tokens of different kinds get different colours (getComputedStyle runs in the page; the tests have no DOM lib): keyword, service name, arrow, style, comment
    const line = editor().locator('.view-line').filter({ hasText: 'deny  fraud' }).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    // tokenization is asynchronous: poll until the line is coloured (or fail with what it shows)
    let colours: { text: string; colour: string }[] = [];
    const colourOf = (text: string): string | undefined => colours.find((c) => c.text === text || c.text.startsWith(text))?.colour;
    const kinds = ['deny', 'fraud', 'sync-request-response', '//'];
    await until('keyword, service, style and comment in four colours', 15_000, async () => {
      colours = await line.locator('span > span').evaluateAll((spans) =>
        spans
          .filter((s) => (s.textContent ?? '').trim())
          .map((s) => ({
            text: (s.textContent ?? '').trim(),
            colour: (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(s).color,
          })),
      );
      const distinct = new Set(kinds.map(colourOf));
      return distinct.size === 4 && !distinct.has(undefined) ? true : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the line shows ${JSON.stringify(colours)}`);
    });
  });
});

test('the divergence shows as a diagnostic on the statement and in the Problems panel', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-divergence', async () => {
    await openArchitectureFile();
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
    await openArchitectureFile();
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
    // leave nothing dirty behind: the workbench would save it while later tests read the file
    await runCommand(page, 'File: Revert File');
    await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 15_000 });
  });
});

test('"Switchboard: Generate Architecture File" opens the discovered architecture without overwriting the existing file', async () => {
  const { page } = session;
  await screenshotOnFailure(page, 'architecture-generate', async () => {
    // (the workbench may have saved the edits of the completion test: compare with the file as it is now)
    const before = fs.readFileSync(path.join(workspace, 'architecture.switchboard'), 'utf8');
    await runCommand(page, 'Switchboard: Generate Architecture File');
    // architecture.switchboard exists, so the text opens in a new untitled editor and a message says so
    await page
      .locator('.tab.active')
      .filter({ hasText: /Untitled/ })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const lines = editor().locator('.view-line');
    await lines.filter({ hasText: 'service gateway' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.statusbar-item').filter({ hasText: 'Switchboard Architecture' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(fs.readFileSync(path.join(workspace, 'architecture.switchboard'), 'utf8'), before, 'the existing file is untouched');
    // the message, as a toast or (once the toast has gone) in the notification centre
    const message = page.locator('.notifications-toasts, .notifications-center').filter({ hasText: 'already exists' }).first();
    if (!(await message.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
    await message.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'architecture-generate');
  });
});
