/**
 * A server-side app signed in by panva's openid-client v6 as its README shows it (`discovery`,
 * `buildAuthorizationUrl` with PKCE S256, `authorizationCodeGrant`, `tokens.claims()`), asking for
 * `response_mode=form_post`: Gatehouse posts the code to the callback, and the app hands
 * openid-client the posted request itself (a Fetch API `Request`, as its docs say for form_post).
 */
import express from 'express';
import * as client from 'openid-client';
import { CLIENT_SECRET } from './setup';

export const OPENID_CLIENT_ID = 'openid-client-app';

export interface OpenidClientApp {
  app: express.Express;
  /** The HTTP methods the callback was reached with, in order. */
  callbackMethods: string[];
}

export async function buildOpenidClientApp(issuer: string, appUrl: string): Promise<OpenidClientApp> {
  const config = await client.discovery(new URL(issuer), OPENID_CLIENT_ID, CLIENT_SECRET, undefined, {
    execute: [client.allowInsecureRequests], // an http:// issuer: for development only
  });
  const redirect_uri = `${appUrl}/callback`;
  // the app's pending sign-ins by state (a real app keeps them in its session)
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const callbackMethods: string[] = [];
  const app = express();
  app.get('/login', async (_req, res) => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    pending.set(state, { verifier, nonce });
    const target = client.buildAuthorizationUrl(config, {
      redirect_uri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      response_mode: 'form_post',
      state,
      nonce,
    });
    res.redirect(target.href);
  });
  app.all('/callback', express.text({ type: 'application/x-www-form-urlencoded' }), async (req, res) => {
    callbackMethods.push(req.method);
    const posted = new Request(new URL(req.originalUrl, appUrl), {
      method: req.method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: req.method === 'POST' ? (req.body as string) : undefined,
    });
    const state = req.method === 'POST' ? (new URLSearchParams(req.body as string).get('state') ?? '') : '';
    const checks = pending.get(state);
    pending.delete(state);
    if (!checks) return void res.status(400).send('<h1>Unknown sign-in</h1>');
    const tokens = await client.authorizationCodeGrant(config, posted, {
      pkceCodeVerifier: checks.verifier,
      expectedState: state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    res.send(`<h1>Signed in</h1><p id="name">${escapeHtml(String(claims.name))}</p>`);
  });
  return { app, callbackMethods };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
