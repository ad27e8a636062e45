/**
 * The app-checks engine through its injected fetch port (no API needed): what it sends, where it
 * may send it, how it judges answers, and what it leaves behind. The verdicts against real APIs
 * are app-checks-apis.test.ts's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppChecks, type CheckFetch } from '../../src/main/auth/app-checks/run-checks';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { CHECK_CASES } from '../../src/shared/app-checks';
import type { GatehouseEvent } from '../../src/shared/events';
import { CLIENT_SECRET, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const API = 'http://127.0.0.1:4100/api/orders';
let fx: GatehouseFixture;
let g: Gatehouse;
let sent: { url: string; init: RequestInit }[];

beforeEach(async () => {
  fx = await openTestGatehouse({ demoData: true });
  g = fx.gatehouse;
  sent = [];
});
afterEach(() => fx.close());

/** A fake API: the baseline (the first request) answers `first`, every later one `rest`. */
const api = (first: number, rest = 401, headers: Record<string, string> = {}): CheckFetch => {
  let calls = 0;
  return async (url, init) => {
    sent.push({ url, init });
    return new Response(null, { status: ++calls === 1 ? first : rest, headers });
  };
};
const bearer = (i: number) => new Headers(sent[i]!.init.headers).get('authorization');

describe('an app-checks run', () => {
  it('sends one request per case, each with its own bearer token, the given method and headers, never following a redirect', async () => {
    const run = await new AppChecks(g, { fetch: api(200) }).run({
      url: API,
      method: 'POST',
      headers: { 'x-tenant': 't1' },
    });
    expect(run.state).toBe('done');
    // no revoked key in a fresh ring: that case is skipped, and a run never revokes one itself
    expect(run.results.find((r) => r.case === 'revoked-kid')).toMatchObject({
      verdict: 'skipped',
      note: expect.stringMatching(/no revoked ES256 key/),
    });
    expect(sent).toHaveLength(CHECK_CASES.length - 1);
    expect(new Set(sent.map((_, i) => bearer(i))).size).toBe(sent.length);
    for (const [i, s] of sent.entries()) {
      expect(s.url).toBe(API);
      expect(s.init).toMatchObject({ method: 'POST', redirect: 'manual' });
      expect(new Headers(s.init.headers).get('x-tenant')).toBe('t1');
      expect(bearer(i)).toMatch(/^Bearer \S+$/);
    }
  });

  it('judges each answer: 2xx accepted, 4xx refused, a redirect or a 5xx an error; the fix only where a case failed', async () => {
    const judged = async (status: number) =>
      (
        await new AppChecks(g, { fetch: api(200, status, { 'www-authenticate': 'Bearer error="invalid_token"' }) }).run(
          { url: API },
        )
      ).results[1]!;
    expect(await judged(401)).toMatchObject({
      case: 'expired',
      verdict: 'refused',
      pass: true,
      fix: null,
      wwwAuthenticate: 'Bearer error="invalid_token"',
    });
    expect(await judged(200)).toMatchObject({ verdict: 'accepted', pass: false, fix: expect.stringMatching(/exp/) });
    expect(await judged(302)).toMatchObject({ verdict: 'error', pass: false, note: expect.stringMatching(/redirect/) });
    expect(await judged(500)).toMatchObject({ verdict: 'error', pass: false });
  });

  it('stops after the baseline when the API refuses a valid token, and says why', async () => {
    const run = await new AppChecks(g, { fetch: api(401) }).run({ url: API });
    expect(run.state).toBe('stopped');
    expect(run.stoppedReason).toMatch(/did not accept a valid token \(status 401\).*issuer.*audience/);
    expect(sent).toHaveLength(1);
    expect(run.results.slice(1).every((r) => r.verdict === 'skipped')).toBe(true);
  });

  it('revokes every session it made and the one token naming none: none of its tokens is accepted once the run ended', async () => {
    await new AppChecks(g, { fetch: api(200) }).run({ url: API });
    const baseline = bearer(0)!.slice('Bearer '.length);
    expect(await g.verifier.verify(baseline)).toMatchObject({ ok: false, code: 'session_revoked' });
    // the client_credentials-shaped token names no session: its jti is denylisted instead
    const clientToken = bearer(CHECK_CASES.indexOf('client-credentials-on-user-endpoint') - 1)!.slice('Bearer '.length);
    expect(await g.verifier.verify(clientToken)).toMatchObject({ ok: false, code: 'jti_revoked' });
  });

  it('pushes its progress: started, one event per case as it is judged, finished', async () => {
    const events: GatehouseEvent[] = [];
    const stop = g.bus.subscribe((e) => void (e.type.startsWith('checks.') && events.push(e)));
    const run = await new AppChecks(g, { fetch: api(200) }).run({ url: API });
    stop();
    expect(events.map((e) => e.type)).toEqual([
      'checks.started',
      ...CHECK_CASES.map(() => 'checks.case'),
      'checks.finished',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'checks.finished', run: { id: run.id, state: 'done' } });
  });

  it("sends only to loopback or an origin registered on a client, with that client's audience", async () => {
    // app.example resolves nowhere here: the injected resolver answers for it (target-address.test.ts pins it)
    const lookup = async () => ({ address: '192.0.2.10', family: 4 as const });
    const checks = new AppChecks(g, { fetch: api(200), lookup });
    await expect(checks.run({ url: 'https://app.example/api' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(checks.run({ url: 'http://10.0.0.1/api' })).rejects.toThrow(
      /neither a loopback address nor an origin registered/,
    );
    expect(sent).toHaveLength(0);
    await g.clients.apply(
      {
        clientId: 'app',
        clientSecret: CLIENT_SECRET,
        name: 'App',
        redirectUris: ['https://app.example/callback'],
        postLogoutRedirectUris: [],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'client_secret_basic',
        backchannelLogoutUri: null,
        audience: 'app-api',
      },
      'test',
    );
    expect((await checks.run({ url: 'https://app.example/api' })).state).toBe('done');
    const payload = JSON.parse(Buffer.from(bearer(0)!.split('.')[1]!, 'base64url').toString()) as { aud: string };
    expect(payload.aud).toBe('app-api');
  });

  it('refuses an Authorization header of the caller, and a second run while one is going', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const checks = new AppChecks(g, {
      fetch: async (url, init) => {
        await held;
        return api(200)(url, init);
      },
    });
    await expect(checks.run({ url: API, headers: { Authorization: 'Bearer x' } })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    const first = checks.run({ url: API });
    await expect(checks.run({ url: API })).rejects.toMatchObject({ code: 'conflict' });
    release();
    expect((await first).state).toBe('done');
  });
});

describe('the bounds of a run', () => {
  it('skips what is left once the time limit is reached, and says the run stopped for it', async () => {
    // the API answers the baseline, then never again: only the run's own limit ends the request
    const hanging: CheckFetch = (url, init) =>
      new Promise((resolve, reject) => {
        sent.push({ url, init });
        if (sent.length === 1) resolve(new Response(null, { status: 200 }));
        init.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error));
      });
    const run = await new AppChecks(g, { fetch: hanging, timeLimitMs: 200 }).run({ url: API });
    expect(run).toMatchObject({ state: 'stopped', stoppedReason: expect.stringMatching(/time limit \(0.2 s\)/) });
    // the first bad case is cut by the limit (or, on a slow machine, the limit passed while minting)
    expect(run.results.slice(1).every((r) => r.status === null && ['error', 'skipped'].includes(r.verdict))).toBe(true);
    expect(run.results.slice(2).every((r) => r.note === 'not run: the time limit of the run was reached')).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(2);
  });

  it("never uses a real user who bears a check user's name", async () => {
    await g.store.createUser({
      id: 'u-real',
      username: 'app-check',
      passwordHash: 'scrypt$real',
      tokenVersion: 0,
      roles: [],
      claims: {},
      disabled: false,
      createdAt: g.clock.now(),
    });
    const run = await new AppChecks(g, { fetch: api(200) }).run({ url: API });
    expect(run).toMatchObject({
      state: 'stopped',
      stoppedReason: expect.stringMatching(/exists and is not a check user/),
    });
    expect(sent).toHaveLength(0);
  });
});

describe('the runs kept', () => {
  it('shows a run while it goes, then keeps it in the store: another engine on the same store lists it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const checks = new AppChecks(g, {
      fetch: async (url, init) => {
        await held;
        return api(200)(url, init);
      },
    });
    const going = checks.run({ url: API });
    await expect.poll(async () => (await checks.history.list(API)).map((r) => r.state)).toEqual(['running']);
    release();
    const run = await going;
    const fresh = new AppChecks(g);
    expect(await fresh.history.list(API)).toEqual([run]);
    expect(await fresh.history.get(run.id)).toEqual(run);
    expect(await fresh.history.list('http://127.0.0.1:1/other')).toEqual([]);
  });
});
