/**
 * The sample app: a server-side web app (a confidential client) that signs its users in through
 * Gatehouse with openid-client, keeps their tokens in a server-side session, serves its own API
 * protected by @gatehouse/verifier, and ends sessions when Gatehouse sends a back-channel logout.
 */
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { createVerifier, type RevocationSource } from '@gatehouse/verifier';
import { openRedisRevocations } from '@gatehouse/verifier/redis';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createRemoteJWKSet } from 'jose';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { idTokenChecker } from './id-token';
import { logoutTokenVerifier } from './logout-token';
import { errorPage, ordersPage, signedInPage, signedOutPage, type Notice } from './pages';

export interface SampleAppOptions {
  /** Gatehouse's issuer URL (its `auth server:` line). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The `aud` of this app's access tokens (the client's `audience` in gatehouse.json): /api/orders requires it. */
  audience: string;
  port: number;
  /** Default `localhost`. */
  host?: string;
  /** Where browsers reach the app; the registered URIs start with it. Default `http://HOST:PORT`. */
  baseUrl?: string;
  /** The Gatehouse deployment's Redis: /api/orders then sees every revocation at once. */
  redisUrl?: string;
}

interface SignedIn {
  sub: string;
  sid: string;
  name: string;
  email?: string;
  claims: Record<string, unknown>;
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** ms */
  expiresAt: number;
}

/** One browser's session, in this process's memory: a restart signs everyone out. */
interface AppSession {
  id: string;
  seenAt: number;
  user?: SignedIn;
  login?: { state: string; nonce: string; verifier: string };
  refreshing?: Promise<string | null>;
  logoutState?: string;
  notice?: Notice;
}

const COOKIE = 'sample_session';
const IDLE_MS = 12 * 3600_000;
const ORDERS = [
  { id: 'ord-1001', item: 'Oak desk', total: '240.00 EUR' },
  { id: 'ord-1002', item: 'Desk lamp', total: '35.50 EUR' },
];

/** No revocation feed: nothing is revoked here, so a revoked access token passes until it expires. */
const localRevocations = (): RevocationSource => ({
  current: () => true,
  isJtiRevoked: () => false,
  isSessionRevoked: () => false,
  minVersion: () => 0,
  isKidRevoked: () => false,
  onKeysChanged: () => () => {},
  close: async () => {},
});

