/**
 * A registered origin's name is resolved once per run, and every request of the run goes to that
 * address (no DNS rebinding mid-run); a name resolving where no API is served is refused. Through a
 * real local API reached by a name only the injected resolver knows. Registered origins are https
 * (client validation), the test API plain http: the injected fetch records the pinned address and
 * hands the request to the engine's own pinnedFetch over http.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinnedFetch } from '../../src/main/auth/app-checks/pinned-fetch';
import { AppChecks, type CheckFetch } from '../../src/main/auth/app-checks/run-checks';
import type { HostLookup, PinnedAddress } from '../../src/main/auth/app-checks/target-address';
import { CHECK_CASES } from '../../src/shared/app-checks';
import { CLIENT_SECRET, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let api: Server;
let port: number;
let received: IncomingHttpHeaders[];
let pins: (PinnedAddress | null | undefined)[];
const overHttp: CheckFetch = (url, init, pinned) => {
  pins.push(pinned);
  return pinned ? pinnedFetch(url.replace(/^https:/, 'http:'), init, pinned) : fetch(url, init);
};

beforeEach(async () => {
  fx = await openTestGatehouse({ demoData: true });
  received = [];
  pins = [];
  api = createServer((req, res) => {
    received.push(req.headers);
    res.writeHead(received.length === 1 ? 200 : 401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  port = (api.address() as AddressInfo).port;
  await fx.gatehouse.clients.apply(
    {
      clientId: 'app',
      clientSecret: CLIENT_SECRET,
      name: 'App',
      redirectUris: [`https://app.test:${port}/callback`],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri: null,
      audience: 'app-api',
    },
    'test',
  );
});
afterEach(async () => {
  await new Promise((resolve) => api.close(resolve));
  await fx.close();
});

/** Answers each name from `answers` in turn, the last one forever after: a rebinding resolver. */
const resolver = (...answers: string[]) => {
  const asked: string[] = [];
  const lookup: HostLookup = async (hostname) => {
    asked.push(hostname);
    return { address: answers[Math.min(asked.length, answers.length) - 1]!, family: 4 };
  };
  return { asked, lookup };
};

describe("an app-checks run against a registered origin's name", () => {
  it('resolves the name once and sends every case to that address, with the name as Host', async () => {
    // a rebinding resolver: after the first answer it points the name elsewhere
    const { asked, lookup } = resolver('127.0.0.1', '10.9.9.9');
    const run = await new AppChecks(fx.gatehouse, { lookup, fetch: overHttp }).run({
      url: `https://app.test:${port}/api`,
    });
    expect(run.state).toBe('done');
    expect(asked).toEqual(['app.test']);
    expect(received.length).toBe(CHECK_CASES.length - 1); // revoked-kid is skipped: the ring has no revoked key
    expect(new Set(received.map((h) => h.host))).toEqual(new Set([`app.test:${port}`]));
    expect(pins).toHaveLength(received.length);
    expect(new Set(pins.map((p) => p?.address))).toEqual(new Set(['127.0.0.1']));
    expect(run.baseline?.verdict).toBe('accepted');
    expect(run.results.find((r) => r.case === 'expired')).toMatchObject({
      verdict: 'refused',
      wwwAuthenticate: 'Bearer error="invalid_token"',
    });
  });

  it('refuses, before any token is made, a name that resolves where no API is served or does not resolve', async () => {
    for (const address of ['169.254.169.254', '0.0.0.0', '224.0.0.1', '::ffff:169.254.169.254']) {
      const run = new AppChecks(fx.gatehouse, { lookup: resolver(address).lookup, fetch: overHttp }).run({
        url: `https://app.test:${port}/api`,
      });
      await expect(run, address).rejects.toMatchObject({ code: 'invalid_request' });
      await expect(run, address).rejects.toThrow(/where no API is served/);
    }
    const lookup: HostLookup = () => Promise.reject(Object.assign(new Error('no such name'), { code: 'ENOTFOUND' }));
    await expect(
      new AppChecks(fx.gatehouse, { lookup, fetch: overHttp }).run({ url: `https://app.test:${port}/api` }),
    ).rejects.toThrow(/app.test does not resolve \(ENOTFOUND\)/);
    expect(received).toHaveLength(0);
    expect(await fx.gatehouse.store.getUserByUsername('app-check')).toBeNull();
  });

  it('resolves nothing for a literal loopback target', async () => {
    const { asked, lookup } = resolver('10.9.9.9');
    const run = await new AppChecks(fx.gatehouse, { lookup, fetch: overHttp }).run({
      url: `http://127.0.0.1:${port}/api`,
    });
    expect(run.baseline?.verdict).toBe('accepted');
    expect(asked).toEqual([]);
    expect(new Set(pins)).toEqual(new Set([null]));
  });
});

describe('pinnedFetch', () => {
  it('connects to the pinned address whatever the name, keeping the name as Host, and answers status and headers', async () => {
    const res = await pinnedFetch(
      `http://no-such-name.invalid:${port}/api`,
      { method: 'POST', headers: { authorization: 'Bearer t' } },
      { address: '127.0.0.1', family: 4 },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(received[0]).toMatchObject({ host: `no-such-name.invalid:${port}`, authorization: 'Bearer t' });
  });

  it("fails as fetch does, with the connection's error code as the cause", async () => {
    await new Promise((resolve) => api.close(resolve));
    const failed = pinnedFetch(`http://app.test:${port}/`, {}, { address: '127.0.0.1', family: 4 });
    await expect(failed).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    api.listen(0, '127.0.0.1');
  });
});
