import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireUser, startTestServer, CLIENT, type ServerFixture } from '../support/gatehouse-fixture';
import { rawRequest, type ErrorBody } from '../support/http-client';

let fx: ServerFixture;

beforeAll(async () => {
  fx = await startTestServer();
  // throttling would answer most of the flood with 429 and hide what the hasher does
  await fx.gatehouse.settings.update({ loginMaxFailures: 1000 }, 'admin');
});
afterAll(() => fx.close());

const FLOOD = 200;

interface Outcome {
  /** Completion order across the flood and the /api/me request. */
  seq: number;
  status: number;
  retryAfter: string | undefined;
  body: string;
}

describe('a flood of concurrent logins', () => {
  it(`answers all ${FLOOD} (401, 429, or 503 with Retry-After; none dropped) and serves /api/me with a fresh token before the last login is answered`, async () => {
    // a token never seen before: /api/me must verify its signature (the libuv pool), not hit the cache
    const alice = await requireUser(fx.gatehouse, 'alice');
    const { access, session } = await fx.gatehouse.sessions.startSession(alice, CLIENT, 'admin');

    let seq = 0;
    let firstAnswer!: () => void;
    const flooding = new Promise<void>((resolve) => (firstAnswer = resolve));
    const logins = Array.from({ length: FLOOD }, (_, i) => {
      // unknown users and real users with wrong passwords; each on its own connection
      const username = i % 4 === 0 ? 'alice' : i % 4 === 1 ? 'bob' : `nobody-${i}`;
      return rawRequest(fx.url, {
        path: '/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `wrong password ${i}` }),
      }).then((res): Outcome => {
        firstAnswer();
        return {
          seq: seq++,
          status: res.status,
          retryAfter: res.headers['retry-after'] as string | undefined,
          body: res.body,
        };
      });
    });
    const settled = Promise.allSettled(logins);

    // in the middle of the flood: the server has begun answering it, and hashes are still running
    await flooding;
    const me = await rawRequest(fx.url, { path: '/api/me', headers: { authorization: `Bearer ${access.token}` } });
    const meSeq = seq++;
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ sid: session.id, sub: alice.id });

    const results = await settled;
    // none dropped or reset: every login got an HTTP answer
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const outcomes = results.map((r) => (r as PromiseFulfilledResult<Outcome>).value);
    expect(outcomes.filter((o) => ![401, 429, 503].includes(o.status))).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      expect(Number(o.retryAfter)).toBeGreaterThanOrEqual(1);
      expect((JSON.parse(o.body) as ErrorBody).error).toBe('temporarily_unavailable');
    }
    expect(outcomes.some((o) => o.status === 401)).toBe(true);

    // /api/me did not wait behind the hashes: it was answered before the flood's last login
    expect(meSeq).toBeLessThan(Math.max(...outcomes.map((o) => o.seq)));
  });
});
