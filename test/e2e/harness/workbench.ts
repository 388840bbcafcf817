/**
 * Small drivers for VS Code's web workbench (the DOM code-server serves): wait for it, run a
 * command from the command palette, read the Problems panel and the Output view.
 * Every wait is on the DOM with a deadline; nothing sleeps for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';

/** Waits until the workbench has loaded the folder (its name shows in the Explorer). */
export async function waitForWorkbench(page: Page, folderName: string, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page
    .locator('.explorer-folders-view, .pane-header')
    .filter({ hasText: new RegExp(folderName, 'i') })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The command palette / quick pick widget. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Opens the command palette, picks the command whose label is `label`, and runs it. */
export async function runCommand(page: Page, label: string, timeoutMs = 15_000): Promise<void> {
  const widget = quickInput(page);
  // F1 opens the palette in every keymap and is not a browser shortcut
  await page.keyboard.press('F1');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${label}`);
  const row = widget.locator('.monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  // the palette filters asynchronously: wait until the command is the focused (first) row
  await widget.locator('.monaco-list-row.focused').filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.keyboard.press('Enter');
}

/** The rows of the Problems panel that show a diagnostic of `source`, optionally with `code`. */
export function problemRows(page: Page, source: string, code?: string): Locator {
  const exact = (text: string): RegExp => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  let rows = page.locator('.markers-panel .monaco-list-row').filter({ has: page.locator('.marker-source', { hasText: exact(source) }) });
  if (code) rows = rows.filter({ has: page.locator('.marker-code', { hasText: exact(code) }) });
  return rows;
}

/** The Output view's editor lines. */
export function outputLines(page: Page): Locator {
  return page.locator('.part.panel .view-lines').first();
}

/** The visible text of the Output view's editor. */
export async function outputText(page: Page): Promise<string> {
  return (await outputLines(page).innerText()).replace(/\u00a0/g, ' ');
}

/** Moves the mouse to an empty spot (the panel's title bar, between its tabs and its actions) and waits for hovers to close. */
export async function parkMouse(page: Page): Promise<void> {
  const title = page.locator('.part.panel .composite.title').first();
  const box = await title.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page
    .locator('.workbench-hover-container, .monaco-hover:not(.hidden)')
    .first()
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .catch(() => undefined);
}

/**
 * Answers a save dialog by typing the path, as a person does in code-server's own file dialog (a
 * quick input whose box holds the path): waits for the dialog (its title matching `title`), types
 * `absPath` over the proposed one and accepts. Resolves once the dialog has closed.
 */
export async function answerSaveDialog(page: Page, title: RegExp, absPath: string, timeoutMs = 30_000): Promise<void> {
  const widget = quickInput(page);
  await widget.locator('.quick-input-title').filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  const input = widget.locator('input').first();
  // the dialog proposes the default file, and may fill it in after it shows: type the chosen path
  // until the box holds it (it also rewrites the box as it lists the folder being typed)
  const deadline = Date.now() + timeoutMs;
  // accepted once the box has held the path on two looks a poll apart
  for (let held = 0; held < 2; ) {
    const value = await input.inputValue().catch(() => '');
    if (value === absPath) held++;
    else {
      held = 0;
      if (Date.now() > deadline) throw new Error(`the save dialog holds "${value}", not ${absPath}`);
      await input.fill(absPath);
    }
    await page.waitForTimeout(250);
  }
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
}
