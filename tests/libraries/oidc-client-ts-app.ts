/**
 * A single-page app at its own origin that signs in with oidc-client-ts in the browser, as its
 * README shows: the library's browser bundle (from node_modules, its global `oidc`), a
 * `UserManager` with `authority, client_id, redirect_uri` and `response_mode: 'fragment'`
 * (a public client: PKCE S256 by the library), `signinRedirect()` on one page and
 * `signinRedirectCallback()` on the callback page, which shows the `User`'s profile; its Renew
 * button calls `signinSilent()` (with a refresh token when `more` asks for `offline_access`).
 */
import express from 'express';
import path from 'node:path';

export const SPA_CLIENT_ID = 'spa-oidc-client-ts';

const BUNDLE = path.resolve(import.meta.dirname, '../../node_modules/oidc-client-ts/dist/browser/oidc-client-ts.js');

const page = (settings: object, script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPA</title></head><body>
<h1>SPA</h1><p id="status">loading</p><button id="login">Sign in with Gatehouse</button><button id="renew">Renew</button>
<script src="/oidc-client-ts.js"></script>
<script>
const userManager = new oidc.UserManager(${JSON.stringify(settings)});
const status = document.getElementById('status');
${script}
</script></body></html>`;

export function buildOidcClientTsApp(issuer: string, appUrl: string, more: object = {}): express.Express {
  const settings = {
    authority: issuer,
    client_id: SPA_CLIENT_ID,
    redirect_uri: `${appUrl}/callback`,
    response_mode: 'fragment',
    scope: 'openid profile',
    ...more,
  };
  const app = express();
  app.get('/oidc-client-ts.js', (_req, res) => res.sendFile(BUNDLE));
  app.get('/', (_req, res) => {
    res.send(
      page(
        settings,
        `status.textContent = 'Signed out';
document.getElementById('login').onclick = () => userManager.signinRedirect();`,
      ),
    );
  });
  app.get('/callback', (_req, res) => {
    res.send(
      page(
        settings,
        `userManager.signinRedirectCallback().then(
  (user) => { status.textContent = 'Signed in as ' + user.profile.name; },
  (err) => { status.textContent = 'Sign-in failed: ' + err.message; },
);
document.getElementById('renew').onclick = () => userManager.signinSilent().then(
  (user) => { status.textContent = 'Renewed as ' + user.profile.name; },
  (err) => { status.textContent = 'Renewal failed: ' + err.message; },
);`,
      ),
    );
  });
  return app;
}
