import path from 'node:path';
import { test, type Page, type PageScreenshotOptions } from '@playwright/test';

/**
 * The one place a spec's pictures go. `npm test` writes them to test-results/screenshots/
 * (ignored), so a test run never touches a tracked file; `npm run screenshots` sets
 * GATEHOUSE_SCREENSHOTS=docs/screenshots and runs the tests tagged SCREENSHOT_TAG, which retakes
 * the pictures of the README and docs/. A relative folder is taken from the project root.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = path.resolve(ROOT, process.env.GATEHOUSE_SCREENSHOTS || 'test-results/screenshots');

/** Tests that take a picture carry this tag: `npm run screenshots` runs exactly those. */
export const SCREENSHOT_TAG = '@screenshots';

/** Saves `name`.png of the page; only a test tagged SCREENSHOT_TAG may, so none is left out of a refresh. */
export async function screenshot(
  page: Page,
  name: string,
  options: Omit<PageScreenshotOptions, 'path'> = {},
): Promise<void> {
  if (!test.info().tags.includes(SCREENSHOT_TAG))
    throw new Error(
      `"${test.info().title}" takes the screenshot ${name}.png: tag it { tag: '${SCREENSHOT_TAG}' } so that npm run screenshots retakes it`,
    );
  await page.screenshot({ ...options, path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Dismisses the toasts on screen, so a picture shows the screen and not the last action's notices. */
export async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByRole('button', { name: 'Dismiss notification' });
  while ((await buttons.count()) > 0)
    await buttons
      .first()
      .click({ timeout: 2000 })
      .catch(() => undefined);
}
