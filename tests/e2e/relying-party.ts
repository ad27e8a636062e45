/**
 * A tiny relying party for the browser specs: an app at its own origin that signs its users in
 * through Gatehouse with panva's openid-client (authorization code, PKCE S256, state, nonce),
 * and shows who signed in. Its pending requests live in memory, keyed by `state`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { TestBrowser } from '../support/oidc-browser';

export interface RelyingParty {
  url: string;
  redirectUri: string;
  close(): Promise<void>;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tiny RP</title></head><body>${body}</body></html>`;

/** Starts the app on a free loopback port; `register` is called with its redirect URI once it is known. */
export async function startRelyingParty(
  issuer: string,
  clientId: string,
  register: (redirectUri: string) => Promise<void>,
  opts: { scope?: string } = {},
): Promise<RelyingParty> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  let redirectUri = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', redirectUri || 'http://127.0.0.1');
    const send = (status: number, html: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(html);
    };
    void (async () => {
      if (url.pathname === '/')
        return send(200, page('<h1>Tiny RP</h1><p><a href="/login">Sign in with Gatehouse</a></p>'));
      if (url.pathname === '/login') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri,
          scope: opts.scope ?? 'openid profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        return send(302, '', { location: target.href });
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const request = pending.get(state);
        pending.delete(state);
        if (!request) return send(400, page('<h1>Unknown sign-in</h1>'));
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: request.verifier,
          expectedState: state,
          expectedNonce: request.nonce,
        });
        const claims = tokens.claims()!;
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        return send(
          200,
          page(
            `<h1>Signed in</h1><p id="who">Signed in as ${escape(String(info.preferred_username))}</p><p id="sid">${escape(String(claims.sid))}</p><pre id="id-token">${escape(tokens.id_token ?? '')}</pre>`,
          ),
        );
      }
      send(404, page('<h1>Not found</h1>'));
    })().catch((err: unknown) =>
      send(500, page(`<h1>Sign-in failed</h1><pre id="error">${escape(String((err as Error).message))}</pre>`)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  redirectUri = `http://127.0.0.1:${port}/callback`;
  await register(redirectUri);
  return {
    url: `http://127.0.0.1:${port}`,
    redirectUri,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An app's sign-in without a browser window (the hosted login form posted over HTTP, as
 * tests/support/oidc-browser.ts does): a confidential client's code flow with PKCE, for specs
 * that need a session holding the app's tokens.
 */
export async function signInThroughApp(
  issuer: string,
  client: { clientId: string; secret: string; redirectUri: string },
  user: { username: string; password: string },
  scope = 'openid profile',
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const config = await oidc.discovery(
    new URL(issuer),
    client.clientId,
    client.secret,
    oidc.ClientSecretBasic(client.secret),
    { execute: [oidc.allowInsecureRequests] },
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await new TestBrowser(issuer).authorize(url, user);
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
}
