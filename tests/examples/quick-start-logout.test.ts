/**
 * The back-channel logout receiver as a developer copies it, run exactly as shown: the Clients
 * screen's quick start of a client with a back-channel logout URI (as generated), and the module of
 * docs/openid-provider.md ("Back-channel logout", extracted from the file). Each is written to a file and
 * imported as a module against a real Gatehouse; its `backchannelLogout` handler serves the
 * client's URI. A user signs in, the session is revoked, and the receiver ends the app's local
 * session; tokens breaking a rule of §2.6 (signed by the ring, so the rule is what refuses them)
 * are answered 400 and end nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { signJws } from '@gatehouse/verifier/internal';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openidClientSnippet } from '../../src/shared/quick-start';
import { LOGOUT_EVENT } from '../../src/shared/quick-start-logout';
import { DEMO_PASSWORD, makeTempDir } from '../support/gatehouse-fixture';
import { authorizationRequest, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

const REDIRECT = 'http://localhost:3000/callback';
const client = (clientId: string) => ({
  clientId,
  name: 'Snippet App',
  type: 'confidential' as const,
  tokenEndpointAuthMethod: 'client_secret_basic' as const,
  grantTypes: ['authorization_code' as const, 'refresh_token' as const],
  redirectUris: [REDIRECT],
  postLogoutRedirectUris: [],
  audience: null,
});

/** What the receiver module exports (it is plain JavaScript, so typed here). */
interface Receiver {
  sessionsBySid: Map<string, { sub: string }>;
  backchannelLogout(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
}
/** The quick start's module also signs in. */
interface Snippet extends Receiver {
  startSignIn(): Promise<{ url: URL; codeVerifier: string; state: string; nonce: string }>;
  finishSignIn(currentUrl: URL, checks: object): Promise<{ claims: { sid: string; sub: string } }>;
}

/** The fenced block of docs/openid-provider.md that opens with `// backchannel-logout.mjs`. */
function guideReceiver(): string {
  const guide = fs.readFileSync('docs/openid-provider.md', 'utf8');
  const block = /```js\n(\/\/ backchannel-logout\.mjs\n[\s\S]*?)```/.exec(guide);
  if (!block) throw new Error('docs/openid-provider.md: no ```js block starting with // backchannel-logout.mjs');
  return block[1]!;
}

interface Source {
  clientId: string;
  /** The module's text for a client whose back-channel URI is `uri`. */
  text(uri: string, issuer: string): string;
  /** alice signs in as the app does it; answers the id_token's sid and sub. */
  signIn(mod: Receiver, fx: OidcFixture): Promise<{ sid: string; sub: string }>;
}

const SOURCES: [string, Source][] = [
  [
    'the Clients screen’s quick start',
    {
      clientId: 'snippet-app',
      text: (uri, issuer) => openidClientSnippet({ ...client('snippet-app'), backchannelLogoutUri: uri }, issuer),
      async signIn(mod, fx) {
        const snippet = mod as Snippet;
        const started = await snippet.startSignIn();
        const callback = await fx.browser().authorize(started.url, { username: 'alice', password: DEMO_PASSWORD });
        return (await snippet.finishSignIn(callback, started)).claims;
      },
    },
  ],
  [
    'docs/openid-provider.md',
    {
      clientId: 'my-app',
      text: () => guideReceiver(),
      // what the guide's comment says the app's own sign-in does
      async signIn(mod, fx) {
        const config = await oidc.discovery(new URL(fx.url), 'my-app', SECRET, oidc.ClientSecretBasic(SECRET), {
          execute: [oidc.allowInsecureRequests],
        });
        const req = await authorizationRequest(config, REDIRECT);
        const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
        const tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        });
        const claims = tokens.claims() as unknown as { sid: string; sub: string };
        mod.sessionsBySid.set(claims.sid, { sub: claims.sub });
        return claims;
      },
    },
  ],
];

const SECRET = 'snippet-app-secret-0123456789abcdef';

