import type { Page } from '@playwright/test';
import type { KeyView } from '../../src/shared/admin-views';
import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

const kidsOf = (jwks: { keys: Record<string, unknown>[] }) => jwks.keys.map((k) => String(k.kid)).sort();
/** The ring has two lanes: access tokens (the settings' algorithm) and id_tokens (RS256). */
const inLane = (lane: KeyView['lane']) => (k: KeyView) => k.lane === lane;
const activeOf = (keys: KeyView[], lane: KeyView['lane'] = 'access') =>
  keys.find((k) => k.state === 'active' && k.lane === lane)!;
const pendingOf = (keys: KeyView[], lane: KeyView['lane'] = 'access') =>
  keys.filter((k) => k.state === 'pending' && k.lane === lane);
const lanePanel = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
const accessLane = (page: Page) => lanePanel(page, 'Access tokens');
const idLane = (page: Page) => lanePanel(page, 'id_tokens and logout tokens');

test(
  'rotate now changes the published JWKS; the old key is retiring with its safe retire time',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const before = await gh.admin('keys.list');
    const oldActive = activeOf(before);
    const jwksBefore = kidsOf(await gh.admin('keys.jwks'));
    await gh.open(page, 'keys');
    const preview = page.getByLabel('JWKS', { exact: true });
    for (const kid of jwksBefore) await expect(preview).toContainText(kid);

    await accessLane(page).getByRole('button', { name: 'Rotate now…' }).click();
    const rotateDialog = page.getByRole('dialog', { name: 'Rotate the signing key now?' });
    await rotateDialog.getByRole('button', { name: 'Rotate now', exact: true }).click();
    await expect(rotateDialog).toBeHidden();
    const oldCard = page.getByRole('listitem', { name: `Key ${oldActive.kid}` });
    await expect(oldCard.getByText('retiring', { exact: true })).toBeVisible();
    await expect(oldCard.getByRole('button', { name: 'Retire' })).toBeDisabled();
    await expect(oldCard).toContainText('Safe to retire at');

    const jwksAfter = kidsOf(await gh.admin('keys.jwks'));
    expect(jwksAfter).not.toEqual(jwksBefore);
    const added = jwksAfter.filter((k) => !jwksBefore.includes(k));
    expect(added.length).toBeGreaterThan(0);
    for (const kid of added) await expect(preview).toContainText(kid);
    const nowActive = activeOf(await gh.admin('keys.list'));
    await expect(
      page.getByRole('listitem', { name: `Key ${nowActive.kid}` }).getByText('active', { exact: true }),
    ).toBeVisible();

    await page.getByLabel('Algorithm').selectOption('EdDSA');
    await page.getByRole('button', { name: 'Generate key' }).click();
    await expect(accessLane(page).getByRole('list').getByText('EdDSA')).toBeVisible();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export jwks.json' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('jwks.json');
    // the lanes stand one above the other in a pane that scrolls (fullPage cannot reach it): a taller window shows both
    await page.setViewportSize({ width: 1400, height: 1700 });
    await expect(idLane(page)).toBeInViewport();
    await screenshot(page, 'keys', { fullPage: true });
  },
);

test(
  'emergency revoke previews its impact and rejects the key’s tokens at once',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    const active = activeOf(await gh.admin('keys.list'));
    await gh.open(page, 'keys');
    await page
      .getByRole('listitem', { name: `Key ${active.kid}` })
      .getByRole('button', { name: 'Emergency revoke…' })
      .click();

    const dialog = page.getByRole('dialog', { name: `Emergency revoke of ${active.kid}?` });
    const impact = dialog.getByLabel('Impact preview');
    await expect(impact.locator('.metric-value').first()).toHaveText(/^[1-9]\d*$/);
    // one token or several: the sentence agrees with the count
    const live = Number(await impact.locator('.metric-value').first().textContent());
    await expect(impact).toContainText(
      live === 1 ? 'live access token rejected at once' : 'live access tokens rejected at once',
    );
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

/** The console's one time format: local 24-hour time with its UTC offset. */
const FULL_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}/;
const card = (page: Page, kid: string) => page.getByRole('listitem', { name: `Key ${kid}` });
const nextBadge = (page: Page, kid: string) => card(page, kid).locator('.key-head').getByText('next', { exact: true });

