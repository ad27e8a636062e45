import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_CLIENT_ID } from '../../src/main/runtime/open-gatehouse';
import { CLIENT_SECRET, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { basicAuth } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;

beforeEach(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterEach(() => fx.close());

/** The default limit: 4 × loginMaxFailures (5) per client id and per address within loginWindow. */
const LIMIT = 20;
const ENDPOINTS = ['/oauth/token', '/oauth/introspect', '/oauth/revoke'];

/** A form POST from `address` (Fastify's inject: the peer address is the test's to choose). */
async function post(path: string, from: string, secret: string, clientId = DEMO_CLIENT_ID) {
  const res = await fx.server.app.inject({
    method: 'POST',
    url: path,
    remoteAddress: from,
    headers: {
      host: new URL(fx.url).host,
      authorization: basicAuth(clientId, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: path === '/oauth/token' ? 'grant_type=client_credentials' : 'token=x',
  });
  return {
    status: res.statusCode,
    retryAfter: res.headers['retry-after'],
    error: (res.json() as { error?: string }).error,
  };
}

const failures = () => g.store.listAudit({ type: 'client.auth_failed' });

describe('failed client authentication is throttled per client id and per address', () => {
  it('answers 20 of 300 concurrent wrong secrets 401 and the rest 429 slow_down with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post(ENDPOINTS[i % 3]!, '198.51.100.7', `wrong-${i}`)),
    );
    expect(answers.filter((a) => a.status === 401)).toHaveLength(LIMIT);
    const throttled = answers.filter((a) => a.status === 429);
    expect(throttled).toHaveLength(300 - LIMIT);
    for (const a of throttled) {
      expect(a.error).toBe('slow_down');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('refuses even the right secret past the limit, on every endpoint, until the window has passed', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await post('/oauth/introspect', '198.51.100.7', 'wrong')).status).toBe(401);
    for (const path of ENDPOINTS) expect((await post(path, '198.51.100.7', CLIENT_SECRET)).status).toBe(429);
    // the client id's own count: another address is refused too
    expect((await post('/oauth/introspect', '198.51.100.8', CLIENT_SECRET)).status).toBe(429);
    fx.clock.advance(g.settings.get().loginWindow);
    expect((await post('/oauth/introspect', '198.51.100.7', CLIENT_SECRET)).status).toBe(200);
  });

  it('counts an address across client ids: guessing many clients from one address is refused too', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect((await post('/oauth/introspect', '198.51.100.9', 'x', `c-${i}`)).status).toBe(401);
    expect((await post('/oauth/introspect', '198.51.100.9', 'x', 'c-last')).status).toBe(429);
    // the demo client from another address is not affected
    expect((await post('/oauth/introspect', '198.51.100.10', CLIENT_SECRET)).status).toBe(200);
  });

  it('does not count successful authentications', async () => {
    for (let i = 0; i < LIMIT * 2; i++)
      expect((await post('/oauth/introspect', '198.51.100.7', CLIENT_SECRET)).status).toBe(200);
  });
});

describe('failed client authentication is audited, rate-limited', () => {
  it('writes client.auth_failed with the client id and address', async () => {
    expect((await post('/oauth/token', '198.51.100.7', 'wrong')).status).toBe(401);
    const [entry] = await failures();
    expect(entry).toMatchObject({ type: 'client.auth_failed', actor: 'anonymous', subject: DEMO_CLIENT_ID });
    expect(entry!.detail).toMatchObject({ ip: '198.51.100.7', method: 'client_secret_basic', throttled: false });
  });

  it('writes one entry per client and address per minute, however many fail', async () => {
    await Promise.all(Array.from({ length: 300 }, () => post('/oauth/introspect', '198.51.100.7', 'wrong')));
    expect(await failures()).toHaveLength(1);
    fx.clock.advance(60);
    await post('/oauth/introspect', '198.51.100.7', 'wrong');
    const latest = await failures();
    expect(latest).toHaveLength(2);
    // the next minute's entry says how many the one before left unwritten
    expect(latest.find((e) => e.at === g.clock.now())!.detail).toMatchObject({ unwritten: 299, throttled: true });
  });

  it('writes a bounded number of entries however the flood varies client ids and addresses', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => post('/oauth/introspect', `198.51.100.${i % 15}`, 'x', `client-${i}`)),
    );
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(await failures()).toHaveLength(100);
  });
});