export async function startSampleApp(opts: SampleAppOptions) {
  const jwksUrl = `${opts.issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
  const revocations = opts.redisUrl ? await openRedisRevocations({ url: opts.redisUrl }) : localRevocations();
  const verifier = createVerifier({ issuer: opts.issuer, audience: opts.audience, jwksUrl, revocations });
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  const verifyLogoutToken = logoutTokenVerifier({ issuer: opts.issuer, clientId: opts.clientId, keys });
  const checkIdToken = idTokenChecker({ issuer: opts.issuer, clientId: opts.clientId, keys });
  // discovery on first use (and again after a failure): the app may start before Gatehouse
  let discovered: Promise<oidc.Configuration> | undefined;
  const provider = () =>
    (discovered ??= oidc
      .discovery(new URL(opts.issuer), opts.clientId, undefined, oidc.ClientSecretBasic(opts.clientSecret), {
        execute: opts.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      }));

  let base = opts.baseUrl ?? '';
  const sessions = new Map<string, AppSession>();
  const sessionOf = (req: FastifyRequest) => {
    const s = sessions.get(req.cookies[COOKIE] ?? '');
    if (s) s.seenAt = Date.now();
    return s;
  };
  /** A new session for every sign-in: an id set before it (session fixation) is never signed in. */
  const newSession = (req: FastifyRequest, reply: FastifyReply) => {
    sessions.delete(req.cookies[COOKIE] ?? '');
    for (const [id, s] of sessions) if (s.seenAt < Date.now() - IDLE_MS) sessions.delete(id);
    const s: AppSession = { id: randomBytes(32).toString('base64url'), seenAt: Date.now() };
    sessions.set(s.id, s);
    reply.setCookie(COOKIE, s.id, { httpOnly: true, sameSite: 'lax', path: '/', secure: base.startsWith('https:') });
    return s;
  };
  const endLocally = (s: AppSession, notice?: Notice) => {
    delete s.user;
    s.notice = notice;
  };
  const html = (reply: FastifyReply, page: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
  // forms are posted from the app's own pages only (SameSite=Lax does not tell localhost ports apart)
  const sameOrigin = (req: FastifyRequest) => (req.headers.origin ?? new URL(base).origin) === new URL(base).origin;

  /**
   * The session's access token, refreshed when (about to be) expired; null once Gatehouse refuses.
   * One refresh at a time per session: the refresh token rotates, and presenting the old one again
   * (two clicks at once) is reuse, which makes Gatehouse revoke the whole session.
   */
  const freshAccessToken = (s: AppSession & { user: SignedIn }): Promise<string | null> => {
    if (s.user.expiresAt > Date.now() + 5000) return Promise.resolve(s.user.accessToken);
    return (s.refreshing ??= refresh(s).finally(() => delete s.refreshing));
  };
  const refresh = async ({ user }: { user: SignedIn }) => {
    if (!user.refreshToken) return null;
    try {
      const tokens = await oidc.refreshTokenGrant(await provider(), user.refreshToken);
      user.accessToken = tokens.access_token;
      user.refreshToken = tokens.refresh_token ?? user.refreshToken;
      user.expiresAt = Date.now() + (tokens.expiresIn() ?? 60) * 1000;
      return user.accessToken;
    } catch (err) {
      if (!(err instanceof oidc.ResponseBodyError) || err.error !== 'invalid_grant') throw err;
      return null;
    }
  };

  const app = Fastify();
  await app.register(cookie);
  await app.register(formbody);
  app.setErrorHandler((err, _req, reply) => html(reply, errorPage(`Something failed: ${(err as Error).message}`), 500));

  app.get('/', async (req, reply) => {
    // the cookie belongs to the host the redirect URIs name
    if (req.headers.host !== new URL(base).host) return reply.redirect(`${base}/`, 303);
    const s = sessionOf(req);
    return html(reply, s?.user ? signedInPage(s.user, s.user.claims) : signedOutPage(s?.notice));
  });

  app.post('/login', async (req, reply) => {
    if (!sameOrigin(req)) return html(reply, errorPage('This form was sent from another site.'), 403);
    const config = await provider();
    const s = newSession(req, reply);
    const login = (s.login = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${base}/callback`,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
      state: login.state,
      nonce: login.nonce,
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/callback', async (req, reply) => {
    const s = sessionOf(req);
    const login = s?.login;
    if (!s || !login)
      return html(reply, errorPage('This sign-in was not started here (or was used); sign in again.'), 400);
    delete s.login;
    const config = await provider();
    let tokens;
    try {
      // checks state, iss (RFC 9207), the code exchange with PKCE, then the id_token: iss, aud, nonce, times, alg
      tokens = await oidc.authorizationCodeGrant(config, new URL(req.url, base), {
        pkceCodeVerifier: login.verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      // and what openid-client leaves to the app: the signature against the JWKS, at_hash, typ (id-token.ts)
      await checkIdToken(tokens.id_token!, tokens.access_token);
    } catch (err) {
      const e = err as { error_description?: string; message: string; cause?: unknown };
      // openid-client's message is general ("unexpected JWT claim value encountered"); its cause names the check
      const check = e.cause instanceof Error ? ` (${e.cause.message})` : '';
      return html(reply, errorPage(`Sign-in failed: ${e.error_description ?? e.message}${check}`), 400);
    }
    const claims = tokens.claims()!;
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    s.user = {
      sub: claims.sub,
      sid: String(claims.sid),
      name: String(info.name ?? info.preferred_username ?? claims.sub),
      email: info.email,
      claims,
      idToken: tokens.id_token!,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: Date.now() + (tokens.expiresIn() ?? 60) * 1000,
    };
    delete s.notice;
    return reply.redirect('/', 303);
  });

  // its own API: a bearer access token for this audience, verified locally by @gatehouse/verifier
  app.get('/api/orders', async (req, reply) => {
    const result = await verifier.verify(/^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]);
    if (!result.ok)
      return reply
        .code(401)
        .header('www-authenticate', `Bearer error="invalid_token", error_description="${result.code}"`)
        .send({ error: 'invalid_token', reason: result.code });
    // a user's orders need a user: a client's own token (client_credentials) names no session
    // (RFC 9068 §2.2), and Gatehouse's App checks send one to see that it is refused
    if (typeof result.claims.sid !== 'string')
      return reply
        .code(403)
        .header('www-authenticate', 'Bearer error="insufficient_scope", error_description="a user\'s token is needed"')
        .send({ error: 'insufficient_scope', reason: 'user_token_required' });
    return { user: result.claims.sub, session: result.claims.sid, orders: ORDERS };
  });

  // the button: the server calls the API with the session's token (the browser never holds one)
  app.get('/orders', async (req, reply) => {
    const s = sessionOf(req);
    if (!s?.user) return reply.redirect('/', 303);
    const token = await freshAccessToken(s as AppSession & { user: SignedIn });
    // refused: the session ended at Gatehouse (and its back-channel notice has not arrived, or failed)
    if (!token) {
      endLocally(s, { kind: 'ended-at-gatehouse', at: Date.now() });
      return reply.redirect('/', 303);
    }
    const res = await app.inject({ url: '/api/orders', headers: { authorization: `Bearer ${token}` } });
    return html(reply, ordersPage(res.statusCode, res.json()));
  });

  // RP-initiated logout: forgotten here first, then Gatehouse ends its session and sends the browser back
  app.post('/logout', async (req, reply) => {
    if (!sameOrigin(req)) return html(reply, errorPage('This form was sent from another site.'), 403);
    const s = sessionOf(req);
    if (!s?.user) return reply.redirect('/', 303);
    const idToken = s.user.idToken;
    endLocally(s);
    s.logoutState = oidc.randomState();
    const url = oidc.buildEndSessionUrl(await provider(), {
      id_token_hint: idToken,
      post_logout_redirect_uri: `${base}/signed-out`,
      state: s.logoutState,
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/signed-out', async (req, reply) => {
    const s = sessionOf(req);
    const { state } = req.query as { state?: string };
    if (s?.logoutState && state === s.logoutState) s.notice = { kind: 'signed-out', at: Date.now() };
    if (s) delete s.logoutState;
    return reply.redirect('/', 303);
  });

  // back-channel logout (OpenID Connect Back-Channel Logout 1.0 §2.5–2.8)
  app.post('/backchannel-logout', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const form = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
    let who;
    try {
      who = await verifyLogoutToken(form ? (req.body as Record<string, unknown>).logout_token : undefined);
    } catch (err) {
      return reply.code(400).send({ error: 'invalid_request', error_description: (err as Error).message });
    }
    // with a sid: the sessions that got tokens in it; with only a sub: every session of that user
    for (const s of sessions.values())
      if (s.user && (!who.sid || s.user.sid === who.sid) && (!who.sub || s.user.sub === who.sub))
        endLocally(s, { kind: 'ended-at-gatehouse', at: Date.now() });
    return reply.code(200).send();
  });

  await app.listen({ port: opts.port, host: opts.host ?? 'localhost' });
  base ||= `http://${opts.host ?? 'localhost'}:${(app.server.address() as AddressInfo).port}`;
  return {
    url: base,
    async close() {
      await app.close();
      verifier.close();
      await revocations.close();
    },
  };
}