test.describe('choosing the key a rotation promotes', () => {
  // a zone with a half-hour offset and no daylight saving: the offset shown is checked exactly
  test.use({ timezoneId: 'Asia/Kolkata', locale: 'en-US' });

  /** Generates an EdDSA key in the console, at least a second after the ring's own pending key. */
  async function generateEdDsa(page: Page, gh: { admin: (m: 'keys.list') => Promise<KeyView[]> }, after: KeyView) {
    while (Date.now() / 1000 < after.createdAt + 1.2) await page.waitForTimeout(100);
    await page.getByLabel('Algorithm').selectOption('EdDSA');
    await page.getByRole('button', { name: 'Generate key' }).click();
    await expect.poll(async () => (await gh.admin('keys.list')).filter((k) => k.alg === 'EdDSA')).toHaveLength(1);
    const eddsa = (await gh.admin('keys.list')).find((k) => k.alg === 'EdDSA')!;
    await expect(card(page, eddsa.kid)).toBeVisible();
    return eddsa;
  }

  test('Rotate now promotes the EdDSA key picked, not the older pending one, after a confirmation with the impact', async ({
    page,
    gh,
  }) => {
    const login = await gh.login('alice');
    const before = await gh.admin('keys.list');
    const active = activeOf(before);
    const older = pendingOf(before)[0]!;
    expect(older).toMatchObject({ alg: 'ES256', next: true });
    await gh.open(page, 'keys');
    await expect(nextBadge(page, older.kid)).toBeVisible();
    await expect(accessLane(page).locator('.rotate-next')).toContainText(older.kid);

    const eddsa = await generateEdDsa(page, gh, older);
    // the older pending key stays the next one: the new key is not promoted by default
    expect(eddsa.next).toBe(false);
    await expect(nextBadge(page, eddsa.kid)).toHaveCount(0);
    await expect(nextBadge(page, older.kid)).toBeVisible();

    await accessLane(page).getByRole('button', { name: 'Rotate now…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the signing key now?' });
    const picker = dialog.getByRole('combobox', { name: 'Key to promote' });
    await expect(picker).toHaveValue(older.kid);
    await expect(picker.locator('option', { hasText: older.kid })).toHaveText(
      new RegExp(`${older.kid} · ES256 · next`),
    );
    await picker.selectOption(eddsa.kid);

    const impact = dialog.getByLabel('Rotation impact');
    await expect(impact).toContainText(`Starts signing now${eddsa.kid}`);
    await expect(impact).toContainText(`Retires${active.kid}`);
    await expect(impact).toContainText(/retired at the earliest on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+05:30/);
    await expect(impact).toContainText(`Next after this${older.kid}`);
    // alice's token was signed by the active key: at least one stays live
    await expect(impact.locator('.metric-value').first()).toHaveText(/^[1-9]\d*$/);
    const live = Number(await impact.locator('.metric-value').first().textContent());
    await expect(impact).toContainText(
      live === 1
        ? `live access token signed by ${active.kid} stays valid until it expires`
        : `live access tokens signed by ${active.kid} stay valid until they expire`,
    );
    const expected = await gh.admin('keys.impact', { kid: active.kid });
    await expect(impact.locator('.metric-value').first()).toHaveText(String(expected.liveTokens));
    await expect(impact.locator('.metric-value').nth(1)).toHaveText(String(expected.sessions));

    await dialog.getByRole('button', { name: 'Rotate now', exact: true }).click();
    await expect(dialog).toBeHidden();

    await expect(card(page, eddsa.kid).getByText('active', { exact: true })).toBeVisible();
    await expect(card(page, active.kid).getByText('retiring', { exact: true })).toBeVisible();
    await expect(nextBadge(page, older.kid)).toBeVisible();
    const after = await gh.admin('keys.list');
    expect(activeOf(after)).toMatchObject({ kid: eddsa.kid, alg: 'EdDSA' });
    // the older key was still pending, so no successor was generated: no extra pending key
    expect(pendingOf(after).map((k) => k.kid)).toEqual([older.kid]);
    expect(after.filter(inLane('access'))).toHaveLength(3);
    // the id_token lane was left alone
    expect(after.filter(inLane('id'))).toEqual(before.filter(inLane('id')));
    // the tokens the old key signed stay valid until they expire
    expect(await gh.me(login.access_token)).toBe(200);

    // rotating the last pending key publishes exactly one successor
    await accessLane(page).getByRole('button', { name: 'Rotate now…' }).click();
    await expect(dialog.getByRole('combobox', { name: 'Key to promote' })).toHaveValue(older.kid);
    await expect(dialog.getByLabel('Rotation impact')).toContainText('A new pending key is generated as the successor');
    await dialog.getByRole('button', { name: 'Rotate now', exact: true }).click();
    await expect(dialog).toBeHidden();
    const last = await gh.admin('keys.list');
    expect(activeOf(last).kid).toBe(older.kid);
    expect(pendingOf(last)).toHaveLength(1);
    expect(last.filter(inLane('access'))).toHaveLength(4);
  });

  test('the schedule takes 24-hour local time, refuses 25:00, and the scheduled key becomes the next one', async ({
    page,
    gh,
  }) => {
    const older = pendingOf(await gh.admin('keys.list'))[0]!;
    await gh.open(page, 'keys');
    const form = page.getByRole('form', { name: 'Schedule a rotation' });
    const when = form.getByRole('textbox', { name: 'Rotate at' });
    await expect(when).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await expect(when).not.toHaveValue(/AM|PM/i);
    await expect(form).toContainText('YYYY-MM-DD HH:MM, 24-hour, local time (UTC+05:30)');
    // every time on the screen is in the one format
    await expect(card(page, older.kid).locator('.tl-time').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await expect(card(page, older.kid).locator('.tl-time').first()).toHaveAttribute('title', FULL_TIME);

    await when.fill('2030-06-15 25:00');
    await when.blur();
    await expect(form.getByRole('alert')).toHaveText('25:00 is not a time: hours run from 00 to 23 (24-hour).');
    await expect(when).toHaveAttribute('aria-invalid', 'true');
    await form.getByRole('button', { name: 'Schedule rotation' }).click();
    await expect(form.getByRole('alert')).toBeVisible();
    expect((await gh.admin('keys.list')).every((k) => k.activatesAt === null)).toBe(true);

    await when.fill('2030-06-15 9:30 PM');
    await expect(form.getByRole('alert')).toContainText('no AM/PM');

    const eddsa = await generateEdDsa(page, gh, older);
    await form.getByRole('combobox', { name: 'Key to schedule' }).selectOption(eddsa.kid);
    await when.fill('2030-06-15 21:30');
    await expect(form.getByRole('alert')).toHaveCount(0);
    await form.getByRole('button', { name: 'Schedule rotation' }).click();

    await expect(card(page, eddsa.kid)).toContainText('scheduled to sign at 2030-06-15 21:30:00 +05:30');
    const scheduled = (await gh.admin('keys.list')).find((k) => k.kid === eddsa.kid)!;
    expect(scheduled).toMatchObject({ activatesAt: Date.parse('2030-06-15T21:30:00+05:30') / 1000, next: true });
    // the scheduled key is the next one: its card and the rotate control say so
    await expect(nextBadge(page, eddsa.kid)).toBeVisible();
    await expect(nextBadge(page, older.kid)).toHaveCount(0);
    await expect(accessLane(page).locator('.rotate-next')).toContainText(eddsa.kid);

    await form.getByRole('button', { name: 'Clear schedule' }).click();
    await expect(nextBadge(page, older.kid)).toBeVisible();
    expect((await gh.admin('keys.list')).every((k) => k.activatesAt === null)).toBe(true);
  });
});

test('the id_token lane rotates and revokes on its own: its RS256 next key signs, the access lane keeps its keys', async ({
  page,
  gh,
}) => {
  const login = await gh.login('alice');
  const before = await gh.admin('keys.list');
  const idActive = activeOf(before, 'id');
  const idNext = pendingOf(before, 'id')[0]!;
  expect(idActive.alg).toBe('RS256');
  expect(idNext).toMatchObject({ alg: 'RS256', next: true });
  await gh.open(page, 'keys');
  await expect(idLane(page).locator('.rotate-next')).toContainText(idNext.kid);
  await expect(accessLane(page).locator('.rotate-next')).toContainText(pendingOf(before)[0]!.kid);
  await expect(card(page, idActive.kid)).toContainText('signs every new id_token and logout token');
  // each lane lists its own keys only
  await expect(idLane(page).getByRole('listitem', { name: `Key ${activeOf(before).kid}` })).toHaveCount(0);
  await expect(accessLane(page).getByRole('listitem', { name: `Key ${idActive.kid}` })).toHaveCount(0);

  await idLane(page).getByRole('button', { name: 'Rotate now…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing key now?' });
  const picker = dialog.getByRole('combobox', { name: 'Key to promote' });
  await expect(picker).toHaveValue(idNext.kid);
  await expect(picker.locator('option')).toHaveCount(1);
  const impact = dialog.getByLabel('Rotation impact');
  await expect(impact).toContainText(`Starts signing now${idNext.kid}`);
  await expect(impact).toContainText(`Retires${idActive.kid}`);
  await expect(impact).toContainText(
    "A new pending key is generated as the successor, in the lane's algorithm (RS256)",
  );
  await dialog.getByRole('button', { name: 'Rotate now', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(card(page, idNext.kid).getByText('active', { exact: true })).toBeVisible();
  await expect(card(page, idActive.kid).getByText('retiring', { exact: true })).toBeVisible();
  const after = await gh.admin('keys.list');
  expect(activeOf(after, 'id').kid).toBe(idNext.kid);
  expect(pendingOf(after, 'id')).toEqual([expect.objectContaining({ alg: 'RS256', next: true })]);
  expect(after.filter(inLane('access'))).toEqual(before.filter(inLane('access')));
  expect(await gh.me(login.access_token)).toBe(200);

  // revoking the retiring RS256 key says what it cannot count, and leaves the access lane alone
  await card(page, idActive.kid).getByRole('button', { name: 'Emergency revoke…' }).click();
  const revoke = page.getByRole('dialog', { name: `Emergency revoke of ${idActive.kid}?` });
  await expect(revoke.getByLabel('Impact preview')).toContainText(
    'The id_tokens and logout tokens it signed are not counted',
  );
  await revoke.getByRole('button', { name: 'Revoke key now' }).click();
  await expect(revoke).toBeHidden();
  await expect(card(page, idActive.kid).getByText('revoked', { exact: true })).toBeVisible();
  expect(kidsOf(await gh.admin('keys.jwks'))).not.toContain(idActive.kid);
  expect((await gh.admin('keys.list')).filter(inLane('access'))).toEqual(before.filter(inLane('access')));
  expect(await gh.me(login.access_token)).toBe(200);
});
