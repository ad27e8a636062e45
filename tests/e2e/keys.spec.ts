import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

const kidsOf = (jwks: { keys: Record<string, unknown>[] }) => jwks.keys.map((k) => String(k.kid)).sort();

test(
  'rotate now changes the published JWKS; the old key is retiring with its safe retire time',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const before = await gh.admin('keys.list');
    const oldActive = before.find((k) => k.state === 'active')!;
    const jwksBefore = kidsOf(await gh.admin('keys.jwks'));
    await gh.open(page, 'keys');
    const preview = page.getByLabel('JWKS', { exact: true });
    for (const kid of jwksBefore) await expect(preview).toContainText(kid);

    await page.getByRole('button', { name: 'Rotate now' }).click();
    const oldCard = page.getByRole('listitem', { name: `Key ${oldActive.kid}` });
    await expect(oldCard.getByText('retiring', { exact: true })).toBeVisible();
    await expect(oldCard.getByRole('button', { name: 'Retire' })).toBeDisabled();
    await expect(oldCard).toContainText('Safe to retire at');

    const jwksAfter = kidsOf(await gh.admin('keys.jwks'));
    expect(jwksAfter).not.toEqual(jwksBefore);
    const added = jwksAfter.filter((k) => !jwksBefore.includes(k));
    expect(added.length).toBeGreaterThan(0);
    for (const kid of added) await expect(preview).toContainText(kid);
    const nowActive = (await gh.admin('keys.list')).find((k) => k.state === 'active')!;
    await expect(
      page.getByRole('listitem', { name: `Key ${nowActive.kid}` }).getByText('active', { exact: true }),
    ).toBeVisible();

    await page.getByLabel('Algorithm').selectOption('EdDSA');
    await page.getByRole('button', { name: 'Generate key' }).click();
    await expect(page.getByRole('list', { name: 'Key ring' }).getByText('EdDSA')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export jwks.json' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('jwks.json');
    await screenshot(page, 'keys', { fullPage: true });
  },
);

test(
  'emergency revoke previews its impact and rejects the key’s tokens at once',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    const active = (await gh.admin('keys.list')).find((k) => k.state === 'active')!;
    await gh.open(page, 'keys');
    await page
      .getByRole('listitem', { name: `Key ${active.kid}` })
      .getByRole('button', { name: 'Emergency revoke…' })
      .click();

    const dialog = page.getByRole('dialog', { name: `Emergency revoke of ${active.kid}?` });
    const impact = dialog.getByLabel('Impact preview');
    await expect(impact).toContainText('live access tokens rejected at once');
    await expect(impact.locator('.metric-value').first()).toHaveText(/^[1-9]\d*$/);
    await expect(impact).toContainText('a successor is promoted');
    await screenshot(page, 'keys-revoke');
    await dialog.getByLabel('Reason').fill('key material exposed');
    await dialog.getByRole('button', { name: 'Revoke key now' }).click();
    await expect(dialog).toBeHidden();

    await expect(
      page.getByRole('listitem', { name: `Key ${active.kid}` }).getByText('revoked', { exact: true }),
    ).toBeVisible();
    expect(await gh.me(login.access_token)).toBe(401);
    expect(kidsOf(await gh.admin('keys.jwks'))).not.toContain(active.kid);
  },
);
