import { expect, test, type Gatehouse } from './fixtures';
import { signInThroughApp } from './relying-party';
import { dismissToasts, screenshot, SCREENSHOT_TAG } from './screenshots';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** What a client's secret is worth at the token endpoint: introspection answers 200 to a client that authenticates. */
async function introspect(gh: Gatehouse, clientId: string, secret: string): Promise<number> {
  const res = await fetch(`${gh.authUrl}/oauth/introspect`, {
    method: 'POST',
    headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: 'not-a-token' }),
  });
  return res.status;
}

/** Whether a token is live, as a resource server asks (introspection by the demo resource client). */
async function isActive(gh: Gatehouse, token: string): Promise<boolean> {
  const res = await fetch(`${gh.authUrl}/oauth/introspect`, {
    method: 'POST',
    headers: {
      authorization: basic('demo-resource', gh.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return ((await res.json()) as { active: boolean }).active;
}

/** A client_credentials access token of the client's own. */
async function ownToken(gh: Gatehouse, clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${gh.authUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(clientId, secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

test(
  'register a confidential client: the shared lint refuses while typing, the secret is shown once and copied, the quick start shows the issuer and client id',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(gh.consoleUrl).origin });
    const { issuer } = await gh.admin('system.info');
    await gh.open(page, 'clients');
    await page.getByRole('button', { name: 'New client' }).click();
    const form = page.getByRole('form', { name: 'Register a client' });
    const check = form.getByRole('status', { name: 'Client check' });
    const register = form.getByRole('button', { name: 'Register client' });
    await form.getByLabel('Name', { exact: true }).fill('Orders Web');
    await form.getByLabel('Client id (optional)').fill('orders-web');

    // http on a host that is not loopback: refused under the field, as the server would
    const uris = form.getByLabel('Redirect URIs', { exact: true });
    await uris.fill('http://orders.example.com/callback');
    await expect(uris).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('#client-redirects-msg')).toHaveText(
      'http://orders.example.com/callback: http is allowed only on localhost, 127.0.0.1 or [::1]; use https',
    );
    await expect(check).toContainText('1 problem to fix');
    await expect(register).toBeDisabled();

    // a public client cannot use client_credentials
    await form.getByLabel('Client authentication').selectOption('none');
    await form.getByRole('checkbox', { name: /client_credentials/ }).check();
    await expect(form.locator('#client-grants-msg')).toContainText(
      'A public client (no secret) cannot use client_credentials',
    );
    await form.getByLabel('Client authentication').selectOption('client_secret_basic');
    await expect(form.locator('#client-grants-msg')).toHaveCount(0);

    await uris.fill('http://localhost:4000/callback');
    await expect(uris).toHaveAttribute('aria-invalid', 'false');
    await expect(check).toHaveText('Ready to register.');
    await register.click();

    // the secret, once
    const dialog = page.getByRole('dialog', { name: 'Client registered: its secret for Orders Web' });
    await expect(dialog).toContainText('you will not see it again');
    const secret = await dialog.getByRole('textbox', { name: 'Client secret' }).inputValue();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await dialog.getByRole('button', { name: 'Copy client secret' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Client secret copied' })).toBeVisible();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await expect(dialog).toBeHidden();
    expect(await page.content()).not.toContain(secret);
    expect(await introspect(gh, 'orders-web', secret)).toBe(200);
    expect(await introspect(gh, 'orders-web', `${secret}x`)).toBe(401);

    // listed, and its quick start
    const row = page.locator('[data-client-id="orders-web"]');
    await expect(row).toContainText('Orders Web');
    await expect(row).toContainText('confidential');
    const detail = page.getByRole('complementary', { name: 'Client detail' });
    await expect(detail.locator('[data-value="issuer"]')).toHaveText(issuer);
    await expect(detail.locator('[data-value="client-id"]')).toHaveText('orders-web');
    await expect(detail.getByLabel('Quick start values')).toContainText('http://localhost:4000/callback');
    const snippet = detail.getByLabel('openid-client snippet', { exact: true });
    await expect(snippet).toContainText(`const issuer = new URL('${issuer}');`);
    await expect(snippet).toContainText(
      'client.discovery(issuer, clientId, clientSecret, client.ClientSecretBasic(clientSecret), {',
    );
    await expect(snippet).toContainText('execute: [client.allowInsecureRequests]');
    await expect(snippet).toContainText("code_challenge_method: 'S256'");
    await detail.getByRole('tab', { name: 'Any OIDC library' }).click();
    const settings = detail.getByLabel('OIDC settings', { exact: true });
    await expect(settings).toContainText(`${issuer}/.well-known/openid-configuration`);
    await expect(settings).toContainText('openid profile email offline_access');
    await detail.getByRole('tab', { name: 'openid-client (Node.js)' }).click();
    await dismissToasts(page);
    // the tabs scrolled the page and the panel away: back up, so the picture shows the client's settings
    await detail
      .getByText('Client id', { exact: true })
      .first()
      .evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await page.getByRole('heading', { name: 'Clients', level: 1 }).evaluate((h) => h.scrollIntoView());
    await screenshot(page, 'clients');
  },
);

test('rotate the secret, disable and delete a client: each says what it ends, and it does', async ({ page, gh }) => {
  const created = await gh.admin('clients.create', {
    clientId: 'orders-web',
    name: 'Orders Web',
    redirectUris: ['http://localhost:4000/callback'],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_basic',
  });
  const secret = created.clientSecret!;
  // alice signs in to the app: one session holds its tokens, with one live refresh token
  const tokens = await signInThroughApp(
    gh.authUrl,
    { clientId: 'orders-web', secret, redirectUri: 'http://localhost:4000/callback' },
    { username: 'alice', password: gh.demoPassword },
  );
  expect(tokens.refresh_token).toBeTruthy();
  const own = await ownToken(gh, 'orders-web', secret);
  // a client's own token is not a user's (/api/me refuses it): a resource server introspects it
  expect(await isActive(gh, own)).toBe(true);

  await gh.open(page, 'clients');
  const row = page.locator('[data-client-id="orders-web"]');
  await expect(row.locator('.c-sessions')).toHaveText('1');
  await row.getByRole('button', { name: 'Orders Web' }).click();
  const detail = page.getByRole('complementary', { name: 'Client detail' });

  // rotate: the old secret and the client's own tokens end at once; the new one is shown once
  await detail.getByRole('button', { name: 'Rotate secret…' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate the secret of Orders Web?' });
  await expect(rotate).toContainText('The current secret stops working now');
  await expect(rotate).toContainText('The tokens it got for itself (client_credentials) end at once');
  await rotate.getByRole('button', { name: 'Rotate secret' }).click();
  const shown = page.getByRole('dialog', { name: 'New secret for Orders Web' });
  await expect(shown).toContainText('you will not see it again');
  const fresh = await shown.getByRole('textbox', { name: 'Client secret' }).inputValue();
  expect(fresh).not.toBe(secret);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  expect(await introspect(gh, 'orders-web', secret)).toBe(401);
  expect(await introspect(gh, 'orders-web', fresh)).toBe(200);
  expect(await isActive(gh, own)).toBe(false);

  // disable: the impact, then the client can no longer authenticate
  await detail.getByRole('button', { name: 'Disable' }).click();
  const disable = page.getByRole('dialog', { name: 'Disable Orders Web?' });
  const disableImpact = disable.getByLabel('Impact');
  await expect(disableImpact.locator('.metric').filter({ hasText: 'active session holds' })).toContainText('1');
  await expect(disableImpact.locator('.metric').filter({ hasText: 'live refresh token stops' })).toContainText('1');
  await disable.getByRole('button', { name: 'Disable client' }).click();
  await expect(row.getByText('disabled')).toBeVisible();
  expect(await introspect(gh, 'orders-web', fresh)).toBe(401);
  await detail.getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByText('enabled')).toBeVisible();

  // delete: the impact, then it is gone and its refresh token with it
  await detail.getByRole('button', { name: 'Delete…' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete Orders Web?' });
  const impact = remove.getByLabel('Impact');
  await expect(impact.locator('.metric').filter({ hasText: 'active session holds its tokens' })).toContainText('1');
  await expect(impact.locator('.metric').filter({ hasText: 'live refresh token stops working' })).toContainText('1');
  await expect(impact).toContainText('its users are signed out of Orders Web at their next refresh');
  await remove.getByRole('button', { name: 'Delete client' }).click();
  await expect(remove).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Client detail' })).toHaveCount(0);
  expect((await gh.admin('clients.list')).some((c) => c.clientId === 'orders-web')).toBe(false);
  const refreshed = await fetch(`${gh.authUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic('orders-web', fresh), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
  });
  expect(refreshed.status).toBe(401);
});

test('the list updates live when a client is registered elsewhere; a public client gets no secret', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await expect(
    page.getByText('No client registered yet').or(page.getByRole('table', { name: 'Clients' })),
  ).toBeVisible();
  await gh.admin('clients.create', {
    clientId: 'spa',
    name: 'Single Page App',
    redirectUris: ['http://127.0.0.1:5173/cb'],
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'none',
  });
  const row = page.locator('[data-client-id="spa"]');
  await expect(row).toContainText('public');
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Client detail' });
  await expect(detail.getByRole('button', { name: 'Rotate secret…' })).toHaveCount(0);
  const snippet = detail.getByLabel('openid-client snippet', { exact: true });
  await expect(snippet).toContainText('client.discovery(issuer, clientId, undefined, client.None(), {');
  await expect(snippet).not.toContainText('clientSecret');

  // edit: the same lint, and only what changed is saved
  await detail.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit Single Page App' });
  await expect(form.getByLabel('Client authentication')).toBeDisabled();
  await form.getByLabel('Redirect URIs', { exact: true }).fill('http://127.0.0.1:5173/cb#frag');
  await expect(form.locator('#client-redirects-msg')).toContainText('a redirect URI has no fragment');
  await form.getByLabel('Redirect URIs', { exact: true }).fill('http://127.0.0.1:5173/cb\nhttp://127.0.0.1:5174/cb');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(detail.getByLabel('Registration')).toContainText('http://127.0.0.1:5174/cb');
  expect((await gh.admin('clients.get', { clientId: 'spa' })).redirectUris).toEqual([
    'http://127.0.0.1:5173/cb',
    'http://127.0.0.1:5174/cb',
  ]);
});

test('register API scopes in the form: refused while typing when not scope tokens, listed in the panel, the only scopes client_credentials gets; a back-channel URI at Gatehouse itself is refused on save', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await page.getByRole('button', { name: 'New client' }).click();
  const form = page.getByRole('form', { name: 'Register a client' });
  await form.getByLabel('Name', { exact: true }).fill('Orders Worker');
  await form.getByLabel('Client id (optional)').fill('orders-worker');
  await form.getByRole('checkbox', { name: /refresh_token/ }).uncheck();
  await form.getByRole('checkbox', { name: /authorization_code/ }).uncheck();
  await form.getByRole('checkbox', { name: /client_credentials/ }).check();

  const scopes = form.getByLabel('Scopes (optional)');
  await expect(form.locator('#client-scopes-help')).toContainText('refused with invalid_scope');
  await scopes.fill('orders:read openid');
  await expect(scopes).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('#client-scopes-msg')).toContainText('openid is an OpenID Connect scope');
  await scopes.fill('orders:read orders:write');
  await expect(scopes).toHaveAttribute('aria-invalid', 'false');

  // only the server knows its own origins: the lint passes, the save is refused with the reason
  const backchannel = form.getByLabel('Back-channel logout URI (optional)');
  await backchannel.fill(`${gh.authUrl}/oauth/revoke`);
  await form.getByRole('button', { name: 'Register client' }).click();
  await expect(form.getByRole('alert')).toContainText(`${gh.authUrl}/oauth/revoke is Gatehouse itself`);
  await backchannel.fill('');
  await form.getByRole('button', { name: 'Register client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Client registered: its secret for Orders Worker' });
  const secret = await dialog.getByRole('textbox', { name: 'Client secret' }).inputValue();
  await dialog.getByRole('button', { name: 'I have stored it' }).click();

  const detail = page.getByRole('complementary', { name: 'Client detail' });
  const registered = detail.getByLabel('Registered scopes');
  await expect(registered).toContainText('orders:read');
  await expect(registered).toContainText('orders:write');

  const token = (scope: string) =>
    fetch(`${gh.authUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic('orders-worker', secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
    });
  const refused = await token('admin orders:write root');
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: string }).error).toBe('invalid_scope');
  const granted = await token('orders:write');
  expect(granted.status).toBe(200);
  expect(((await granted.json()) as { scope: string }).scope).toBe('orders:write');

  // edit: the field shows the registered scopes; a narrower list is saved and enforced
  await detail.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('form', { name: 'Edit Orders Worker' });
  await expect(edit.getByLabel('Scopes (optional)')).toHaveValue('orders:read orders:write');
  await edit.getByLabel('Scopes (optional)').fill('orders:read');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(registered).not.toContainText('orders:write');
  expect((await gh.admin('clients.get', { clientId: 'orders-worker' })).scopes).toEqual(['orders:read']);
  expect((await token('orders:write')).status).toBe(400);
});

test('a new registration lists no problem before anything is typed; the Audience help says what it sets', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await page.getByRole('button', { name: 'New client' }).click();
  const form = page.getByRole('form', { name: 'Register a client' });
  const check = form.getByRole('status', { name: 'Client check' });
  await expect(check).toHaveText('Still to fill in: Name, Redirect URIs.');
  await expect(check).not.toContainText('problem');
  await expect(form.getByRole('button', { name: 'Register client' })).toBeDisabled();
  await expect(form).toContainText('Sets the aud of every access token issued to this client');

  await form.getByLabel('Name', { exact: true }).fill('Orders Web');
  await expect(check).toHaveText('Still to fill in: Redirect URIs.');
  await form.getByLabel('Redirect URIs', { exact: true }).fill('http://orders.example.com/callback');
  await expect(check).toContainText('1 problem to fix (the server refuses it)');
});

test('Require PKCE: a checkbox for confidential clients only, warning what turning it off gives up, shown in the panel', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await page.getByRole('button', { name: 'New client' }).click();
  const form = page.getByRole('form', { name: 'Register a client' });
  await form.getByLabel('Name', { exact: true }).fill('Basic RP');
  await form.getByLabel('Client id (optional)').fill('basic-rp');
  await form.getByLabel('Redirect URIs', { exact: true }).fill('https://rp.example.com/cb');
  const pkce = form.getByRole('checkbox', { name: /Require PKCE/ });
  await expect(pkce).toBeChecked();
  await pkce.uncheck();
  await expect(form.locator('#client-pkce-help')).toContainText('stopped only by the nonce check');

  // a public client always requires PKCE: no checkbox, and it is on again
  const method = form.getByLabel('Client authentication');
  await method.selectOption('none');
  await expect(pkce).toBeHidden();
  await method.selectOption('client_secret_basic');
  await expect(pkce).toBeChecked();

  await pkce.uncheck();
  await form.getByRole('button', { name: 'Register client' }).click();
  const dialog = page.getByRole('dialog', { name: 'Client registered: its secret for Basic RP' });
  await dialog.getByRole('button', { name: 'I have stored it' }).click();
  const detail = page.getByRole('complementary', { name: 'Client detail' });
  await expect(detail.getByLabel('PKCE')).toContainText('optional');
  expect((await gh.admin('clients.get', { clientId: 'basic-rp' })).requirePkce).toBe(false);
});

test('register response types in the form: code by default, id_token opt-in, none refused while typing, listed in the panel', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await page.getByRole('button', { name: 'New client' }).click();
  const form = page.getByRole('form', { name: 'Register a client' });
  await form.getByLabel('Name', { exact: true }).fill('ID Token RP');
  await form.getByLabel('Client id (optional)').fill('id-token-rp');
  await form.getByLabel('Redirect URIs', { exact: true }).fill('https://rp.example.com/callback');
  const code = form.getByRole('checkbox', { name: /^code / });
  const idToken = form.getByRole('checkbox', { name: /^id_token / });
  await expect(code).toBeChecked();
  await expect(idToken).not.toBeChecked();
  await code.uncheck();
  await expect(form.locator('#client-response-types-msg')).toContainText('At least one response type');
  await code.check();
  await idToken.check();
  await expect(form.locator('#client-response-types-msg')).toHaveCount(0);
  await form.getByRole('button', { name: 'Register client' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'I have stored it' }).click();

  const detail = page.getByRole('complementary', { name: 'Client detail' });
  await expect(detail.getByLabel('Response types')).toHaveText('code id_token');
  expect((await gh.admin('clients.get', { clientId: 'id-token-rp' })).responseTypes).toEqual(['code', 'id_token']);
});

test('id_token claims in the form: the scopes by default, minimal on choice, shown in the panel with the algorithm', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'clients');
  await page.getByRole('button', { name: 'New client' }).click();
  const form = page.getByRole('form', { name: 'Register a client' });
  await form.getByLabel('Name', { exact: true }).fill('Small Tokens RP');
  await form.getByLabel('Client id (optional)').fill('small-rp');
  await form.getByLabel('Redirect URIs', { exact: true }).fill('https://rp.example.com/callback');
  const claims = form.getByLabel('id_token claims');
  await expect(claims).toHaveValue('scopes');
  await claims.selectOption('minimal');
  await form.getByRole('button', { name: 'Register client' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'I have stored it' }).click();

  const detail = page.getByRole('complementary', { name: 'Client detail' });
  await expect(detail.getByLabel('id_tokens')).toHaveText('RS256, minimal: protocol claims and those asked for');
  expect((await gh.admin('clients.get', { clientId: 'small-rp' })).idTokenClaims).toBe('minimal');
});