describe.each(SOURCES)('the back-channel logout receiver of %s', (_name, source) => {
  let fx: OidcFixture;
  let dir: string;
  let server: http.Server;
  let mod: Receiver;
  let nextAnswer: (a: { status: number; body: string }) => void = () => undefined;
  const answered = () => new Promise<{ status: number; body: string }>((resolve) => (nextAnswer = resolve));

  beforeAll(async () => {
    // the fixture's clock is frozen at T0: the module's libraries read Date, so Date reads T0 too
    fx = await startOidcServer();
    vi.useFakeTimers({ toFake: ['Date'], now: fx.gatehouse.clock.now() * 1000 });
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      const end = res.end.bind(res);
      res.end = ((c?: unknown, ...rest: never[]) => {
        if (typeof c === 'string' || Buffer.isBuffer(c)) chunks.push(Buffer.from(c));
        return end(c as never, ...rest);
      }) as never;
      res.on('finish', () => nextAnswer({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      void mod.backchannelLogout(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
    const registration = { ...client(source.clientId), clientSecret: SECRET, backchannelLogoutUri: uri };
    await fx.gatehouse.clients.apply(registration, 'test');

    // the module as shown, beside a node_modules that has openid-client and jose
    dir = makeTempDir();
    fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
    const file = path.join(dir, 'receiver.mjs');
    fs.writeFileSync(file, source.text(uri, fx.url));
    process.env.GATEHOUSE_ISSUER = fx.url;
    process.env.SNIPPET_APP_CLIENT_SECRET = process.env.MY_APP_CLIENT_SECRET = SECRET;
    mod = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Receiver;
  }, 30_000);
  afterAll(async () => {
    vi.useRealTimers();
    for (const name of ['GATEHOUSE_ISSUER', 'SNIPPET_APP_CLIENT_SECRET', 'MY_APP_CLIENT_SECRET'])
      delete process.env[name];
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await fx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** alice signs in; the app now holds a session for her sid. */
  async function signIn() {
    const claims = await source.signIn(mod, fx);
    expect(mod.sessionsBySid.get(claims.sid)).toMatchObject({ sub: claims.sub });
    return claims;
  }

  /** A logout token signed by the ring's active key, with `claims` merged over it (undefined removes one). */
  function logoutToken(s: { sid: string; sub: string }, claims: Record<string, unknown> = {}, typ = 'logout+jwt') {
    const { kid, alg, privateKey } = fx.gatehouse.ring.signingKey();
    const iat = fx.gatehouse.clock.now();
    const payload = {
      iss: fx.url,
      aud: source.clientId,
      iat,
      exp: iat + 120,
      jti: `jti-${Math.random()}`,
      sid: s.sid,
      sub: s.sub,
      events: { [LOGOUT_EVENT]: {} },
      ...claims,
    };
    return signJws(alg, privateKey, { typ, kid }, payload);
  }

  async function post(token: string) {
    const answer = answered();
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }),
    });
    return answer;
  }

  it('ends the app’s local session when Gatehouse revokes it', async () => {
    const { sid } = await signIn();
    const delivered = answered();
    await fx.gatehouse.sessions.revokeSession(sid, 'revoked in the console', 'admin');
    expect(await delivered).toEqual({ status: 200, body: '' });
    expect(mod.sessionsBySid.has(sid)).toBe(false);
  });

  it.each([
    ['typed JWT (an ID token)', {}, 'JWT', /"typ"/],
    ['with a nonce', { nonce: 'n-1' }, 'logout+jwt', /nonce/],
    ['for another audience', { aud: 'other-app' }, 'logout+jwt', /"aud"/],
    ['from another issuer', { iss: 'http://127.0.0.1:1' }, 'logout+jwt', /"iss"/],
    ['without the logout event', { events: { 'http://example.com/other': {} } }, 'logout+jwt', /events/],
    ['naming neither sid nor sub', { sid: undefined, sub: undefined }, 'logout+jwt', /neither/],
  ])('refuses a logout token %s with 400 and keeps the session', async (_what, claims, typ, why) => {
    const s = await signIn();
    const answer = await post(logoutToken(s, claims, typ));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(why),
    });
    expect(mod.sessionsBySid.has(s.sid)).toBe(true);
  });

  it('a token naming only the user (sub) ends every session of that user', async () => {
    const a = await signIn();
    const b = await signIn();
    expect((await post(logoutToken({ sid: a.sid, sub: a.sub }, { sid: undefined }))).status).toBe(200);
    expect(mod.sessionsBySid.has(a.sid) || mod.sessionsBySid.has(b.sid)).toBe(false);
  });

  it('accepts a logout token once: the same one again is refused', async () => {
    const s = await signIn();
    const token = logoutToken(s);
    expect(await post(token)).toEqual({ status: 200, body: '' });
    expect(mod.sessionsBySid.has(s.sid)).toBe(false);
    expect(await post(token)).toMatchObject({ status: 400, body: expect.stringMatching(/received before/) });
  });
});
