import type { Page, Response } from '@playwright/test';
import { expect, test } from './fixtures';

/** What a page script sees of its global scope (the specs compile without the DOM library). */
type PageGlobals = {
  document: { querySelector(selector: string): { href: string } | null };
  location: { href: string };
  Image: new () => { src: string; decode(): Promise<void>; naturalWidth: number };
};

/** Every response the page received that was an error, as "status url". */
function failures(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (res: Response) => {
    if (res.status() >= 400) seen.push(`${res.status()} ${res.url()}`);
  });
  return seen;
}

test('the console has an icon and no request of its pages answers an error', async ({ page, gh }) => {
  const errors = failures(page);
  // the sign-in screen first, then the console
  await page.goto(gh.consoleUrl);
  await expect(page.getByRole('form', { name: 'Sign in to the console' })).toBeVisible();
  await gh.open(page, 'sessions');
  for (const screen of ['Token inspector', 'Denylist', 'Signing keys', 'Audit log', 'Settings', 'Demo lab'])
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();

  // the icon a browser asks for: the page's <link rel="icon">, or /favicon.ico when it declares none.
  // Headless Chromium never fetches icons itself, so the spec does what a desktop browser would.
  const icon = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return g.document.querySelector('link[rel~="icon"]')?.href ?? new URL('/favicon.ico', g.location.href).href;
  });
  if (icon.startsWith('data:')) {
    // decoded as an image under the page's own Content-Security-Policy
    const width = await page.evaluate(async (src) => {
      const img = new (globalThis as unknown as PageGlobals).Image();
      img.src = src;
      await img.decode();
      return img.naturalWidth;
    }, icon);
    expect(width).toBeGreaterThan(0);
  } else {
    const res = await page.request.get(icon);
    expect(res.status(), `${icon} answers`).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\//);
  }
  expect(errors).toEqual([]);
});
