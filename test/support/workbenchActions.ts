import type { Locator, Page } from 'playwright-core';

/**
 * What a user does in the workbench, through the DOM only: the command palette, quick-input
 * answers, the rows of a side-bar view, context menus and the Problems panel.
 */

/** The quick-input widget (command palette, input boxes, quick picks) while it is shown. */
export const QUICK_INPUT = '.quick-input-widget:not([style*="display: none"])';

/** The rows of one view (by its title, e.g. "Images") in the side bar. */
export function viewRows(page: Page, view: string): Locator {
  return page.locator(`.pane:has(.pane-header[aria-label*="${view}"]) .monaco-list-row`);
}

/** One row of a view whose text matches. */
export function viewRow(page: Page, view: string, text: string | RegExp): Locator {
  return viewRows(page, view).filter({ hasText: text }).first();
}

/** The row of a view whose label (not its description) is exactly `label`. */
export function viewRowByLabel(page: Page, view: string, label: string): Locator {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  return viewRows(page, view).filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
}

/** What a tree row shows: its label and its description (the grey text after it). */
export async function rowParts(row: Locator): Promise<{ label: string; description: string }> {
  return row.evaluate((el) => ({
    label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
    description: (el.querySelector('.label-description')?.textContent ?? '').trim(),
  }));
}

/** Label and description of every row of a locator, in order. */
export async function rowsParts(rows: Locator): Promise<Array<{ label: string; description: string }>> {
  return rows.evaluateAll((els) => els.map((el) => ({
    label: (el.querySelector('.label-name')?.textContent ?? '').trim(),
    description: (el.querySelector('.label-description')?.textContent ?? '').trim(),
  })));
}

/**
 * Runs a command from the palette (F1) by its title as the palette shows it
 * (e.g. "Stevedore Images: Pull Image...").
 */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${title}`);
  const item = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`, { hasText: title }).first();
  await item.waitFor({ timeout: 15_000 });
  await item.click();
}

/**
 * Answers the input box a command shows (by its title, e.g. "Pull Image") with `text` and Enter.
 * Returns the prompt the box showed.
 */
export async function answerInputBox(page: Page, title: string | RegExp, text: string): Promise<string> {
  const widget = page.locator(QUICK_INPUT).filter({ has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ timeout: 30_000 });
  const prompt = (await widget.locator('.quick-input-message').innerText().catch(() => '')).trim();
  const input = widget.locator('.quick-input-box input');
  await input.fill(text);
  await input.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 15_000 });
  return prompt;
}

/** Picks `label` from the context menu of `row` (right-click). */
export async function contextMenu(page: Page, row: Locator, label: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: label }).first();
  await item.waitFor({ timeout: 15_000 });
  // The menu ignores a click that comes too soon after it opened (the right-click's own
  // mouse-up): hover first, and click again while the menu is still there.
  await item.hover();
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.waitForTimeout(200);
    if (!(await item.isVisible())) return;
    await item.click().catch(() => undefined);
  }
  await item.waitFor({ state: 'hidden', timeout: 5_000 });
}

/** Expands a collapsed tree row (click on its twistie) and waits until the row says it is expanded. */
export async function expand(row: Locator): Promise<void> {
  if ((await row.getAttribute('aria-expanded')) === 'true') return;
  await row.locator('.monaco-tl-twistie').click();
  await row.page().waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 15_000 });
}

/** The rows of the Problems panel (file rows and marker rows) as text. */
export async function problemRows(page: Page): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

/** Drags the side bar's edge so it is `width` pixels wide (long labels and descriptions show whole in screenshots). */
export async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge + 40, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
}
